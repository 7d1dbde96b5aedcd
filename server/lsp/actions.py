"""Code actions: the fixes the diagnostics carry, fix-all, ignore comments and the gazetteer command.
They reshape what the analysis already produced; nothing here looks at the text's meaning."""

from __future__ import annotations

from lsprotocol import types

from copydesk.lsp import convert
from copydesk.lsp.documents import Document

QUICKFIX = types.CodeActionKind.QuickFix
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.copydesk"
ADD_TO_GAZETTEER = "copydesk.addToGazetteer"
# Rules whose findings are spellings the house gazetteer can settle.
GAZETTEER_RULES = {"inconsistent-spelling"}


def for_request(
    doc: Document, result, params: types.CodeActionParams, versioned: bool, fixed: str | None = None
) -> list[types.CodeAction]:
    """The actions for the diagnostics in the request; `fixed` is the text after every safe fix (fix-all)."""
    diagnostics = [
        d for d in params.context.diagnostics if d.source == convert.SOURCE and _touches(d.range, params.range)
    ]
    if not diagnostics:  # some clients send none: use ours under the cursor
        diagnostics = [d for d in result.diagnostics if _touches(d.range, params.range)]
    out: list[types.CodeAction] = []
    for diag in diagnostics:
        diag = _current(diag, doc, result)
        if diag is None:
            continue
        preferred = False
        for fix in diag.data["fixes"]:
            try:
                edits = convert.text_edits(fix)
            except (KeyError, TypeError, ValueError):
                continue
            prefer = bool(fix.get("safe")) and not preferred
            preferred |= prefer
            out.append(
                types.CodeAction(
                    title=str(fix.get("title", "Fix")),
                    kind=QUICKFIX,
                    diagnostics=[diag],
                    is_preferred=prefer or None,
                    edit=convert.workspace_edit(doc.uri, doc.version, edits, versioned),
                )
            )
        out.extend(_ignore(doc, diag, versioned))
        if diag.code in GAZETTEER_RULES:
            spelling = _text(doc, diag.range)
            variants = [
                _text(doc, r.location.range) for r in diag.related_information or () if r.location.uri == doc.uri
            ]
            out.append(
                types.CodeAction(
                    title=f"Add '{spelling}' to the house gazetteer as the spelling to use",
                    kind=QUICKFIX,
                    diagnostics=[diag],
                    command=types.Command(
                        title=f"Add '{spelling}' to the house gazetteer",
                        command=ADD_TO_GAZETTEER,
                        arguments=[doc.uri, spelling, variants],
                    ),
                )
            )
    if fixed is not None and fixed != result.text:
        start, end, replacement = convert.span_edit(result.text, fixed)
        edit = types.TextEdit(range=convert.lsp_range(doc.lines, start, end), new_text=replacement)
        out.append(
            types.CodeAction(
                title="Fix all safe copydesk findings in this document",
                kind=FIX_ALL,
                edit=convert.workspace_edit(doc.uri, doc.version, [edit], versioned),
            )
        )
    return out


def _current(diag: types.Diagnostic, doc: Document, result) -> types.Diagnostic | None:
    """The diagnostic with fixes valid for the document's current version: as sent back when its
    data is current, else our own current diagnostic for the same rule and place."""
    data = diag.data if isinstance(diag.data, dict) else None
    if data and data.get("version") == doc.version and isinstance(data.get("fixes"), list):
        return diag
    for ours in result.diagnostics:
        if ours.code == diag.code and _touches(ours.range, diag.range):
            return ours
    return None


def _touches(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _text(doc: Document, r: types.Range) -> str:
    return doc.text[doc.offset(r.start) : doc.offset(r.end)]


def _ignore(doc: Document, diag: types.Diagnostic, versioned: bool) -> list[types.CodeAction]:
    """'Ignore this rule on this line / in this file': the comments copydesk.suppress reads."""
    from copydesk import suppress

    rule = str(diag.code)
    out = []
    for scope, title in (("line", f"Ignore {rule} on this line"), ("file", f"Ignore {rule} in this file")):
        edit = suppress.insertion(doc.text, doc.kind, diag.range.start.line, rule, scope)
        if edit is not None:
            text_edit = types.TextEdit(range=convert.lsp_range(doc.lines, edit.start, edit.end), new_text=edit.replacement)
            out.append(
                types.CodeAction(
                    title=title,
                    kind=QUICKFIX,
                    diagnostics=[diag],
                    edit=convert.workspace_edit(doc.uri, doc.version, [text_edit], versioned),
                )
            )
    return out
