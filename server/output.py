"""Findings as people and programs read them: text lines and the JSON rows (formats.py streams
the documents)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from copydesk.rules.api import Finding, Severity
from copydesk.text import CODE_POINTS, LineIndex


@dataclass
class FileResult:
    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)  # per finding, for baselines (copydesk.baseline)

    def finding_dicts(self) -> list[dict]:
        lines = LineIndex(self.text, CODE_POINTS, base=1)
        out = []
        for f in self.findings:
            line, column = lines.position(f.start)
            end_line, end_column = lines.position(f.end)
            out.append(
                {
                    "rule": f.rule,
                    "severity": str(f.severity),
                    "message": f.message,
                    "start": f.start,
                    "end": f.end,
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "related": [{"start": r.start, "end": r.end, "message": r.message} for r in f.related],
                    "fixes": [
                        {
                            "title": x.title,
                            "safe": x.safe,
                            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in x.edits],
                        }
                        for x in f.fixes
                    ],
                }
            )
        return out


def docs_link(rule: str, base: str | None = None) -> str | None:
    """Where a rule's docs live: `base` with {rule} filled in, else the rule's own module, whose
    docstring is its documentation (we publish no docs site, so we link to none)."""
    if base:
        return base.replace("{rule}", rule) if "{rule}" in base else f"{base.rstrip('/')}/{rule}"
    return _module_uri(rule)


@lru_cache(maxsize=None)
def _module_uri(rule: str) -> str | None:
    from copydesk.rules import registry

    cls = registry().get(rule)
    source = inspect.getsourcefile(cls) if cls else None
    return Path(source).resolve().as_uri() if source else None


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan", Severity.HINT: "dim"}


def write_text(result: FileResult, console) -> None:
    """`path:line:col: severity rule message`, coloured by rich when the output is a terminal."""
    from rich.text import Text

    lines = LineIndex(result.text, CODE_POINTS, base=1)
    for f in result.findings:
        line, column = lines.position(f.start)
        out = Text(f"{result.path}:{line}:{column}: ", style="bold")
        out.append(str(f.severity), style=_STYLE[f.severity])
        out.append(f" {f.rule} ", style="magenta")
        out.append(f.message)
        console.print(out, soft_wrap=True)
