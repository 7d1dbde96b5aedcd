"""gazetteer.toml: the spellings of one name across the whole archive, as ready-to-paste
`[gazetteer]` entries. It reads names as the `inconsistent-spelling` rule does (its mentions, keys,
clusters and entity checks), but counts them over every story rather than within one.

Two passes. While they lint, the workers count each story's names (whole runs of capitalised words,
a cheap pass with no NLP). The command then groups the archive's spellings that fold to one name;
only those are checked by spaCy's entity recogniser, in a second pass that parses a bounded sample
of the paragraphs holding them (SAMPLE mentions per spelling), so that Read/Reid or Tuesdays/
Thursdays, which fold alike, are dropped as not names, and Syrians is dropped as a nationality."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from copydesk.rules.analysis import gazetteer as house
from copydesk.rules.analysis.folding import key, strip_articles, words
from copydesk.rules.names.inconsistent_spelling import (
    _DERIVED,
    _ORDINARY,
    _second_reference,
    InconsistentSpelling,
    clusters,
    mentions,
    nationality,
    settled,
)

#: Mentions of each spelling that the second pass parses, at most.
SAMPLE = 12
#: A spelling must occur this often in the archive to be counted at all.
MIN_MENTIONS = 2
_GAZETTEER_KINDS = {"place": "place", "person": "person", "org": "org"}


def spellings(paragraphs: list[str]) -> dict[str, tuple[int, int]]:
    """A story's names: each whole run of capitalised words, as spelled, with its count and, for
    a one-word name, how often the story also writes it in lower case (sarin beside Sarin: a word,
    not a name)."""
    found = Counter(m.text for m in mentions(paragraphs) if m.whole)
    lower = Counter(w for p in paragraphs for w in _LOWER.findall(p))
    return {s: (n, lower[s.lower()] if " " not in s else 0) for s, n in found.items()}


_LOWER = re.compile(r"\b[a-z][a-z'-]+\b")


@dataclass
class Spelling:
    forms: Counter = field(default_factory=Counter)  # as written: "Deir Ezzor", "Deir ezzor"
    mentions: int = 0
    stories: int = 0
    lower: int = 0  # the same word in lower case, in the stories that have the name
    kinds: Counter = field(default_factory=Counter)  # from the second pass: place, org, ..., none

    @property
    def text(self) -> str:
        return self.forms.most_common(1)[0][0]


class Tally:
    """The archive's spellings, by case-folded spelling, summed over the partitions."""

    def __init__(self):
        self.names: dict[str, Spelling] = {}

    def add(self, counts: dict[str, list[int]]) -> None:
        """A partition's counts: {spelling: [mentions, stories, lower-case uses]}."""
        for form, (n, stories, lower) in counts.items():
            s = self.names.setdefault(form.casefold(), Spelling())
            s.forms[form] += n
            s.mentions += n
            s.stories += stories
            s.lower += lower

    def candidates(self, gaz: house.Gazetteer) -> set[str]:
        """Case-folded spellings that fold together with another one: those the second pass checks."""
        return {s.casefold() for group in clusters(self._spellings(gaz), gaz) for s in group}

    def _spellings(self, gaz: house.Gazetteer) -> list[str]:
        names = {k: s for k, s in self.names.items()
                 if s.mentions >= MIN_MENTIONS and s.lower < s.mentions and not gaz.is_exonym(k)}
        return [s.text for k, s in names.items() if not _derived(k, names)]

    def clusters(self, gaz: house.Gazetteer) -> list["Cluster"]:
        """The confirmed groups, most mentioned first.

        Stricter than the rule within one story, where a reader meets both spellings side by side:
        across an archive two spellings are joined only when spaCy reads each of them as a name
        (in most of the mentions it checked) and recognises each as an entity at least once; when
        the kinds it settles on agree (a place and an organisation may, the NER mixes them up; a
        person and a place, or a law and a place, may not); and, for spellings whose folded keys
        differ by a letter (Halabi/Halabja), only when both kinds are settled. A name read mostly as
        a person's needs two words: one name alone does not say it is one person (Ahmad/Ahmed,
        Hass/Haas). A one-word spelling the stories also write in lower case is a word (Sarin)."""
        names = self.names
        kinds = {k: Counter({x: n for x, n in s.kinds.items() if x != "none"}) for k, s in names.items()}

        def confirmed(s: str) -> bool:
            every = names[s.casefold()].kinds
            named = sum(kinds[s.casefold()].values())
            return 2 * named > sum(every.values()) and not nationality(s, kinds[s.casefold()], gaz)

        def standing(s: str) -> bool:  # recognised as an entity somewhere, not only tagged a proper noun
            return any(k != "name" for k in kinds[s.casefold()])

        def person(s: str) -> bool:  # spaCy's most frequent reading, settled or not
            named = kinds[s.casefold()] - Counter({"name": 10**9})
            return bool(named) and named.most_common(1)[0][0] == "person"

        def allowed(a: str, b: str) -> bool:
            ka, kb = settled(kinds[a.casefold()]), settled(kinds[b.casefold()])
            if (person(a) or person(b)) and min(len(strip_articles(a).split()), len(strip_articles(b).split())) < 2:
                return False
            if key(a) != key(b) and (ka is None or kb is None):
                return False
            return standing(a) and standing(b) and (ka is None or kb is None or ka == kb or {ka, kb} <= _SAME)

        kept = [s for s in self._spellings(gaz) if gaz.entry(s) is not None or (confirmed(s) and not _dated(s))]
        out = [Cluster.of(group, names, gaz) for group in clusters(kept, gaz, allowed)]
        return sorted((c for c in out if c.variants), key=lambda c: (-c.mentions, c.preferred))


