"""Score `copydesk sources --format json` against PolNeAR's BRAT annotations.

Independent of copydesk and of bench/attribution_polnear.py: it reads only the JSON the CLI
printed and the `.ann` files, and prints cue and source precision, recall and F1, with a span
matching when it overlaps a gold span and, for "exact", when both have the same boundaries once
surrounding quotes, spaces and punctuation are trimmed.

    copydesk sources --format json ../shared/corpora/polnear/dev/text/*.txt > dev.json
    python bench/score_sources.py dev.json

What it counts:
- gold: the `Cue` and `Source` spans of each article's first annotation file
  (`attributions/NAME_ANNOTATOR.ann`, the first by name where two annotators worked on the
  article); a discontinuous span counts from its first piece to its last;
- predicted: every listed attribution's `cue` and, where there is one, its `source`, except those
  marked `second_hand` (said inside a quote or inside what another source reports): PolNeAR
  gives every word to one attribution only, the outer one.

Each file's `.ann` files are found beside its text, in `../attributions/`, or under `--ann DIR`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TRIM = " \t\n\"“”'‘’,.:;"
KINDS = ("Cue", "Source")


def gold(ann: Path) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, text) of the Cue and Source spans in a BRAT file; text is BRAT's, whose
    pieces of a discontinuous span are joined by spaces."""
    out: dict[str, list[tuple[int, int, str]]] = {k: [] for k in KINDS}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 3:
            continue
        label, _, ranges = parts[1].partition(" ")
        if label in out:
            pieces = [tuple(map(int, r.split())) for r in ranges.split(";")]
            out[label].append((min(p[0] for p in pieces), max(p[1] for p in pieces), parts[2]))
    return out


def trimmed(start: int, end: int, text: str) -> tuple[int, int]:
    """The span without the quotes, spaces and punctuation around it. `text` is the span's own
    text: its first and last characters stand at start and end - 1."""
    head = len(text) - len(text.lstrip(TRIM))
    if head == len(text):
        return start, start
    tail = len(text) - len(text.rstrip(TRIM))
    return start + head, end - tail


def overlaps(span, others) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


def score(pred, gold_spans, exact) -> tuple[int, int, int, int]:
    """(matched predictions, predictions, matched gold, gold) for one article."""
    if exact:
        p, g = [trimmed(*s) for s in pred], [trimmed(*s) for s in gold_spans]
        ps, gs = set(p), set(g)
        return sum(s in gs for s in p), len(p), sum(s in ps for s in g), len(g)
    p = [(s, e) for s, e, _ in pred]
    g = [(s, e) for s, e, _ in gold_spans]
    return sum(overlaps(s, g) for s in p), len(p), sum(overlaps(s, p) for s in g), len(g)


def annotation(path: Path, ann_dir: Path | None) -> Path | None:
    folder = ann_dir or path.parent.parent / "attributions"
    found = sorted(folder.glob(f"{path.stem}_*.ann"))
    return found[0] if found else None


def evaluate(listing: dict, ann_dir: Path | None = None) -> dict[str, list[int]]:
    totals = {k: [0, 0, 0, 0] for k in ("cue", "source", "cue_exact", "source_exact")}
    for story in listing["files"]:
        ann = annotation(Path(story["path"]), ann_dir)
        if ann is None:
            print(f"score_sources: no annotation for {story['path']}", file=sys.stderr)
            continue
        spans = gold(ann)
        listed = [s for s in story["sources"] if not s.get("second_hand")]
        pred = {
            "Cue": [(s["cue"]["start"], s["cue"]["end"], s["cue"]["text"]) for s in listed],
            "Source": [(s["source"]["start"], s["source"]["end"], s["source"]["text"]) for s in listed if s["source"]],
        }
        for kind in KINDS:
            for exact in (False, True):
                key = kind.lower() + ("_exact" if exact else "")
                totals[key] = [a + b for a, b in zip(totals[key], score(pred[kind], spans[kind], exact))]
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", help="output of `copydesk sources --format json` ('-' for standard input)")
    ap.add_argument("--ann", type=Path, default=None, help="folder of the .ann files (default: ../attributions)")
    args = ap.parse_args()
    text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text(encoding="utf-8")
    totals = evaluate(json.loads(text), args.ann)
    print(f"{len(json.loads(text)['files'])} files")
    for key, (mp, p, mg, g) in totals.items():
        precision, recall = (mp / p if p else 0.0), (mg / g if g else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"  {key:<13} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (predicted {p}, gold {g})")


if __name__ == "__main__":
    main()
