"""Python string offsets ↔ LSP positions, the one place where lines and code units exist.

LSP splits lines at "\\n", "\\r\\n" and "\\r" only (not at the other breaks `str.splitlines` knows),
and counts columns in the negotiated encoding's code units: UTF-16 unless the client offered
UTF-8 or UTF-32. A position past the end of a line means the end of that line; past the last line,
the end of the text (LSP asks servers to be lenient rather than fail).
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str = UTF16) -> int:
    """Length of text in the encoding's code units."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Lines:
    """One text's line starts, for conversions in both directions."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        self.ends = []  # where each line's content ends, before its break
        for m in _BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def __len__(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a string offset; an offset inside a CRLF counts as its line's end."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, units(self.text[start : min(offset, self.ends[line])], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """String offset of an LSP position, clamped into the text. A column that falls inside a
        character (half a surrogate pair, the middle of a UTF-8 sequence) goes to its start."""
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
