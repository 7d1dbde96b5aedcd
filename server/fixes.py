"""Applying fixes to text: non-overlapping edits only, last to first so offsets stay valid."""

from __future__ import annotations

from typing import Iterable

from copydesk.rules.api import Edit, Finding, Fix


def chosen(findings: Iterable[Finding], unsafe: bool = False) -> list[Fix]:
    """Each finding's first fix that may be applied."""
    out = []
    for f in findings:
        for fix in f.fixes:
            if fix.safe or unsafe:
                out.append(fix)
                break
    return out


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Text with as many of the fixes applied as do not overlap an earlier one; and how many were.
    A fix's edits go in together or not at all."""
    taken: list[Edit] = []
    applied = 0
    for fix in fixes:
        edits = sorted(set(fix.edits))
        if any(_overlaps(e, t) for e in edits for t in taken) or any(
            _overlaps(a, b) for a, b in zip(edits, edits[1:])
        ):
            continue
        taken.extend(edits)
        applied += 1
    for e in sorted(taken, reverse=True):
        text = text[: e.start] + e.replacement + text[e.end :]
    return text, applied


def _overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at one point, or an edit touching another's inside, would make the result
    # depend on the order they are applied in.
    return a.start < b.end and b.start < a.end or a.start == b.start
