"""CLI throughput: `copydesk lint` against `proselint check` on the same files, in the same run.

By default two sets: 1,500 Reuters stories of 1987 (../shared/corpora/fresh/reuters.jsonl, the
first 1,500, written as .txt files to a temporary folder, never into the project) and the 84
PolNeAR test articles (read in place); then `copydesk lint` on one story from a cold process; then,
for each set, where copydesk's time goes: one copydesk run in a process that times its imports,
the model load, each spaCy component, each rule and the rest (reading, markup, output).

Each tool runs as its own process over the whole folder (one process per run, start-up included),
the two alternating so that a busy machine slows both alike. Prints, per tool, the best and median
wall time, words per second, CPU time and peak RSS, then the ratio copydesk / proselint.

    python bench/throughput.py                      # both sets, all rules, 3 runs each
    python bench/throughput.py --sets polnear       # one set (reuters, polnear)
    python bench/throughput.py --corpus DIR         # any folder of .txt files instead
    python bench/throughput.py --rules issue2       # only the rules of issue 2
    python bench/throughput.py --profile            # one profiled copydesk run (pyinstrument)
    python bench/throughput.py --spacy-components   # and with spaCy's own ruler and lemmatizer

Targets (issue 25): Reuters ≥ 1.0x proselint's words per second, PolNeAR test ≥ 0.5x, one story
from a cold process ≤ 1.0 s. Words are whitespace-separated tokens of the .txt files
(`len(text.split())`), as the corpus README counts them. Needs the `bench` extra:
pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
CORPUS = CORPORA / "polnear" / "test" / "text"
REUTERS = CORPORA / "fresh" / "reuters.jsonl"
ONE_STORY = ROOT / "seeds" / "coalition-strikes-deir-ezzour.txt"
ISSUE2 = ("truncated-attribution", "title-without-name", "unbalanced-quotes", "spaced-hyphen",
          "hyphen-as-dash", "page-furniture", "acronym-before-definition")


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    rss: float  # peak resident set, MiB
    findings: int


def spawn(cmd: list[str], count) -> Run:
    """Run cmd to completion. os.wait4 gives this one process's CPU time and peak RSS; output goes
    to temporary files so that neither pipe can fill up and stall the tool being timed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if code not in (0, 1):  # 1 means findings, for both tools
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err.read().decode(errors='replace')}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, count(out.read().decode()))


def copydesk_findings(out: str) -> int:
    return sum(len(f["findings"]) for f in json.loads(out)["files"])


def proselint_findings(out: str) -> int:
    return sum(1 for line in out.splitlines() if line.strip())


def reuters(n: int) -> Path:
    """The first n stories of reuters.jsonl as .txt files (the body, as the corpus counts its
    words) in a new temporary folder."""
    if not REUTERS.is_file():
        raise SystemExit(f"corpus not found: {REUTERS} (see ../shared/corpora/README.md)")
    folder = Path(tempfile.mkdtemp(prefix="copydesk-reuters-"))
    with REUTERS.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == n:
                break
            row = json.loads(line)
            (folder / f"{i:05d}-{row['id'].replace('/', '-')}.txt").write_text(row["text"].strip() + "\n", encoding="utf-8")
    return folder


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def compare(name: str, folder: Path, args, select: str | None) -> None:
    """copydesk and proselint on one folder, alternating, with the figures and the ratio."""
    files = sorted(folder.glob("*.txt"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    copydesk = [shutil.which("copydesk") or "copydesk", "lint", "--format", "json", "--jobs", str(args.jobs)]
    if select:
        copydesk += ["--select", select]
    copydesk.append(str(folder))
    proselint = [shutil.which("proselint") or "proselint", "check", str(folder)]
    print(f"\n== {name}: {folder} — {len(files)} files, {words:,} words")
    print(f"commands: {' '.join(copydesk)}\n          {' '.join(proselint)}")
    print(f"cpus: {os.cpu_count()}, load average before: {load()}")
    results: dict[str, list[Run]] = {"copydesk": [], "proselint": []}
    # The same CLI with server/lookup.py switched off, for the before/after figure.
    before = [sys.executable, "-c", "import sys, copydesk.lookup as l; l.install = lambda nlp: [];"
              "from copydesk.cli import main; sys.exit(main(sys.argv[1:]))", *copydesk[1:]]
    if args.spacy_components:
        results["spacy-own"] = []
    for i in range(args.runs):
        results["copydesk"].append(spawn(copydesk, copydesk_findings))
        if args.spacy_components:
            results["spacy-own"].append(spawn(before, copydesk_findings))
        if not args.no_proselint:
            results["proselint"].append(spawn(proselint, proselint_findings))
        print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1].wall:.2f} s" for k, v in results.items() if v), flush=True)
    print(f"load average after: {load()}\n")

    print(f"{'tool':10} {'best s':>7} {'median s':>8} {'best w/s':>9} {'median w/s':>10} "
          f"{'cpu s':>6} {'cpu w/s':>8} {'peak RSS MiB':>12} {'findings':>8}")
    summary = {}
    for tool, runs in results.items():
        if not runs:
            continue
        best, median = min(r.wall for r in runs), statistics.median(r.wall for r in runs)
        cpu = min(r.cpu for r in runs)
        summary[tool] = (best, median, cpu)
        print(f"{tool:10} {best:7.2f} {median:8.2f} {words / best:9,.0f} {words / median:10,.0f} "
              f"{cpu:6.2f} {words / cpu:8,.0f} {max(r.rss for r in runs):12.0f} {runs[-1].findings:8}")
    if "proselint" in summary:
        (cb, cm, cc), (pb, pm, pc) = summary["copydesk"], summary["proselint"]
        print(f"\n{name}: copydesk / proselint speed: best {pb / cb:.2f}x, median {pm / cm:.2f}x, cpu {pc / cc:.2f}x")
    if args.where:
        where(folder, select, words)


