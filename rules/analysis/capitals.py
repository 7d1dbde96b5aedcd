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
    """A story's first paragraph that is one short sentence with no comma: a headline as many sites
    print it, with a full stop ("Former AG Mukasey at RNC: Clinton email scandal disqualifies her.").
    A lede as short has its commas: "Rebels clashed with troops on Sunday, a day after…"."""
    text = text.strip()
    return ("\n" not in text and "," not in text and len(text.split()) <= 16
            and len(re.findall(r"[.!?][\"”’']?(?=\s|$)", text)) <= 1)


def shouting(text: str) -> bool:
    """A headline or line set in capitals: its words are not acronyms."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 3 and sum(w.isupper() for w in words) * 2 > len(words)


def in_caps_run(text: str, start: int, end: int) -> bool:
    """A word in capitals next to another ("NEW YORK (AP)") is shouting or a dateline."""
    return bool(re.search(r"\b[A-Z]{2,}[ ]+$", text[:start]) or re.match(r"[ ]+[A-Z]{2,}\b", text[end:]))
