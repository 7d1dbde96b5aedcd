from __future__ import annotations

import re

from copydesk.rules.api import Case, Related, Rule, Severity, replace
from copydesk.rules.analysis.numbers import counts

# A story that updates or disputes a toll gives it twice on purpose.
_UPDATE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|updated|revised|raised|initially|first reported|"
    r"figures? (?:vary|varied|differ)|contrasting|conflicting|disputed)\b", re.I)


# The first sentence of a paragraph: up to a full stop before a capital, or the paragraph's end.
_LEDE = re.compile(r"^.*?(?:[.!?][\"”’']?(?=\s+[A-Z\"“])|$)", re.S)


class InconsistentCount(Rule):
    """
    ## What it flags
    The dead or the wounded of one event counted two ways in one story: "killed 12 people" and
    later "the 14 dead", "30 civilians were injured" and "injuring 25 civilians". Only plain totals
    of the same people are compared (people with people, civilians with civilians).

    Only counts that must be the same toll are compared: the headline's and the lede's, and a
    toll referred back to ("the 14 dead") and the story's first; other counts may be of another
    event or from another source.

    Not flagged, to keep false alarms rare: counts qualified as estimates or parts ("at least 12",
    "more than", "another 3", "including five children"), and a story that updates or disputes its
    tolls ("rose to", "revised", "conflicting figures"). That leaves out some real contradictions:
    the rule reports few, and those it reports are worth a look.

    ## Why it matters
    A toll given two ways is the error readers and corrections columns notice first.

    ## Example
    The blast killed 12 people at the market. Police said the 14 dead included two children.

    ## Use instead
    The blast killed 12 people at the market. Police said the 12 dead included two children.

    ## Fix safety
    The fix writes the first count again; it is offered but not applied by `--fix`.
    """

    name = "inconsistent-count"
    severity = Severity.INFO
    scope = "document"
    fixable = True
    invalid = [
        Case("Car bomb kills 12 in Damascus market\n\n"
             "A car bomb killed 12 people in a crowded market in Damascus on Sunday.\n\n"
             "The ⟦14⟧ dead included two children, the state news agency said.",
             "Car bomb kills 12 in Damascus market\n\n"
             "A car bomb killed 12 people in a crowded market in Damascus on Sunday.\n\n"
             "The 12 dead included two children, the state news agency said."),
        Case("Shelling wounds 30 civilians in Aleppo school\n\n"
             "Shells wounded ⟦25⟧ civilians when they hit a school in Aleppo on Monday, state media said.",
             "Shelling wounds 30 civilians in Aleppo school\n\n"
             "Shells wounded 30 civilians when they hit a school in Aleppo on Monday, state media said."),
    ]
    valid = [
        "A car bomb killed 12 people in Damascus on Sunday. The death toll later rose to 14.",
        "At least 12 people were killed. Activists said 15 people were killed.",
        "Air strikes killed 12 people in Idlib.\n\nShelling killed 7 people in Homs on Monday.",
        "The strikes killed 12 people and wounded 30. Another 4 people died overnight.",
        "Shells killed 12 soldiers and 5 civilians were killed in the town.",
        "Air strikes killed 12 people in Idlib. Elsewhere, shelling killed 7 people in Homs.",
        "The blast killed 12 people. The 12 dead were buried on Monday.",
    ]

    def check(self, doc):
        texts = [p.text for p in doc.paragraphs]
        found = [(i, c) for i, t in enumerate(texts) for c in counts(t) if not c.qualified]
        if len(found) < 2 or any(_UPDATE.search(t) for t in texts):
            return
        headline = len(texts) > 1 and "\n" not in texts[0].strip() and not texts[0].rstrip().endswith((".", "!", "?"))
        first: dict[tuple[str, str], tuple[int, object]] = {}
        lede_end = _LEDE.search(texts[1]).end() if headline else 0
        for i, c in found:
            key = (c.what, c.who)
            if key not in first:
                first[key] = (i, c)
                continue
            j, model = first[key]
            # The same toll: the headline's and the lede's (the first sentence after it), or one
            # referred back to ("the 14 dead"). Two counts elsewhere may be two events, or two
            # sources' figures.
            lede = headline and j == 0 and i == 1 and c.start < lede_end
            if model.n == c.n or not (lede or c.definite):
                continue
            para = doc.paragraphs[i]
            start, end = para.span((c.start, c.end))
            what = "dead" if c.what == "dead" else "wounded"
            written = texts[i][c.start : c.end]
            yield self.finding(
                start, end, f"{c.n} {c.who} {what} here, but {model.n} earlier in this story",
                related=[Related(*doc.paragraphs[j].span((model.start, model.end)), f"{model.n} {model.who} {what}")],
                fixes=[replace(start, end, str(model.n), f"Replace '{written}' with '{model.n}'", safe=False)],
            )
