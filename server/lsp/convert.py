"""Findings → LSP diagnostics, and the fixes they carry → edits. Nothing here analyses text."""

from __future__ import annotations

from typing import Any, Iterable

from lsprotocol import types

from copydesk.text import LineIndex
from copydesk.output import docs_link
from copydesk.rules import registry
from copydesk.rules.api import Finding, Fix, Severity

SOURCE = "copydesk"

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def lsp_range(lines: LineIndex, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = lines.position(start), lines.position(end)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def diagnostic(f: Finding, lines: LineIndex, uri: str, version: int | None, docs_url: str | None = None) -> types.Diagnostic:
    link = docs_link(f.rule, docs_url)
    return types.Diagnostic(
        range=lsp_range(lines, f.start, f.end),
        message=f.message,
        severity=SEVERITY[f.severity],
        code=f.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        related_information=[
            types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=lsp_range(lines, r.start, r.end)), message=r.message)
            for r in f.related
        ]
        or None,
        data={"version": version, "fixes": [fix_data(x, lines) for x in f.fixes]},
    )


def fix_data(fix: Fix, lines: LineIndex) -> dict[str, Any]:
    """A fix as JSON with LSP ranges: what the editor hands back in a code action request."""
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [{"range": _range_json(lsp_range(lines, e.start, e.end)), "newText": e.replacement} for e in fix.edits],
    }


def _range_json(r: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def text_edits(fix: dict[str, Any]) -> list[types.TextEdit]:
    """The edits of a fix from a diagnostic's data; raises KeyError/TypeError/ValueError when the
    editor sent back something else."""
    out = []
    for e in fix["edits"]:
        r = e["range"]
        out.append(
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=int(r["start"]["line"]), character=int(r["start"]["character"])),
                    end=types.Position(line=int(r["end"]["line"]), character=int(r["end"]["character"])),
                ),
                new_text=str(e["newText"]),
            )
        )
    return out


def workspace_edit(uri: str, version: int | None, edits: list[types.TextEdit], versioned: bool) -> types.WorkspaceEdit:
    """Edits to one document; versioned (documentChanges) when the client supports it, so an editor
    whose buffer has moved on rejects them instead of applying them in the wrong place."""
    if versioned:
        doc = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=doc, edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def span_edit(old: str, new: str) -> tuple[int, int, str]:
    """The smallest single replacement (start, end, text) that turns old into new."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]


def hover_text(findings: Iterable[Finding]) -> str:
    """Markdown: each finding's message and its rule's documentation."""
    parts = []
    known = registry()
    for f in findings:
        head = f"**{f.rule}** ({f.severity}): {f.message}"
        docs = known[f.rule].docs() if f.rule in known else ""
        parts.append(f"{head}\n\n{_demote(docs)}" if docs else head)
    return "\n\n---\n\n".join(parts)


def _demote(docs: str) -> str:
    # The docs use level-2 headings; in a hover they read better one level down.
    return "\n".join("#" + line if line.startswith("## ") else line for line in docs.splitlines())
