"""Property: random incremental edits, sent the way an editor sends them, keep the server's copy of
the document equal to the client's, and every published diagnostic range inside the document.

One real server process serves every example; its client runs on an event loop in a thread of its
own, so hypothesis drives plain synchronous examples."""

from __future__ import annotations

import asyncio
import itertools
import re
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lsprotocol import types

from test_lsp import TYPOGRAPHY, change, published, threaded_server

PIECES = ["us -led", " - ", "Deir Ezzour", "a", "b", " ", "\n", "\r", "\r\n", "\n\n", "é", "e\u0301", "📰", "’", "\t", "\u2028", "\x0c"]
_BREAK = re.compile(r"\r\n|\r|\n")


def lsp_position(text: str, offset: int) -> types.Position:
    """The client's side of the conversion, written independently of the server's: LSP lines end at
    \\r\\n, \\r or \\n; columns count UTF-16 code units."""
    breaks = list(_BREAK.finditer(text, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    return types.Position(line=len(breaks), character=len(text[line_start:offset].encode("utf-16-le")) // 2)


def lines_utf16(text: str) -> list[int]:
    return [len(line.encode("utf-16-le")) // 2 for line in _BREAK.split(text)]


def not_inside_crlf(text: str, offset: int) -> int:
    return offset - 1 if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n" else offset


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with threaded_server(tmp_path_factory.mktemp("sync"), {**TYPOGRAPHY, "debounce": 0}) as (client, run):
        yield client, run


texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)
edits = st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), texts), min_size=1, max_size=8)
batches = st.lists(edits, min_size=1, max_size=4)  # each batch is one didChange of several changes

_count = itertools.count()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=texts, batches=batches)
def test_random_edits_keep_texts_equal_and_ranges_inside(server, initial, batches):
    client, run = server
    uri = f"file:///sync/story-{next(_count)}.txt"
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=initial)))
    text, version = initial, 1
    for batch in batches:
        changes = []
        for a, b, new in batch:
            start_, end_ = sorted((round(a * len(text)), round(b * len(text))))
            start_, end_ = not_inside_crlf(text, start_), not_inside_crlf(text, end_)
            changes.append(types.TextDocumentContentChangePartial(
                range=types.Range(start=lsp_position(text, start_), end=lsp_position(text, end_)), text=new))
            text = text[:start_] + new + text[end_:]
        version += 1
        change(client, uri, version, *changes)
    copy = run(client.protocol.send_request_async("copydesk/text", {"textDocument": {"uri": uri}}))
    assert (copy.version, copy.text) == (version, text)
    diagnostics = run(published(client, uri, version)).diagnostics
    widths = lines_utf16(text)
    for d in diagnostics:
        for p in (d.range.start, d.range.end):
            assert p.line < len(widths) and p.character <= widths[p.line]
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
