"""truncated-attribution, title-without-name and acronym-before-definition against PolNeAR.

Prints:
- false alarms: titles in all 1,008 articles (every abbreviation, and those before a capitalised
  word, i.e. before a name), truncated-attribution and title-without-name findings, and findings
  per 1,000 titles; with --show, every finding in context, to be read by eye;
- recall on injected cuts: attributions with a title and a name (`said Sen. Ted Cruz`,
  `Rep. Marsh said`) have the name cut out in several ways (end of sentence, end of paragraph,
  before a comma, before a lower-case word, end of a quote, end of the file) and the share of cuts
  the rule reports on the title is printed per way;
- title-without-name and acronym-before-definition findings per 1,000 words on one split (test
  by default), with --show-others to read them by eye.

    python bench/truncated_attribution.py [--show] [--show-others] [--show-misses [WAY]] [--limit N] [--split test|dev|train]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from copydesk.config import Config
from copydesk.engine import lint
from copydesk.rules.analysis.titles import TITLE

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear"
RULE = "truncated-attribution"
OTHERS = ("title-without-name", "acronym-before-definition")

# A title and the name after it: capitalised words, initials and particles.
_NAME = r"(?:[A-Z][\w'’.-]*|de|la|van|von|al|bin)(?:[ ](?:[A-Z][\w'’.-]*|de|la|van|von|al|bin))*"
_SAY = r"(?:said|says|told|added|asked|wrote)"
# `said Sen. Ted Cruz` or `Sen. Ted Cruz said`/`Sen. Ted Cruz, R-Texas, said`.
_ATTRIBUTION = re.compile(
    rf"\b{_SAY} (?P<t>{TITLE.pattern}) (?P<name>{_NAME})"
    rf"|(?<![\w.])(?P<t2>{TITLE.pattern}) (?P<name2>{_NAME})(?=(?:, [^,.]{{1,40}},)? {_SAY}\b)"
)
_BEFORE_NAME = re.compile(rf"{TITLE.pattern}(?= [A-Z])")


def articles(split: str = "*", limit: int | None = None) -> list[Path]:
    return sorted(CORPUS.glob(f"{split}/text/*.txt"))[:limit]


def findings(text: str, rule: str):
    return [f for f in lint(text, Config.from_dict({"select": [rule]})) if f.rule == rule]


def count_false_alarms(paths: list[Path]) -> tuple[int, int, list]:
    """(titles, titles before a capitalised word, [(path, text, finding)]) for truncated-attribution,
    with title-without-name's findings on the same articles after them in the list."""
    titles = before_name = 0
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        titles += len(TITLE.findall(text))
        before_name += len(_BEFORE_NAME.findall(text))
        found += [(path, text, f) for f in lint(text, Config.from_dict({"select": [RULE, OTHERS[0]]}))]
    found.sort(key=lambda item: item[2].rule != RULE)
    return titles, before_name, found


def false_alarms(paths: list[Path], show: bool) -> None:
    t0 = time.perf_counter()
    titles, before_name, found = count_false_alarms(paths)
    took = time.perf_counter() - t0
    print(f"articles: {len(paths)}  titles: {titles}  before a capitalised word (a name): {before_name}")
    for rule in (RULE, OTHERS[0]):
        n = sum(f.rule == rule for _, _, f in found)
        print(f"{rule} findings: {n}  per 1,000 titles: {1000 * n / max(titles, 1):.2f}")
    print(f"  ({took:.1f} s for both)")
    if show:
        for path, text, f in found:
            context = text[max(0, f.start - 90) : f.end + 60].replace("\n", "⏎")
            print(f"  {path.parent.parent.name}/{path.name}:{f.start}: {f.rule}: {f.message}\n      …{context}…")


def cuts(text: str) -> list[tuple[str, str, int]]:
    """(way, cut text, offset of the title) for every attribution with a title and a name."""
    out = []
    for m in _ATTRIBUTION.finditer(text):
        t, name = ("t", "name") if m.group("t") else ("t2", "name2")
        title_start, title_end = m.span(t)
        name_end = m.end(name)
        before, rest = text[:title_end], text[name_end:]
        para_end = text.find("\n", name_end)
        para_end = len(text) if para_end < 0 else para_end
        sentence = _sentence_end(text[name_end:para_end])
        nxt = text[para_end:].lstrip("\n")
        ways = {
            "end of file": before,
            "end of paragraph": before + "\n\n" + nxt if nxt else None,
            # The name and the rest of its sentence lost: the title runs into the next sentence.
            "end of sentence": before + " " + text[name_end + sentence.end() :] if sentence else None,
            "before a comma": before + (rest if rest.startswith(",") else "," + rest),
            "before a lower-case word": before + (rest if re.match(r" [a-z]", rest) else " on Tuesday" + rest),
            # A quote that closes on the title: `She recalled, "I talked to Sen." The …`
            "end of quote": text[:title_start] + 'she recalled, "I talked to ' + m.group(t) + '" ' + rest.lstrip(" ,."),
            # What the name left behind: `said Sen. (D-Pa.)`, a number, a quote opening after it.
            "before a party tag": before + " (D-Pa.)" + rest,
            "before a number": before + " 12" + (rest if re.match(r" [a-z]", rest) else " soldiers were hurt" + rest),
            "before a quote mark": before + ' "It is a day of mourning," he added' + rest,
        }
        # After a determiner the title may stand for the office ("the Sen. said"), but not before
        # a new sentence or a comma: `led by the Rev. The meeting…`, `the state's GOP Sen., who…`.
        lead = text[:title_start] + "the state's GOP "
        if sentence:
            way = "after a determiner, end of sentence"
            if _proper(text, text[name_end + sentence.end() :].split(" ", 1)[0]):
                way += ", before a name"  # as above: ambiguous, counted apart
            ways[way] = (lead + m.group(t) + " " + text[name_end + sentence.end() :], len("the state's GOP "))
        ways["after a determiner, before a comma"] = (lead + m.group(t) + ", who" + rest, len("the state's GOP "))
        if sentence and _proper(text, text[name_end + sentence.end() :].split(" ", 1)[0]):
            # "said Sen. Clinton also spoke": the next sentence opens on a name, and the cut
            # reads as a title before it; counted apart.
            ways["end of sentence, before a name"] = ways.pop("end of sentence")
        for way, cut in ways.items():
            shift = len('she recalled, "I talked to ') if way == "end of quote" else 0
            if isinstance(cut, tuple):
                cut, shift = cut
            if cut is not None:
                out.append((way, cut, title_start + shift))
    return out


