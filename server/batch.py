"""Linting one file at a time, the same way in this process or in a pool of worker processes:
config, reading, analysis, fixes and their atomic write. `copydesk lint` (cli.py) drives it and
writes what comes back."""

from __future__ import annotations

import collections
import contextlib
import ctypes
import difflib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from copydesk import config as configs
from copydesk.config import Config, ConfigError
from copydesk.files import InputError, decode, encoding_of, read, replace
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
    fixed_text: bytes | None = None  # stdin with --fix: the fixed copy for stdout, in stdin's encoding


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
            return _internal(path, exc)

    def many(self, items: list) -> list[Outcome]:
        """Outcomes of several inputs, their paragraphs parsed together (engine.analyse_many):
        what `copydesk lint` does one window of files at a time. With fixes, one by one."""
        from copydesk.engine import analyse_many

        if self.options.fix or self.options.diff:
            return [self(item) for item in items]
        read: list[tuple] = []  # (index, name, path, data, config, text)
        out: list[Outcome | None] = [None] * len(items)
        for i, item in enumerate(items):
            if isinstance(item, InputError):
                out[i] = Outcome(None, errors=[str(item)])
                continue
            name, data = item if isinstance(item, tuple) else (item, None)
            path = (self.options.stdin_filename or "<stdin>") if name == "-" else name
            try:
                got = self._read(name, path, data)
            except Exception as exc:
                got = _internal(path, exc)
            if isinstance(got, Outcome):
                out[i] = got
            else:
                read.append((i, name, path, data, *got))
        reports = analyse_many([(text, cfg, path) for _, _, path, _, cfg, text in read])
        for (i, name, path, data, cfg, text), report in zip(read, reports):
            try:
                if isinstance(report, Exception):
                    raise report
                out[i] = self._finish(name, path, data, cfg, text, (report, text, 0))
            except ConfigError as exc:
                out[i] = Outcome(None, notes=[f"config error: {exc}"], errors=[f"{path}: not linted (config error)"])
            except Exception as exc:
                out[i] = _internal(path, exc)
        return out  # type: ignore[return-value]

    def _read(self, name: str, path: str, data: bytes | None) -> tuple[Config, str] | Outcome:
        """The file's config and text, or the outcome that says why it cannot be linted."""
        try:
            cfg = self.config_for(Path(os.path.realpath(path)).parent if path != "<stdin>" else Path.cwd())
        except ConfigError as exc:  # a broken config costs only the files it governs
            return Outcome(None, notes=[f"config error: {exc}"], errors=[f"{path}: not linted (config error)"])
        try:
            return cfg, decode(data, path, cfg.max_file_size) if data is not None else read(name, cfg.max_file_size)
        except InputError as exc:
            return Outcome(None, errors=[str(exc)])

    def _lint(self, name: str, path: str, data: bytes | None) -> Outcome:
        from copydesk.engine import analyse

        got = self._read(name, path, data)
        if isinstance(got, Outcome):
            return got
        cfg, text = got
        opts = self.options
        try:
            if opts.fix or opts.diff:
                analysed = self._fix(text, cfg, path)
            else:
                analysed = analyse(text, cfg, path=path), text, 0
            return self._finish(name, path, data, cfg, text, analysed)
        except ConfigError as exc:  # what config_for could not see: one line, not a traceback
            return Outcome(None, notes=[f"config error: {exc}"], errors=[f"{path}: not linted (config error)"])

    def _finish(self, name: str, path: str, data: bytes | None, cfg: Config, text: str, analysed) -> Outcome:
        """The outcome of one analysed file: findings, and the fixed text written or shown."""
        from copydesk.engine import analyse

        opts = self.options
        report, fixed, count = analysed
        if report.model_failure:  # most rules would be skipped and the run pass: CI must not go green
            where = f"{cfg.path}: " if cfg.path else ""
            return Outcome(None, notes=[f"config error: {where}{report.model_failure}; `model` names an "
                                        "installed spaCy English pipeline"],
                           errors=[f"{path}: not linted (the model cannot be loaded)"])
        out = Outcome(None, fixed=count)
        out.notes = list(report.warnings)
        out.errors = [f"{path}: {e}" for e in report.errors]
        if name == "-" and opts.fix and not opts.diff:
            # stdin's fixed copy goes to stdout, changed or not, as a filter's would
            out.fixed_text = encoding_of(data).encode(fixed)
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


def _internal(path: str, exc: Exception) -> Outcome:
    """A bug costs one file, not the run."""
    trace = "".join(traceback.format_exception(exc))
    return Outcome(None, errors=[f"{path}: internal error: {type(exc).__name__}: {exc}\n{trace}"])


