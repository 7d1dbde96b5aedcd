"""Inline suppressions: comments in the copy that silence rules on a line, over a region or in the
whole file.

Markdown and HTML use HTML comments, which never show in the published story:

    <!-- copydesk-disable RULE -->  …  <!-- copydesk-enable RULE -->
    <!-- copydesk-disable-next-line RULE -->
    text on the line <!-- copydesk-disable-line RULE -->

Plain text has no comments, so a directive ends the line it silences, or starts the file:

    text on the line  copydesk: ignore RULE
    copydesk: ignore-file RULE          (first line only)

RULE is a rule or group name, or a comma list of them; left out, the directive covers every rule.
In Markdown/HTML, ` -- reason` after the names is allowed and ignored.

Directives are read from the raw text, before markup blanks HTML comments; in plain text the
directive is blanked before the NLP sees the paragraph, so it never reads as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from copydesk.rules.api import Edit, Finding, Fix, Severity
from copydesk.text import LineIndex, line_break

#: The rule name of an unused or unknown suppression, reported with --report-unused.
UNUSED = "unused-suppression"
ALL = "*"

_NAMES = r"[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*"
_COMMENT = re.compile(
    r"<!--[ \t]*copydesk-(?P<action>disable-next-line|disable-line|disable|enable)"
    rf"(?:[ \t]+(?P<names>{_NAMES}))?(?:[ \t]+--[^>]*?)?[ \t]*-->"
)
_PLAIN = re.compile(rf"copydesk:[ \t]*(?P<action>ignore-file|ignore)(?:[ \t]+(?P<names>{_NAMES}))?[ \t]*(?=[\r\n]|\Z)")


@dataclass
class Directive:
    """One suppression comment, where it is and what it covers."""

    action: str  # disable, enable, disable-line, disable-next-line, ignore, ignore-file
    names: tuple[str, ...]  # as written; () for every rule
    start: int  # the directive's own span in the file
    end: int
    names_span: tuple[int, int]  # where the names are (empty at the insertion point when none)
    covers: dict[str, tuple[int, int]] = field(default_factory=dict)  # name or ALL → file span silenced
    used: set[str] = field(default_factory=set)
    problem: str | None = None  # why the directive can never work, e.g. ignore-file off the first line
    alone: tuple[int, int] | None = None  # its line, newline included, when nothing else is on it

    @property
    def keys(self) -> tuple[str, ...]:
        return self.names or (ALL,)


def parse(text: str, kind: str) -> list[Directive]:
    """The suppression directives of a file of `kind` ("text", "markdown" or "html"), in order."""
    out = []
    pattern = _PLAIN if kind == "text" else _COMMENT
    lines = None
    for m in pattern.finditer(text):
        lines = lines or LineIndex(text)
        names = tuple(n.strip() for n in m["names"].split(",")) if m["names"] else ()
        names_span = m.span("names") if m["names"] else (m.end("action"), m.end("action"))
        d = Directive(m["action"], names, m.start(), m.end(), names_span)
        line = lines.span(lines.line_of(m.start()))
        if not (text[line[0] : m.start()] + text[m.end() : line[1]]).strip():
            d.alone = line
        out.append(d)
    if lines:
        _cover(lines, out)
    return out


def _cover(lines: LineIndex, directives: list[Directive]) -> None:
    text = lines.text
    open_: dict[str, Directive] = {}  # name → the disable holding it open
    for d in directives:
        if d.action in ("disable-line", "ignore"):
            d.covers = dict.fromkeys(d.keys, lines.span(lines.line_of(d.start)))
        elif d.action == "disable-next-line":
            d.covers = dict.fromkeys(d.keys, lines.span(lines.line_of(d.end) + 1))
        elif d.action == "ignore-file":
            if lines.line_of(d.start) == 0:
                d.covers = dict.fromkeys(d.keys, (0, len(text)))
            else:
                d.problem = "ignore-file works only on the first line"
        elif d.action == "disable":
            for key in d.keys:
                if key not in open_:  # a second disable of an open name adds nothing
                    open_[key] = d
                    d.covers[key] = (d.end, len(text))
        else:  # enable: closes the named regions, or all of them
            for key in list(open_) if not d.names else d.names:
                held = open_.pop(key, None)
                if held is not None:
                    held.covers[key] = (held.end, d.start)


def blank(text: str, directives: Iterable[Directive]) -> str:
    """`text` with plain-text directives replaced by spaces, offsets unchanged, so rules never read
    them as prose. HTML comments are markup's to blank."""
    chars = None
    for d in directives:
        if d.action in ("ignore", "ignore-file"):
            chars = chars or list(text)
            chars[d.start : d.end] = " " * (d.end - d.start)
    return "".join(chars) if chars else text


