from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity, iter_matches, replace

# A hyphen with a space on both sides between words: a dash typed as a hyphen. Not between two
# numbers (scores, ranges) and not at the start of a line (a list bullet).
_DASH = re.compile(r"(?<=[^\s\d]) +-{1,2} +(?=[^\s\d-])|(?<=\d) +-{1,2} +(?=[^\W\d])|(?<=[^\W\d]) +-{1,2} +(?=\d)")


class HyphenAsDash(Rule):
    """
    ## What it flags
    A hyphen (or two) with spaces on both sides used as a dash:
    `fighters - believed to be linked to Iran - attacked`.

    ## Why it matters
    A hyphen joins words; a dash sets off an aside. Typed as a hyphen, the aside reads as a broken
    compound, and the story looks unedited.

    ## Example
    After fighters - believed to be linked to Iran - attacked the base.

    ## Use instead
    After fighters — believed to be linked to Iran — attacked the base.

    The dash comes from the house style (`house.dash`, default a spaced em dash as AP uses).
    """

    name = "hyphen-as-dash"
    severity = Severity.WARNING
    fixable = True
    invalid = [
        Case("After fighters⟦ - ⟧believed to be linked to Iran⟦ - ⟧attacked a US-backed coalition.",
             "After fighters — believed to be linked to Iran — attacked a US-backed coalition."),
        Case("The vote was close⟦ -- ⟧closer than anyone expected.",
             "The vote was close — closer than anyone expected."),
        Case("It was a defensive measure⟦ - ⟧nothing more, the spokesman said.",
             "It was a defensive measure–nothing more, the spokesman said.",
             config={"house": {"dash": "–"}}),
    ]
    valid = [
        "The US-led coalition's attack on pro-government forces drew a protest.",
        "Barcelona won 3 - 2 after extra time.",
        "- Coalition forces struck twice on Wednesday.",
        "Fighters — believed to be linked to Iran — attacked the base.",
    ]

    def wants(self, text: str) -> bool:
        return " -" in text

    def check_paragraph(self, para, doc):
        dash = doc.house.get("dash", " — ")
        for m, start, end in iter_matches(_DASH, para):
            yield self.finding(
                start, end, "Hyphen used as a dash",
                fixes=[replace(start, end, dash, f"Replace with a dash ({dash.strip()})")],
            )
