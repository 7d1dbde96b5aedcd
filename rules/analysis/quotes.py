"""Quotation marks: where a paragraph's double quotes open and close."""

from __future__ import annotations

import re

from copydesk.rules.caches import by_args

MARKS = '"“”„«»'
_MARK = re.compile(f"[{MARKS}]")
OPENERS, CLOSERS = "“„«", "”»"
# Two single marks standing for a double one: the New York Times archive's ''like this'', and the
# curly pairs a word processor makes of them (‘‘like this’’).
_PAIRS = (("''", '\0"'), ("‘‘", "\0“"), ("’’", "\0”"))


def has_marks(text: str) -> bool:
    return any(c in text for c in MARKS) or any(pair in text for pair, _ in _PAIRS)


def marks(text: str) -> list[tuple[int, str]]:
    """Double quotation marks in a paragraph as (index, "open" | "close"). A straight mark opens
    after a space, an opening bracket or a dash, or hard after a colon, an equals sign or (with no
    straight quote open) a sentence's end when a word follows (`he said:"We`, `author="@x"`), and,
    with none open, hard before a word (`said,"The`, `of"squabbling`); it closes elsewhere. One after
    a digit is an inch mark, not a quote, unless a straight quote is open ("aged under 10" closes).
    A curly opening mark typed where a closing one belongs (`called it “abhorrent“ in`) closes.
    Where an archive writes a double quote as two single marks (the New York Times's ''like this''),
    the second one is the mark."""
    return list(_marks(text))


@by_args("quotes.marks")
def _marks(text: str) -> tuple[tuple[int, str], ...]:
    # Cached by text: each paragraph is asked about by its neighbours too, on every re-lint.
    for pair, mark in _PAIRS:
        text = text.replace(pair, mark)  # same length: the offsets stay; the mark is the second one
    out = []
    straight_open = False  # a straight mark has opened and not closed: one after a digit closes it
    depth = 0  # quotes open now, of either kind
    for m in _MARK.finditer(text):
        i, c = m.start(), m.group()
        j = i - 1 if i and text[i - 1] == "\0" else i  # read what stands before a pair of marks
        before = text[j - 1] if j else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in OPENERS:
            # “abhorrent“ in: hard after a word and before a space, with a quote open, it closes.
            wrong_way = depth and not before.isspace() and before not in "([{—–-/" and not after.isalnum()
            role = "close" if wrong_way else "open"
        elif c in CLOSERS:
            role = "close"
        elif before.isdigit() and not straight_open:
            continue  # an inch mark: 6'5"
        elif (before.isspace() or before in "([{—–-/") and not after.isspace() and after not in ">,;":
            role = "open"
        elif before in ":=" and not after.isspace():
            role = "open"
        elif before in ".!?;" and after.isalpha() and after.isupper() and not straight_open:
            role = "open"  # `…in Syria."He said`, with a quote open, is its close run into the next sentence
        elif not straight_open and after.isalnum():
            role = "open"  # a space left out: `said,"The report shows`, `accused them of"squabbling`
        else:
            role = "close"
        if c == '"':
            straight_open = role == "open"
        depth = depth + 1 if role == "open" else max(depth - 1, 0)
        out.append((i, role))
    return tuple(out)
