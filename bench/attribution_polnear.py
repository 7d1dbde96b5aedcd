"""The attribution model and unattributed-claim against PolNeAR (../shared/corpora/polnear).

Prints, for one split:
- cue and source recall/precision of the attribution model, as `copydesk sources` lists it (less
  the second-hand attributions, whose words PolNeAR gives to the outer one), against the BRAT
  `Cue`/`Source` spans (a span matches when it overlaps a gold span; "exact" also requires the same
  boundaries, ignoring surrounding quotes and punctuation); bench/score_sources.py gets the same
  figures from the command's JSON;
- suppression: of the sentences with a hedge word inside an annotated `Content` span whose
  attribution has a `Source`, the share that unattributed-claim leaves alone (also printed for
  every `Content` span, sourced or not: PolNeAR also annotates sourceless cues such as "is
  expected" and "seems", which the rule exists to flag);
- unattributed-claim findings per 1,000 words.

    python bench/attribution_polnear.py [--split dev|test] [--limit N] [--model NAME_OR_PATH]
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

from copydesk import markup
from copydesk.config import Config
from copydesk.engine import analyse
from copydesk.sources import sources

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"
RULE = "unattributed-claim"
# Hedge words for the suppression figure: the speculative vocabulary the rule reacts to.
HEDGE = re.compile(
    r"\b(?:likely|unlikely|probably|possibly|perhaps|apparently|presumably|seemingly|may|might|could|"
    r"appears?|appeared|seems?|seemed|believed|considered|expected|thought)\b",
    re.I,
)


@dataclass
class Article:
    name: str
    text: str
    spans: dict[str, list[tuple[int, int]]]  # Cue / Source / Content / Sourced (Content with a Source)


def articles(split: str = "dev", limit: int | None = None, root: Path = CORPUS) -> list[Article]:
    """The split's articles with the first annotator's spans (some articles have two)."""
    out = []
    for txt in sorted((root / split / "text").glob("*.txt"))[:limit]:
        anns = sorted((root / split / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        spans: dict[str, list[tuple[int, int]]] = {"Cue": [], "Source": [], "Content": [], "Sourced": []}
        ids: dict[str, tuple[int, int]] = {}
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            if line.startswith("E"):  # "Attribution:T4 Content:T3 Cue:T2 Source:T1"
                roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
                if "Source" in roles and roles.get("Content") in ids:
                    spans["Sourced"].append(ids[roles["Content"]])
                continue
            label, _, ranges = parts[1].partition(" ")
            if line.startswith("T") and label in spans:
                bounds = [tuple(map(int, r.split())) for r in ranges.split(";")]
                ids[parts[0]] = (min(b[0] for b in bounds), max(b[1] for b in bounds))
                spans[label].append(ids[parts[0]])
        out.append(Article(txt.stem, txt.read_text(encoding="utf-8"), spans))
    return out


def predicted(article: Article, config: Config | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The model's cue and source spans (file offsets) over the article, as `copydesk sources`
    lists them."""
    found, _, _ = sources(article.text, config)
    found = [s for s in found if not s["second_hand"]]  # PolNeAR gives those words to the outer source
    cues = [(s["cue"]["start"], s["cue"]["end"]) for s in found]
    return cues, [(s["source"]["start"], s["source"]["end"]) for s in found if s["source"]]


def _overlaps(span, others) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


_TRIM = " \t\n\"“”'‘’,.:;"


def _exact(span, others, text) -> bool:
    def norm(s):
        a, b = s
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        return a, b

    return norm(span) in {norm(o) for o in others}


def score(pred, gold, text, exact=False) -> tuple[int, int, int, int]:
    """(matched predictions, predictions, matched gold, gold)."""
    hit = (lambda s, o: _exact(s, o, text)) if exact else _overlaps
    return (sum(hit(p, gold) for p in pred), len(pred), sum(hit(g, pred) for g in gold), len(gold))


