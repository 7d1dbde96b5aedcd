from __future__ import annotations

import re

from copydesk.rules.api import Case, Fix, Edit, Rule, Severity

# Lines made only of web-page chrome: share bars, ad slots, newsletter prompts, comment widgets.
_WIDGET = (
    r"adjust|comment(?:s)?|print|email|e-mail|share|tweet|facebook|twitter|whatsapp|linkedin|reddit|"
    r"pinterest|save|copy link|font size|text size|a\+|a-|listen"
)
_FURNITURE = re.compile(
    rf"(?:(?:{_WIDGET})[\s|/·•,]*){{2,}}"
    r"|advertisement|sponsored(?: content)?|story continues below(?: advertisement)?"
    r"|(?:click|tap) here(?: to [\w\s]+)?|(?:share|email|print) this (?:article|story|page)"
    r"|(?:read|see) (?:more|also|next)(?::.*)?|related(?: articles| stories| coverage)?:?"
    r"|(?:sign up|subscribe)(?: now)?(?: (?:for|to) (?:our|the) [\w\s]*newsletters?)?"
    r"|follow us on [\w\s,]+|skip to (?:main )?content|back to top|loading\W*|(?:image|photo) copyright.*"
    r"|most (?:read|popular)|trending now|you may also like|recommended for you|continue reading",
    re.I,
)


class PageFurniture(Rule):
    """
    ## What it flags
    A line of web-page residue pasted into copy: "Adjust Comment Print", "Click here",
    "Share this article", "Advertisement", "Read more".

    ## Why it matters
    Copy lifted from a web page brings its buttons and ad slots with it. In print, on air or in a
    feed they are nonsense that tells the reader nobody edited the story.

    ## Example
    United States coalition kills 100 fighters in air and artillery strikes

    Adjust Comment Print

    In a statement, the coalition called the attack "unprovoked".

    ## Use instead
    Delete the line. Only whole lines are flagged: the same words inside a sentence ("officials
    declined to comment") are prose.
    """

    name = "page-furniture"
    severity = Severity.WARNING
    fixable = True
    invalid = [
        Case("Coalition kills 100 fighters\n\n⟦Adjust Comment Print⟧\n\nIn a statement, the coalition spoke.",
             "Coalition kills 100 fighters\n\nIn a statement, the coalition spoke."),
        Case("The talks ended without a deal.\n\n⟦Advertisement⟧\n\nNegotiators will meet again in May.",
             "The talks ended without a deal.\n\nNegotiators will meet again in May."),
        Case("⟦Share this article⟧\nThe minister resigned on Tuesday.", "The minister resigned on Tuesday."),
    ]
    valid = [
        "USA officials declined to comment on the assault or print the names of the advisers.",
        "Click on the ministry's website and you will find no mention of the strike.",
        "Read more about the ceasefire in tomorrow's edition, the editor said.",
        "Share prices fell sharply in Damascus on Monday.",
    ]

    def check_paragraph(self, para, doc):
        pos = 0
        for line in para.text.split("\n"):
            stripped = line.strip()
            if stripped and _FURNITURE.fullmatch(stripped.rstrip(".:")):
                lead = len(line) - len(line.lstrip())
                start, end = para.span((pos + lead, pos + lead + len(stripped)))
                yield self.finding(
                    start, end, f"Web-page residue in copy: {stripped!r}",
                    fixes=[Fix("Remove the line", (_line_edit(doc.text, start, end),))],
                )
            pos += len(line) + 1


def _line_edit(text: str, start: int, end: int) -> Edit:
    """Delete the line and the blank lines after it, so no hole is left in the copy."""
    line_start = text.rfind("\n", 0, start) + 1
    after = end
    while after < len(text) and text[after] in " \t\r":
        after += 1
    while after < len(text) and text[after] == "\n":
        after += 1
        while after < len(text) and text[after] in " \t\r":
            after += 1
    if after == len(text) and line_start > 0:  # last line: take the line breaks before it instead
        return Edit(len(text[:line_start].rstrip()), len(text), "")
    return Edit(line_start, after, "")
