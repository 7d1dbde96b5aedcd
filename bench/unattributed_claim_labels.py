"""unattributed-claim against hand labels on real copy (PolNeAR train split, which the rule was not
tuned on).

Two label files under bench/labels/ (tab-separated, `label` 1 = yes, 0 = no):
- unattributed_claim.tsv, unattributed_claim_seedN.tsv: random samples of the rule's findings
  (the first one was labelled before the rule's last fixes, the later ones after). label 1: the flagged sentence
  really is speculation, prediction, evaluation or a weasel attribution in the reporter's voice
  with no source in it or next to it. Gives precision.
- unattributed_claim_recall.tsv: a random sample of sentences holding a hedge or weasel word,
  drawn without looking at the rule's output. label 1: the sentence should be flagged. Gives
  recall on the positives.

    python bench/unattributed_claim_labels.py                   # figures from the labels
    python bench/unattributed_claim_labels.py --draw-findings 60 --seed 5  # a new sample to label
    python bench/unattributed_claim_labels.py --draw-sentences 100
    python bench/unattributed_claim_labels.py --draw-sentences 300 --held-out --seed 9   # dev + test, never labelled
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

from copydesk import markup
from copydesk.config import Config
from copydesk.engine import analyse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attribution_polnear import CORPUS, RULE  # noqa: E402
from names_fakes import HELD_OUT, LABELS  # noqa: E402

FINDINGS = LABELS / "unattributed_claim.tsv"
SPLIT = "train"
FIELDS = ["article", "start", "end", "label", "sentence"]
# Broader than the rule's own trigger words, so recall is not measured on its own vocabulary only.
CANDIDATE = re.compile(
    r"\b(?:likely|unlikely|probably|possibly|perhaps|apparently|presumably|seemingly|supposedly|arguably|"
    r"may|might|could|would|appears?|appeared|seems?|seemed|believed|thought|considered|expected|feared|"
    r"widely|critics|analysts|experts|observers|many|some|reportedly|allegedly|suggests?|looms?|"
    r"unclear|doubts?|questionable|controversial)\b",
    re.I,
)
CONFIG = Config.from_dict({"select": [RULE]})
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")


def _text(article: str) -> str:
    """An article by name, from whichever split holds it (held-out sets come from dev and test)."""
    path = next((p for p in (CORPUS / split / "text" / f"{article}.txt" for split in (SPLIT, "dev", "test")) if p.exists()))
    return path.read_text(encoding="utf-8")


def _sentence(text: str, start: int) -> tuple[int, int]:
    """The sentence around a file offset (a cheap split: for display and matching only)."""
    for para in markup.paragraphs(text):
        if para.start <= start < para.end:
            for m in _SENTENCE.finditer(para.text):
                s, e = para.span(m.span())
                if s <= start < e:
                    return s, e
    return start, start


def findings(article: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in analyse(_text(article), CONFIG).findings if f.rule == RULE]


def _articles(splits: tuple[str, ...] = (SPLIT,)) -> list[str]:
    return sorted(p.stem for split in splits for p in (CORPUS / split / "text").glob("*.txt"))


def draw_findings(n: int, seed: int = 4) -> None:
    """A sample of findings not labelled yet."""
    done = {(r["article"], r["start"]) for path in _finding_files() for r in _read(path)}
    rng = random.Random(seed)
    names = _articles()
    rng.shuffle(names)
    rows = []
    for name in names:
        text = _text(name)
        for start, end in findings(name):
            if (name, str(start)) in done:
                continue
            s, e = _sentence(text, start)
            rows.append({"article": name, "start": start, "end": end, "label": "",
                         "sentence": text[s:e].replace("\t", " ").replace("\n", " ").strip()})
        if len(rows) >= 3 * n:
            break
    _write(FINDINGS if seed == 4 else LABELS / f"unattributed_claim_seed{seed}.tsv", rng.sample(rows, min(n, len(rows))))


def draw_sentences(n: int, seed: int = 4, held_out: bool = False) -> None:
    """Candidate sentences to label; `held_out` draws them from dev and test, which no label file
    has touched, with the sentences either side for context."""
    rng = random.Random(seed)
    rows = []
    clean = lambda x: " ".join(x.split())  # noqa: E731
    for name in _articles(("dev", "test") if held_out else (SPLIT,)):
        text = _text(name)
        spans = [para.span(m.span()) for para in markup.paragraphs(text) for m in _SENTENCE.finditer(para.text)]
        for k, (s, e) in enumerate(spans):
            if CANDIDATE.search(text[s:e]) and len(text[s:e].split()) >= 5:
                row = {"article": name, "start": s, "end": e, "label": "", "sentence": clean(text[s:e])}
                if held_out:  # the sentences either side, across paragraph breaks
                    row["before"] = clean(text[slice(*spans[k - 1])]) if k else ""
                    row["after"] = clean(text[slice(*spans[k + 1])]) if k + 1 < len(spans) else ""
                rows.append(row)
    name = "unattributed_claim_recall.tsv" if seed == 4 else f"unattributed_claim_recall_seed{seed}.tsv"
    _write(HELD_OUT if held_out else LABELS / name, rng.sample(rows, min(n, len(rows))))


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(exist_ok=True)
    rows.sort(key=lambda r: (r["article"], int(r["start"])))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS + [k for k in ("before", "after") if rows and k in rows[0]], delimiter="\t")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}: fill in the label column")


def _finding_files() -> list[Path]:
    return sorted(p for p in LABELS.glob("unattributed_claim*.tsv") if p not in _sentence_files() and p != HELD_OUT)


def _sentence_files() -> list[Path]:
    """The recall sets of the train split, which fixes were tuned on (the held-out set apart)."""
    return sorted(p for p in LABELS.glob("unattributed_claim_recall*.tsv") if p != HELD_OUT)


def held_out() -> tuple[int, int, int, int]:
    """(sentences labelled, positives, positives flagged, labelled sentences flagged) on the dev and
    test set nobody tuned on."""
    if not HELD_OUT.exists():
        return 0, 0, 0, 0
    rows = [r for r in _read(HELD_OUT) if r["label"] in ("0", "1")]
    found = {a: findings(a) for a in {r["article"] for r in rows}}
    flagged = [r for r in rows if _flagged(r, found[r["article"]])]
    return len(rows), sum(r["label"] == "1" for r in rows), sum(r["label"] == "1" for r in flagged), len(flagged)


def _flagged(row: dict, spans: list[tuple[int, int]]) -> bool:
    """A finding starts inside the labelled sentence."""
    return any(int(row["start"]) <= s < int(row["end"]) for s, _ in spans)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def evaluate(sample: str | None = None) -> dict[str, float]:
    """Figures over every label file, or only those whose name ends with `sample` ("seed8")."""
    cache: dict[str, list[tuple[int, int]]] = {}

    def found(article):
        if article not in cache:
            cache[article] = findings(article)
        return cache[article]

    samples = {}
    for path in _finding_files():
        if sample and not path.stem.endswith(sample):
            continue
        labelled = [r for r in _read(path) if r["label"] in ("0", "1")]
        still = [r for r in labelled if (int(r["start"]), int(r["end"])) in found(r["article"])]
        samples[path.name] = (len(labelled), len(still), sum(r["label"] == "1" for r in still))
    labelled_n, still_n, correct = (sum(v[i] for v in samples.values()) for i in range(3))
    recall_samples = {}
    for path in _sentence_files():
        if sample and not path.stem.endswith(sample):
            continue
        rows = _read(path)
        pos = [r for r in rows if r["label"] == "1"]
        hits = sum(_flagged(r, found(r["article"])) for r in pos)
        recall_samples[path.name] = (len(rows), len(pos), hits)
    labelled_sentences, positives, hit = (sum(v[i] for v in recall_samples.values()) for i in range(3))
    words = sum(len(_text(a).split()) for a in cache)
    total = sum(len(v) for v in cache.values())
    return {
        "samples": samples, "labelled_findings": labelled_n, "still_found": still_n, "correct": correct,
        "precision": correct / still_n if still_n else 0.0,
        "recall_samples": recall_samples, "labelled_sentences": labelled_sentences, "positives": positives,
        "positives_flagged": hit, "recall": hit / positives if positives else 0.0,
        "articles": len(cache), "words": words, "findings": total,
        "per_1000_words": 1000 * total / words if words else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draw-findings", type=int, metavar="N")
    ap.add_argument("--draw-sentences", type=int, metavar="N")
    ap.add_argument("--seed", type=int, default=4, help="sample seed; other than 4 writes a new findings file")
    ap.add_argument("--held-out", action="store_true", help="with --draw-sentences: from the dev and test splits")
    args = ap.parse_args()
    if args.draw_findings:
        draw_findings(args.draw_findings, args.seed)
    if args.draw_sentences:
        draw_sentences(args.draw_sentences, args.seed, args.held_out)
    if args.draw_findings or args.draw_sentences:
        return
    r = evaluate()
    print(f"{RULE} on PolNeAR {SPLIT}, hand labels in {LABELS.relative_to(Path.cwd()) if LABELS.is_relative_to(Path.cwd()) else LABELS}")
    print(f"  precision {r['precision']:.3f}: {r['correct']} of {r['still_found']} labelled findings correct "
          f"({r['labelled_findings']} labelled, {r['labelled_findings'] - r['still_found']} no longer found)")
    for name, (labelled, still, correct) in r["samples"].items():
        print(f"    {name}: {correct} of {still} correct ({labelled} labelled)")
    print(f"  recall {r['recall']:.3f}: {r['positives_flagged']} of {r['positives']} hand-labelled positives flagged "
          f"({r['labelled_sentences']} candidate sentences labelled)")
    for name, (labelled, pos, hits) in r["recall_samples"].items():
        print(f"    {name}: {hits} of {pos} positives flagged ({labelled} labelled)")
    labelled, pos, hits, flagged = held_out()
    if pos:
        print(f"  held-out recall {hits / pos:.3f}: {hits} of {pos} positives flagged ({labelled} sentences of "
              f"PolNeAR dev and test labelled blind: {HELD_OUT.name}); {hits} of the {flagged} flags on them right")
    print(f"  {r['findings']} findings in {r['articles']} articles, {r['words']:,} words: "
          f"{r['per_1000_words']:.2f} per 1,000 words")


if __name__ == "__main__":
    main()
