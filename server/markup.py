"""Markup → paragraphs of prose with offsets into the original file.

Plain text and Markdown keep every character in place (non-prose is blanked to spaces), so a
paragraph's offsets are its start plus the index. HTML text goes through the standard library's
HTML parser and entities are decoded, so its paragraphs carry an explicit offset map.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import PurePath

from copydesk.rules.api import Paragraph

MARKDOWN = {".md", ".markdown", ".mdown", ".mkd"}
HTML = {".html", ".htm", ".xhtml"}


def kind_of(path: str | None) -> str:
    suffix = PurePath(path).suffix.lower() if path else ""
    return "markdown" if suffix in MARKDOWN else "html" if suffix in HTML else "text"


def paragraphs(text: str, kind: str = "text") -> list[Paragraph]:
    found = _markdown(text) if kind == "markdown" else _html(text) if kind == "html" else _split(text, _plain_prose(text))
    return [piece for para in found for piece in pieces(para)]


#: Characters. A longer paragraph (a one-line file, a pasted dump) is cut into pieces at sentence
#: ends, and each piece is a paragraph to the rules and to spaCy: time and memory then grow with
#: the length, where rules that look around each match within a paragraph would grow with its
#: square, and spaCy stops at a million characters (E088). Real copy never has such paragraphs.
LONG = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def pieces(para: Paragraph, size: int = LONG) -> list[Paragraph]:
    """`para` itself, or consecutive pieces of at most `size` characters that each end at the last
    sentence end that fits outside quotation marks (else any sentence end, else a space, else
    anywhere)."""
    text = para.text
    if len(text) <= size:
        return [para]
    out, start = [], 0
    while start < len(text):
        cut = len(text) if len(text) - start <= size else start + _cut(text[start : start + size])
        end = start + len(text[start:cut].rstrip())
        if end > start:
            offsets = para.offsets[start:end] if para.offsets is not None else None
            out.append(Paragraph(para.offset(start), para.end_offset(end), text[start:end], offsets))
        start = cut
    return out


def _cut(window: str) -> int:
    best = balanced = last = 0
    straight = curly = 0
    for m in _SENTENCE_END.finditer(window):
        straight += window.count('"', last, m.end())
        curly += window.count("“", last, m.end()) - window.count("”", last, m.end())
        last = best = m.end()
        if straight % 2 == 0 and curly == 0:
            balanced = best
    if balanced >= len(window) // 2:  # not too short a piece, so the pieces stay few
        return balanced
    if best:
        return best
    return max(window.rfind(" "), window.rfind("\n"), window.rfind("\t")) + 1 or len(window)


# Plain text pasted from the web keeps some of the page: embed tags (<tweet tweet-id="…">, <a
# href="…">) and bare URLs. Their quotes and capitals are not prose.
_PLAIN_NOISE = re.compile(
    r"</?[A-Za-z][\w-]*(?:\s+[\w-]+(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s>]+))?)*\s*/?>"
    r"|(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,:;!?\"'’”]"
)


def _plain_prose(text: str) -> str:
    if "<" not in text and "http" not in text and "www." not in text:
        return text
    chars = list(text)
    for m in _PLAIN_NOISE.finditer(text):
        _blank(chars, m.start(), m.end())
    return "".join(chars)


_BLANK_LINES = re.compile(r"\n[ \t\r]*\n\s*")


def _split(text: str, prose: str, blocks: list[tuple[int, int]] | None = None) -> list[Paragraph]:
    """Paragraphs of `prose` (same length as text): blank-line separated, inside the given blocks."""
    if blocks is None:
        blocks, pos = [], 0
        for m in _BLANK_LINES.finditer(prose):
            blocks.append((pos, m.start()))
            pos = m.end()
        blocks.append((pos, len(prose)))
    out = []
    for start, end in blocks:
        chunk = prose[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start += lead
        end = start + len(stripped)
        out.append(Paragraph(start, end, stripped.replace("\r", " ")))
    return out


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


# Inline Markdown that is not prose. Code spans follow CommonMark: a run of N backticks closes on
# the next run of exactly N.
_MD_INLINE = re.compile(
    r"(?<!`)(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)"  # code span
    r"|<!--.*?-->"  # HTML comment
    r"|<(?:https?|mailto|ftp):[^>\s]*>"  # autolink
    r"|</?[A-Za-z][^>\n]*>"  # inline HTML tag
    r"|(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # link destination and title
    r"|(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,:;!?\"'’”*_~]"  # bare URL, not its final stop
    r"|^\s{0,3}(?:#{1,6}(?=\s)|>+|[-*+](?=\s)|\d{1,9}[.)](?=\s))"  # heading, quote, list marker
    r"|(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*])"  # emphasis delimiters
    r"|(?<=\])\[[^\[\]\n]*\]"  # reference label of a reference link: [text][label]
    r"|!?\[|\]",  # link brackets
    re.S | re.M,
)


_CELL_PIPE = re.compile(r"(?<!\\)\|")
FRONT_MATTER = re.compile(r"---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)  # YAML


def _markdown(text: str) -> list[Paragraph]:
    from markdown_it import MarkdownIt

    chars = list(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)] + [len(text)]

    def at(line: int) -> int:
        return line_starts[min(line, len(line_starts) - 1)]

    body = 0
    front = FRONT_MATTER.match(text)
    if front:  # YAML front matter
        _blank(chars, 0, front.end())
        body = front.end()

    md = MarkdownIt("commonmark").enable("table")
    offset_line = text.count("\n", 0, body)
    tokens = md.parse(text[body:])
    blocks = []
    for tok in tokens:
        if not tok.map:
            continue
        start, end = at(tok.map[0] + offset_line), at(tok.map[1] + offset_line)
        if tok.type in ("fence", "code_block", "html_block"):
            _blank(chars, start, end)
        elif tok.type == "tr_open":  # a table row is one paragraph; its cell pipes are not prose
            for m in _CELL_PIPE.finditer(text, start, end):
                _blank(chars, m.start(), m.end())
        elif tok.type == "inline" and (not blocks or blocks[-1] != (start, end)):  # cells share a row
            blocks.append((start, end))
    prose = "".join(chars)
    for m in _MD_INLINE.finditer(prose):
        _blank(chars, m.start(), m.end())
    prose = "".join(chars)
    return _split(text, prose, blocks)


_SKIP = {"script", "style", "code", "pre", "template", "noscript", "svg", "math"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "li",
    "main", "nav", "ol", "p", "section", "table", "td", "th", "title", "tr", "ul",
}


class _HTMLProse(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.skip = 0
        self.paras: list[Paragraph] = []
        self.text = text
        self.chars: list[str] = []
        self.offsets: list[tuple[int, int]] = []

    def pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def flush(self) -> None:
        text = "".join(self.chars)
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        if stripped:
            offs = self.offsets[lead : lead + len(stripped)]
            cleaned = re.sub(r"\s", " ", stripped)
            self.paras.append(Paragraph(offs[0][0], offs[-1][1], cleaned, offs))
        self.chars, self.offsets = [], []

    def add(self, chars: str, start: int, end: int | None = None) -> None:
        """Add decoded characters; an entity's characters all map to its whole source span."""
        if self.skip:
            return
        for i, c in enumerate(chars):
            self.chars.append(c)
            self.offsets.append((start + i, start + i + 1) if end is None else (start, end))

    def entity(self, name: str, prefix: str) -> None:
        # The parser's name is exactly what it consumed ("c." in "&c."), so the span matches it.
        start = self.pos()
        end = start + len(prefix) + len(name)
        if self.text.startswith(";", end):
            end += 1
        self.add(html.unescape(self.text[start:end]), start, end)

    def parse_html_declaration(self, i):
        # Python's parser gives up on a malformed "<![" or "<!DOCTYPE" with an AssertionError;
        # browsers read it as a bogus comment up to the next ">", and so does this.
        where = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = where  # it moved the position before giving up
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.flush()

    def handle_data(self, data):
        self.add(data, self.pos())

    def handle_entityref(self, name):
        self.entity(name, "&")

    def handle_charref(self, name):
        self.entity(name, "&#")


def _html(text: str) -> list[Paragraph]:
    parser = _HTMLProse(text)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # markup the parser cannot read: the rest is kept as text, not lost
        parser.skip = 0
        parser.add(text[parser.pos() :], parser.pos())
    parser.flush()
    return parser.paras
