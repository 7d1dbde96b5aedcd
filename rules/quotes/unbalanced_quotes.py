from __future__ import annotations

from copydesk.rules.analysis.quotes import MARKS, marks
from copydesk.rules.api import Case, Rule, Severity


class UnbalancedQuotes(Rule):
    """
    ## What it flags
    An opening quotation mark with no closing one in its paragraph, or a closing mark with no
    opening one. Straight and curly double quotes are read alike.

    ## Why it matters
    Without both marks the reader cannot tell where the speaker's words end and the reporter's
    begin, which is the line between a quote and a claim.

    ## Example
    "We will respond at a time of our choosing, the spokesman said.

    ## Use instead
    "We will respond at a time of our choosing," the spokesman said.

    A quote that runs over several paragraphs follows the convention: each paragraph opens with a
    quotation mark and only the last one closes. That is not flagged.
    """

    name = "unbalanced-quotes"
    severity = Severity.WARNING
    invalid = [
        Case('⟦"⟧We will respond at a time of our choosing, the spokesman said.'),
        Case("The coalition called the attack ⟦“⟧unprovoked and said it acted in self-defense."),
        Case("Lavrov said the plans were clear⟦”⟧, adding that Moscow would respond."),
        Case('“The negative feelings reflect in part the bitter partisanship of our politics.\n\n'
             '⟦“⟧We are not blind to those, wrote The Post, which gave Clinton its support.'),
    ]
    valid = [
        '"I am gravely concerned," said Sen. Ted Cruz of Texas.',
        "“We recognize that many Americans distrust and dislike Ms Clinton. The negative feelings "
        "reflect in part the bitter partisanship of the nation’s politics today.\n\n"
        "“We are not blind to those,” wrote The Post, which nevertheless gave Clinton its support.",
        'The 6\'5" forward scored 30 points as "the Bulls" won in Chicago.',
        "The US Central Command called the attack “self-defense”, claiming an “unprovoked attack”.",
    ]

    def check(self, doc):
        paras = doc.paragraphs
        for n, para in enumerate(paras):
            if not any(c in para.text for c in MARKS):
                continue
            opened = None
            for i, role in marks(para.text):
                if role == "open":
                    if opened is not None:
                        yield self._unclosed(para, opened, "before the next quote opens")
                    opened = i
                elif opened is None:
                    start, end = para.span((i, i + 1))
                    yield self.finding(start, end, "Closing quotation mark with no opening one")
                else:
                    opened = None
            if opened is not None:
                following = paras[n + 1].text if n + 1 < len(paras) else ""
                continues = bool(following) and marks(following)[:1] == [(0, "open")]
                if not continues:
                    yield self._unclosed(para, opened, "in its paragraph")

    def _unclosed(self, para, i, where):
        start, end = para.span((i, i + 1))
        return self.finding(start, end, f"Opening quotation mark with no closing one {where}")
