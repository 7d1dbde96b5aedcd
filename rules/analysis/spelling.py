"""British and American spellings of one word (rules/data/spelling.tsv, built from SCOWL and breame
by bench/spelling_pairs.py), and where each paragraph uses one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from copydesk.rules.caches import by_args


@dataclass(frozen=True)
class Pair:
    british: str
    american: str
    british_only: bool  # the British form is no accepted American spelling (colour, defence)
    american_only: bool  # the American form is no accepted British one (color, defense)
    oxford: bool  # Oxford's -ize British takes the American form (organization)


@dataclass(frozen=True)
class Use:
    start: int  # in the paragraph's text
    end: int
    word: str  # as written
    pair: Pair
    british: bool  # the word is the pair's British form

    @property
    def variety(self) -> str | None:
        """'british' or 'american' where only that variety spells it so; 'ize' for an American
        form Oxford British shares; None for a form both accept (program, judgment in Britain)."""
        if self.british:
            return "british" if self.pair.british_only else None
        if not self.pair.american_only:
            return None
        return "ize" if self.pair.oxford else "american"

    @property
    def other(self) -> str:
        """The word in the other variety, with its capital kept."""
        other = self.pair.american if self.british else self.pair.british
        return other[0].upper() + other[1:] if self.word[0].isupper() else other


@lru_cache(maxsize=1)
def pairs() -> dict[str, tuple[Pair, bool]]:
    """Each spelling in the table, with its pair and whether it is the British form."""
    from importlib import resources

    out: dict[str, tuple[Pair, bool]] = {}
    text = resources.files("copydesk.rules").joinpath("data/spelling.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("british\t"):
            continue
        b, a, b_only, a_only, oxford = line.split("\t")
        pair = Pair(b, a, b_only == "1", a_only == "1", oxford == "1")
        out[b], out[a] = (pair, True), (pair, False)
    return out


_WORD = re.compile(r"(?<![\w@#/.'’-])[A-Za-z][a-z]+(?![\w@/'’-]|\.\w)")
# A capitalised word after a word or a comma is part of a name (World Trade Center, Labour Party,
# Department of Defense), as is one before another capitalised word at a sentence's start.
_NAME_BEFORE = re.compile(r"(?:[\w,;:)]|[A-Z][\w.]*\s+of|[A-Z][\w.]*\s+(?:and|for|de))\s+$")
_NAME_AFTER = re.compile(r"\s+(?:of\s+)?[A-Z]")


@by_args("spelling.uses")
def uses(text: str) -> tuple[Use, ...]:
    """The words of a paragraph that the table spells two ways, outside names. Quotations are read
    too: a house spells the words it quotes its own way (the BBC writes a Texan's "defence")."""
    table = pairs()
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        hit = table.get(word.lower())
        if hit is None or re.match(r"\s*[(\[]sic[)\]]", text[m.end() :]):
            continue  # "maneuvers (sic)": quoted as written, on purpose
        if word[0].isupper():
            if word[1:].lower() != word[1:]:
                continue
            before = text[max(0, m.start() - 40) : m.start()]
            if _NAME_BEFORE.search(before) or _NAME_AFTER.match(text, m.end()):
                continue  # World Trade Center, Labour Party, "Defence Secretary Ben Wallace"
        pair, british = hit
        out.append(Use(m.start(), m.end(), word, pair, british))
    return tuple(out)
