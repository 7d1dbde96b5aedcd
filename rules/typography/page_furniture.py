from __future__ import annotations

import re

from copydesk.rules.api import Case, Fix, Edit, Rule, Severity, replace
from copydesk.rules.caches import by_args

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

# Residue run into the prose when a page was pasted as one block (wire archives such as FA-KES):
# only phrases no sentence uses, in the case the page wrote them.
_INLINE = re.compile(
    r"Get short URL(?:[ \t]+\d+){0,3}"
    r"|[\[(][Cc]lick to enlarge[\])]"
    # a photo credit; a bare "(Reuters)" is the wire's dateline credit, and stays
    r"|\((?:(?:AFP|AP|Reuters|Getty Images|EPA|Anadolu) Photos?|Photos? (?:AFP|AP|Reuters))(?:/[\w .]+)?\)"
    r"|\(Photos?: [^)]{1,60}\)"
    r"|Read Also(?=\s*$|\s+[A-Z])"
    r"|(?:Print )?Tweet Views \d+"
    r"|Related News(?=\s)"
    r"|Follow (?:@\w+|[A-Z][\w ]{0,40}?) on (?:Twitter|Facebook|Instagram)\b\.?"
    r"|Sign up for (?:our|the) [\w ]{0,40}newsletter\b\.?"
)


class PageFurniture(Rule):
    """
    ## What it flags
    A line of web-page residue pasted into copy: "Adjust Comment Print", "Click here",
    "Share this article", "Advertisement", "Read more". Where a page was pasted as one block, the
    residue no sentence would contain is flagged inside the paragraph too: "Read Also", "Get short
    URL", "[Click to enlarge]", "(AFP Photo)", "Tweet Views 729", "Related News", "Follow … on
    Twitter", "Sign up for our newsletter".

    ## Why it matters
    Copy lifted from a web page brings its buttons and ad slots with it. In print, on air or in a
    feed they are nonsense that tells the reader nobody edited the story.

    ## Example
    United States coalition kills 100 fighters in air and artillery strikes

    Adjust Comment Print

    In a statement, the coalition called the attack "unprovoked".

    ## Use instead
    Delete the line. Only whole lines, and the phrases above, are flagged: the same words inside a
    sentence ("officials declined to comment") are prose. Deleting a whole line is a safe fix;
    cutting a phrase out of a paragraph is offered but not applied by `--fix` (the words around it
    may need joining).
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
        Case("Rebel forces are battling to push back regime advances. ⟦[Click to enlarge]⟧ \"All the factions sent "
             "reinforcements,\" another rebel official told Reuters. ⟦Read Also⟧",
             "Rebel forces are battling to push back regime advances. \"All the factions sent "
             "reinforcements,\" another rebel official told Reuters."),
        Case("21.08.2013⟦Get short URL 0 0 0⟧ Syrian regime forces fired intense artillery at the suburbs.",
             "21.08.2013 Syrian regime forces fired intense artillery at the suburbs."),
    ]
    valid = [
        "USA officials declined to comment on the assault or print the names of the advisers.",
        "Click on the ministry's website and you will find no mention of the strike.",
        "Read more about the ceasefire in tomorrow's edition, the editor said.",
        "Share prices fell sharply in Damascus on Monday.",
        "An AFP photographer in Douma reported that fourteen of the victims died.",
        "Read also the ministry's statement, the spokesman told reporters, before you judge.",
        "The related news from Idlib was worse: two more hospitals were hit.",
        "BEIRUT June 6 2015 (Reuters) Two people were killed and 15 injured on the highway to Latakia.",
    ]

    def check_paragraph(self, para, doc):
        for (a, b), whole in _residue(para.text):
            start, end = para.span((a, b))
            phrase = para.text[a:b]
            if whole:
                fix = Fix("Remove the line", (_line_edit(doc.text, start, end),))
            else:  # the space before the phrase goes with it, so no double space is left
                cut = start - 1 if start > 0 and doc.text[start - 1] in " \t" else start
                fix = replace(cut, end, "", f"Remove {phrase!r}", safe=False)
            yield self.finding(start, end, f"Web-page residue in copy: {phrase!r}", fixes=[fix])

    def context(self, doc, i):
        return None  # a fix deletes the blank lines around the paragraph too: _residue is what is kept


@by_args("page-furniture.residue")
def _residue(text: str) -> tuple[tuple[tuple[int, int], bool], ...]:
    """The residue in a paragraph: ((start, end), a whole line?) of each piece, by text, since the
    server asks again on every edit."""
    found, lines, pos = [], [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and _FURNITURE.fullmatch(stripped.rstrip(".:")):
            lead = len(line) - len(line.lstrip())
            found.append(((pos + lead, pos + lead + len(stripped)), True))
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for m in _INLINE.finditer(text):
        if not any(s <= m.start() < e for s, e in lines):
            found.append((m.span(), False))
    return tuple(found)


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