def where(folder: Path, select: str | None, words: int) -> None:
    """One copydesk run over the folder in a fresh process that says where its time goes."""
    cmd = [sys.executable, __file__, "--breakdown", str(folder)] + (["--select", select] if select else [])
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"breakdown failed:\n{run.stderr}")
    print(f"\nwhere copydesk's time goes ({words:,} words; CPU seconds of the one thread, wall in brackets):")
    print(run.stdout, end="")


def breakdown(folder: Path, select: str | None) -> None:
    """Run `copydesk lint --format json --jobs 1 FOLDER` in this process and time its parts: the
    imports, the model load, each spaCy component (exclusive of the ones before it), each rule's
    select/prepare/check, and the rest."""
    import contextlib
    import io
    from collections import defaultdict
    from time import perf_counter, thread_time

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # cpu, wall
    t0 = (thread_time(), perf_counter())

    def add(key: str, since: tuple[float, float]) -> tuple[float, float]:
        now = (thread_time(), perf_counter())
        spent[key][0] += now[0] - since[0]
        spent[key][1] += now[1] - since[1]
        return now

    mark = t0
    from copydesk import cli, engine, nlp  # noqa: F401  (what the CLI imports before it lints)
    from copydesk.rules import registry

    registry()
    mark = add("import copydesk (CLI, engine, rules)", mark)
    nlp.import_spacy()
    mark = add("import spaCy", mark)
    pipeline = nlp.pipeline()
    mark = add("load the model", mark)

    class Timed:
        """A pipeline component, timed exclusive of the components it pulls its docs from."""

        def __init__(self, name: str, proc):
            self.key, self.proc = f"  - {name}", proc

        def __getattr__(self, attr):
            return getattr(self.proc, attr)

        def __call__(self, doc):
            since = (thread_time(), perf_counter())
            doc = self.proc(doc)
            add(self.key, since)
            return doc

        def pipe(self, stream, **kw):
            def upstream():  # time spent here belongs to the components before this one
                it = iter(stream)
                while True:
                    since = (thread_time(), perf_counter())
                    doc = next(it, None)
                    now = (thread_time(), perf_counter())
                    spent[self.key][0] -= now[0] - since[0]
                    spent[self.key][1] -= now[1] - since[1]
                    if doc is None:
                        return
                    yield doc

            out = self.proc.pipe(upstream(), **kw) if hasattr(self.proc, "pipe") else map(self.proc, upstream())
            while True:
                since = (thread_time(), perf_counter())
                doc = next(out, None)
                add(self.key, since)
                if doc is None:
                    return
                yield doc

    nlp_ = pipeline.nlp
    nlp_._components = [(name, Timed(name, proc)) for name, proc in nlp_._components]
    tokenizer = nlp_.tokenizer

    class Tokenizer:
        def __call__(self, text):
            since = (thread_time(), perf_counter())
            doc = tokenizer(text)
            add("  - tokenizer", since)
            return doc

        def __getattr__(self, name):
            return getattr(tokenizer, name)

    nlp_.tokenizer = Tokenizer()
    parse = engine.parse

    def timed_parse(*a, **k):
        since = (thread_time(), perf_counter())
        try:
            return parse(*a, **k)
        finally:
            add("parse (spaCy)", since)

    engine.parse = timed_parse
    for cls in registry().values():
        for method in ("prepare", "select", "check"):
            original = getattr(cls, method)

            def wrapped(self, *a, _original=original, _method=method, **k):
                since = (thread_time(), perf_counter())
                try:
                    out = _original(self, *a, **k)
                    return list(out) if _method == "check" else out
                finally:
                    add(f"  - {self.name}", since)

            setattr(cls, method, wrapped)
    args = ["lint", "--format", "json", "--jobs", "1", "--fail-on", "never", str(folder)]
    args += ["--select", select] if select else []
    start = (thread_time(), perf_counter())
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(args)
    total = add("lint (all of it)", start)
    rules = [k for k in spent if k.startswith("  - ") and k[4:] in registry()]
    components = [k for k in spent if k.startswith("  - ") and k not in rules]
    spent["rules"] = [sum(spent[k][i] for k in rules) for i in (0, 1)]
    lint = spent.pop("lint (all of it)")
    spent["the rest (reading, markup, suppressions, output)"] = [
        lint[i] - spent["parse (spaCy)"][i] - spent["rules"][i] for i in (0, 1)]
    order = ["import copydesk (CLI, engine, rules)", "import spaCy", "load the model", "parse (spaCy)",
             *sorted(components, key=lambda k: -spent[k][0]), "rules", *sorted(rules, key=lambda k: -spent[k][0])[:8],
             "the rest (reading, markup, suppressions, output)"]
    whole = total[0] - t0[0]
    for key in order:
        cpu, wall = spent[key]
        print(f"  {key:52} {cpu:7.2f} s ({wall:6.2f}) {100 * cpu / whole:5.1f} %")
    print(f"  {'total':52} {whole:7.2f} s ({total[1] - t0[1]:6.2f})")


