"""`copydesk`: lint copy, list and explain rules. Exit codes: 0 clean, 1 findings at or above
--fail-on, 2 a usage, config or input error (the other files are still linted)."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
from collections import Counter
from pathlib import Path

from copydesk import __version__
from copydesk.config import ConfigError
from copydesk.files import expand
from copydesk.formats import FORMATS
from copydesk.rules.api import Severity

FAIL_ON = ("error", "warning", "info", "hint", "never")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="copydesk", description="An editorial linter for news copy.")
    p.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser("lint", help="lint files, directories, globs or - for stdin")
    lint.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    lint.add_argument("--format", choices=FORMATS, default="text",
                      help="text, json, sarif (SARIF 2.1.0), github (Actions annotations) or junit (XML)")
    lint.add_argument("--config", type=Path, help="config file to use instead of the nearest one")
    lint.add_argument("--select", help="comma-separated rules or groups to enable (replaces config)")
    lint.add_argument("--ignore", help="comma-separated rules or groups to disable")
    lint.add_argument("--fail-on", choices=FAIL_ON, default="warning", help="lowest severity that fails (exit 1)")
    lint.add_argument("--stdin-filename", help="name for text read from stdin (picks markup and config)")
    lint.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    lint.add_argument("--fix", action="store_true", help="apply safe fixes to the files in place")
    lint.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    lint.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change no file")
    lint.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not in this baseline")
    lint.add_argument("--write-baseline", type=Path, metavar="FILE", help="record the current findings as a baseline")
    lint.add_argument("--report-unused", action="store_true", help="report suppression comments that silence nothing")
    lint.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                      help="processes to lint in (default: one per CPU for more than a few files)")
    lint.add_argument("--quiet", "-q", action="store_true", help="no progress bar, notes or summaries")
    lint.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    gitignore(lint)

    audit = sub.add_parser("audit", help="audit an archive on a Dask cluster: Parquet findings, a report, a gazetteer")
    from copydesk.audit.command import arguments

    arguments(audit)

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule")
    sources = sub.add_parser("sources", help="list who speaks in each story: its sources, quoted or paraphrased")
    sources.add_argument("paths", nargs="+", metavar="PATH")
    sources.add_argument("--format", choices=("text", "json"), default="text")
    sources.add_argument("--config", type=Path, help="config file to use instead of the nearest one")
    gitignore(sources)
    init = sub.add_parser("init", help="write a commented .copydesk.toml with the house choices")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), help="where to write it (default: here)")
    init.add_argument("--house", choices=("ap", "reuters", "bbc", "guardian"),
                      help="the house style: sets the country's form, the dash, spelling, numerals and dates at once")
    init.add_argument("--country-form", choices=("U.S.", "US"), help="U.S. (AP, Reuters) or US (BBC, Guardian)")
    init.add_argument("--dash", help="the house dash, spaces included (default: ' — ', AP)")
    serve = sub.add_parser("serve", help="run the language server (LSP over stdio)")
    serve.add_argument("--tcp", metavar="HOST:PORT", type=_host_port, help="listen on TCP instead of stdio")
    # What LSP clients append on their own (vscode-languageclient adds --stdio and --clientProcessId=PID):
    # stdio is the default anyway, and the client's process id also arrives in initialize.
    serve.add_argument("--stdio", action="store_true", help=argparse.SUPPRESS)
    serve.add_argument("--clientProcessId", help=argparse.SUPPRESS)
    return p


def gitignore(p: argparse.ArgumentParser) -> None:
    p.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                   help="leave out of a folder's files what .gitignore files ignore (default: yes, or the "
                        "config's respect_gitignore)")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="copydesk: %(message)s")
    args = parser().parse_args(argv)
    try:
        return {"lint": cmd_lint, "audit": cmd_audit, "rules": cmd_rules, "explain": cmd_explain, "init": cmd_init,
                "sources": cmd_sources, "serve": cmd_serve}[args.command](args)
    except ConfigError as exc:
        print(f"copydesk: config error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, or TERM/HUP during a lint (batch.Stopped)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except BrokenPipeError:  # `copydesk lint ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _local_config(path: Path | None = None):
    """The config named by --config, else the nearest one to the working directory."""
    from copydesk import config as configs

    return configs.for_file(Path.cwd(), path)


#: The publications whose copy each rule's precision was measured on, as `copydesk rules` heads them.
PUBLICATIONS = {"polnear": "PolNeAR", "fakes": "FA-KES", "reuters-1987": "Reut87", "reuters-com": "Reut.com", "bbc": "BBC"}


def cmd_rules(args) -> int:
    from copydesk.engine import known_rules
    from copydesk.rules import measured

    config = _local_config()
    rules = known_rules(config).values()  # with the house rules the config declares
    if args.format == "json":
        import json

        def figure(m):
            return m and {"value": m.precision, "judged": m.judged, "sample": m.sample, "date": m.date,
                          "publications": {p: {"value": f.precision, "judged": f.judged, "sample": f.sample}
                                           for p, f in m.publications.items()}}

        data = [
            {"name": r.name, "group": r.group, "severity": config.level(r.name) or str(r.severity),
             "default_severity": str(r.severity), "needs": sorted(r.needs), "fixable": r.fixable, "scope": r.scope,
             "summary": r.summary(), "precision": figure(measured(r.name))}
            for r in rules
        ]
        print(json.dumps(data, indent=2))
        return 0
    header = ["rule", "group", "severity", "fix", "precision", *PUBLICATIONS.values()]
    rows = []
    for r in rules:
        m = measured(r.name)
        by = [f"{m.publications[p].precision:.2f}" if m and p in m.publications else "" for p in PUBLICATIONS]
        rows.append([r.name, r.group, config.level(r.name) or str(r.severity), "yes" if r.fixable else "",
                     f"{m.precision:.2f} of {m.judged}" if m else "", *by, r.summary()])
    widths = [max(len(x) for x in column) for column in zip(header, *(row[:-1] for row in rows))]
    # One line a rule, the summary cut to the terminal (`explain RULE` has the rest); piped, whole.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for row in [[*header, "what it flags"], *rows]:
        line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1]
        if width and len(line) > width:
            line = line[: width - 1] + "…"
        print(line.rstrip())
    print("\nprecision: findings judged right by blind readers, pooled and on each publication's copy "
          "(`copydesk explain RULE` names the samples)")
    return 0


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more, got {value!r}")
    return int(value)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host  # [::1]:2087
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT (or [IPv6]:PORT), port 1 to 65535, got {value!r}")
    return host, int(port)


def cmd_audit(args) -> int:
    from copydesk.audit.command import main as audit  # dask loads only for the audit

    return audit(args)


def cmd_serve(args) -> int:
    from copydesk.lsp import serve  # pygls loads only for the server

    return serve(args.tcp)


def cmd_sources(args) -> int:
    """Each story's sources as a table (or JSON), with a summary line; exit 2 if a file could not be read."""
    import json

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from copydesk import config as configs
    from copydesk.files import InputError, read
    from copydesk.sources import sources

    console, status, files = Console(highlight=False), 0, []
    if not console.is_terminal:  # piped or in a file: one row a line, not wrapped to 80 columns
        console = Console(highlight=False, width=200)
    for item in expand(args.paths, args.respect_gitignore, args.config):
        if isinstance(item, InputError):
            print(f"copydesk: {item}", file=sys.stderr)
            status = 2
            continue
        try:
            config = configs.for_file(Path(item).resolve(), args.config)
            text = read(item, config.max_file_size)
        except InputError as exc:
            print(f"copydesk: {exc}", file=sys.stderr)
            status = 2
            continue
        found, warnings, summary = sources(text, config, path=item)
        for warning in warnings:
            print(f"copydesk: {warning}", file=sys.stderr)
            status = 2
        files.append({"path": item, "sources": found})
        if args.format == "text":
            table = Table(title=item, title_justify="left", box=None, pad_edge=False)
            for column in ("¶", "speaker", "kind", "cue", "how", "what"):
                table.add_column(column, no_wrap=column in ("¶", "kind", "how"), ratio=1 if column == "what" else None)
            for s in found:
                table.add_row(str(s["paragraph"] + 1), escape(s["speaker"] or "(nobody named)"), s["kind"],
                              escape(text[s["cue"]["start"]:s["cue"]["end"]]), ("quote" if s["quote"] else "paraphrase") + (", second-hand" if s["second_hand"] else ""),
                              escape(_excerpt(text, s["content"])))
            console.print(table)
            console.print(summary, highlight=False, soft_wrap=True)
    if args.format == "json":
        print(json.dumps({"files": [{"path": f["path"], "sources": [
            {k: s[k] for k in ("kind", "speaker", "quote", "cue", "source", "content", "second_hand")} for s in f["sources"]
        ]} for f in files]}, indent=1, ensure_ascii=False))
    return status


