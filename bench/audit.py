"""`copydesk audit`: stories per second with 1 and 2 Dask workers on all 1,812 articles (PolNeAR's
1,008 and FA-KES's 804, as one Parquet archive with their publisher and date), the speed-up, peak
memory per worker, and a paper estimate for 10 million stories.

    python bench/audit.py                       # workers 1 then 2
    python bench/audit.py --workers 1,2 --screenshot bench/audit-report.png

Each run is one `copydesk audit archive.parquet --out DIR --workers N` process, start-up of the
local cluster (worker processes, spaCy model in each) included; the phases come from the run's
audit.json: start (cluster and model), lint (the partitions), names (the entity check of the
gazetteer's candidate spellings), report (merge, gazetteer, report.html). Every 250 ms the process
tree is sampled: each worker's RSS and PSS (peak) and CPU time (user + system, from /proc).
The runs' findings.parquet and stories.parquet are compared: the worker count must not change them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jobs import memory, tree  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
TICK = os.sysconf("SC_CLK_TCK")


def archive(path: Path) -> tuple[int, int]:
    """All PolNeAR and FA-KES articles as one Parquet archive: id, text, desk, date. (stories, words)"""
    import pyarrow as pa
    import pyarrow.parquet as pq

    polnear, fakes = CORPORA / "polnear", CORPORA / "fakes" / "FA-KES-Dataset.csv"
    if not polnear.exists() or not fakes.exists():
        raise SystemExit(f"corpora not present under {CORPORA}")
    meta = {r["filename"]: r for r in csv.DictReader((polnear / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")}
    rows = []
    for p in sorted(polnear.glob("*/text/*.txt")):
        m = meta.get(p.stem, {})
        rows.append({"id": f"polnear/{p.stem}", "text": p.read_text(encoding="utf-8"), "desk": m.get("publisher"),
                     "date": date.fromisoformat(m["publication_date"]) if m.get("publication_date") else None})
    with fakes.open(encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh), 1):
            m, d, y = (int(x) for x in r["date"].split("/")) if r["date"].count("/") == 2 else (None, None, None)
            rows.append({"id": f"fakes/{n}-{r['unit_id']}", "text": f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}",
                         "desk": r["source"], "date": date(y, m, d) if y else None})
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=500)
    return len(rows), sum(len(r["text"].split()) for r in rows)


def workers_of(pid: int) -> list[int]:
    """The Dask worker processes under the command (spawned by the nannies)."""
    out = []
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/cmdline", "rb") as fh:
                if b"spawn_main" in fh.read():
                    out.append(p)
        except OSError:
            pass
    return out


def cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        return None


def run(source: Path, out: Path, workers: int, size: int) -> dict:
    cmd = ["copydesk", "audit", str(source), "--out", str(out), "--workers", str(workers), "--quiet",
           "--partition-size", str(size)]
    peak_rss: dict[int, float] = {}
    peak_pss: dict[int, float] = {}
    used: dict[int, float] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for p in workers_of(proc.pid):
                pss, rss = memory(p)
                peak_rss[p] = max(peak_rss.get(p, 0), rss)
                peak_pss[p] = max(peak_pss.get(p, 0), pss)
                t = cpu(p)
                if t is not None:
                    used[p] = t
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    record = json.loads((out / "audit.json").read_text())
    return {"workers": workers, "wall": wall, "record": record, "rss": max(peak_rss.values(), default=0),
            "pss": max(peak_pss.values(), default=0), "cpu": sum(used.values()), "processes": len(peak_rss),
            "digest": digest(out)}


def digest(out: Path) -> str:
    import pyarrow.parquet as pq

    h = hashlib.sha256()
    for name in ("stories.parquet", "findings.parquet"):
        h.update(repr(pq.read_table(out / name).to_pylist()).encode())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts, the first the baseline")
    ap.add_argument("--partition-size", type=int, default=50)
    ap.add_argument("--screenshot", type=Path, help="also render the last run's report.html to this PNG (chromium)")
    ap.add_argument("--keep", type=Path, help="copy the last run's output folder here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "archive.parquet"
        stories, words = archive(source)
        print(f"archive: {stories:,} articles (PolNeAR + FA-KES), {words:,} words, as one Parquet file")
        print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; partition size {args.partition_size}")
        print(f"load average before (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        runs = []
        for n in (int(w) for w in args.workers.split(",")):
            out = Path(tmp) / f"out{n}"
            r = run(source, out, n, args.partition_size)
            runs.append(r)
            s = r["record"]["seconds"]
            print(f"  {n} worker(s): {r['wall']:.1f} s wall ({stories / r['wall']:.1f} stories/s); phases: start "
                  f"{s['start']:.1f} s, lint {s['lint']:.1f} s ({stories / s['lint']:.1f} stories/s), names "
                  f"{s['names']:.1f} s, report {s['report']:.1f} s; workers' CPU {r['cpu']:.1f} s; peak per worker "
                  f"RSS {r['rss']:,.0f} MiB, PSS {r['pss']:,.0f} MiB ({r['processes']} worker processes seen)", flush=True)
        base = runs[0]
        print(f"{'workers':>8} {'wall s':>8} {'stories/s':>10} {'speed-up':>9} {'lint s':>7} {'lint st/s':>10} "
              f"{'speed-up':>9} {'peak RSS/worker':>16}")
        for r in runs:
            lint = r["record"]["seconds"]["lint"]
            print(f"{r['workers']:>8} {r['wall']:>8.1f} {stories / r['wall']:>10.1f} {base['wall'] / r['wall']:>8.2f}x "
                  f"{lint:>7.1f} {stories / lint:>10.1f} {base['record']['seconds']['lint'] / lint:>8.2f}x {r['rss']:>12,.0f} MiB")
        print(f"outputs identical across worker counts: {'yes' if len({r['digest'] for r in runs}) == 1 else 'NO'}")
        print(f"load average after (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
              " -- other work on the machine slows the runs and shrinks the speed-up")

        # The paper estimate: workers' CPU per story from the 1-worker run (lint and names passes, model
        # load included), the command's own work (merge, gazetteer, report) per story from its phase.
        per_story = base["cpu"] / stories
        command = base["record"]["seconds"]["report"] / stories
        efficiency = min(1.0, (base["record"]["seconds"]["lint"] / runs[-1]["record"]["seconds"]["lint"]) / runs[-1]["workers"]) \
            if len(runs) > 1 else 1.0
        print(f"\npaper estimate for 10,000,000 stories of this archive's mix ({words / stories:,.0f} words each):")
        print(f"  measured: {per_story * 1000:.1f} ms of worker CPU per story; {command * 1000:.2f} ms per story in the "
              f"command (merge, gazetteer, report, single process); parallel efficiency at {runs[-1]['workers']} workers "
              f"{efficiency:.0%}")
        for n in (8, 32, 128, 512):
            hours = 1e7 * per_story / (n * efficiency) / 3600 + 1e7 * command / 3600
            print(f"  {n:>4} workers: {hours:6.1f} h  (= {1e7 * per_story / 3600 / (n * efficiency):.1f} h on the workers "
                  f"+ {1e7 * command / 3600:.1f} h in the command)")
        print("  assumes the scheduler keeps every worker busy (100,000 partitions of 100 stories is well within what "
              "Dask schedules), each worker's memory stays at the peak above, and the sources are read at disk speed.")
        if args.keep:
            shutil.copytree(Path(tmp) / f"out{runs[-1]['workers']}", args.keep, dirs_exist_ok=True)
        if args.screenshot:
            screenshot(Path(tmp) / f"out{runs[-1]['workers']}" / "report.html", args.screenshot)
            print(f"screenshot of report.html: {args.screenshot}")


def screenshot(report: Path, png: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={png.resolve()}", "--window-size=1100,3000",
                        report.as_uri()], capture_output=True, check=True, timeout=120)


if __name__ == "__main__":
    main()
