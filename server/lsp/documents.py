"""The open documents as the client last sent them, kept in sync change by change."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from copydesk import markup
from copydesk.text import UTF16, LineIndex

# Language ids that name a markup; anything else falls back to the file's suffix, then plain text.
_KINDS = {"markdown": "markdown", "html": "html", "plaintext": "text"}


@dataclass
class Document:
    uri: str
    text: str
    version: int | None = None
    language: str = "plaintext"
    encoding: str = UTF16
    path: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.path = to_fs_path(self.uri) if self.uri.startswith("file:") else None

    @property
    def kind(self) -> str:
        if self.language in _KINDS and self.language != "plaintext":
            return _KINDS[self.language]
        return markup.kind_of(self.path or self.uri)

    @property
    def folder(self) -> Path | None:
        return Path(self.path).parent if self.path else None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text, self.encoding)

    def apply(self, change: types.TextDocumentContentChangeEvent) -> None:
        """Apply one change: a range replaced (incremental sync) or the whole text."""
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = self.lines.offset(change.range.start.line, change.range.start.character)
            end = self.lines.offset(change.range.end.line, change.range.end.character)
            start, end = min(start, end), max(start, end)
            self.text = self.text[:start] + change.text + self.text[end:]
        else:
            self.text = change.text
        self.__dict__.pop("lines", None)

    def offset(self, position: types.Position) -> int:
        return self.lines.offset(position.line, position.character)
