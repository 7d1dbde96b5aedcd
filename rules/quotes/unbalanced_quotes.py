from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity

_MARK = re.compile(r'["“”„«»]')
_OPENERS, _CLOSERS = "“„«", "”»"


def marks(text: str) -> list[tuple[int, str]]:
    """Double quotation marks in a paragraph as (index, "open" | "close"). A straight mark opens
    after a space, an opening bracket or a dash and closes elsewhere; one after a digit is an inch
    mark, not a quote."""
    out = []
    for m in _MARK.finditer(text):
        i, c = m.start(), m.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in _OPENERS:
            role = "open"
        elif c in _CLOSERS:
            role = "close"
        elif before.isdigit():
            continue
        elif (before.isspace() or before in "([{—–-/") and not after.isspace():
            role = "open"
        else:
            role = "close"
        out.append((i, role))
    return out


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
            if '"' not in para.text and not any(c in para.text for c in _OPENERS + _CLOSERS):
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