def _excerpt(text: str, span: dict | None, words: int = 12) -> str:
    if not span:
        return ""
    shown = text[span["start"] : span["end"]].split()
    return " ".join(shown[:words]) + (" …" if len(shown) > words else "")


def cmd_init(args) -> int:
    import tomllib
    from importlib.resources import files

    import tomlkit

    from copydesk import config as configs

    path = args.folder / configs.CONFIG_FILES[0]
    if args.dash is not None and not args.dash.strip(" "):
        print("copydesk: --dash needs a dash, not only spaces", file=sys.stderr)
        return 2
    if args.dash is not None:
        try:
            args.dash.encode("utf-8")
        except UnicodeEncodeError:  # bytes the terminal's encoding did not decode
            print(f"copydesk: --dash {args.dash!r} is not UTF-8 text", file=sys.stderr)
            return 2
    doc = tomlkit.parse(files("copydesk").joinpath("data", "copydesk.toml").read_text(encoding="utf-8"))
    house = doc["house"]  # its comments stay
    if args.house:  # the style sets the rest; only the keys given on the command line go in
        house["style"] = args.house
        for key, value in (("country_form", args.country_form), ("dash", args.dash)):
            if value is None:
                del house[key]
            else:
                house[key] = value
    else:  # no style: the house's choices written out, AP's where none is given
        house["country_form"] = args.country_form or configs.DEFAULT_HOUSE["country_form"]
        house["dash"] = args.dash or configs.DEFAULT_HOUSE["dash"]
    text = tomlkit.dumps(doc)
    configs.Config.from_dict(tomllib.loads(text), path)  # what we write must load
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite a newsroom's settings
            out.write(text)
    except FileExistsError:
        print(f"copydesk: {path} already exists; not overwriting it", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"copydesk: {path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"copydesk: wrote {path}")
    return 0


def cmd_explain(args) -> int:
    from copydesk.rules import registry

    rule = registry().get(args.rule)
    if rule is None:  # a house rule declared in the nearest config
        from copydesk.engine import known_rules

        rule = known_rules(_local_config()).get(args.rule)
    if rule is None:
        print(f"copydesk: no rule named {args.rule!r}; `copydesk rules` lists them", file=sys.stderr)
        return 2
    print(f"# {rule.name}\n\n{rule.group} · default severity {rule.severity} · needs {', '.join(sorted(rule.needs))}"
          f"{' · fixable' if rule.fixable else ''}{' · reads the whole story' if rule.scope == 'document' else ''}"
          f"{_precision_line(rule.name)}\n\n{rule.docs()}")
    return 0


def _precision_line(name: str) -> str:
    from copydesk.rules import measured

    m = measured(name)
    if not m:
        return ""
    lines = [f"\nmeasured precision {m.precision:.2f}: {m.judged} findings in real copy judged blind ({m.sample}, {m.date})"]
    lines += [f"  {PUBLICATIONS[p]:9} {f.precision:.2f} of {f.judged} ({f.sample})" for p, f in m.publications.items()]
    return "\n".join(lines)


def cmd_lint(args) -> int:
    from copydesk.batch import stop_on_signals

    with stop_on_signals():
        return _lint(args)


def _lint(args) -> int:
    from itertools import chain, islice

    from rich.console import Console

    from copydesk import formats
    from copydesk.batch import Options
    from copydesk.engine import expand as rule_names, known_rules

    overrides = {k: getattr(args, k).split(",") for k in ("select", "ignore") if getattr(args, k)}
    if overrides:  # a bad name here is the command line's, not a file's
        try:
            known = known_rules(_local_config(args.config))
        except ConfigError:  # reported with the files it governs; check against the built-in rules
            known = None
        for key, names in overrides.items():
            rule_names(names, f"--{key}", "command line", known)
    if "select" in overrides:  # as in ruff, a --select starts the selection afresh
        overrides = {"ignore": [], "extend_select": [], **overrides}
    baseline = recorder = None
    if args.baseline:
        from copydesk.baseline import Baseline, BaselineError

        try:
            baseline = Baseline(args.baseline)
        except BaselineError as exc:
            print(f"copydesk: {exc}", file=sys.stderr)
            return 2
    options = Options(
        config=args.config, overrides=overrides, stdin_filename=args.stdin_filename, fix=args.fix,
        unsafe=args.unsafe_fixes, diff=args.diff, report_unused=args.report_unused,
        fingerprints=bool(args.baseline or args.write_baseline or args.format == "sarif"),
    )

    console = Console(
        highlight=False,
        force_terminal={"always": True, "never": False}.get(args.color),
        # NO_COLOR (no-color.org) asks for no escapes at all, bold included; --color always outranks it
        color_system=None if args.color == "never" or (os.environ.get("NO_COLOR") and args.color == "auto") else "auto",
    )
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line
    fail_at = None if args.fail_on == "never" else Severity.parse(args.fail_on)
    listing = not (args.diff or (args.statistics and args.format == "text"))
    out = formats.writer(args.format if listing else "text", sys.stdout, console)
    status, notices, counts, fixable, fixed, fixed_files = 0, set(), Counter(), Counter(), 0, 0
    linted, files_with, severities, safe_fixes, unsafe_fixes = 0, 0, Counter(), 0, 0

    items = iter(expand(args.paths, args.respect_gitignore, args.config))
    head = list(islice(items, FEW_FILES + 1))
    jobs = args.jobs or (os.cpu_count() or 1 if len(head) > FEW_FILES else 1)
    items = (("-", sys.stdin.buffer.read()) if i == "-" else i for i in chain(head, items))
    progress = _progress(args, console, err, len(head) > FEW_FILES)
    if args.write_baseline:
        from copydesk.baseline import Recorder

        try:
            recorder = Recorder(args.write_baseline)
        except OSError as exc:
            print(f"copydesk: {args.write_baseline}: cannot write the baseline: {exc.strerror or exc}", file=sys.stderr)
            return 2
    ok = False
    try:
        out.start()
        for outcome in _outcomes(items, options, jobs):
            if progress:
                progress.advance(progress.task_ids[0])
            for note in outcome.notes:
                if note not in notices and not (args.quiet and not note.startswith("config error")):
                    notices.add(note)
                    err.print(f"copydesk: {note}", markup=False)
            for error in outcome.errors:
                err.print(f"copydesk: {error}", markup=False)
            if outcome.errors:
                status = 2
            result = outcome.result
            if result is None:
                continue
            if recorder:
                recorder.add(result.path, result.findings, result.fingerprints)
            if baseline:
                result.findings, result.fingerprints = baseline.new(result.path, result.findings, result.fingerprints)
            fixed += outcome.fixed
            fixed_files += bool(outcome.fixed)
            if outcome.diff:
                sys.stdout.write(outcome.diff)
            if outcome.fixed_text is not None:
                sys.stdout.flush()
                sys.stdout.buffer.write(outcome.fixed_text)
                sys.stdout.buffer.flush()
            elif listing:
                out.add(result)
            linted += 1
            files_with += bool(result.findings)
            for f in result.findings:
                counts[f.rule] += 1
                fixable[f.rule] += any(x.safe or args.unsafe_fixes for x in f.fixes)
                severities[f.severity] += 1
                safe = any(x.safe for x in f.fixes)
                safe_fixes += safe
                unsafe_fixes += bool(f.fixes) and not safe
            if fail_at and any(f.severity >= fail_at for f in result.findings):
                status = max(status, 1)
        ok = True
    finally:
        if progress:
            progress.stop()
        if recorder:
            recorder.close() if ok else recorder.abandon()
        if ok:
            out.end(status < 2)
    if args.diff:
        status = max(status, 1) if fixed else status
    if args.statistics:
        _statistics(counts, fixable, console if args.format == "text" else err)
    elif ok and linted and listing and args.format == "text" and not args.quiet and not (args.fix and "-" in args.paths):
        console.print(_summary(linted, files_with, severities, safe_fixes, unsafe_fixes), markup=False,
                      style="bold", highlight=False, soft_wrap=True)
    if (args.fix or args.diff) and not args.quiet:
        verb = "would fix" if args.diff else "fixed"
        err.print(f"copydesk: {verb} {fixed} finding{'s' * (fixed != 1)} in {fixed_files} file{'s' * (fixed_files != 1)}",
                  markup=False)
    if recorder and not args.quiet:
        err.print(f"copydesk: wrote {recorder.count} findings to the baseline {args.write_baseline}", markup=False)
    return status


def _outcomes(items, options, jobs):
    """batch.outcomes, ending with an error outcome rather than a traceback if a worker dies."""
    from copydesk.batch import Outcome, WorkerDied, outcomes

    try:
        yield from outcomes(items, options, jobs)
    except WorkerDied as exc:
        yield Outcome(None, errors=[str(exc)])


FEW_FILES = 8  # more than this many files and --jobs defaults to one process per CPU
PROGRESS_FILES = 50  # a progress bar only for runs at least this long


def _progress(args, console, err, many: bool):
    """A transient progress bar on the terminal for a long run; None when quiet, piped or short."""
    if args.quiet or not many or not err.is_terminal:
        return None
    if console.is_terminal and (args.format != "text" or args.diff):
        return None  # machine output on the terminal: a bar would tear it
    total = sum(1 for item in expand(args.paths, args.respect_gitignore, args.config) if isinstance(item, str))
    if total < PROGRESS_FILES:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console if console.is_terminal else err, transient=True,
        redirect_stdout=console.is_terminal, redirect_stderr=True,
    )
    bar.add_task("lint", total=total)
    bar.start()
    return bar