def unified_diff(old: str, new: str, path: str) -> str:
    lines = []
    for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def write_atomic(path: str, expected: str, text: str) -> None:
    """Write the fixed text in the file's own encoding and byte-order mark, keeping its mode, owner
    and links (copydesk.files.replace), with signals that stop the run held off until the file is
    whole. Refuses when the file changed since it was read (an editor saved it meanwhile)."""
    real = os.path.realpath(path)  # through a symlink, not over it
    with open(real, "rb") as fh:
        raw = fh.read()
    encoding = encoding_of(raw)
    if raw[len(encoding.bom) :].decode(encoding.codec, "replace") != expected:
        raise InputError("the file changed while it was being linted")
    with held_off():
        replace(real, encoding.encode(text))


# -- running over many files ---------------------------------------------------------------------


class WorkerDied(Exception):
    """A worker process ended without an answer."""


class Stopped(KeyboardInterrupt):
    """TERM or HUP: the run unwinds as it does for Ctrl-C (INT), and exits 128 + the signal."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: The signals that stop a run: between files, never halfway through writing one.
STOP = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _handling(act):
    """For the length of the block, the signals in STOP call act(signum) in the process that set
    this up; a worker forked meanwhile, which must not inherit the handler, exits as the signal
    would end it. Only the main thread receives Python's signal handlers: elsewhere, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def handle(signum, frame):
        if os.getpid() != owner:
            os._exit(128 + signum)
        act(signum)

    previous = {sig: signal.signal(sig, handle) for sig in STOP}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def stop_on_signals():
    """In the main process, for the length of a run: INT, TERM and HUP unwind it (Stopped), so its
    workers are stopped too."""

    def stop(signum):
        raise Stopped(signum)

    with _handling(stop):
        yield


@contextlib.contextmanager
def held_off():
    """Signals in STOP that arrive inside this block take effect when it ends, so a file being
    written is written whole."""
    caught: list[int] = []
    try:
        with _handling(caught.append):
            yield
    finally:
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)


_linter: Linter | None = None


def _start(options: Options, parent: int) -> None:
    """A worker's start: it dies with its parent, and a stop signal ends it at once (a file it is
    writing is finished first, see held_off) instead of going back to the queue for more."""
    global _linter
    _die_with(parent)
    for sig in STOP:
        signal.signal(sig, lambda signum, frame: os._exit(128 + signum))
    _linter = Linter(options)


def _die_with(parent: int) -> None:
    """Ask the kernel for SIGTERM when the parent dies (kill -9 included); without that (not Linux),
    a thread watches for it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        asked = libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        asked = False
    if not asked:
        def watch():
            while os.getppid() == parent:
                time.sleep(1)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # it died before we asked
        os._exit(128 + signal.SIGTERM)


#: Bytes of input linted together, their paragraphs parsed in one go (engine.analyse_many).
WINDOW = 256_000


def _windows(items: Iterable, limit: int) -> Iterator[list]:
    """The inputs in runs of about `limit` bytes (at least one input each)."""
    window, size = [], 0
    for item in items:
        window.append(item)
        if isinstance(item, tuple):
            size += len(item[1])
        elif isinstance(item, str) and item != "-":
            with contextlib.suppress(OSError):
                size += os.path.getsize(item)
        if size >= limit:
            yield window
            window, size = [], 0
    if window:
        yield window


def _work(items: list) -> list:
    return _linter.many(items)


def outcomes(items: Iterable, options: Options, jobs: int = 1) -> Iterator[Outcome]:
    """Each input's outcome, in input order. With jobs > 1 the first input is linted here, so the
    NLP model loads once before the workers fork and they share its memory; then a pool of `jobs`
    processes lints the rest, with a bounded number in flight so memory stays flat on any count of
    files. A worker that dies ends the run with an error rather than a wait for its answer; a run
    that is stopped (Ctrl-C, TERM) stops its workers, each after the file it is writing."""
    linter = Linter(options)
    items = iter(items)

    def units(size: int) -> Iterator[list]:
        # Files go in windows whose paragraphs are parsed together (Linter.many); with fixes one
        # at a time, as a file's fix loop analyses it again and again.
        return ([item] for item in items) if options.fix or options.diff else _windows(items, size)

    if jobs <= 1:
        for unit in units(WINDOW):
            yield from linter.many(unit)
        return
    for item in items:
        yield linter(item)
        break
    window = jobs * 8
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(options, os.getpid()))
    pending: collections.deque = collections.deque()
    try:
        for unit in units(WINDOW // jobs):
            with held_off():  # submit may fork or start a thread: a stop in the middle would break the pool
                pending.append(pool.submit(_work, unit))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so, don't hang
        raise WorkerDied("a worker process died (out of memory or killed); the files after the last one "
                         "reported were not linted: run again with --jobs 1 to find the file") from None
    except BaseException:  # stopped, or the reader went away: the workers stop too
        workers = list(pool._processes.values())  # the pool has no public way before Python 3.14
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(10)  # one that is writing a file finishes it first
            if worker.is_alive():
                worker.kill()
        raise
    finally:
        with held_off():
            pool.shutdown(wait=True, cancel_futures=True)
