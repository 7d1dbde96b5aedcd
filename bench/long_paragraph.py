"""One paragraph on one line, of growing length: `copydesk lint` time and peak memory.

PolNeAR's articles (../shared/corpora/polnear) run together on one line, cut to each size, every
rule on: real copy that never repeats, so the paragraph cache cannot help. Time and peak RSS should
grow about linearly with the length (issue 11, item 6).

    python bench/long_paragraph.py [SIZE_KB ...]      # default: 250 500 1000 2000
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "polnear"


def one_line(size: int) -> str:
    words: list[str] = []
    length = 0
    for path in sorted(CORPUS.glob("*/text/*.txt")):
        more = path.read_text(encoding="utf-8").split()
        words += more
        length += sum(map(len, more)) + len(more)
        if length > size:
            break
    else:
        raise SystemExit(f"not enough text in {CORPUS} for {size:,} characters")
    return " ".join(words)


def measure(size: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(one_line(size)[:size] + "\n", encoding="utf-8")
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "copydesk", "lint", "--format", "json", "--fail-on", "never",
                              str(path)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(f"copydesk failed on {size:,} characters:\n{run.stderr}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far, MB
        return elapsed, peak, run.stdout.count('"rule"')


def main() -> None:
    sizes = [int(a) * 1000 for a in sys.argv[1:]] or [250_000, 500_000, 1_000_000, 2_000_000]
    print(f"{'characters':>12} {'seconds':>8} {'peak RSS MB':>12} {'findings':>9}")
    for size in sorted(sizes):  # ascending, so the children's running peak is this size's peak
        elapsed, peak, found = measure(size)
        print(f"{size:>12,} {elapsed:>8.1f} {peak:>12.0f} {found:>9,}", flush=True)


if __name__ == "__main__":
    main()
