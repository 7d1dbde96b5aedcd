from __future__ import annotations

from copydesk.rules.api import Case, Rule, Severity, replace
from copydesk.rules.analysis.titles import TITLE, TITLE_WORDS, read_titles, spelled_out


class TitleWithoutName(Rule):
    """
    ## What it flags
    An abbreviated title standing for the office, after a determiner and with no name after it:
    "the Sen. said", "a Gov. who vetoes", "the former Brig. Gen. told reporters".

    ## Why it matters
    AP abbreviates `Sen.`, `Gov.`, `Gen.` and the other titles only before a full name; used on its
    own the title is a common noun and is spelled out in lower case ("the senator said"). The
    abbreviation reads as a cut name and trips the reader.

    ## Example
    The Sen. said he would vote against the bill.

    ## Use instead
    The senator said he would vote against the bill.

    The fix spells the title out and is safe. A title with no name and no determiner
    (`…", said Sen.`) is a cut, flagged by `truncated-attribution` instead.
    """

    name = "title-without-name"
    severity = Severity.WARNING
    needs = frozenset({"tagger"})
    special_cases = TITLE_WORDS
    fixable = True
    invalid = [
        Case("The ⟦Sen.⟧ said he would vote against the bill.",
             "The senator said he would vote against the bill."),
        Case("A ⟦Gov.⟧ who vetoes the budget twice will not win a second term in Albany.",
             "A governor who vetoes the budget twice will not win a second term in Albany."),
        Case("The former ⟦Brig. Gen.⟧ told reporters that the base had been shelled twice.",
             "The former brigadier general told reporters that the base had been shelled twice."),
        Case("Both ⟦Sens.⟧ from Texas voted against the measure, and the ⟦Lt. Gov.⟧ stayed silent.",
             "Both senators from Texas voted against the measure, and the lieutenant governor stayed silent."),
    ]
    valid = [
        "The late Sen. John McCain was buried at the Naval Academy.",
        "The senator said he would vote against the bill.",
        '"I am gravely concerned about a broader conflict," said Sen. Ted Cruz.',
        "Mr. and Mrs. Smith attended the hearing in Austin.",
        "The march ended on Martin Luther King Dr. in Atlanta after nightfall.",
        # A cut, not a style slip: truncated-attribution answers for it.
        '"We are ready," said Sen. The bill passed anyway.',
    ]

    def wants(self, text: str) -> bool:
        return bool(TITLE.search(text))

    def check_paragraph(self, para, doc):
        if not para.has("tagger"):
            return
        for t in read_titles(para):
            word = spelled_out(t.title)
            if t.kind != "noun" or word is None:
                continue
            start, end = para.span((t.start, t.end))
            yield self.finding(
                start, end, f"Title '{t.title}' abbreviated with no name after it: spell it out",
                fixes=[replace(start, end, word, f"Replace '{t.title}' with '{word}'")],
            )
