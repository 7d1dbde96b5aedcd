"""The language server against a misbehaving client and hostile settings (issue 11, items 8, 9, 11,
12 and 13): a real `copydesk serve` process driven by pytest-lsp."""

from __future__ import annotations

import asyncio
import os
import re
import stat
import tomllib

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from test_lsp import (LOG, SEED, SERVE, SHOW, TYPOGRAPHY, change, end, make_client, open_doc, published,
                      start, until)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVE, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await end(lsp_client)


def text_of(client: LanguageClient, uri: str):
    return client.protocol.send_request_async("copydesk/text", {"textDocument": {"uri": uri}})


# -- 8. degraded mode shows ----------------------------------------------------------------------
async def test_an_unloadable_model_is_announced_at_initialize_and_shown_on_every_document(client, tmp_path):
    await start(client, tmp_path, {"model": "en_core_web_smm"})
    # Before any document is opened: the warning comes from initialize itself.
    message = await until(client, SHOW, lambda: next((m for m in client.messages if "en_core_web_smm" in m.message), None))
    assert message.type == types.MessageType.Warning
    assert "degraded mode" in message.message
    assert "unattributed-claim" in message.message and "inconsistent-spelling" in message.message
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    diagnostics = (await published(client, uri, 1)).diagnostics
    [notice] = [d for d in diagnostics if d.code == "degraded-mode"]
    assert notice.range.start == types.Position(line=0, character=0)
    assert notice.severity == types.DiagnosticSeverity.Information and "en_core_web_smm" in notice.message
    assert {d.code for d in diagnostics} >= {"spaced-hyphen", "page-furniture"}  # the text rules still run
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=notice.range,
        context=types.CodeActionContext(diagnostics=[notice])))
    assert [a for a in actions if "degraded" in a.title] == []  # a notice, not a finding to fix or ignore


# -- 9. the gazetteer command keeps the config file's mode and owner -----------------------------
async def test_add_to_gazetteer_keeps_the_config_files_mode_and_owner(client, tmp_path):
    config = tmp_path / ".copydesk.toml"
    config.write_text('select = ["typography"]\n')
    config.chmod(0o664)
    if os.geteuid() == 0:
        os.chown(config, 4321, 4322)
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", "Strikes near Deir Ezzour.\n")
    await published(client, uri, 1)
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="copydesk.addToGazetteer", arguments=[uri, "Deir Ezzour", ["Deir az-Zour"]]))
    assert "Deir Ezzour" in tomllib.loads(config.read_text())["gazetteer"]
    info = config.stat()
    assert stat.S_IMODE(info.st_mode) == 0o664
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4322)


async def test_a_new_config_file_gets_the_usual_mode(client, tmp_path):
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", "Strikes near Deir Ezzour.\n")
    await published(client, uri, 1)
    path = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="copydesk.addToGazetteer", arguments=[uri, "Deir Ezzour", ["Deir az-Zour"]]))
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask


# -- 11. requests after shutdown -----------------------------------------------------------------
async def test_requests_after_shutdown_are_refused_not_left_hanging(tmp_path):
    client = make_client()
    await client.start_io(*SERVE)
    try:
        await start(client, tmp_path, TYPOGRAPHY)
        uri = open_doc(client, tmp_path / "story.txt", "The us -led coalition struck.\n")
        await published(client, uri, 1)
        await client.shutdown_async(None)
        ident = types.TextDocumentIdentifier(uri=uri)
        async with asyncio.timeout(30):
            with pytest.raises(JsonRpcException) as refused:
                await client.text_document_hover_async(types.HoverParams(text_document=ident, position=types.Position(line=0, character=5)))
            assert refused.value.code == types.ErrorCodes.InvalidRequest
            with pytest.raises(JsonRpcException) as again:
                await client.protocol.send_request_async(types.SHUTDOWN, None)
            assert again.value.code == types.ErrorCodes.InvalidRequest
        client.exit(None)
        async with asyncio.timeout(30):
            assert await client._server.wait() == 0
    finally:
        if client._server.returncode is None:
            client._server.terminate()
        await client.stop()


# -- 12. a stale didChange -----------------------------------------------------------------------
async def test_a_change_older_than_the_document_is_ignored(client, tmp_path):
    await start(client, tmp_path, {**TYPOGRAPHY, "debounce": 0})
    uri = open_doc(client, tmp_path / "story.txt", "Quiet copy.\n")
    await published(client, uri, 1)
    change(client, uri, 5, types.TextDocumentContentChangeWholeDocument(text="The us -led coalition struck.\n"))
    assert len((await published(client, uri, 5)).diagnostics) == 1
    change(client, uri, 3, types.TextDocumentContentChangeWholeDocument(text="Stale - and wrong - copy.\n"))
    change(client, uri, 5, types.TextDocumentContentChangeWholeDocument(text="Same version again - wrong.\n"))
    def stale():
        found = [m.message for m in client.log_messages if "stale change" in m.message]
        return found if len(found) == 2 else None

    older, same = await until(client, LOG, stale)
    assert "to version 3; the document is at version 5" in older and "to version 5;" in same
    current = await text_of(client, uri)
    assert (current.version, current.text) == (5, "The us -led coalition struck.\n")
    change(client, uri, 6, types.TextDocumentContentChangeWholeDocument(text="Fine copy.\n"))
    assert list((await published(client, uri, 6)).diagnostics) == []
    assert [p.version for p in client.published if p.uri == uri] == [1, 5, 6]


# -- 13. documents do not queue behind each other; a superseded analysis stops ------------------
def big_story() -> str:
    """About 40,000 words of copy, no paragraph like another (the parse cache cannot help)."""
    paragraphs = [p for p in SEED.split("\n\n") if p.strip()]
    return "\n\n".join(f"{p.strip()} (Update {i}.)" for i in range(90) for p in paragraphs) + "\n"


async def test_a_big_document_neither_blocks_a_small_one_nor_outlives_its_edit(client, tmp_path):
    await start(client, tmp_path, {"debounce": 0})
    big = open_doc(client, tmp_path / "big.txt", big_story())
    small = open_doc(client, tmp_path / "small.txt", '"We will respond," he said.\n')
    # The small one's diagnostics come while the big one is still being analysed.
    assert (await published(client, small, 1)).diagnostics
    assert [p for p in client.published if p.uri == big] == []
    # A one-word edit of the big one: the analysis of version 1 stops between paragraphs.
    change(client, big, 2, types.TextDocumentContentChangeWholeDocument(text="The us -led coalition struck.\n"))
    assert [d.code for d in (await published(client, big, 2)).diagnostics] == ["country-abbreviation", "spaced-hyphen"]
    stopped = await until(client, LOG, lambda: next((m.message for m in client.log_messages if "stopped" in m.message), None))
    done, total = map(int, re.search(r"big\.txt version 1: stopped after parsing (\d+) of (\d+) paragraphs", stopped).groups())
    assert done < total
    assert [p.version for p in client.published if p.uri == big] == [2]
