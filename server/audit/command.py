"""The `copydesk audit` command line: arguments, the progress bar and the closing lines."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

INSTALL = "pip install 'copydesk[audit]'"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="story files, directories or globs (read as lint reads them), or .jsonl, .csv or .parquet tables")
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="where to write findings.parquet, stories.parquet, report.html and gazetteer.toml")
    p.add_argument("--text-column", default="text", metavar="NAME", help="a table's story text (default: text)")
    p.add_argument("--id-column", default="id", metavar="NAME", help="a table's story id (default: id)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask cluster, tcp://HOST:PORT (default: a local one)")
    p.add_argument("--workers", type=_count, metavar="N", help="worker processes of the local cluster (default: one per core)")
    p.add_argument("--partition-size", type=_count, default=100, metavar="N", help="stories per partition (default: 100)")
    p.add_argument("--config", type=Path, help="config file to use instead of each story's nearest one")
    p.add_argument("--select", help="comma-separated rules or groups to enable (replaces config)")
    p.add_argument("--ignore", help="comma-separated rules or groups to disable")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or notes")
    from copydesk.cli import gitignore

    gitignore(p)


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number, 1 or more, got {value!r}")
    return int(value)


def main(args) -> int:
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        print(f"copydesk: audit needs {exc.name}, which is not installed: {INSTALL}", file=sys.stderr)
        return 2
    from rich.console import Console

    from copydesk.audit.cluster import AuditError, Options, run
    from copydesk.audit.sources import Columns
    from copydesk.audit.work import Settings
    from copydesk.engine import expand as rule_names

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    overrides = {k: getattr(args, k).split(",") for k in ("select", "ignore") if getattr(args, k)}
    for key, names in overrides.items():
        rule_names(names, f"--{key}", "command line")
    if "select" in overrides:  # as in lint: a --select starts the selection afresh
        overrides = {"ignore": [], "extend_select": [], **overrides}
    options = Options(
        sources=args.sources, out=args.out,
        settings=Settings(config=str(args.config) if args.config else None, overrides=overrides,
                          columns=Columns(text=args.text_column, id=args.id_column)),
        scheduler=args.scheduler, workers=args.workers, partition_size=args.partition_size,
        gitignore=args.respect_gitignore,
    )

    def say(line: str) -> None:
        if not args.quiet:
            err.print(f"copydesk: {line}", markup=False)

    bar = None

    def progress(total: int, done: int):
        nonlocal bar
        if args.quiet or not err.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TextColumn("stories"),
                       TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=err, transient=True)
        task = bar.add_task("audit", total=total, completed=done, rate="")
        bar.start()
        start, first = time.perf_counter(), done

        def advance(n: int) -> None:
            nonlocal done
            done += n
            rate = (done - first) / max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=done, rate=f"{rate:,.1f} stories/s")
            if done >= total:
                bar.stop()

        return advance

    try:
        summary = run(options, say, progress)
    except AuditError as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.stop()
    status = summary.status
    lint_s = summary.seconds.get("lint", 0)
    computed = sum(status.values())
    say(f"{computed:,} stories: {status.get('ok', 0):,} ok, {status.get('skipped', 0):,} skipped, "
        f"{status.get('error', 0):,} with an error; {summary.findings:,} findings in {summary.words:,} words")
    say(f"{summary.computed:,} of {summary.partitions:,} partitions computed in {lint_s:.1f} s"
        f" ({summary.resumed:,} resumed); names {summary.seconds.get('names', 0):.1f} s; "
        f"total {summary.seconds.get('total', 0):.1f} s")
    for note in sorted(summary.notes):
        say(note)
    for failure in summary.failed:
        print(f"copydesk: {failure}", file=sys.stderr)
    if summary.failed:
        print(f"copydesk: {len(summary.failed)} partitions failed; the outputs lack their stories: run the same "
              "command again to retry them", file=sys.stderr)
    say(f"wrote {args.out}/: findings.parquet, stories.parquet, report.html, gazetteer.toml")
    return 2 if summary.failed else 0
