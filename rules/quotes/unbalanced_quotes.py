from __future__ import annotations

from copydesk.rules.analysis.quotes import has_marks, marks
from copydesk.rules.api import Case, Rule, Severity


def _family(mark: str) -> str:
    """Straight or typographic: a quote in one kind of marks may hold a quote in the other."""
    return "straight" if mark in "\"'" else "curly"


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
    # Info until its measured precision reaches 0.80 (`copydesk rules` shows the figure).
    severity = Severity.INFO
    invalid = [
        Case('⟦"⟧We will respond at a time of our choosing, the spokesman said.'),
        Case("The coalition called the attack ⟦“⟧unprovoked and said it acted in self-defense."),
        Case("Lavrov said the plans were clear⟦”⟧, adding that Moscow would respond."),
        Case('“The negative feelings reflect in part the bitter partisanship of our politics.\n\n'
             '⟦“⟧We are not blind to those, wrote The Post, which gave Clinton its support.'),
        # One mark turned the wrong way is one error, not two.
        Case("⟦”⟧We will respond at a time of our choosing,” the spokesman said."),
        Case("''We will respond at a time of our choosing,'' the spokesman said of '⟦'⟧the attack."),
    ]
    valid = [
        '"I am gravely concerned," said Sen. Ted Cruz of Texas.',
        "“We recognize that many Americans distrust and dislike Ms Clinton. The negative feelings "
        "reflect in part the bitter partisanship of the nation’s politics today.\n\n"
        "“We are not blind to those,” wrote The Post, which nevertheless gave Clinton its support.",
        'The 6\'5" forward scored 30 points as "the Bulls" won in Chicago.',
        '"The children were aged under 10" said the Observatory chief in a statement.',
        "The US Central Command called the attack “self-defense”, claiming an “unprovoked attack”.",
        # A straight-quoted passage holding a curly quote, over two paragraphs.
        '"The order said “hold the line” and nothing more, so we held it.\n\n'
        '"Then the shelling began," the commander said.',
        "''We will respond at a time of our choosing,'' the spokesman said of ''the attack.''",
    ]

    def check(self, doc):
        paras = doc.paragraphs
        for n, para in enumerate(paras):
            if not has_marks(para.text):
                continue
            text, found = para.text, marks(para.text)
            open_: list[int] = []  # the marks open now; a quote of the other family may nest inside
            for k, (i, role) in enumerate(found):
                if role == "open":
                    if open_ and _family(text[open_[-1]]) == _family(text[i]):
                        yield self._unclosed(para, open_.pop(), "before the next quote opens")
                    open_.append(i)
                elif open_:
                    open_.pop()
                elif k + 1 < len(found) and found[k + 1][1] == "close":
                    # ”We will go,” he said: one mark turned the wrong way, reported once.
                    start, end = para.span((i, i + 1))
                    yield self.finding(start, end, "Closing quotation mark where an opening one belongs")
                    open_.append(i)
                else:
                    start, end = para.span((i, i + 1))
                    yield self.finding(start, end, "Closing quotation mark with no opening one")
            if open_:
                following = paras[n + 1].text if n + 1 < len(paras) else ""
                continues = bool(following) and marks(following)[:1] in ([(0, "open")], [(1, "open")])
                for i in open_[:-1]:
                    yield self._unclosed(para, i, "in its paragraph")
                if not continues:
                    yield self._unclosed(para, open_[-1], "in its paragraph")

    def _unclosed(self, para, i, where):
        start, end = para.span((i, i + 1))
        return self.finding(start, end, f"Opening quotation mark with no closing one {where}")
