"""unattributed-claim recall on Syrian-war wire copy (FA-KES), against sentences labelled blind.

    python bench/unattributed_claim_fakes.py draw --n 150 --seed 21   # sentences to label, rule unseen
    python bench/unattributed_claim_fakes.py score                     # recall and precision on them
    python bench/unattributed_claim_fakes.py draw --n 300 --seed 23 --out bench/labels/fakes_unattributed_claim_recall_seed23.tsv
    python bench/unattributed_claim_fakes.py score bench/labels/fakes_unattributed_claim_recall_seed23.tsv
    python bench/unattributed_claim_fakes.py draw --n 300 --seed 25 --unseen-sentences --out …seed25.tsv

`draw` picks sentences holding a hedge or weasel word (the broad candidate list of
bench/unattributed_claim_labels.py, not the rule's own triggers) from random FA-KES articles, with the
sentences before and after for context, and writes bench/labels/fakes_unattributed_claim_recall.tsv
with an empty `label`: 1 when the sentence holds speculation, prediction, evaluation or a weasel
attribution in the reporter's own voice with no source in it or next to it (it should be flagged), 0
otherwise. The rule's output is not looked at until `score`, which prints the share of positives the
rule flags (a finding inside the sentence) and the share of its flags on labelled sentences that fall
on positives.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from names_fakes import articles, labelled  # noqa: E402
from unattributed_claim_labels import CANDIDATE, CONFIG, RULE  # noqa: E402

from copydesk.engine import analyse  # noqa: E402

LABELS = Path(__file__).resolve().parent / "labels" / "fakes_unattributed_claim_recall.tsv"
FIELDS = ["id", "article", "start", "end", "label", "before", "sentence", "after"]
# FA-KES lost its commas and paragraph breaks; sentences still end in a stop.
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”’]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def draw(n: int, seed: int, out: Path, unseen_sentences: bool = False) -> None:
    rng = random.Random(seed)
    texts = articles()
    # A new set leaves out the articles an earlier set drew from, and those where a precision sample
    # showed this rule's findings: those guided fixes. FA-KES runs out of such articles; with
    # `unseen_sentences` only the sentences an earlier set labelled are left out, not their articles.
    earlier = [r for path in LABELS.parent.glob("fakes_unattributed_claim_recall*.tsv") if path != out for r in _read(path)]
    labelled_sentences = {(int(r["article"]), int(r["start"])) for r in earlier}
    seen = labelled({RULE}) - ({int(r["article"]) for r in _read(out)} if out.exists() else set())
    if unseen_sentences:
        seen -= {a for a, _ in labelled_sentences}
    order = [a for a in range(len(texts)) if a not in seen]
    rng.shuffle(order)
    rows = []
    for a in order:
        spans = _sentences(texts[a])
        picks = [k for k, (s, e) in enumerate(spans) if CANDIDATE.search(texts[a][s:e]) and len(texts[a][s:e].split()) >= 6
                 and (a, s) not in labelled_sentences]
        for k in rng.sample(picks, min(2, len(picks))):  # at most two a story, for variety
            s, e = spans[k]
            clean = lambda x: " ".join(x.split())  # noqa: E731
            rows.append({
                "article": a, "start": s, "end": e, "label": "",
                "before": clean(texts[a][slice(*spans[k - 1])]) if k else "",
                "sentence": clean(texts[a][s:e]),
                "after": clean(texts[a][slice(*spans[k + 1])]) if k + 1 < len(spans) else "",
            })
        if len(rows) >= n:
            break
    for i, row in enumerate(rows, 1):
        row["id"] = i
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS, delimiter="\t")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} sentences to {out}: fill in the label column")


def score(path: Path) -> None:
    texts = articles()
    rows = _read(path)
    found: dict[int, list] = {}
    positives = hit = flagged = flagged_true = 0
    for r in rows:
        a, s, e = int(r["article"]), int(r["start"]), int(r["end"])
        if a not in found:
            found[a] = [f for f in analyse(texts[a], CONFIG).findings]
        on = any(s <= f.start < e for f in found[a])
        positive = r["label"].strip() == "1"
        positives += positive
        hit += positive and on
        flagged += on
        flagged_true += on and positive
    print(f"FA-KES ({path.name}): {len(rows)} candidate sentences labelled, {positives} should be flagged")
    print(f"  recall    {hit}/{positives} = {hit / max(positives, 1):.3f}")
    print(f"  precision {flagged_true}/{flagged} = {flagged_true / max(flagged, 1):.3f} (of the rule's flags on these sentences)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--n", type=int, default=150)
    d.add_argument("--seed", type=int, default=21)
    d.add_argument("--out", type=Path, default=LABELS)
    d.add_argument("--unseen-sentences", action="store_true",
                   help="draw from articles earlier sets used too, leaving out only the sentences they labelled")
    sc = sub.add_parser("score")
    sc.add_argument("labels", type=Path, nargs="?", default=LABELS)
    args = ap.parse_args()
    draw(args.n, args.seed, args.out, args.unseen_sentences) if args.command == "draw" else score(args.labels)


if __name__ == "__main__":
    main()