def _summary(linted: int, files_with: int, severities: Counter, safe: int, unsafe: int) -> str:
    """The closing line of text output, as ruff and Vale have one: what was found, where, what --fix can do."""
    def n(count: int, noun: str, plural: str | None = None) -> str:
        return f"{count} {noun if count == 1 else plural or noun + 's'}"

    files = n(linted, "file")
    total = sum(severities.values())
    if not total:
        return f"No findings in {files}."
    parts = ", ".join(
        n(severities[s], str(s), {"error": "errors", "warning": "warnings"}.get(str(s), str(s)))
        for s in sorted(severities, reverse=True)
    )
    where = files if linted == 1 else f"{files_with} of {files}"
    line = f"Found {n(total, 'finding')} ({parts}) in {where}."
    if safe:
        line += f" {safe} fixable with `copydesk lint --fix`"
        line += f" ({unsafe} more with `--unsafe-fixes`)." if unsafe else "."
    elif unsafe:
        line += f" {unsafe} fixable with `copydesk lint --fix --unsafe-fixes`."
    return line


def _statistics(counts: Counter, fixable: Counter, console) -> None:
    """Counts per rule, most frequent first; * marks rules with fixes --fix would apply."""
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(f"{n:>7}  {'*' if fixable[rule] else ' '} {rule}", markup=False, highlight=False)

if __name__ == "__main__":
    sys.exit(main())
