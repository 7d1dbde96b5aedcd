"""Where capitals are not names: headlines, lines set in capitals, datelines. Shared by the rules
that read capitalised words as acronyms or country forms."""

from __future__ import annotations

import re

HEADLINE_WORDS = 15


def headline(text: str) -> bool:
    """A story's first paragraph on one short line, not ending as a sentence does, is its headline."""
    text = text.strip()
    return "\n" not in text and len(text.split()) <= HEADLINE_WORDS and not text.endswith((".", "!", "?", '"', "”"))


def title_line(text: str) -> bool:
    """A story's first paragraph that is one short sentence with no comma, set as a headline though
    it ends with a full stop, as many sites print them: a label before a colon ("Former AG Mukasey
    at RNC: Clinton email scandal disqualifies her.") or no article to open it ("Terrorism experts
    rebuke Trump proposal."). A lede as short opens with one ("The YPG denied the report on
    Tuesday.") or has its commas ("Rebels clashed on Sunday, a day after…")."""
    text = text.strip()
    words = text.split()
    if "\n" in text or "," in text or not words or len(words) > 16:
        return False
    if len(re.findall(r"[.!?][\"”’']?(?=\s|$)", text)) > 1:
        return False
    return ":" in text or words[0] not in ("The", "A", "An")


def shouting(text: str) -> bool:
    """A headline or line set in capitals: its words are not acronyms."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 3 and sum(w.isupper() for w in words) * 2 > len(words)


def in_caps_run(text: str, start: int, end: int) -> bool:
    """A word in capitals next to another ("NEW YORK (AP)") is shouting or a dateline."""
    return bool(re.search(r"\b[A-Z]{2,}[ ]+$", text[:start]) or re.match(r"[ ]+[A-Z]{2,}\b", text[end:]))


_CELL = re.compile(r"\S+")
_FIGURE = re.compile(r"[-+]?\d[\d.,/]*%?|unch|nil|n\.?a\.?")


def tabular(text: str) -> bool:
    """A row of a data table pasted as a paragraph ("MAIZE - US Three Yellow Afloat 94  Apl 86 unch
    May 85 unch"): columns set apart by runs of spaces, or more figures than words."""
    cells = _CELL.findall(text)
    figures = sum(1 for c in cells if _FIGURE.fullmatch(c))
    gaps = re.findall(r"(?<=\S)(?: {3,}|\t+)(?=\S)", text)  # between cells: not the blanks a directive leaves
    return len(cells) >= 6 and (3 * figures >= len(cells) or bool(gaps) and 6 * figures >= len(cells))
