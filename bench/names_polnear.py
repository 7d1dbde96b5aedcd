"""Time the names rules add to linting the PolNeAR test set (84 US political news articles).

Runs `copydesk lint` over the folder with every rule, then with every rule but the one measured,
alternating so that a busy machine slows both alike; prints the median wall and CPU time of each,
the difference, and the findings the rule made there.

    python bench/names_polnear.py [--runs 3] [--rules inconsistent-spelling,country-abbreviation]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter

from throughput import CORPUS, spawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rules", default="inconsistent-spelling,country-abbreviation")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not present: {CORPUS}", file=sys.stderr)
        return 2
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in CORPUS.glob("*.txt"))
    base = [sys.executable, "-m", "copydesk", "lint", "--format", "json", "--fail-on", "never", str(CORPUS)]
    counts: Counter = Counter()

    def count(out: str) -> int:
        found = [f for file in json.loads(out)["files"] for f in file["findings"]]
        counts.update(f["rule"] for f in found)
        return len(found)

    print(f"PolNeAR test: {len(list(CORPUS.glob('*.txt')))} articles, {words:,} words, {args.runs} runs each")
    for rule in args.rules.split(","):
        runs: dict[str, list] = {"all rules": [], f"all but {rule}": []}
        for _ in range(args.runs):
            counts.clear()
            runs["all rules"].append(spawn([*base, "--select", "all"], count))
            found = counts[rule]
            runs[f"all but {rule}"].append(spawn([*base, "--select", "all", "--ignore", rule], count))
        wall = {k: statistics.median(r.wall for r in v) for k, v in runs.items()}
        cpu = {k: statistics.median(r.cpu for r in v) for k, v in runs.items()}
        for k in runs:
            print(f"  {k:40} wall {wall[k]:6.2f} s  cpu {cpu[k]:6.2f} s  ({words / wall[k]:,.0f} words/s)")
        added = wall["all rules"] - wall[f"all but {rule}"]
        print(f"  {rule}: adds {added:+.2f} s wall ({100 * added / wall[f'all but {rule}']:+.1f} %), "
              f"{cpu['all rules'] - cpu[f'all but {rule}']:+.2f} s CPU; {found} findings on the set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
