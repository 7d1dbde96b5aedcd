"""`copydesk`: lint copy, list and explain rules. Exit codes: 0 clean, 1 findings at or above
--fail-on, 2 a usage, config or input error (the other files are still linted)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import lru_cache
from pathlib import Path

from copydesk import __version__, config as configs
from copydesk.config import Config, ConfigError
from copydesk.files import InputError, decode, expand, read
from copydesk.output import FileResult, write_json, write_text
from copydesk.rules.api import Severity

FAIL_ON = ("error", "warning", "info", "hint", "never")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="copydesk", description="An editorial linter for news copy.")
    p.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = sub.add_parser("lint", help="lint files, directories, globs or - for stdin")
    lint.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--config", type=Path, help="config file to use instead of the nearest one")
    lint.add_argument("--select", help="comma-separated rules or groups to enable (replaces config)")
    lint.add_argument("--ignore", help="comma-separated rules or groups to disable")
    lint.add_argument("--fail-on", choices=FAIL_ON, default="warning", help="lowest severity that fails (exit 1)")
    lint.add_argument("--stdin-filename", help="name for text read from stdin (picks markup and config)")
    lint.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule")
    serve = sub.add_parser("serve", help="run the language server (LSP over stdio)")
    serve.add_argument("--tcp", metavar="HOST:PORT", type=_host_port, help="listen on TCP instead of stdio")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="copydesk: %(message)s")
    args = parser().parse_args(argv)
    try:
        return {"lint": cmd_lint, "rules": cmd_rules, "explain": cmd_explain, "serve": cmd_serve}[args.command](args)
    except ConfigError as exc:
        print(f"copydesk: config error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `copydesk lint ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def cmd_rules(args) -> int:
    from copydesk.rules import registry

    if args.format == "json":
        import json

        data = [
            {"name": r.name, "group": r.group, "severity": str(r.severity), "needs": sorted(r.needs),
             "fixable": r.fixable, "summary": r.summary()}
            for r in registry().values()
        ]
        print(json.dumps(data, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("rule", "group", "severity", "fix", "what it flags", box=None, pad_edge=False)
    for r in registry().values():
        table.add_row(r.name, r.group, str(r.severity), "yes" if r.fixable else "", r.summary())
    Console().print(table)
    return 0


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


def cmd_serve(args) -> int:
    from copydesk.lsp import serve  # pygls loads only for the server

    return serve(args.tcp)


def cmd_explain(args) -> int:
    from copydesk.rules import registry

    rule = registry().get(args.rule)
    if rule is None:
        print(f"copydesk: no rule named {args.rule!r}; `copydesk rules` lists them", file=sys.stderr)
        return 2
    print(f"# {rule.name}\n\n{rule.group} · default severity {rule.severity} · needs {', '.join(sorted(rule.needs))}"
          f"{' · fixable' if rule.fixable else ''}\n\n{rule.docs()}")
    return 0


def cmd_lint(args) -> int:
    from rich.console import Console

    from copydesk.engine import analyse, expand as rule_names, rules_for

    base = configs.load(args.config) if args.config else None
    overrides = {k: getattr(args, k).split(",") for k in ("select", "ignore") if getattr(args, k)}
    for key, names in overrides.items():  # a bad name here is the command line's, not a file's
        rule_names(names, f"--{key}", "command line")
    if "select" in overrides:  # as in ruff, a --select starts the selection afresh
        overrides = {"ignore": [], "extend_select": [], **overrides}

    @lru_cache(maxsize=None)
    def config_for(folder: Path) -> Config:
        found = base or (configs.for_file(folder / "_") if folder else Config())
        found = found.merged(overrides) if overrides else found
        rules_for(found)  # unknown rule names fail here, once, naming the file
        return found

    console = Console(
        highlight=False,
        force_terminal={"always": True, "never": False}.get(args.color),
        no_color=args.color == "never",
    )
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line
    fail_at = None if args.fail_on == "never" else Severity.parse(args.fail_on)
    results, status, notices = [], 0, set()

    for item in expand(args.paths):
        if isinstance(item, InputError):
            err.print(f"copydesk: {item}", markup=False)
            status = 2
            continue
        path = args.stdin_filename or "<stdin>" if item == "-" else item
        try:
            cfg = config_for(Path(path).resolve().parent if path != "<stdin>" else Path.cwd())
        except ConfigError as exc:  # a broken config costs only the files it governs
            if str(exc) not in notices:
                notices.add(str(exc))
                err.print(f"copydesk: config error: {exc}", markup=False)
            err.print(f"copydesk: {path}: not linted (config error)", markup=False)
            status = 2
            continue
        try:
            if item == "-":
                text = decode(sys.stdin.buffer.read(), path, cfg.max_file_size)
            else:
                text = read(item, cfg.max_file_size)
        except InputError as exc:
            err.print(f"copydesk: {exc}", markup=False)
            status = 2
            continue
        report = analyse(text, cfg, path=path)
        skipped = [f"skipped, the model cannot serve what they need: {', '.join(report.skipped)}"] if report.skipped else []
        for note in report.warnings + skipped:
            if note not in notices:
                notices.add(note)
                err.print(f"copydesk: {note}", markup=False)
        for error in report.errors:
            err.print(f"copydesk: {path}: {error}", markup=False)
            status = 2
        result = FileResult(path, text, report.findings)
        if args.format == "json":
            results.append(result)
        else:
            write_text(result, console)
        if status == 0 and fail_at and any(f.severity >= fail_at for f in report.findings):
            status = 1
    if args.format == "json":
        write_json(results, sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
