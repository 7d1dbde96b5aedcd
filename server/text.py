"""The one definition of a line: Python string offsets ↔ (line, column), for the CLI's output,
SARIF, suppression comments and the language server alike.

A line ends at "\\n", "\\r\\n" or "\\r" (as LSP and SARIF have it; not at the other breaks
`str.splitlines` knows). Columns count the code units of an encoding: code points (UTF-32) for
people and SARIF, UTF-16 or UTF-8 where an LSP client asks; lines and columns start at `base`. A
position past the end of a line means the end of that line; past the last line, the end of the text
(LSP asks servers to be lenient rather than fail).
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_BREAK = re.compile(r"\r\n|\r|\n")


def line_break(text: str) -> str:
    """The text's own line break (its first one), for lines we add to it; "\\n" when it has none."""
    m = _BREAK.search(text)
    return m.group() if m else "\n"


def units(text: str, encoding: str = UTF16) -> int:
    """Length of text in the encoding's code units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


CODE_POINTS = UTF32


class LineIndex:
    """One text's line starts, for conversions in both directions."""

    def __init__(self, text: str, encoding: str = UTF16, base: int = 0):
        self.text = text
        self.encoding = encoding
        self.base = base
        self.starts = [0]
        self.ends = []  # where each line's content ends, before its break
        for m in _BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """0-based line holding a string offset."""
        return bisect.bisect_right(self.starts, min(max(offset, 0), len(self.text))) - 1

    def span(self, line: int) -> tuple[int, int]:
        """A 0-based line's start and end, its break included; past the last line, the text's end."""
        if line >= len(self.starts):
            return len(self.text), len(self.text)
        return self.starts[line], self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a string offset; an offset inside a CRLF counts as its line's end."""
        offset = min(max(offset, 0), len(self.text))
        line = self.line_of(offset)
        start = self.starts[line]
        return line + self.base, units(self.text[start : min(offset, self.ends[line])], self.encoding) + self.base

    def offset(self, line: int, character: int) -> int:
        """String offset of a position, clamped into the text. A column that falls inside a
        character (half a surrogate pair, the middle of a UTF-8 sequence) goes to its start."""
        line, character = line - self.base, character - self.base
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.ends[line]
        if character <= 0:
            return start
        content = self.text[start:end]
        if self.encoding == UTF32 or content.isascii():
            return start + min(character, len(content))
        count = 0
        for i, c in enumerate(content):
            count += units(c, self.encoding)
            if count > character:
                return start + i
        return end