def apply(findings: Iterable[Finding], directives: list[Directive], ran: Iterable[str] = ()) -> tuple[list[Finding], list[Finding]]:
    """The findings no directive silences, and findings for the directives that silenced nothing
    (of the rules in `ran`), named no known rule, or cannot work."""
    from copydesk.rules import registry

    known = registry()
    kept = []
    for f in findings:
        rule = known.get(f.rule)
        group = rule.group if rule else None
        if not any(_silences(d, f, group) for d in directives):
            kept.append(f)
    return kept, list(_unused(directives, set(ran), known))


def _silences(d: Directive, f: Finding, group: str | None) -> bool:
    hit = False
    for key, (start, end) in d.covers.items():
        if (key in (ALL, f.rule, group) or key.lower() == "all") and start <= f.start < end:
            d.used.add(key)
            hit = True
    return hit


def _unused(directives: list[Directive], ran: set[str], known: dict) -> Iterable[Finding]:
    from copydesk.rules import GROUPS

    for d in directives:
        if d.problem:
            yield _report(d, f"suppression never applies: {d.problem}", d.names)
            continue
        unknown = [n for n in d.names if n not in known and n not in GROUPS and n.lower() != "all"]
        if unknown:
            yield _report(d, f"suppression names no rule: {', '.join(unknown)} (`copydesk rules` lists them)", unknown)
        if d.action == "enable":
            continue
        idle = [
            k for k in d.keys
            if k not in unknown and k not in d.used and k in d.covers and _ran(k, ran, known)
        ]
        if idle:
            what = "any rule" if idle == [ALL] else ", ".join(idle)
            yield _report(d, f"unused suppression: nothing from {what} to silence here", [k for k in idle if k != ALL])


def _ran(key: str, ran: set[str], known: dict) -> bool:
    if key == ALL or key.lower() == "all" or key in ran:
        return bool(ran)
    return any(known[r].group == key for r in ran if r in known)


def _report(d: Directive, message: str, names: Iterable[str]) -> Finding:
    names = list(names)
    fixes = ()
    if d.action not in ("disable", "enable"):  # a region's other end would be left dangling
        rest = [n for n in d.names if n not in names]
        if rest and names:
            edit = Edit(*d.names_span, ", ".join(rest))
        else:
            edit = Edit(*(d.alone or (d.start, d.end)), "")
        fixes = (Fix("Remove the unused suppression" if not rest else f"Remove {', '.join(names)} from the suppression", (edit,)),)
    return Finding(d.start, d.end, UNUSED, message, Severity.WARNING, fixes=fixes)


# -- writing directives (the language server's "ignore this rule" actions) ---------------------------


def comment(kind: str, scope: str, rules: Iterable[str] = ()) -> str:
    """The directive text that silences `rules` (all when empty) for `scope` "line" or "file",
    in a file of `kind`: what the ignore-rule code action writes."""
    names = ", ".join(rules)
    names = f" {names}" if names else ""
    if kind == "text":
        return f"copydesk: {'ignore-file' if scope == 'file' else 'ignore'}{names}"
    return f"<!-- copydesk-{'disable' if scope == 'file' else 'disable-line'}{names} -->"


def insertion(text: str, kind: str, line: int, rule: str, scope: str) -> Edit | None:
    """The edit that silences `rule` on 0-based `line` (scope "line") or in the whole file (scope
    "file"): a new directive, or the rule added to one already there. None when already silenced."""
    from copydesk import markup

    lines = LineIndex(text)
    if scope == "file":
        at = 0
        if kind == "markdown" and (front := markup.FRONT_MATTER.match(text)):
            at = front.end()
        here = lines.span(lines.line_of(at))
        wanted = ("ignore-file",) if kind == "text" else ("disable",)
        placed = f"{comment(kind, scope, [rule])}{line_break(text)}"
    else:
        here = lines.span(line)
        wanted = ("ignore",) if kind == "text" else ("disable-line",)
        end = here[0] + len(text[here[0] : here[1]].rstrip("\r\n"))
        gap = "" if end == here[0] or text[end - 1 : end].isspace() else " "
        placed, at = f"{gap}{comment(kind, scope, [rule])}", end
    for d in parse(text[here[0] : here[1]], kind):
        if d.action in wanted and (scope == "line" or d.start == 0):
            if not d.names or rule in d.names:
                return None
            return Edit(here[0] + d.names_span[1], here[0] + d.names_span[1], f", {rule}")
    return Edit(at, at, placed)
