"""Applying fixes to text: non-overlapping edits only, last to first so offsets stay valid."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from copydesk.rules.api import Edit, Finding, Fix

#: Fix rounds before giving up on reaching a text no fix changes (a fix can enable another).
ROUNDS = 10


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


def until_stable(
    text: str, analyse: Callable[[str], Any], *, unsafe: bool = False, unused: bool = False, first: Any = None
) -> tuple[Any, str, int]:
    """The one fix loop, for `copydesk lint --fix` and the editor's "fix all" alike: apply each
    finding's first fix, analyse again, repeat until nothing changes (at most ROUNDS times).

    `analyse(text)` returns a report (findings, errors, unused); `first` is the report on `text`
    when there is one already. Returns the report on the fixed text, the fixed text and the number of
    fixes; or the first report, the original text and 0 when any rule failed in any round (a fix
    must not rest on half a check)."""
    first = report = first if first is not None else analyse(text)
    current, total = text, 0
    for _ in range(ROUNDS):
        if report.errors:
            if report is not first:
                first.errors.extend(report.errors)
            return first, text, 0
        new, applied = apply(current, chosen(report.findings + (report.unused if unused else []), unsafe))
        if not applied or new == current:
            return report, current, total
        current, total = new, total + applied
        report = analyse(current)
    return (first, text, 0) if report.errors else (report, current, total)
