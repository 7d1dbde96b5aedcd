"""Quotation marks: where a paragraph's double quotes open and close."""

from __future__ import annotations

import re
from functools import lru_cache

MARKS = '"“”„«»'
_MARK = re.compile(f"[{MARKS}]")
_OPENERS, _CLOSERS = "“„«", "”»"


def has_marks(text: str) -> bool:
    return any(c in text for c in MARKS) or "''" in text


def marks(text: str) -> list[tuple[int, str]]:
    """Double quotation marks in a paragraph as (index, "open" | "close"). A straight mark opens
    after a space, an opening bracket or a dash and closes elsewhere; one after a digit is an inch
    mark, not a quote, unless a straight quote is open ("aged under 10" closes). Where an archive writes a double quote as two apostrophes (the New York
    Times's ''like this''), the second apostrophe is the mark."""
    return list(_marks(text))


@lru_cache(maxsize=50_000)
def _marks(text: str) -> tuple[tuple[int, str], ...]:
    # Cached by text: each paragraph is asked about by its neighbours too, on every re-lint.
    text = text.replace("''", '\0"')  # same length: the offsets stay; the mark is the second one
    out = []
    straight_open = False  # a straight mark has opened and not closed: one after a digit closes it
    for m in _MARK.finditer(text):
        i, c = m.start(), m.group()
        j = i - 1 if i and text[i - 1] == "\0" else i  # read what stands before a pair of apostrophes
        before = text[j - 1] if j else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in _OPENERS:
            role = "open"
        elif c in _CLOSERS:
            role = "close"
        elif before.isdigit() and not straight_open:
            continue  # an inch mark: 6'5"
        elif (before.isspace() or before in "([{—–-/") and not after.isspace():
            role = "open"
        else:
            role = "close"
        if c == '"':
            straight_open = role == "open"
        out.append((i, role))
    return tuple(out)
