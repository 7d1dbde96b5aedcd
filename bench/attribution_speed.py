"""Time the attribution rules add to linting the PolNeAR test set (84 articles, ~63,000 words).

Each configuration runs in a fresh process (spaCy's paragraph cache would otherwise serve the
second run), with the model loaded before the clock starts:
- every rule except the attribution ones;
- every rule;
- the attribution rules alone.

It also prints the share of the words each rule's cheap prefilter (`select`) hands to spaCy: a
figure the machine's load does not move.

    python bench/attribution_speed.py [--split test] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"
OURS = ["unattributed-claim", "unnamed-speaker", "anonymous-source", "loaded-attribution-verb", "quote-without-speaker"]


def _child(split: str, select: list[str], ignore: list[str]) -> None:
    from copydesk.config import Config
    from copydesk.engine import analyse
    from copydesk.nlp import pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / split / "text").glob("*.txt"))]
    config = Config.from_dict({"select": select, "ignore": ignore})
    pipeline(config.model)  # load outside the clock
    t0 = time.perf_counter()
    findings = sum(len(analyse(t, config).findings) for t in texts)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "words": sum(len(t.split()) for t in texts), "findings": findings}))


def parse_share(split: str) -> dict[str, float]:
    """Share of the split's words in paragraphs each rule selects for NLP, and for any of them."""
    from copydesk import markup
    from copydesk.rules import registry

    stories = [markup.paragraphs(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / split / "text").glob("*.txt"))]
    rules = {name: registry()[name]() for name in OURS}
    words = {name: 0 for name in [*OURS, "any"]}
    total = 0
    for paras in stories:
        chosen = {name: rule.select(paras) for name, rule in rules.items()}
        for i, para in enumerate(paras):
            n = len(para.text.split())
            total += n
            for name in OURS:
                words[name] += n * chosen[name][i]
            words["any"] += n * any(chosen[name][i] for name in OURS)
    return {name: w / total for name, w in words.items()}


def run(split: str, select: list[str], ignore: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", split, json.dumps(select), json.dumps(ignore)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration; the fastest counts")
    args = ap.parse_args()
    configs = {"without attribution rules": (["all"], OURS), "all rules": (["all"], []), "attribution rules only": (OURS, [])}
    best = {}
    for name, (select, ignore) in configs.items():
        runs = [run(args.split, select, ignore) for _ in range(args.repeat)]
        best[name] = min(runs, key=lambda r: r["seconds"])
        r = best[name]
        print(f"{name:<26} {r['seconds']:7.1f} s  {r['words'] / r['seconds']:8,.0f} words/s  {r['findings']} findings")
    added = best["all rules"]["seconds"] - best["without attribution rules"]["seconds"]
    base = best["without attribution rules"]["seconds"]
    print(f"added by the attribution rules: {added:.1f} s on {best['all rules']['words']:,} words "
          f"({100 * added / base:.0f} % over the other rules)")
    print("share of the words each prefilter sends to the parser:")
    for name, share in parse_share(args.split).items():
        print(f"  {name:<26} {share:6.1%}")


if __name__ == "__main__":
    main()
