"""The document outline (textDocument/documentSymbol): the story's sources, one entry per speaker
with its attributions as children, so an editor shows at a glance who speaks and how many are
anonymous. Only reshapes what copydesk.sources read."""

from __future__ import annotations

from lsprotocol import types

from copydesk.lsp.convert import lsp_range
from copydesk.text import LineIndex

SYMBOL = {
    "person": types.SymbolKind.Object,
    "organisation": types.SymbolKind.Namespace,
    "group": types.SymbolKind.Array,
    "pronoun": types.SymbolKind.Variable,
    "anonymous": types.SymbolKind.Null,
    "vague": types.SymbolKind.Null,
    "document": types.SymbolKind.File,
    "unknown": types.SymbolKind.Key,
}
NOBODY = "(nobody named)"


def symbols(text: str, found: list[dict], lines: LineIndex) -> list[types.DocumentSymbol]:
    groups: dict[tuple[str, str], list[dict]] = {}
    for s in found:
        groups.setdefault(((s["speaker"] or NOBODY).casefold(), s["kind"]), []).append(s)
    out = []
    for (_, kind), items in groups.items():
        children = [_attribution(text, s, lines) for s in items]
        spans = [_span(s) for s in items]
        first = items[0]
        head = first["source"] or first["cue"]
        quotes = sum(s["quote"] for s in items)
        out.append(types.DocumentSymbol(
            name=first["speaker"] or NOBODY,
            detail=f"{kind} · {len(items)} attribution{'s' * (len(items) != 1)}, {quotes} quoted",
            kind=SYMBOL[kind],
            range=lsp_range(lines, min(s for s, _ in spans), max(e for _, e in spans)),
            selection_range=lsp_range(lines, head["start"], head["end"]),
            children=children,
        ))
    return out


def _span(s: dict) -> tuple[int, int]:
    parts = [p for p in (s["cue"], s["source"], s["content"]) if p]
    return min(p["start"] for p in parts), max(p["end"] for p in parts)


def _attribution(text: str, s: dict, lines: LineIndex) -> types.DocumentSymbol:
    words = text[s["content"]["start"] : s["content"]["end"]].split() if s["content"] else []
    said = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
    cue = text[s["cue"]["start"] : s["cue"]["end"]]
    return types.DocumentSymbol(
        name=f"{cue}: {said}" if said else cue,
        detail=("quote" if s["quote"] else "paraphrase") + (", second-hand" if s.get("second_hand") else ""),
        kind=types.SymbolKind.String if s["quote"] else types.SymbolKind.Event,
        range=lsp_range(lines, *_span(s)),
        selection_range=lsp_range(lines, s["cue"]["start"], s["cue"]["end"]),
    )
