"""Each rule's share of the work on the PolNeAR test set: the time to lint it with that rule alone
(parse cache emptied first, model already loaded), the share of words that rule sends to spaCy and
with which components, beside all rules together.

    python bench/rule_costs.py [--split test] [--repeat 2]

Run with nothing else on the machine: the figures are wall-clock seconds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from copydesk.config import Config
from copydesk.engine import analyse
from copydesk.nlp import pipeline
from copydesk.rules import registry

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"


def run(texts: list[str], select: list[str]) -> tuple[float, int, dict[str, int]]:
    nlp = pipeline()
    nlp._cache.clear()
    config = Config.from_dict({"select": select})
    started = time.perf_counter()
    sent = 0
    by_components: dict[str, int] = {}
    for text in texts:
        report = analyse(text, config)
        for p in report.paragraphs:
            if p.doc is not None:
                words = len(p.text.split())
                sent += words
                key = "+".join(sorted(p.components - {"tokens"})) or "tokens"
                by_components[key] = by_components.get(key, 0) + words
    return time.perf_counter() - started, sent, by_components


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test")
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs per rule")
    args = ap.parse_args()
    folder = CORPUS / args.split / "text"
    if not folder.is_dir():
        raise SystemExit(f"PolNeAR not found at {folder}")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    pipeline()  # loaded before the clock starts
    print(f"PolNeAR {args.split}: {len(texts)} articles, {words:,} words; best of {args.repeat}")
    print(f"{'rule':28} {'seconds':>8} {'words/s':>9} {'to spaCy':>9}  components")
    for name, select in [(n, [n]) for n in registry()] + [("all rules", ["all"])]:
        best = min((run(texts, select) for _ in range(args.repeat)), key=lambda r: r[0])
        took, sent, parts = best
        share = ", ".join(f"{k} {v / words:.0%}" for k, v in sorted(parts.items()))
        print(f"{name:28} {took:8.2f} {words / took:9,.0f} {sent / words:9.0%}  {share}")


if __name__ == "__main__":
    main()
