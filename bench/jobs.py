"""`copydesk lint --jobs N`: speed-up and memory of worker processes, and memory on many files.

    python bench/jobs.py                    # --jobs 1 vs --jobs 2 on all 1,008 PolNeAR articles
    python bench/jobs.py --jobs 1,2 --runs 2
    python bench/jobs.py --many 100000      # memory at 1,000 and at 100,000 small files

Each run is one `copydesk lint --format json` process over the corpus folders, start-up
included. Memory is sampled every 250 ms over the whole process tree (copydesk and its workers):
the peak of the summed PSS (shared pages, such as the model the workers inherit, counted once
in proportion) and the peak RSS of the largest single process. The outputs of the runs are
compared byte for byte: --jobs must not change what is reported or its order.

Words are whitespace-separated tokens (`len(text.split())`), as the corpus README counts them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"


@dataclass
class Run:
    jobs: int
    wall: float
    pss: float  # MiB, peak over the tree
    rss: float  # MiB, peak of the largest process
    processes: int  # most processes seen at once
    digest: str  # sha256 of stdout
    code: int


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def memory(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of one process in MiB, or zeros once it is gone."""
    pss = rss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return pss, rss


def run(cmd: list[str], jobs: int) -> Run:
    peak = {"pss": 0.0, "rss": 0.0, "n": 0}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        done = threading.Event()

        def sample():
            while not done.is_set():
                pids = tree(proc.pid)
                sizes = [memory(p) for p in pids]
                peak["pss"] = max(peak["pss"], sum(s[0] for s in sizes))
                peak["rss"] = max([peak["rss"]] + [s[1] for s in sizes])
                peak["n"] = max(peak["n"], len([s for s in sizes if s[1]]))
                done.wait(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err.read().decode(errors='replace')[-3000:]}")
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
    return Run(jobs, wall, peak["pss"], peak["rss"], peak["n"], digest, code)


def measured() -> str:
    """Which copydesk the runs import (PYTHONPATH may point at a frozen copy) and this checkout's commit."""
    where = subprocess.run([sys.executable, "-c", "import copydesk; print(copydesk.__file__)"],
                           capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return f"copydesk from {where}; checkout at {commit or 'unknown'}"


def compare_jobs(args) -> None:
    folders = sorted(str(p) for p in POLNEAR.glob("*/text"))
    if not folders:
        raise SystemExit(f"corpus not present: {POLNEAR}")
    texts = [p.read_text(encoding="utf-8") for f in folders for p in sorted(Path(f).glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts):,} PolNeAR articles, {words:,} words ({', '.join(folders)})")
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; {args.runs} run(s) per setting, alternating")
    print(measured())
    jobs = [int(j) for j in args.jobs.split(",")]
    runs: dict[int, list[Run]] = {j: [] for j in jobs}
    for i in range(args.runs):
        for j in jobs:
            cmd = ["copydesk", "lint", "--format", "json", "--quiet", "--fail-on", "never", "--jobs", str(j), *folders]
            r = run(cmd, j)
            runs[j].append(r)
            print(f"  run {i + 1} --jobs {j}: {r.wall:.1f} s, {words / r.wall:,.0f} words/s, peak PSS {r.pss:,.0f} MiB "
                  f"(tree), largest process RSS {r.rss:,.0f} MiB, {r.processes} processes", flush=True)
    print(f"command: {' '.join(cmd[:-len(folders)])} <the {len(folders)} text folders>")
    best = {j: min(rs, key=lambda r: r.wall) for j, rs in runs.items()}
    base = best[jobs[0]]
    print(f"{'jobs':>5} {'best wall s':>12} {'words/s':>10} {'speed-up':>9} {'peak PSS MiB':>13} {'max RSS MiB':>12}")
    for j in jobs:
        r = best[j]
        print(f"{j:>5} {r.wall:>12.1f} {words / r.wall:>10,.0f} {base.wall / r.wall:>8.2f}x {max(x.pss for x in runs[j]):>13,.0f}"
              f" {max(x.rss for x in runs[j]):>12,.0f}")
    digests = {r.digest for rs in runs.values() for r in rs}
    print(f"outputs identical across all runs and --jobs values: {'yes' if len(digests) == 1 else 'NO'}")
    print(f"load average at the end (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
          " -- other work on the machine slows both settings and shrinks the speed-up")


def many_files(args) -> None:
    """Memory must not grow with the number of files: the same small story written N times."""
    article = sorted(POLNEAR.glob("*/text/*.txt"))[0]
    story = article.read_text(encoding="utf-8").split("\n\n")[:4]
    text = "\n\n".join(story) + "\n"
    counts = sorted({min(1000, args.many), args.many})
    print(f"story: the first 4 paragraphs of {article.name}, {len(text.split())} words; rules: typography (text only)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = 0
        for n in counts:
            for i in range(made, n):
                sub = folder / f"{i // 1000:03d}"
                sub.mkdir(exist_ok=True)
                (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
            made = n
            for j in [int(j) for j in args.jobs.split(",")]:
                cmd = ["copydesk", "lint", "--format", "json", "--quiet", "--fail-on", "never", "--select", "typography",
                       "--jobs", str(j), str(folder)]
                r = run(cmd, j)
                print(f"  {n:>7,} files --jobs {j}: {r.wall:.1f} s, {n / r.wall:,.0f} files/s, peak PSS {r.pss:,.0f} MiB (tree), "
                      f"largest process RSS {r.rss:,.0f} MiB", flush=True)
    print(f"command: {' '.join(cmd[:-1])} <folder>")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values, the first the baseline (default 1,2)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--many", type=int, help="instead: memory at 1,000 and at this many small files")
    args = ap.parse_args()
    many_files(args) if args.many else compare_jobs(args)


if __name__ == "__main__":
    main()
