"""Numbers in words and figures: one to ninety-nine both ways, and the counts a story gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.rules.caches import by_args

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def spelled(n: int) -> str:
    """0 to 99 in words, AP's way: 'five', 'twenty-one'."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


#: Words for numbers to ninety-nine, as a story may write them ("twenty-one", "a dozen").
WORDS: dict[str, int] = {spelled(n): n for n in range(100)} | {"a dozen": 12, "dozen": 12}


def value(word: str) -> int | None:
    """A count written in figures or in words, else None: '12' → 12, 'Twelve' → 12, '1,200' → 1200."""
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return WORDS.get(w.replace(" ", "-").replace("–", "-"))


_N = r"(?P<n>\d{1,3}(?:,\d{3})*|" + "|".join(sorted((w for w in WORDS if " " not in w), key=len, reverse=True)) + r")"
_QUALIFIER = (r"(?P<q>(?:at least|more than|over|nearly|almost|about|around|some|up to|roughly|approximately|"
              r"fewer than|less than|as many as|another|other|an additional|a further|a total of|total of|"
              r"the first|the last|only|all)\s+)?")
_WHO = (r"(?P<who>people|persons|civilians|children|kids|women|men|soldiers|troops|fighters|militants|rebels|"
        r"policemen|police officers|officers|members|workers|migrants|refugees|students|passengers|protesters|"
        r"demonstrators|insurgents|jihadists|gunmen|pilgrims|worshippers|tourists|villagers|residents|"
        r"patients|prisoners|inmates|hostages|miners|sailors|marines|guards)")
_DEAD = r"(?:killed|dead|died|deaths|killing|kill|kills|lives)"
_HURT = r"(?:wounded|injured|hurt|injuring|wounding)"
_COUNTS = [
    # killed 12 people, killing 12, kill 12 in Idlib, wounded 30 others
    re.compile(rf"\b(?P<verb>killed|killing|kills|kill|left|claimed|wounded|wounding|wounds|injured|injuring|injures)\s+{_QUALIFIER}{_N}"
               rf"(?:\s+(?:(?P<more>other|more)\s+|[a-z]+-?[a-z]*\s+)?{_WHO})?(?![\w-])"
               # "killed 58 others injured": a feed that lost its commas; the number is the wounded's
               rf"(?!\s+(?:others?\s+|people\s+|persons\s+)?(?:were\s+)?(?:injured|wounded|hurt)\b)", re.I),
    # 12 people were killed, 14 dead, 12 civilians died, 30 injured
    re.compile(rf"(?<![\w$£€.,-]){_QUALIFIER}{_N}\s+(?:(?P<more>other|more)\s+)?(?:(?:[a-z]+\s+)?{_WHO}\s+)?"
               rf"(?:(?:were|have been|had been|was|are|being)\s+)?(?P<what>{_DEAD}|{_HURT})\b", re.I),
    # the death toll rose to 14, a death toll of 12
    re.compile(rf"\bdeath toll\s+(?:(?:has|had)\s+)?(?:rose to|risen to|climbed to|reached|stood at|stands at|"
               rf"is|was|of|at|to)\s+{_QUALIFIER}{_N}(?![\w-])", re.I),
]


@dataclass(frozen=True)
class Count:
    start: int  # the number's span in the paragraph's text
    end: int
    n: int
    what: str  # "dead" or "hurt"
    who: str  # "people", "civilians", ...
    qualified: bool  # "at least 12", "another 3": not a total to hold the story to
    definite: bool  # "the 14 dead": a toll the story has given before


@by_args("numbers.counts")
def counts(text: str) -> tuple[Count, ...]:
    """The dead and wounded a paragraph counts: "killed 12 people", "the 14 dead", "30 injured"."""
    out: dict[int, Count] = {}
    for i, pattern in enumerate(_COUNTS):
        for m in pattern.finditer(text):
            n = value(m.group("n"))
            if n is None or n == 0:
                continue
            if i == 0:
                what = "hurt" if re.match(r"wound|injur", m.group("verb"), re.I) else "dead"
            elif i == 1:
                what = "hurt" if re.match(_HURT, m.group("what"), re.I) else "dead"
            else:
                what = "dead"
            who = (m.groupdict().get("who") or "").lower()
            if not who:
                after = text[m.end() : m.end() + 20]
                if re.match(r"\s+(?:[A-Z]|[a-z]+\s+(?:and|of)\b|(?!in\b|on\b|at\b|near\b|as\b|when\b|after\b|and\b|"
                            r"including\b|were\b|have\b|had\b|are\b|was\b)[a-z]{3,})", after) and i == 0:
                    continue  # "killed 12 Red Crescent volunteers": a count of something the list does not know
                who = "people"
            who = {"persons": "people", "kids": "children"}.get(who, who)
            qualified = bool(m.group("q") or m.groupdict().get("more")) or i == 2 and re.search(r"rose|risen|climbed|reached", m.group(), re.I) is not None
            definite = i == 1 and re.search(r"\bthe\s+$", text[max(0, m.start() - 5) : m.start()], re.I) is not None
            out.setdefault(m.start("n"), Count(m.start("n"), m.end("n"), n, what, who, qualified, definite))
    return tuple(sorted(out.values(), key=lambda c: c.start))