def cold(args) -> None:
    """`copydesk lint` on one story from a cold process, best and median of runs."""
    cmd = [shutil.which("copydesk") or "copydesk", "lint", str(ONE_STORY)]
    runs = sorted(spawn(cmd, lambda out: len(out.splitlines())).wall for _ in range(max(3, args.runs)))
    print(f"\n== one story from a cold process: {' '.join(cmd)} ({len(ONE_STORY.read_text().split())} words)\n"
          f"wall best {runs[0]:.2f} s, median {statistics.median(runs):.2f} s (target ≤ 1.0 s); load average {load()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="reuters,polnear", help="reuters, polnear or both (default)")
    ap.add_argument("--reuters", type=int, default=1500, metavar="N", help="Reuters stories (default 1500)")
    ap.add_argument("--corpus", type=Path, help="a folder of .txt files instead of the sets")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rules", choices=("all", "issue2"), default="all")
    ap.add_argument("--select", help="comma-separated rules for copydesk (overrides --rules)")
    ap.add_argument("--no-proselint", action="store_true", help="time copydesk alone")
    ap.add_argument("--no-where", dest="where", action="store_false", help="skip where the time goes")
    ap.add_argument("--jobs", type=int, default=1, help="copydesk processes (default 1, as proselint)")
    ap.add_argument("--profile", action="store_true", help="profile one copydesk run with pyinstrument")
    ap.add_argument("--spacy-components", action="store_true",
                    help="also time copydesk with spaCy's own attribute ruler and lemmatizer (before server/lookup.py)")
    ap.add_argument("--breakdown", type=Path, help=argparse.SUPPRESS)  # the process where() starts
    args = ap.parse_args()
    if args.breakdown:
        breakdown(args.breakdown, args.select)
        return

    from copydesk.rules import registry

    select = args.select
    if select is None and args.rules == "issue2":
        present = [r for r in ISSUE2 if r in registry()]
        missing = sorted(set(ISSUE2) - set(present))
        if missing:
            print(f"note: not yet in the registry, so not run: {', '.join(missing)}")
        select = ",".join(present)
    rules = select.split(",") if select else list(registry())
    print(f"copydesk rules ({len(rules)}): {', '.join(rules)}")

    sets: list[tuple[str, Path]] = []
    if args.corpus:
        if not args.corpus.is_dir():
            raise SystemExit(f"corpus not found: {args.corpus}")
        sets.append((str(args.corpus), args.corpus))
    else:
        names = args.sets.split(",")
        if "reuters" in names:
            sets.append((f"Reuters-21578, first {args.reuters} stories", reuters(args.reuters)))
        if "polnear" in names:
            if not CORPUS.is_dir():
                raise SystemExit(f"corpus not found: {CORPUS}")
            sets.append(("PolNeAR test", CORPUS))
    if args.profile:
        out = Path(tempfile.mkdtemp()) / "profile.txt"
        cmd = ["lint", "--format", "json", "--jobs", "1"] + (["--select", select] if select else []) + [str(sets[0][1])]
        subprocess.run([sys.executable, "-m", "pyinstrument", "-o", str(out), "-m", "copydesk", *cmd],
                       stdout=subprocess.DEVNULL, check=False)
        print(out.read_text())
        return
    try:
        for name, folder in sets:
            compare(name, folder, args, select)
        cold(args)
    finally:
        for _, folder in sets:
            if folder.name.startswith("copydesk-reuters-"):
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
