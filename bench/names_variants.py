"""inconsistent-spelling recall on one-letter misspellings of the places FA-KES names most.

The 30 places most often named in FA-KES (spaCy's GPE and LOC entities, counted over the whole
corpus) each get every variant of two kinds: one vowel changed to another (Aleppo → Alippo) and one
consonant doubled or undoubled (Daraa → Darraa, Raqqa → Raqa). Each variant replaces one later
mention of the place in a real article that names it at least twice (the first mention stays, as
a reporter's slip would leave it), and the rule must flag the variant. False alarms are measured
by bench/names_fakes.py on the articles as they are.

    python bench/names_variants.py [--places 30] [--articles 5] [--seed 3]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from names_fakes import articles  # noqa: E402

from copydesk.config import Config  # noqa: E402
from copydesk.engine import lint  # noqa: E402
from copydesk.nlp import pipeline  # noqa: E402

VOWELS = "aeiou"
CONFIG = Config.from_dict({"select": ["inconsistent-spelling"]})


def places(texts: list[str], n: int) -> list[str]:
    nlp = pipeline()
    counts: Counter = Counter()
    for doc in nlp.parse(texts, nlp.components({"ner"})):
        counts.update(e.text for e in doc.ents if e.label_ in ("GPE", "LOC") and re.fullmatch(r"[A-Z][a-z]{3,}", e.text))
    # Countries and regions are not what a transliteration slip hits; a newsroom's copy desk does
    # not misspell "Syria". Keep the towns and provinces.
    skip = {"Syria", "Russia", "Turkey", "Iran", "Iraq", "Israel", "Lebanon", "Jordan", "Europe", "America",
            "Washington", "Moscow", "Geneva", "Britain", "France", "Germany", "Qatar", "Egypt", "Saudi"}
    return [p for p, _ in counts.most_common() if p not in skip][:n]


def variants(name: str) -> list[tuple[str, str]]:
    out = []
    for i, c in enumerate(name):
        if i == 0:
            continue
        if c in VOWELS:
            out += [("vowel", name[:i] + v + name[i + 1 :]) for v in VOWELS if v != c]
        elif c.isalpha():
            if i + 1 < len(name) and name[i + 1] == c:
                out.append(("doubling", name[:i] + name[i + 1 :]))
            elif name[i - 1] != c:
                out.append(("doubling", name[:i] + c + name[i:]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", type=int, default=30)
    ap.add_argument("--articles", type=int, default=5, help="articles per place")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = articles()
    started = time.perf_counter()
    top = places(texts, args.places)
    tried, hit = Counter(), Counter()
    missed = defaultdict(list)
    for name in top:
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        hosts = [t for t in texts if len(pattern.findall(t)) >= 2]
        for kind, variant in variants(name):
            for text in rng.sample(hosts, min(args.articles, len(hosts))):
                later = list(pattern.finditer(text))[1:]
                m = rng.choice(later)
                copy = text[: m.start()] + variant + text[m.end() :]
                tried[kind] += 1
                if any(f.start <= m.start() < f.end for f in lint(copy, CONFIG)):
                    hit[kind] += 1
                else:
                    missed[kind].append(f"{name}→{variant}")
    took = time.perf_counter() - started
    print(f"places: {', '.join(top)}")
    for kind in tried:
        print(f"  {kind:9} {hit[kind]:5}/{tried[kind]:<5} = {hit[kind] / tried[kind]:.3f}")
        print(f"    missed, e.g.: {', '.join(sorted(set(missed[kind]))[:15])}")
    total = sum(tried.values())
    print(f"  all       {sum(hit.values()):5}/{total:<5} = {sum(hit.values()) / total:.3f}   ({took:.0f} s)")


if __name__ == "__main__":
    main()