#: Kinds the entity recogniser confuses for one name, across an archive.
_SAME = frozenset({"place", "org"})
_DATES = frozenset(
    "mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec".split()
) | _ORDINARY


def _dated(spelling: str) -> bool:
    """A run that holds a day or a month ("Thu Oct" of a dateline) is a date, not a name."""
    return any(w in _DATES or w.rstrip("s") in _DATES for w in words(spelling))


def _derived(key: str, names: dict) -> bool:
    """A spelling that is another one with an ending: Syrian (Syria), Qaedas and Bashar al Assads
    (a feed that dropped the apostrophe), or Syrias Raqqa (two names run together)."""
    if key.endswith("s") and key[:-1] in names:
        return True
    first, _, rest = key.partition(" ")
    if rest and first.endswith("s") and first[:-1] in names:
        return True
    return " " not in key and any(
        key.endswith(end) and key[: -len(end)] in names for end in _DERIVED if end and 4 <= len(key) - len(end)
    )


@dataclass
class Cluster:
    preferred: str
    variants: list[str]  # most mentioned first
    counts: dict[str, int]
    stories: dict[str, int]
    bare: list[str]  # the preferred spelling without its article (al-Qaeda/Qaeda): house style, no variant
    kind: str | None
    house: str | None  # the gazetteer's preferred spelling, when it already lists this name

    @property
    def mentions(self) -> int:
        return sum(self.counts.values())

    @classmethod
    def of(cls, group: list[str], names: dict[str, Spelling], gaz: house.Gazetteer) -> "Cluster":
        order = sorted(group, key=lambda s: (-names[s.casefold()].mentions, s))
        preferred = order[0]
        kinds = Counter()
        for s in group:
            kinds.update({k: n for k, n in names[s.casefold()].kinds.items() if k not in ("none", "name")})
        kind = kinds.most_common(1)[0][0] if kinds else None
        entry = next((e for s in group if (e := gaz.entry(s)) is not None), None)
        return cls(
            preferred,
            [s for s in order[1:] if not _second_reference(s, preferred)],
            {s: names[s.casefold()].mentions for s in order},
            {s: names[s.casefold()].stories for s in order},
            [s for s in order[1:] if _second_reference(s, preferred)],
            _GAZETTEER_KINDS.get(kind or "") or (entry.kind if entry else None),
            entry.preferred if entry else None,
        )


# -- the second pass, on a worker -----------------------------------------------------------------


def evidence(stories: Iterable[tuple[list[str], str]], wanted: Counter) -> Counter:
    """What spaCy says the wanted spellings' mentions are, for up to wanted[spelling] mentions of
    each (case-folded), over the stories' (paragraphs, model name): {(spelling, kind): n}, kind as
    the rule's check gives it, "none" for no name. The chosen paragraphs are parsed in one batch."""
    from copydesk.nlp import pipeline
    from copydesk.rules.api import Paragraph

    chosen, model = [], None
    for paragraphs, model in stories:
        for m in mentions(paragraphs):
            key = m.text.casefold()
            if m.whole and wanted[key] > 0:
                wanted[key] -= 1
                chosen.append((paragraphs[m.para], m))
        if not +wanted:
            break
    out: Counter = Counter()
    if not chosen:
        return out
    nlp = pipeline(model)
    needs = nlp.components({"tagger", "ner"})
    texts = list(dict.fromkeys(text for text, _ in chosen))
    docs = dict(zip(texts, nlp.parse(texts, needs)))
    for text, m in chosen:
        para = Paragraph(start=0, end=len(text), text=text, doc=docs[text], components=needs)
        kind, _ = InconsistentSpelling.confirm(para, m)
        out[(m.text.casefold(), kind or "none")] += 1
    return out


# -- the file ---------------------------------------------------------------------------------------


def toml(found: list[Cluster], stories: int) -> str:
    """The clusters as a commented TOML file, written by tomlkit: every name is quoted and escaped as
    TOML requires, whatever characters it holds."""
    import tomlkit

    doc = tomlkit.document()
    for line in (
        f"copydesk audit: the names this archive spells more than one way, over {stories:,} stories.",
        "Each entry puts the archive's majority spelling first, with its variants and their counts",
        "(mentions in how many stories). Paste the entries you agree with into the [gazetteer] table",
        "of your .copydesk.toml: the inconsistent-spelling rule then fixes the variants in every story.",
        "A name the starter gazetteer already lists says so; an entry here replaces it when pasted.",
    ):
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    table = tomlkit.table()
    for c in found:
        def count(s: str) -> str:
            return f"{c.counts[s]:,} in {c.stories[s]:,} {'story' if c.stories[s] == 1 else 'stories'}"

        table.add(tomlkit.nl())
        read = {"place": "a place", "org": "an organisation", "person": "a person"}.get(c.kind or "")
        table.add(tomlkit.comment(f"{_shown(c.preferred)}: {count(c.preferred)}"
                                  + (f"; spaCy reads it mostly as {read}" if read else "")))
        if c.bare:
            also = ", ".join(f"{_shown(b)} ({count(b)})" for b in c.bare)
            table.add(tomlkit.comment(f"also without its article, as house style allows: {also}"))
        if c.house and c.house != c.preferred:
            table.add(tomlkit.comment(f"the starter gazetteer prefers {tomlkit.string(c.house).as_string()}"))
        variants = tomlkit.array().multiline(True)
        for v in c.variants:
            variants.add_line(v, comment=count(v))
        variants.add_line(indent="")
        table.add(c.preferred, variants)
    doc.add("gazetteer", table)
    return tomlkit.dumps(doc)


def _shown(name: str) -> str:
    """A name as a comment can hold it: TOML allows no control character there but a tab."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
