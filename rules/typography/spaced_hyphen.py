from __future__ import annotations

import re

from copydesk.rules.analysis.lexicon import COMPOUND_HEADS, COMPOUND_PREFIXES
from copydesk.rules.api import Case, Rule, Severity, iter_matches, replace

# A hyphen with a space on exactly one side, joining a compound: "us -led", "U.S. -led", "anti- war".
# Left out: suspended hyphens ("pre- and post-war"), minus signs ("-5"), list bullets, ranges.
_SPACED = re.compile(
    r"(?P<left>[\w.’']) (?P<hy>-)(?=[^\W\d_])"
    r"|(?<=[^\W\d_])(?P<hy2>-) (?!(?:and|or|to|nor|as well as|but not)\b)(?=[^\W\d_])",
)

_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")


class SpacedHyphen(Rule):
    """
    ## What it flags
    A hyphen with a space on one side in a compound: `us -led`, `U.S. -led`, `anti- war`.

    ## Why it matters
    The stray space breaks the compound in two: a reader sees a dangling "-led" and the copy looks
    unedited. It is usually residue of a cut or of pasting from a wire feed.

    ## Example
    No U.S. -led coalition forces were injured in the attack.

    ## Use instead
    No U.S.-led coalition forces were injured in the attack.

    Suspended hyphens ("pre- and post-war coverage") are left alone. Removing the space is a safe
    fix only where the words surely make a compound (a prefix such as anti-, pro-, ex-; a head such
    as -led, -backed, -based); elsewhere ("allies- Saudi Arabia") a dash may have been meant, and
    the fix is offered but not applied by `--fix`.
    """

    name = "spaced-hyphen"
    severity = Severity.WARNING
    fixable = True
    invalid = [
        Case("No U.S.⟦ -⟧led coalition forces were injured in the attack.",
             "No U.S.-led coalition forces were injured in the attack."),
        Case("In a statement, the us⟦ -⟧led military coalition called the attack unprovoked.",
             "In a statement, the us-led military coalition called the attack unprovoked."),
        Case("The anti⟦- ⟧war protesters marched on the capitol.",
             "The anti-war protesters marched on the capitol."),
        # A dash may be meant: the fix is offered, unsafe.
        Case("Washington and its Gulf allies⟦- ⟧Saudi Arabia and the UAE - backed the strikes.",
             "Washington and its Gulf allies-Saudi Arabia and the UAE - backed the strikes."),
    ]
    valid = [
        "The US-led coalition's attack on pro-government forces in Syria drew a Russian protest.",
        "Both pre- and post-war figures were revised by the ministry.",
        "Temperatures fell to -5 degrees overnight in Aleppo.",
        "Fighters - believed to be linked to Iran - attacked the base.",
        "- Coalition forces struck twice on Wednesday.",
    ]

    def wants(self, text: str) -> bool:
        return "-" in text

    def check_paragraph(self, para, doc):
        for m, _, _ in iter_matches(_SPACED, para):
            # Through para.span: in HTML the space may be an entity such as &nbsp;.
            text = para.text
            if m.group("hy"):
                start, end = para.span(m.span("hy"))
                space = para.span((m.start("hy") - 1, m.start("hy")))
                word = _WORD.match(text, m.end("hy"))
                compound = word is not None and word.group().lower() in COMPOUND_HEADS
            else:
                start, end = para.span(m.span("hy2"))
                space = para.span((m.end("hy2"), m.end("hy2") + 1))
                word = _LAST_WORD.search(text, 0, m.start("hy2"))
                compound = word is not None and word.group().lower() in COMPOUND_PREFIXES
            title = "Remove the space beside the hyphen" + ("" if compound else " (if no dash was meant)")
            yield self.finding(
                min(start, space[0]), max(end, space[1]),
                "Hyphen with a space on one side: the compound is split",
                fixes=[replace(*space, "", title, safe=compound)],
            )
