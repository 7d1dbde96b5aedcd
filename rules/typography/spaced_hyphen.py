from __future__ import annotations

import re

from copydesk.rules.analysis.lexicon import COMPOUND_HEADS, COMPOUND_PREFIXES
from copydesk.rules.api import Case, Rule, Severity, iter_matches, replace

# A hyphen with a space on exactly one side, joining a compound: "us -led", "U.S. -led", "anti- war".
# Left out: suspended hyphens ("pre- and post-war"), minus signs ("-5"), list bullets, ranges.
_SPACED = re.compile(
    r"(?P<left>[\w.’']) (?P<hy>-)(?=[^\W\d_])"
    r"|(?<=[^\W\d_])(?P<hy2>-) (?!(?:and|or|to|nor|as well as|but not|und|et|y|och|en)\b)(?=[^\W\d_])",
)

_WORD = re.compile(r"[^\W\d_]+")
# "-H", "-John": a signature closing a quoted post, then nothing but its link or the end.
_SIGNATURE = re.compile(r"-[A-Z][a-z]*(?=\s*(?:$|<|https?://|pic\.twitter|\.\s*$))")
_LAST_WORD = re.compile(r"[^\W\d_]+$")


# A dateline before the hyphen: the place (and the date) opening the paragraph.
_DATELINE = re.compile(r"^\W*[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,2}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?$")


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
    # Info until its measured precision reaches 0.80 (`copydesk rules` shows the figure).
    severity = Severity.INFO
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
        "We must take action to stop gun violence now. -H https://t.co/SkKglwQycb",
        "Double bomb attack kills 31 in Syrian Kurdish city state TV -A double bomb attack killed 31 people.",
        "Beirut- Syrian troops backed by Russian air strikes advanced on the town on Sunday.",
        "The shares went to Bayerische Vereins- und Westbank AG, the bank said.",
    ]

    def wants(self, text: str) -> bool:
        return "-" in text

    def check_paragraph(self, para, doc):
        text = para.text
        for m, _, _ in iter_matches(_SPACED, para):
            at = m.start("hy") if m.group("hy") else m.start("hy2")
            before = text[:at].rstrip()
            if m.group("hy") and _SIGNATURE.match(text, at) and (not before or before[-1] in ".!?\"”"):
                continue  # a post's sign-off: "…stop gun violence now. -H"
            left = _LAST_WORD.search(before)
            right = _WORD.match(text, m.end("hy") if m.group("hy") else m.end("hy2") + 1)
            if left and right and left.group().isupper() and len(left.group()) > 1 and right.group()[:1].isupper():
                continue  # a credit run into the copy: "state TV -A double bomb…", "REUTERS- Nusra…"
            if m.group("hy2") and _DATELINE.match(before):
                continue  # an outlet's dateline: "Beirut- Syrian troops…", "LONDON, May 3- …"
            # Through para.span: in HTML the space may be an entity such as &nbsp;.
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
                "Hyphen with a space on one side: the compound is split" if compound
                else "Hyphen with a space on one side: a split compound, or a dash typed as a hyphen",
                fixes=[replace(*space, "", title, safe=compound)],
            )
