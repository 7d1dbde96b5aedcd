from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity
from copydesk.rules.analysis.attribution import CUE_WORDS, continues, quotes, read

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
MIN_WORDS = 6  # shorter quotes are phrases ("unprovoked", "economic assets"), not statements


class QuoteWithoutSpeaker(Rule):
    """
    ## What it flags
    A direct quote of a full sentence with no attribution in its sentence, the sentence before it
    or the sentence after it. A quote that runs over several paragraphs is attributed once.

    ## Why it matters
    A quote is someone's words; without a speaker the reader cannot weigh them, and the copy seems
    to put them in the reporter's mouth. Reuters: identify the speaker quickly, usually after the
    first sentence of the quote.

    ## Example
    The attack was described as a defensive measure. "The Coalition remains committed to the
    defeat-Daesh mission and asserts its right to act in self-defense."

    ## Use instead
    "The Coalition remains committed to the defeat-Daesh mission and asserts its right to act in
    self-defense," the coalition said in a statement.
    """

    name = "quote-without-speaker"
    # Info until its measured precision reaches 0.80 (`copydesk rules` shows the figure): most false
    # alarms have a speaker the model does not see (a tag on the next line, a byline).
    severity = Severity.INFO
    needs = frozenset({"parser"})
    scope = "document"
    invalid = [
        Case("Forces struck after the militia attacked. ⟦\"The Coalition remains committed to the "
             "defeat-Daesh mission in the Middle Euphrates River Valley.\"⟧"),
        Case("Washington Post backs Hillary Clinton for president.\n\n"
             "⟦“She has executive experience. She does not let her feelings get in the way of the job.”⟧"),
    ]
    valid = [
        '"I am gravely concerned that the administration is stumbling into a broader conflict," said Sen. Ted Cruz.',
        "“She has executive experience. She does not let her feelings get in the way of the job at hand. "
        "She is well positioned to get something done,” the daily wrote.",
        "The newspaper listed her shortcomings, writing: “We recognize that many Americans distrust and "
        "dislike Ms Clinton.\n\n“We are not blind to those shortcomings, and we have weighed them carefully.”",
        "Lavrov spoke to reporters in Moscow on Wednesday.\n\n“We will respond to this aggression at a time of "
        "our choosing and by means we consider appropriate.”",
        'The coalition called the attack "unprovoked" and said it acted in "self-defense".',
    ]

    def select(self, paragraphs):
        return [self._wants_at(paragraphs, i) for i in range(len(paragraphs))]

    @staticmethod
    def _wants_at(paragraphs, i) -> bool:
        text = paragraphs[i].text
        prev = paragraphs[i - 1].text if i else None
        if continues(prev, text):
            return False  # the paragraph that opened the quote answers for it
        full = [q for q in quotes(text) if q.words >= MIN_WORDS and not q.continued and _opens_sentence(text, q)]
        # The common case needs no parse: a cue verb hard against the quote ('," said Sen. Ted Cruz',
        # 'He said: "…').
        return any(not _cue_beside(text, q) for q in full)

    def check(self, doc):
        paras = doc.paragraphs
        for i, wanted in enumerate(self.select(paras)):
            para = paras[i]
            if not wanted or not para.has("parser"):
                continue
            reading = read(para)
            prev = paras[i - 1].text if i else ""
            nxt = paras[i + 1].text if i + 1 < len(paras) else ""
            for n, q in enumerate(reading.quotes):
                if n in reading.speakers or q.words < MIN_WORDS or not _opens_sentence(para.text, q):
                    continue
                first = reading.sentence_at(q.start)
                last = reading.sentence_at(max(q.start, q.end - 1))
                if reading.sourced_in(first - 1) or reading.sourced_in(last + 1):
                    continue
                if first == 0 and _speaks(_last_sentence(prev)):
                    continue
                if q.runs_on and self._chain_attributed(paras, i):
                    continue  # attributed in a later paragraph of the same quote
                if not q.runs_on and last == len(reading.sentences) - 1 and _speaks(_first_sentence(nxt)):
                    continue
                yield self.finding(*para.span((q.start, q.end)), "Direct quote with no speaker: who said this?")

    @staticmethod
    def _chain_attributed(paras, i) -> bool:
        """A multi-paragraph quote is attributed if any of its paragraphs names a speaker."""
        j = i + 1
        while j < len(paras) and continues(paras[j - 1].text, paras[j].text):
            if _speaks(paras[j].text):
                return True
            j += 1
        return False


# Words that set up a speaker for the next paragraph's quote: "Lavrov spoke to reporters."
_SETUP = re.compile(r"\b(?:spoke|speaking|statement|interview|remarks|news conference|press conference|briefing)\b", re.I)


def _speaks(sentence: str) -> bool:
    return bool(CUE_WORDS.search(sentence) or _SETUP.search(sentence))


_CUE_BEFORE = re.compile(r"(?:" + CUE_WORDS.pattern + r")[^.!?\"“”]{0,40}$", re.I)
_CUE_AFTER = re.compile(r"[^.!?\"“”]{0,45}?(?:" + CUE_WORDS.pattern + r")", re.I)


def _opens_sentence(text: str, q) -> bool:
    inner = text[q.start + 1 : q.end].lstrip()
    return bool(inner) and inner[0].isupper()


def _cue_beside(text: str, q) -> bool:
    return bool(_CUE_AFTER.match(text, q.end, q.end + 60) or _CUE_BEFORE.search(text[max(0, q.start - 60) : q.start]))


def _last_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip())[-1] if text else ""


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip())[0] if text else ""
