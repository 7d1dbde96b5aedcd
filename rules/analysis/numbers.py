"""Numbers in words and figures: one to ninety-nine both ways, and the counts a story gives."""

from __future__ import annotations

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def spelled(n: int) -> str:
    """0 to 99 in words, AP's way: 'five', 'twenty-one'."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


#: Words for numbers to ninety-nine, as a story may write them ("twenty-one", "a dozen").
WORDS: dict[str, int] = {spelled(n): n for n in range(100)} | {"a dozen": 12, "dozen": 12}


def value(word: str) -> int | None:
    """A count written in figures or in words, else None: '12' → 12, 'Twelve' → 12, '1,200' → 1200."""
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return WORDS.get(w.replace(" ", "-").replace("–", "-"))
