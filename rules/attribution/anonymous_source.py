from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity
from copydesk.rules.analysis.attribution import ANONYMOUS, CUE_WORDS, read

_WHO_WORDS = (
    r"\b(?:officials?|sources?|diplomats?|aides?|insiders?|staffers?|officers?|"
    r"(?:person|people|individuals?) (?:familiar|close|with knowledge|briefed|involved))\b"
)
_WHO_WORD = re.compile(_WHO_WORDS, re.I)  # the cheap half of _WHO, tried first
# The unnamed source and a cue within one sentence, either way round ("officials said", "said a
# source", "according to people familiar with…").
_WHO = re.compile(rf"{_WHO_WORDS}[^.!?]{{0,80}}?(?:{CUE_WORDS.pattern})|(?:{CUE_WORDS.pattern})[^.!?]{{0,60}}?{_WHO_WORDS}", re.I)
# Why the source is not named: AP asks for the reason in the story, next to the attribution.
_REASON = re.compile(
    r"\b(?:anonymity|anonymously|not authori[sz]ed|unauthori[sz]ed|not be(?:ing)? (?:named|identified)|"
    r"(?:declined|refused|asked) (?:not )?to be (?:named|identified)|on background|"
    r"(?:requested|demanded|insisted on) anonymity)\b",
    re.I,
)

# Words that refer back to a source already in the story.
_BACK = frozenset("the that this these those both".split())


class AnonymousSource(Rule):
    """
    ## What it flags
    An unidentified source for a statement: "a source said", "sources said", "officials said",
    "according to people familiar with the matter", with no name and no reason given for the
    anonymity in the sentence or next to it. Each source is flagged where the story introduces it;
    a later reference back to it ("the source added") is not flagged again.

    ## Why it matters
    AP: anonymous sources are a last resort; a bare "a source" is almost always prohibited, and the
    story must say why the source is not named. Reuters: never write "sources" when there was one.

    ## Example
    Russian officials said they would not engage coalition forces in the area.

    ## Use instead
    Two Russian defense officials, who spoke on condition of anonymity because they were not
    authorized to brief reporters, said they would not engage coalition forces in the area.
    """

    name = "anonymous-source"
    severity = Severity.INFO
    needs = frozenset({"parser"})
    scope = "document"
    invalid = [
        Case("⟦Russian officials⟧ said they wouldn't engage coalition forces in the area of the attack."),
        Case("The minister will resign before the summit, according to ⟦a source⟧."),
        Case("⟦Sources⟧ told the newspaper that the convoy had been hit twice."),
        # Flagged where it is introduced; "the source" later refers back to it.
        Case("⟦A source at the police command⟧ told the agency that the convoy was hit twice.\n\n"
             "The source added that four soldiers were wounded in the second blast."),
    ]
    valid = [
        "Two U.S. officials, who spoke on condition of anonymity because they were not authorized to "
        "discuss the strikes, said the targets had been cleared.",
        "Col. Ryan Dillon, a coalition spokesman, said the strikes were defensive.",
        "The ministry said 100 fighters were killed in the strikes.",
        "Officials in Damascus declined to comment on the strikes.",
        "A source close to the talks said the deal was near. The source was not authorized to speak publicly.",
        "A source close to the talks, who was not authorized to speak publicly, said the deal was near.\n\n"
        "The source added that the ministers would meet again on Friday.",
    ]

    def wants(self, text: str) -> bool:
        return _WHO_WORD.search(text) is not None and _WHO.search(text) is not None

    def check(self, doc):
        introduced: set[str] = set()  # head nouns of the unnamed sources the story has brought in
        for para in doc.paragraphs:
            if not self.wanted(para.text) or not para.has("parser"):
                continue
            reading = read(para)
            for a in reading.attributions:
                if a.kind != "anonymous" or a.source is None:
                    continue
                who = para.text[a.source[0] : a.source[1]]
                words = [w.rstrip("s") for w in who.lower().split()]
                head = next((w for w in words if w in ANONYMOUS), words[-1] if words else "")
                if who.split()[0].lower() in _BACK and head in introduced:
                    continue  # "the source added": flagged, or explained, where it came in
                introduced.add(head)
                if any(_REASON.search(self._sentence(reading, m)) for m in (a.sentence - 1, a.sentence, a.sentence + 1)):
                    continue
                yield self.finding(
                    *para.span(a.source),
                    f"Anonymous source '{who}': say who they are, or why they cannot be named",
                )

    @staticmethod
    def _sentence(reading, n) -> str:
        if 0 <= n < len(reading.sentences):
            start, end = reading.sentences[n]
            return reading.text[start:end]
        return ""
