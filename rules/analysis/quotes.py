"""Quotation marks: where a paragraph's double quotes open and close."""

from __future__ import annotations

import re

MARKS = '"“”„«»'
_MARK = re.compile(f"[{MARKS}]")
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
