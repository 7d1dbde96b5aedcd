"""Offsets ↔ LSP positions: emoji (two UTF-16 units, four UTF-8 bytes), combining marks, CRLF, CR."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from lsprotocol import types

from copydesk.lsp.convert import span_edit
from copydesk.lsp.documents import Document
from copydesk.text import UTF8, UTF16, UTF32, LineIndex, units

EMOJI = "Reporters 📰 said"  # 📰 is U+1F4F0, outside the BMP
COMBINING = "Deir e\u0301z-Zor"  # e + combining acute: two code points, two UTF-16 units


def test_emoji_counts_two_utf16_units_and_four_utf8_bytes():
    text = f"{EMOJI} it was -led"
    offset = text.index("said")
    assert LineIndex(text, UTF16).position(offset) == (0, offset + 1)
    assert LineIndex(text, UTF8).position(offset) == (0, offset + 3)
    assert LineIndex(text, UTF32).position(offset) == (0, offset)
    for enc in (UTF8, UTF16, UTF32):
        lines = LineIndex(text, enc)
        assert lines.offset(*lines.position(offset)) == offset


def test_combining_mark_is_its_own_unit():
    lines = LineIndex(COMBINING)
    z = COMBINING.index("z")
    assert lines.position(z) == (0, z)
    assert LineIndex(COMBINING, UTF8).position(z) == (0, z + 1)  # U+0301 is two bytes in UTF-8


def test_crlf_and_cr_end_lines_but_other_breaks_do_not():
    text = "one\r\ntwo\rthree\nfour\u2028still four\x0cand here"
    lines = LineIndex(text)
    assert len(lines) == 4
    assert lines.position(text.index("two")) == (1, 0)
    assert lines.position(text.index("three")) == (2, 0)
    assert lines.position(text.index("here")) == (3, text.index("here") - text.index("four"))
    # An offset between \r and \n is the end of its line, not a column past it.
    assert lines.position(4) == (0, 3)


def test_positions_out_of_range_are_clamped():
    text = "short\nline 📰"
    lines = LineIndex(text)
    assert lines.offset(0, 999) == 5
    assert lines.offset(99, 0) == len(text)
    assert lines.offset(-1, 3) == 0
    # A column inside the surrogate pair of the emoji goes to the emoji's start.
    emoji_col = lines.position(text.index("📰"))[1]
    assert lines.offset(1, emoji_col + 1) == text.index("📰")
    assert lines.position(10_000) == (1, units("line 📰"))


def test_incremental_changes_with_emoji_and_crlf():
    doc = Document("file:///tmp/story.txt", "Forces 📰 struck\r\nDeir Ezzour on Wednesday.")
    # Replace "Ezzour" (line 1, UTF-16 columns 5-11) with "ez-Zor".
    doc.apply(types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=1, character=5), end=types.Position(line=1, character=11)), text="ez-Zor"))
    assert doc.text == "Forces 📰 struck\r\nDeir ez-Zor on Wednesday."
    # Insert after the emoji: UTF-16 column 9 is just past the pair.
    doc.apply(types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=0, character=9), end=types.Position(line=0, character=9)), text="!"))
    assert doc.text.startswith("Forces 📰! struck")
    doc.apply(types.TextDocumentContentChangeWholeDocument(text="new"))
    assert doc.text == "new"


@pytest.mark.parametrize("kind,language,path", [
    ("markdown", "markdown", "story.txt"), ("text", "plaintext", "story.txt"), ("markdown", "plaintext", "story.md"),
    ("html", "html", "page")])
def test_document_kind_from_language_then_suffix(kind, language, path):
    assert Document(f"file:///tmp/{path}", "", 1, language).kind == kind


pieces = st.sampled_from(list("ab \r\n\t") + ["é", "e\u0301", "📰", "\u2028", "’"])
text_st = st.lists(pieces, max_size=30).map("".join)


@given(text_st, st.sampled_from([UTF8, UTF16, UTF32]))
def test_every_offset_round_trips_except_inside_a_line_break(text, encoding):
    lines = LineIndex(text, encoding)
    for offset in range(len(text) + 1):
        line, col = lines.position(offset)
        back = lines.offset(line, col)
        if text[offset - 1 : offset + 1] == "\r\n":
            assert back == offset - 1
        else:
            assert back == offset


@given(st.text(max_size=30), st.text(max_size=30))
def test_span_edit_turns_old_into_new(old, new):
    start, end, replacement = span_edit(old, new)
    assert old[:start] + replacement + old[end:] == new
