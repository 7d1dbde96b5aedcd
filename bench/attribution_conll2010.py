"""unattributed-claim as a sentence classifier on the CoNLL-2010 Wikipedia sample
(../shared/corpora/conll2010/conll2010-wikipedia-sample.csv: 3,000 sentences, -1 uncertain/weasel,
1 certain). A sentence counts as flagged when the rule finds anything in it. For reference only:
the shared task's best F1 was about 60, and the rule is stricter (a claim must also lack a source).

    python bench/attribution_conll2010.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from copydesk.config import Config
from copydesk.engine import lint

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "conll2010" / "conll2010-wikipedia-sample.csv"
RULE = "unattributed-claim"


def sentences(path: Path = CORPUS, limit: int | None = None) -> list[tuple[bool, str]]:
    """(uncertain?, sentence) pairs."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [(label.strip() == "-1", text) for label, text in csv.reader(f)]
    return rows[:limit]


def evaluate(limit: int | None = None) -> dict[str, float]:
    config = Config.from_dict({"select": [RULE]})
    tp = fp = fn = tn = 0
    t0 = time.perf_counter()
    for uncertain, text in sentences(limit=limit):
        flagged = any(f.rule == RULE for f in lint(text, config))
        tp += flagged and uncertain
        fp += flagged and not uncertain
        fn += uncertain and not flagged
        tn += not flagged and not uncertain
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sentences": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1, "seconds": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    r = evaluate(ap.parse_args().limit)
    print(f"CoNLL-2010 Wikipedia sample, {r['sentences']} sentences, {r['seconds']:.1f} s")
    print(f"  uncertain class: precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
          f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']})")


if __name__ == "__main__":
    main()