def hedged_in_content(article: Article, kind: str = "Sourced") -> list[tuple[int, int]]:
    """Sentences (file offsets) with a hedge word inside an annotated Content span (of an
    attribution with a Source, by default)."""
    out = []
    for para in markup.paragraphs(article.text):
        for m in re.finditer(r"[^.!?]+[.!?]*", para.text):
            for h in HEDGE.finditer(m.group()):
                start, end = para.span((m.start() + h.start(), m.start() + h.end()))
                if any(s <= start and end <= e for s, e in article.spans[kind]):
                    out.append(para.span(m.span()))
                    break
    return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(split: str = "dev", limit: int | None = None, model: str | None = None) -> dict[str, float]:
    arts = articles(split, limit)
    totals = {k: [0, 0, 0, 0] for k in ("cue", "source", "cue_exact", "source_exact")}
    hedged = left_alone = findings = words = hedged_any = left_alone_any = weasel = 0
    config = Config.from_dict({"select": [RULE], **({"model": model} if model else {})})
    t0 = time.perf_counter()
    for art in arts:
        cues, sources = predicted(art, config)
        for key, pred, gold, exact in (
            ("cue", cues, art.spans["Cue"], False), ("source", sources, art.spans["Source"], False),
            ("cue_exact", cues, art.spans["Cue"], True), ("source_exact", sources, art.spans["Source"], True),
        ):
            totals[key] = [a + b for a, b in zip(totals[key], score(pred, gold, art.text, exact))]
        found = [f for f in analyse(art.text, config).findings if f.rule == RULE]
        flagged = [(f.start, f.end) for f in found]
        vague = [(f.start, f.end) for f in found if f.message.startswith("Vague source")]
        findings += len(flagged)
        words += len(art.text.split())
        for sent in hedged_in_content(art):
            hedged += 1
            left_alone += not _overlaps(sent, flagged)
            # flagged for naming nobody ("critics say"), which the rule is for, not for the hedge
            weasel += _overlaps(sent, vague) and not _overlaps(sent, [f for f in flagged if f not in vague])
        for sent in hedged_in_content(art, "Content"):
            hedged_any += 1
            left_alone_any += not _overlaps(sent, flagged)
    out: dict[str, float] = {"articles": len(arts), "words": words, "seconds": time.perf_counter() - t0}
    for key, (mp, p, mg, g) in totals.items():
        precision, recall = _ratio(mp, p), _ratio(mg, g)
        out.update({f"{key}_precision": precision, f"{key}_recall": recall, f"{key}_f1": _f1(precision, recall),
                    f"{key}_predicted": p, f"{key}_gold": g})
    out.update(hedged=hedged, suppression=_ratio(left_alone, hedged), findings=findings,
               weasel=weasel, hedged_any=hedged_any, suppression_any=_ratio(left_alone_any, hedged_any),
               per_1000_words=1000 * _ratio(findings, words))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--model", default=None, help="a spaCy English pipeline (name or path) instead of the default")
    args = ap.parse_args()
    r = evaluate(args.split, args.limit, args.model)
    print(f"PolNeAR {args.split}: {r['articles']} articles, {r['words']:,} words, {r['seconds']:.1f} s")
    for key in ("cue", "source", "cue_exact", "source_exact"):
        print(f"  {key:<13} precision {r[key + '_precision']:.3f}  recall {r[key + '_recall']:.3f}  "
              f"F1 {r[key + '_f1']:.3f}  (predicted {r[key + '_predicted']}, gold {r[key + '_gold']})")
    print(f"  suppression: {r['suppression']:.3f} of {r['hedged']} hedged sentences inside the Content of an "
          f"annotated attribution with a Source left alone by {RULE}")
    print(f"    ({r['weasel']} of the {r['hedged'] - round(r['suppression'] * r['hedged'])} flagged are flagged "
          "for a vague source such as 'critics say', not for the hedge)")
    print(f"    (any annotated Content, with or without a Source: {r['suppression_any']:.3f} of {r['hedged_any']})")
    print(f"  {RULE}: {r['findings']} findings, {r['per_1000_words']:.2f} per 1,000 words")


if __name__ == "__main__":
    main()
