from __future__ import annotations

import re

from copydesk.rules.api import Case, Related, Rule, Severity
from copydesk.rules.analysis.attribution import quotes
from copydesk.rules.analysis.titles import TITLE, TITLE_WORDS, Story, read_titles

# A verb of saying straight after a closing quote, with no speaker after it: `", said.`; not after
# a quoted title inside the speaker's name (`the FAO report on the "State of Markets 2004" said.`).
_DANGLING = re.compile(
    r"(?:[,.!?][\"”]\s*,?|[\"”]\s*,|,\s*[\"”])\s*(?P<verb>said|says|added|adds|wrote|writes|explained|noted|asked|told)"
    r"(?=\s*(?:[.;!?]|$))"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+[\"“]?[A-Z]")
_AFTER_TITLE = re.compile(rf"{TITLE.pattern}\s+([A-Z][\w-]*)")
NEAR = 60  # an attribution sits this close to its quote: `…", said Sen. Ted Cruz, a Texas Republican`


class TruncatedAttribution(Rule):
    """
    ## What it flags
    An attribution that ends on an abbreviated title with no name: `…clear objectives", said Sen.`
    — also `Rep.`, `Gov.`, `Lt. Gov.`, `Dr.`, and military ranks such as `Gen.`, `Lt. Col.`,
    `Capt.`, `Sgt.`, `Brig. Gen.`, `Adm.`, `Cmdr.`. The title may run into the end of the sentence,
    paragraph, quote or story, a comma, a lower-case word, or a new sentence (`said Sen. The
    bill…`: spaCy's tagger tells a determiner, pronoun or verb from a name). A verb of saying left
    with no speaker at all (`…", said.`) is flagged too.

    After a title the tagger calls any capitalised word a name, so a new sentence that opens on a
    common word (`said Mr. Proposals so far…`, `said Mr. Vote for the goodness…`) is told from a
    surname by the story: it is a cut when the word is followed as a sentence goes on (a
    lower-case word that is not a verb, or a comma and a pronoun), the story writes the word in
    lower case elsewhere (`proposals`, `vote`), and never uses it as a name (`Tom White`, `said
    White`, a second `Mr. White`). A surname that is also a word (`Mr. White said`, `Sen. Brown of
    Ohio`, `Mr. Woods in an interview` after `Tiger Woods`) is left alone.

    ## Why it matters
    The sentence has been cut: the reader is told a senator spoke but not which one, and a quote
    without its speaker cannot be weighed. AP abbreviates a title only before a full name. It is
    usually the residue of a trim or a paste, and it must not be published.

    ## Example
    "I am gravely concerned that the administration is stumbling into a broader conflict," said Sen.

    ## Use instead
    "I am gravely concerned that the administration is stumbling into a broader conflict," said
    Sen. Ted Cruz.

    There is no fix: the name is lost, and only the reporter knows it. A title after a determiner
    ("the Sen. said") is `title-without-name` instead.
    """

    name = "truncated-attribution"
    severity = Severity.ERROR
    needs = frozenset({"tagger"})
    special_cases = TITLE_WORDS
    invalid = [
        Case('"I am gravely concerned that the Trump administration is purposefully stumbling into a broader '
             'conflict, without a vote of Congress or clear objectives", said ⟦Sen.⟧'),
        Case('"We will not leave until the job is done," said ⟦Lt. Col.⟧, a spokesman for the coalition.'),
        Case('"Our forces acted in self-defense," said ⟦Brig. Gen.⟧ in a statement on Thursday.'),
        Case('"The bill will reach the floor next week," said ⟦Rep.⟧ The speaker disagreed.'),
        Case('"The prisons are the single greatest danger in the region," ⟦Capt.⟧ said.\n\n'
             'Avery ended his testimony with a warning about al-Hol.'),
        Case('Lavrov said Moscow would respond. "We will respond at a time of our choosing," ⟦said⟧.'),
        Case('Officials briefed reporters on Friday, according to ⟦Gov.⟧'),
        # After "the", a title can stand for the office ("the Sen. said"), but not before these:
        Case("The vigil was led by the ⟦Rev.⟧ The meeting ended at dusk."),
        Case('The service was led by the ⟦Rev.⟧ "It is a day of mourning," he said.'),
        Case("The bill was opposed by the state's GOP ⟦Sen.⟧, who called it a tax hike."),
        Case('"We cannot wait for another shooting," said ⟦Sen.⟧ (D-Pa.) on Tuesday.'),
        Case('"Our forces acted in self-defense," said ⟦Gen.⟧ 12 soldiers were wounded.'),
        # A new sentence on a common word the story also writes in lower case:
        Case("He courted white voters in Ohio. In the end, ⟦Mr.⟧ White male union members favored Mr. Obama "
             "in 2008."),
        Case('"Do not vote for hatred, do not vote for fear-mongering," ⟦Mr.⟧ Vote for the goodness of this '
             'country."'),
    ]
    valid = [
        # BBC, 2004: a report's quoted title is part of the speaker
        'Trade barriers "severely" distort the market, the FAO report on the "State of Agricultural '
        'Commodity Markets 2004" said.',
        '"I am gravely concerned about a broader conflict," said Sen. Ted Cruz, a Texas Republican.',
        "Sens. Cruz and Lee voted against the measure on Tuesday.",
        "Mr. and Mrs. Smith attended the hearing in Austin.",
        "Rep. de la Cruz said the border wall would not be funded.",
        "The march ended on Martin Luther King Dr. in Atlanta after nightfall.",
        "Lt. Col. Sarah Pruitt, a spokeswoman for the coalition, said in a statement that no U.S. "
        "personnel were hurt.",
        "Brig. Gen. Mark Warner and Adm. Will Hurd took questions from reporters.",
        "The Sen. said he would vote against the bill.",
        '"We owe the troops a clear answer," she said.',
        "Sen. Bob Casey (D-Pa.) said the bill would pass.",
        "The Rev. Al Sharpton led the march to the courthouse.",
        # Surnames that are also words, named elsewhere in the story:
        'Tom White leads the union. "We lost white voters," said Mr. White in an interview.',
        # not introduced by full name, but "in an interview" follows a speaker, not a new sentence
        '"We lost white voters," said Mr. White in an interview.',
        "Sen. Sherrod Brown spoke first. The brown rice was served, and Sen. Brown so far has not voted.",
    ]

    def wants(self, text: str) -> bool:
        return bool(TITLE.search(text) or _DANGLING.search(text))

    def context(self, doc, i):
        # Whether a capitalised word after a title is a name is read from the rest of the story.
        story = _story(doc)
        words = sorted(set(_AFTER_TITLE.findall(doc.paragraphs[i].text)))
        return i == len(doc.paragraphs) - 1, tuple(story.common(w) for w in words)

    def check_paragraph(self, para, doc):
        if not para.has("tagger"):
            return
        last = para is doc.paragraphs[-1]
        story = _story(doc)
        found = [(t.start, t.end, f"Attribution cut off: '{t.title}' runs into "
                  f"{'the end of the story' if last and t.where == 'the end of the paragraph' else t.where} "
                  "with no name after it")
                 for t in read_titles(para)
                 if t.kind == "cut" or (t.kind == "opener" and story.common(t.word))]
        found += [(m.start("verb"), m.end("verb"), f"Attribution cut off: '{m.group('verb')}' has no speaker")
                  for m in _DANGLING.finditer(para.text)]
        for start, end, message in sorted(found):
            yield self.finding(*para.span((start, end)), message, related=self._quote(para, start, end))

    @staticmethod
    def _quote(para, start: int, end: int) -> list[Related]:
        """The quote the cut attribution belongs to: the one just before it, or just after it."""
        text = para.text
        for q in reversed(quotes(text)):
            if q.end <= start:
                between = text[q.end : start]
                if len(between) <= NEAR and not _SENTENCE_END.search(between):
                    return [Related(*para.span((q.start, q.end)), "the quote whose speaker is missing")]
                break
        for q in quotes(text):
            if q.start >= end:
                if len(text[end : q.start]) <= 3:  # `said Gen.: "…"`
                    return [Related(*para.span((q.start, q.end)), "the quote whose speaker is missing")]
                break
        return []


def _story(doc) -> Story:
    return Story.of(tuple(p.text for p in doc.paragraphs))
