"""Linting one file at a time, the same way in this process or in a pool of worker processes:
config, reading, analysis, fixes and their atomic write. `copydesk lint` (cli.py) drives it and
writes what comes back."""

from __future__ import annotations

import collections
import difflib
import multiprocessing
import os
import stat
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from copydesk import config as configs
from copydesk.config import Config, ConfigError
from copydesk.files import InputError, decode, read
from copydesk.output import FileResult

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Options:
    """What every worker needs to lint a file; picklable."""

    config: Path | None = None  # --config, else each file's nearest config
    overrides: dict = field(default_factory=dict)  # --select/--ignore
    stdin_filename: str | None = None
    fix: bool = False
    unsafe: bool = False
    diff: bool = False  # compute the fixes, write nothing
    report_unused: bool = False
    fingerprints: bool = False  # for baselines and SARIF


@dataclass
class Outcome:
    """What linting one named input came to."""

    result: FileResult | None  # None when the file could not be linted
    notes: list[str] = field(default_factory=list)  # run-wide messages, printed once (model warnings)
    errors: list[str] = field(default_factory=list)  # messages about this input
    diff: str = ""  # unified diff of the fixes (--diff)
    fixed: int = 0  # fixes applied, or that --diff would apply
    fixed_text: str | None = None  # stdin with --fix: the fixed copy for stdout


class Linter:
    """Lints one input at a time under `options`, remembering each folder's config."""

    def __init__(self, options: Options):
        self.options = options
        self.base = configs.load(options.config) if options.config else None
        self.configs: dict[Path, Config | ConfigError] = {}

    def config_for(self, folder: Path) -> Config:
        found = self.configs.get(folder)
        if found is None:
            from copydesk.engine import rules_for

            try:
                found = self.base or configs.for_file(folder / "_")
                found = found.merged(self.options.overrides) if self.options.overrides else found
                rules_for(found)  # unknown rule names fail here, once, naming the file
            except ConfigError as exc:
                found = exc
            self.configs[folder] = found
        if isinstance(found, ConfigError):
            raise found
        return found

    def __call__(self, item: str | tuple[str, bytes] | InputError) -> Outcome:
        if isinstance(item, InputError):
            return Outcome(None, errors=[str(item)])
        name, data = item if isinstance(item, tuple) else (item, None)
        path = (self.options.stdin_filename or "<stdin>") if name == "-" else name
        try:
            return self._lint(name, path, data)
        except Exception as exc:  # a bug must cost one file, not the run
            return Outcome(None, errors=[f"{path}: internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"])

    def _lint(self, name: str, path: str, data: bytes | None) -> Outcome:
        from copydesk.engine import analyse

        try:
            cfg = self.config_for(Path(path).resolve().parent if path != "<stdin>" else Path.cwd())
        except ConfigError as exc:  # a broken config costs only the files it governs
            return Outcome(None, notes=[f"config error: {exc}"], errors=[f"{path}: not linted (config error)"])
        try:
            text = decode(data, path, cfg.max_file_size) if data is not None else read(name, cfg.max_file_size)
        except InputError as exc:
            return Outcome(None, errors=[str(exc)])

        opts = self.options
        if opts.fix or opts.diff:
            report, fixed, count = self._fix(text, cfg, path)
        else:
            report, fixed, count = analyse(text, cfg, path=path), text, 0
        out = Outcome(None, fixed=count)
        out.notes = list(report.warnings)
        if report.skipped:
            out.notes.append(f"skipped, the model cannot serve what they need: {', '.join(report.skipped)}")
        out.errors = [f"{path}: {e}" for e in report.errors]
        if name == "-" and opts.fix and not opts.diff:
            out.fixed_text = fixed  # stdin's fixed copy goes to stdout, changed or not, as a filter's would
        elif fixed != text and opts.diff:
            out.diff = unified_diff(text, fixed, path)
        elif fixed != text:
            try:
                write_atomic(name, text, fixed)
            except (OSError, InputError) as exc:
                out.errors.append(f"{path}: not fixed: {exc}")
                out.fixed = 0
                report, fixed = analyse(text, cfg, path=path), text  # report what is still on disk
        findings = sorted(report.findings + report.unused) if opts.report_unused else report.findings
        result = FileResult(path, fixed, findings)
        if opts.fingerprints:
            from copydesk.baseline import fingerprint

            result.fingerprints = [fingerprint(fixed, f) for f in findings]
        out.result = result
        return out

    def _fix(self, text: str, cfg: Config, path: str):
        from copydesk.engine import analyse
        from copydesk.fixes import until_stable

        return until_stable(text, lambda t: analyse(t, cfg, path=path), unsafe=self.options.unsafe,
                            unused=self.options.report_unused)


def unified_diff(old: str, new: str, path: str) -> str:
    lines = []
    for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def write_atomic(path: str, expected: str, text: str) -> None:
    """Replace the file's text by way of a temporary file in its folder and a rename, so a reader
    or an interrupted run sees the old copy or the new one, never half of one. Refuses when the
    file changed since it was read (an editor saved it meanwhile)."""
    real = os.path.realpath(path)  # through a symlink, not over it
    with open(real, "rb") as fh:
        raw = fh.read()
    if raw.removeprefix(BOM).decode("utf-8", "replace") != expected:
        raise InputError("the file changed while it was being linted")
    data = (BOM if raw.startswith(BOM) else b"") + text.encode("utf-8")
    mode = stat.S_IMODE(os.stat(real).st_mode)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(real) or ".", prefix=f".{os.path.basename(real)}.", suffix=".copydesk")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        os.unlink(tmp)
        raise


# -- running over many files ---------------------------------------------------------------------


class WorkerDied(Exception):
    """A worker process ended without an answer."""


_linter: Linter | None = None


def _start(options: Options) -> None:
    global _linter
    _linter = Linter(options)


def _work(item):
    return _linter(item)


def outcomes(items: Iterable, options: Options, jobs: int = 1) -> Iterator[Outcome]:
    """Each input's outcome, in input order. With jobs > 1 the first input is linted here, so the
    NLP model loads once before the workers fork and they share its memory; then a pool of `jobs`
    processes lints the rest, with a bounded number in flight so memory stays flat on any count of
    files. A worker that dies ends the run with an error rather than a wait for its answer."""
    linter = Linter(options)
    items = iter(items)
    if jobs <= 1:
        for item in items:
            yield linter(item)
        return
    for item in items:
        yield linter(item)
        break
    window = jobs * 8
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(options,)) as pool:
        pending: collections.deque = collections.deque()
        try:
            for item in items:
                pending.append(pool.submit(_work, item))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so, don't hang
            raise WorkerDied("a worker process died (out of memory or killed); the files after the last one "
                             "reported were not linted: run again with --jobs 1 to find the file") from None
        finally:
            for future in pending:
                future.cancel()