def _sentence_end(text: str) -> re.Match | None:
    """Where the sentence ends: not after an abbreviation ("in Ft. Worth, Texas", "Sen. Ted")."""
    for m in _END.finditer(text):
        if not _ABBREVIATION.search(text, 0, m.start() + 1):
            return m
    return None


_END = re.compile(r"[.!?][\"”’]*\s+(?=[\"“]?[A-Z])")
_ABBREVIATION = re.compile(rf"(?:(?<![\w.])(?:{TITLE.pattern})|\b[A-Z][a-z]?)\.$")


def _proper(text: str, word: str) -> bool:
    """Is `word` a proper name: capitalised after a lower-case word or a title in this story
    ("said Rhodes", "Mr. Rhodes"), or after a title anywhere in the corpus ("Jeb" of
    "Gov. Jeb Bush", where this story has "Jeb" only at the start of a sentence)?"""
    word = re.sub(r"['’]s$", "", word.strip(",.;:'’\"”"))
    return bool(word[:1].isupper() and (
        re.search(rf"(?:[a-z,]|{TITLE.pattern}) {re.escape(word)}\b", text) or word in _titled()))


@lru_cache(maxsize=1)
def _titled() -> frozenset[str]:
    """Every word after a title in the corpus: all names, as the rule finds no cut there."""
    after = re.compile(rf"(?<![\w.])(?:{TITLE.pattern}) ([A-Z][\w'’-]*)")
    return frozenset(w for path in articles("*") for w in after.findall(path.read_text(encoding="utf-8")))


def count_recall(paths: list[Path], missed: list | None = None) -> tuple[Counter, Counter, Counter]:
    """Per way of cutting: cuts tried, found by truncated-attribution, found by title-without-name;
    each cut neither rule reports is appended to `missed` as (path, way, cut text, offset)."""
    tried, hit, noun = Counter(), Counter(), Counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for way, cut, offset in cuts(text):
            tried[way] += 1
            # The whole story is linted: whether a capitalised word after a title is a name is
            # read from the rest of it. Its unchanged paragraphs come from the parse cache.
            if any(f.start == offset for f in findings(cut, RULE)):
                hit[way] += 1
            elif any(f.start == offset for f in findings(cut, OTHERS[0])):
                noun[way] += 1  # "spokesman the Rev." cut: reported as a title without a name
            elif missed is not None:
                missed.append((path, way, cut, offset))
    return tried, hit, noun


def recall(paths: list[Path], show: str | None) -> None:
    missed: list = []
    tried, hit, noun = count_recall(paths, missed)
    total = sum(tried.values())
    print(f"recall on injected cuts: {sum(hit.values())}/{total} = {sum(hit.values()) / max(total, 1):.1%}"
          f" (plus {sum(noun.values())} reported by {OTHERS[0]} because a determiner precedes the title)")
    for way in tried:
        print(f"  {way:32} {hit[way]:4}/{tried[way]:<4} {hit[way] / tried[way]:6.1%}  (+{noun[way]} {OTHERS[0]})")
    for path, way, cut, at in missed:
        if show is not None and (show == "all" or way == show):
            context = cut[max(0, at - 60) : at + 80].replace("\n", "⏎")
            print(f"  missed {path.parent.parent.name}/{path.name} [{way}]: …{context}…")


def count_others(paths: list[Path]) -> tuple[int, dict[str, list]]:
    """(words, {rule: [(path, text, finding)]}) for title-without-name and acronym-before-definition."""
    words = 0
    found: dict[str, list] = {r: [] for r in OTHERS}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for f in lint(text, Config.from_dict({"select": list(OTHERS)})):
            found[f.rule].append((path, text, f))
    return words, found


def others(paths: list[Path], show: bool) -> None:
    words, found = count_others(paths)
    for rule in OTHERS:
        n = len(found[rule])
        print(f"{rule}: {n} findings in {words} words = {1000 * n / words:.2f} per 1,000 words ({len(paths)} articles)")
        if show:
            for path, text, f in found[rule]:
                context = text[max(0, f.start - 70) : f.end + 50].replace("\n", "⏎")
                print(f"  {path.name}:{f.start}: {f.message}\n      …{context}…")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="print every truncated-attribution finding")
    ap.add_argument("--show-others", action="store_true", help="print the other two rules' findings")
    ap.add_argument("--show-misses", nargs="?", const="all", metavar="WAY",
                    help="print every injected cut neither rule reports (or only those of one way)")
    ap.add_argument("--limit", type=int, help="only the first N articles of each part")
    ap.add_argument("--split", default="test", help="the PolNeAR split for the per-1,000-words figures")
    args = ap.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"PolNeAR not found at {CORPUS}")
    every = articles("*", args.limit)
    false_alarms(every, args.show)
    recall(every, args.show_misses)
    others(articles(args.split, args.limit), args.show_others)


if __name__ == "__main__":
    main()
