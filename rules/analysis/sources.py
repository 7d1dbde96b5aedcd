"""A story's sources: every attribution the attribution model reads, with who speaks (a pronoun
resolved to the last person named before it, across paragraphs), what kind of source that is,
and whether the words are quoted or paraphrased. Offsets are into the file, like findings'.

Not a rule: `copydesk sources` and the editor's outline show it; a standards desk counts it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from copydesk.rules.analysis.attribution import Attribution, continues, named_people, read
from copydesk.rules.analysis.lexicon import DOCUMENT_WORDS
from copydesk.rules.analysis.titles import TITLE

if TYPE_CHECKING:
    from copydesk.rules.api import Document, Paragraph

KINDS = ("person", "organisation", "group", "pronoun", "anonymous", "vague", "document", "unknown")
NAMED = frozenset({"person", "organisation", "document"})
#: Pronouns that stand for one person, and so can be resolved to the last person named.
PERSONAL = frozenset("he she".split())
FIRST_PERSON = frozenset("i we you".split())
QUOTE_WORDS = 4


@dataclass(frozen=True)
class Source:
    kind: str  # one of KINDS
    speaker: str | None  # the source's words, or for "he"/"she" the person they refer to; None if nobody
    quote: bool  # the words are quoted directly (else paraphrased)
    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    paragraph: int  # 0-based index of the paragraph in the story
    verb: str  # the cue's lemma, "according to" or ":"
    # Reported inside another source's words ("He reported that Russian officials said…") or
    # inside a quote: a source at second hand. PolNeAR and PARC give those words to the outer one.
    second_hand: bool = False

    @property
    def named(self) -> bool:
        return self.kind in NAMED or (self.kind == "pronoun" and self.speaker is not None)


def story_sources(doc: "Document") -> list[Source]:
    """Every attribution in the story's parsed paragraphs, in the order of the text."""
    out: list[Source] = []
    person: str | None = None  # the last person named so far
    prev: str | None = None
    for n, para in enumerate(doc.paragraphs):
        if para.doc is None or not para.has("parser"):
            person = _last(para, [], person)
            prev = para.text
            continue
        reading = read(para, continues(prev, para.text))
        # A quote of a few words inside a paraphrase ("called the attack 'unprovoked'") is still a paraphrase.
        quoted = {id(a) for n, a in reading.speakers.items() if reading.quotes[n].words >= QUOTE_WORDS}
        people = _people(para)
        for a in sorted(reading.attributions + reading.stances, key=lambda a: a.cue):
            if a.kind == "pronoun" and reading.quoted(*a.cue) and para.text[slice(*a.source)].lower() in FIRST_PERSON:
                continue  # the speaker's own words: "I am concerned that…" inside the quote
            kind, speaker = _kind(para, a), None
            if a.source is not None:
                speaker = para.text[a.source[0] : a.source[1]]
                if TITLE.fullmatch(speaker):
                    kind, speaker = "unknown", None  # `…", said Sen.`: the name was cut off
            if kind == "pronoun":
                before = [name for start, name in people if start < a.source[0]]
                resolved = before[-1] if before else person
                speaker = resolved if speaker.lower() in PERSONAL else None
            content = (min(s for s, _ in a.content), max(e for _, e in a.content)) if a.content else None
            source = a.source_phrase or a.source
            out.append(Source(
                kind=kind,
                speaker=speaker,
                quote=id(a) in quoted,
                cue=para.span(a.cue_phrase or a.cue),
                source=para.span(source) if source else None,
                content=para.span(content) if content else None,
                paragraph=n,
                verb=a.verb,
                second_hand=a.nested,
            ))
            if kind == "person":
                person = speaker
        person = _last(para, people, person)
        prev = para.text
    return out


def _kind(para: "Paragraph", a: Attribution) -> str:
    if a.kind == "none" or a.kind not in KINDS:
        return "unknown"
    if a.kind == "organisation" and a.source is not None:
        words = para.text[a.source[0] : a.source[1]].lower().split()
        if words and words[-1] in DOCUMENT_WORDS:
            return "document"
    return a.kind


def _people(para: "Paragraph") -> list[tuple[int, str]]:
    """People named in a parsed paragraph, by position: the cheap name pass and spaCy's PERSON
    entities (those with a proper noun: the small model calls some capitalised nouns people)."""
    found = {s: para.text[s:e] for s, e in named_people(para.text)}
    for ent in para.doc.ents:
        if ent.label_ == "PERSON" and any(t.pos_ == "PROPN" for t in ent):
            found.setdefault(ent.start_char, ent.text)
    return sorted(found.items())


def _last(para: "Paragraph", people: list[tuple[int, str]], person: str | None) -> str | None:
    people = people or [(s, para.text[s:e]) for s, e in named_people(para.text)]
    return people[-1][1] if people else person


def summary(sources: list[Source]) -> dict[str, int]:
    """Counts a standards editor asks for: named and unnamed sources, quotes and paraphrases."""
    return {
        "sources": len(sources),
        "named": sum(s.named for s in sources),
        "anonymous": sum(s.kind == "anonymous" for s in sources),
        "vague": sum(s.kind == "vague" for s in sources),
        "unresolved pronouns": sum(s.kind == "pronoun" and s.speaker is None for s in sources),
        "quotes": sum(s.quote for s in sources),
        "paraphrases": sum(not s.quote for s in sources),
    }
