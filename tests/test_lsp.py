"""`copydesk serve` end to end: a real server process, real JSON-RPC over stdio, driven by pytest-lsp.

Tests wait for the notifications they expect (bounded by a timeout), never for a fixed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from typing import Union

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import SEEDS
from copydesk.lsp.session import early_notice

# What vscode-languageclient runs for `transport: stdio`: it appends both flags to the configured command.
SERVE = [sys.executable, "-m", "copydesk", "serve", "--stdio", f"--clientProcessId={os.getpid()}"]
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
SHOW = types.WINDOW_SHOW_MESSAGE
LOG = types.WINDOW_LOG_MESSAGE
TIMEOUT = 90  # seconds: a bound for a hung server, not a wait
SEED = (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text(encoding="utf-8")
# The typography rules are the text-level ones: fast and fully predictable for edit tests.
TYPOGRAPHY = {"select": ["typography"]}


def converter():
    """lsprotocol's converter, except that a code action carrying a command stays a CodeAction:
    lsprotocol takes any result with a "command" key for a bare Command, where LSP tells them apart
    by whether "command" is a string."""
    conv = default_converter()

    def action(obj, _):
        return conv.structure(obj, types.Command if isinstance(obj.get("command"), str) else types.CodeAction)

    conv.register_structure_hook(Union[types.Command, types.CodeAction], action)
    return conv


def make_client(features: dict | None = None) -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics (not only the latest per document):
    a version's complete diagnostics in `published`, and apart, in `early`, those the server sends
    while its model loads (it says so in a log message just before). `features`: handlers by
    method, in place of pytest-lsp's."""
    client = LanguageClient(converter_factory=converter)
    client.published, client.early = [], []

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        said = sum(m.message == early_notice(params.uri, params.version) for m in client.log_messages)
        if said > sum(p.uri == params.uri and p.version == params.version for p in client.early):
            client.early.append(params)
        else:
            client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: record, **(features or {})})
    return client


@contextlib.contextmanager
def threaded_server(root: Path, options: dict):
    """One real server process for many examples: its client runs on an event loop in a thread of
    its own, so synchronous tests (hypothesis, parametrized cases) drive it with run(coroutine)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coro, timeout=120):
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    client = make_client()
    run(client.start_io(*SERVE))
    run(start(client, root, options))
    try:
        yield client, run
    finally:
        run(end(client))
        run(client.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


async def until(client: LanguageClient, method: str, found):
    """Wait for notifications of `method` until found() returns something. Checking and starting
    to wait happen without yielding in between, so no notification can slip past."""
    async with asyncio.timeout(TIMEOUT):
        while (value := found()) is None:
            await client.wait_for_notification(method)
        return value


async def published(client: LanguageClient, uri: str, version: int | None) -> types.PublishDiagnosticsParams:
    return await until(
        client, PUBLISH, lambda: next((p for p in client.published if p.uri == uri and p.version == version), None)
    )


async def shown(client: LanguageClient, pattern: str) -> str:
    return await until(
        client, SHOW, lambda: next((m.message for m in client.messages if re.search(pattern, m.message)), None)
    )


def capabilities(pull: bool = False, configuration: bool = False) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        ),
    )


async def start(client: LanguageClient, root: Path, options=None, **caps) -> None:
    await client.initialize_session(
        types.InitializeParams(capabilities=capabilities(**caps), root_uri=root.as_uri(), initialization_options=options)
    )


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "plaintext", version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, *changes) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=list(changes))
    )


def at(text: str, offset: int) -> types.Position:
    """LSP position of an offset, for the BMP-only texts these tests edit (one UTF-16 unit a char)."""
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def replace(text: str, start: int, end: int, new: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(range=types.Range(start=at(text, start), end=at(text, end)), text=new)


def offset(text: str, pos: types.Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: pos.line]) + pos.character


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(text, e.range.start)] + e.new_text + text[offset(text, e.range.end) :]
    return text


def covered(text: str, d: types.Diagnostic) -> str:
    return text[offset(text, d.range.start) : offset(text, d.range.end)]


async def end(client: LanguageClient) -> None:
    """Shutdown and exit; a server that never got as far as initialize (a failed test) is
    terminated, or pytest-lsp would wait for it forever."""
    try:
        async with asyncio.timeout(TIMEOUT):
            await client.shutdown_session()
    finally:
        if client._server.returncode is None:
            client._server.terminate()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVE, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await end(lsp_client)


# -- diagnostics ---------------------------------------------------------------------------------
async def test_seed_story_diagnostics_carry_code_link_fixes_and_related_spans(client: LanguageClient, tmp_path):
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    diagnostics = (await published(client, uri, 1)).diagnostics
    by_rule = {}
    for d in diagnostics:
        by_rule.setdefault(d.code, []).append(d)
        assert d.source == "copydesk"
        assert d.code_description.href.startswith("file://")
    spaced = by_rule["spaced-hyphen"]
    assert [covered(SEED, d) for d in spaced] == [" -", " -"]
    assert spaced[0].severity == types.DiagnosticSeverity.Information  # info until its precision is measured high
    assert spaced[0].data["version"] == 1
    assert spaced[0].data["fixes"][0]["safe"] is True
    spellings = by_rule["inconsistent-spelling"]
    variants = {covered(SEED, d) for d in spellings}
    assert variants & {"Deir Ezzour", "Deir az-Zour"} and variants & {"Khisham", "Khusham"}
    for d in spellings:
        assert d.related_information, "every variant points at the other spellings"
        for rel in d.related_information:
            assert rel.location.uri == uri
            assert covered(SEED, types.Diagnostic(range=rel.location.range, message="")) != covered(SEED, d)


async def test_while_the_model_loads_the_rules_that_need_none_publish_first(client: LanguageClient, tmp_path):
    """Opened right after initialize, the story gets the findings of the rules that need only its
    text at once, then, for the same version, every rule's once spaCy is loaded."""
    from copydesk.rules import registry

    text_rules = {name for name, rule in registry().items() if rule.needs <= {"text"}}
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    complete = (await published(client, uri, 1)).diagnostics
    [early] = [p for p in client.early if p.uri == uri]
    assert early.version == 1 and early.diagnostics
    assert {d.code for d in early.diagnostics} <= text_rules
    assert list(early.diagnostics) == [d for d in complete if d.code in text_rules]
    assert {d.code for d in complete} - text_rules >= {"inconsistent-spelling", "unattributed-claim"}


async def test_with_only_text_rules_selected_one_publish_is_complete(client: LanguageClient, tmp_path):
    """Nothing waits for the model when no selected rule needs it: one publish, no early one."""
    await start(client, tmp_path, TYPOGRAPHY)
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    complete = (await published(client, uri, 1)).diagnostics
    assert complete and {d.code for d in complete} <= {"spaced-hyphen", "hyphen-as-dash", "page-furniture"}
    assert not [p for p in client.early if p.uri == uri]
    assert [p.version for p in client.published if p.uri == uri] == [1]


async def test_the_first_change_after_a_pause_is_linted_at_once(client: LanguageClient, tmp_path):
    """The debounce holds back bursts of typing, not the first change after a pause: with a ten-second
    debounce the first edit's diagnostics still come long before it, and a burst ends published at
    its last version."""
    await start(client, tmp_path, {**TYPOGRAPHY, "debounce": 10_000})
    text = "The us -led coalition struck twice.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    await published(client, uri, 1)
    loop = asyncio.get_running_loop()
    sent = loop.time()
    change(client, uri, 2, types.TextDocumentContentChangeWholeDocument(text=text.replace("us -led", "us-led")))
    assert list((await published(client, uri, 2)).diagnostics) == []
    assert loop.time() - sent < 5, "the first change after a pause waited for the debounce"
    change(client, uri, 3, types.TextDocumentContentChangeWholeDocument(text=text))  # a burst: debounced
    change(client, uri, 4, types.TextDocumentContentChangeWholeDocument(text=text + "More - copy.\n"))
    assert len((await published(client, uri, 4)).diagnostics) == 2
    assert client.published[-1].version == 4


async def test_edits_publish_diagnostics_for_the_new_version_only(client: LanguageClient, tmp_path):
    await start(client, tmp_path, {**TYPOGRAPHY, "debounce": 0})
    text = "The us -led coalition struck twice.\n\nNo U.S. -led forces were hurt.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    assert len((await published(client, uri, 1)).diagnostics) == 2
    texts = {
        2: text.replace("us -led", "us-led"),
        3: text.replace(" -led", "-led"),
        4: text.replace("U.S. -led", "U.S.-led"),
        5: text,
        6: text.replace("us -led", "us-led"),
    }
    for version, new in texts.items():  # five quick edits, each one whole-text
        change(client, uri, version, types.TextDocumentContentChangeWholeDocument(text=new))
    texts[1] = text
    final = await published(client, uri, 6)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == sorted(versions) and versions[-1] == 6
    for p in client.published:  # whatever was published describes the text of its own version
        if p.uri == uri:
            assert all(covered(texts[p.version], d) == " -" for d in p.diagnostics)
    assert [covered(texts[6], d) for d in final.diagnostics] == [" -"]


async def test_incremental_change_in_markdown_moves_and_removes_findings(client: LanguageClient, tmp_path):
    await start(client, tmp_path, TYPOGRAPHY)
    text = "# Strikes\n\n```\nus -led in code is not prose\n```\n\nThe us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "story.md", text, "markdown")
    [d] = (await published(client, uri, 1)).diagnostics
    assert d.range.start.line == 6 and covered(text, d) == " -"
    # Insert a paragraph above: the finding moves down two lines.
    change(client, uri, 2, replace(text, 11, 11, "Coalition - led by the US.\n\n"))
    text = text[:11] + "Coalition - led by the US.\n\n" + text[11:]
    moved = (await published(client, uri, 2)).diagnostics
    assert [covered(text, d) for d in moved if d.code == "spaced-hyphen"] == [" -"]
    assert [d.range.start.line for d in moved if d.code == "spaced-hyphen"] == [8]
    space = text.index("us -led coalition") + 2
    change(client, uri, 3, replace(text, space, space + 1, ""))
    text = text[:space] + text[space + 1 :]
    assert [d for d in (await published(client, uri, 3)).diagnostics if d.code == "spaced-hyphen"] == []


@pytest.mark.parametrize("offered,column", [(None, 14), (["utf-8", "utf-16"], 16), (["utf-32"], 13)])
async def test_positions_in_the_negotiated_encoding(client: LanguageClient, tmp_path, offered, column):
    caps = capabilities()
    caps.general = types.GeneralClientCapabilities(position_encodings=offered)
    result = await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=tmp_path.as_uri(), initialization_options=TYPOGRAPHY))
    assert result.capabilities.position_encoding == (offered[0] if offered else "utf-16")
    # 📰 is one code point, two UTF-16 units, four UTF-8 bytes; the CRLF ends line 0.
    uri = open_doc(client, tmp_path / "story.txt", "Headline\r\nSaid 📰 the us -led force.\r\n")
    [d] = (await published(client, uri, 1)).diagnostics
    assert (d.range.start.line, d.range.start.character) == (1, column)


async def test_pull_diagnostics_with_result_ids(client: LanguageClient, tmp_path):
    await start(client, tmp_path, TYPOGRAPHY, pull=True)
    text = "The us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    ident = types.TextDocumentIdentifier(uri=uri)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident))
    assert report.kind == "full" and [covered(text, d) for d in report.items] == [" -"]
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id))
    assert again.kind == "unchanged" and again.result_id == report.result_id
    change(client, uri, 2, replace(text, 6, 7, ""))
    fresh = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id))
    assert fresh.kind == "full" and list(fresh.items) == [] and fresh.result_id != report.result_id
    assert client.published == []  # a pulling client is not pushed to as well


# -- code actions and hover ----------------------------------------------------------------------
async def test_quick_fix_and_fix_all_remove_the_findings(client: LanguageClient, tmp_path):
    await start(client, tmp_path, TYPOGRAPHY)
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    diagnostics = (await published(client, uri, 1)).diagnostics
    target = next(d for d in diagnostics if d.code == "spaced-hyphen")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=target.range, context=types.CodeActionContext(diagnostics=[target]))
    )
    quick = next(a for a in actions if a.is_preferred)
    assert quick.kind == types.CodeActionKind.QuickFix and list(quick.diagnostics) == [target]
    [doc_edit] = quick.edit.document_changes
    assert doc_edit.text_document.version == 1
    text = apply_edits(SEED, doc_edit.edits)
    change(client, uri, 2, *[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in doc_edit.edits])
    after = (await published(client, uri, 2)).diagnostics
    assert len([d for d in after if d.code == "spaced-hyphen"]) == len([d for d in diagnostics if d.code == "spaced-hyphen"]) - 1
    assert "us-led military coalition" in text
    # Fix all: one action that leaves no fixable finding behind.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=at(text, 0), end=at(text, 0)), context=types.CodeActionContext(diagnostics=[]))
    )
    fix_all = next(a for a in actions if a.kind == "source.fixAll.copydesk")
    text = apply_edits(text, fix_all.edit.document_changes[0].edits)
    change(client, uri, 3, types.TextDocumentContentChangeWholeDocument(text=text))
    left = (await published(client, uri, 3)).diagnostics
    assert [d for d in left if d.data["fixes"]] == []
    assert "Adjust Comment Print" not in text and "fighters — believed" in text


async def test_fix_all_gives_the_text_copydesk_lint_fix_gives(client: LanguageClient, tmp_path):
    """One fix loop for the editor and the CLI: rounds until nothing changes, the same text."""
    (tmp_path / ".copydesk.toml").write_text("")
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", SEED)
    await published(client, uri, 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=at(SEED, 0), end=at(SEED, 0)),
                               context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]))
    )
    [fix_all] = actions
    fixed = apply_edits(SEED, fix_all.edit.document_changes[0].edits)
    cli = subprocess.run([sys.executable, "-m", "copydesk", "lint", "--fix", "--stdin-filename", "story.txt", "-"],
                         input=SEED, capture_output=True, text=True, cwd=tmp_path, timeout=TIMEOUT)
    assert cli.stdout == fixed and fixed != SEED


async def actions_for(client: LanguageClient, uri: str, d: types.Diagnostic) -> dict[str, types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=d.range, context=types.CodeActionContext(diagnostics=[d]))
    )
    return {a.title: a for a in found}


@pytest.mark.parametrize("name,language,scope,left", [
    ("story.txt", "plaintext", "line", 1), ("story.md", "markdown", "line", 1), ("story.md", "markdown", "file", 0)])
async def test_ignore_actions_write_suppression_comments(client: LanguageClient, tmp_path, name, language, scope, left):
    await start(client, tmp_path, TYPOGRAPHY)
    text = "The us -led coalition struck.\n\nNo U.S. -led forces were hurt.\n"
    uri = open_doc(client, tmp_path / name, text, language)
    first = (await published(client, uri, 1)).diagnostics[0]
    action = (await actions_for(client, uri, first))[f"Ignore spaced-hyphen {'on this line' if scope == 'line' else 'in this file'}"]
    edits = action.edit.document_changes[0].edits
    text = apply_edits(text, edits)
    assert "copydesk" in text
    change(client, uri, 2, *[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits])
    after = (await published(client, uri, 2)).diagnostics
    assert [covered(text, d) for d in after if d.code == "spaced-hyphen"] == [" -"] * left


async def test_hover_shows_the_rule_docs(client: LanguageClient, tmp_path):
    await start(client, tmp_path, TYPOGRAPHY)
    text = "The us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    [d] = (await published(client, uri, 1)).diagnostics
    ident = types.TextDocumentIdentifier(uri=uri)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=ident, position=d.range.start))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "**spaced-hyphen**" in hover.contents.value and "### What it flags" in hover.contents.value
    assert await client.text_document_hover_async(types.HoverParams(text_document=ident, position=types.Position(line=0, character=1))) is None
    assert await client.text_document_hover_async(types.HoverParams(text_document=ident, position=types.Position(line=99, character=99))) is None


# -- configuration -------------------------------------------------------------------------------
async def test_configuration_file_editor_settings_and_changes(client: LanguageClient, tmp_path):
    (tmp_path / ".copydesk.toml").write_text('select = ["typography"]\nignore = ["hyphen-as-dash"]\n')
    text = "The us -led coalition - believed to be large - struck.\n"
    client.set_configuration({"copydesk": {"severity": {"spaced-hyphen": "error"}}})
    await start(client, tmp_path, configuration=True)
    uri = open_doc(client, tmp_path / "story.txt", text)
    [d] = (await until(client, PUBLISH, lambda: next(
        (p.diagnostics for p in client.published if p.diagnostics and p.diagnostics[0].severity == 1), None)))
    assert d.code == "spaced-hyphen"  # the file's ignore holds; the editor's severity is laid over it
    count = len(client.published)
    # An invalid setting: the message names the key, the rest still applies.
    client.set_configuration({"copydesk": {"severity": {"spaced-hyphen": "loud"}, "ignore": [], "debounce": "soon"}})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert "severity.spaced-hyphen" in await shown(client, "severity.spaced-hyphen")
    assert "debounce" in await shown(client, "debounce")
    rules = await until(client, PUBLISH, lambda: next(
        ({d.code for d in p.diagnostics} for p in client.published[count:] if len(p.diagnostics) == 3), None))
    assert rules == {"spaced-hyphen", "hyphen-as-dash"}
    default = {"spaced-hyphen": types.DiagnosticSeverity.Information, "hyphen-as-dash": types.DiagnosticSeverity.Warning}
    assert all(d.severity == default[d.code] for d in client.published[-1].diagnostics)  # the defaults again


async def test_lint_on_save_waits_for_the_save(client: LanguageClient, tmp_path):
    await start(client, tmp_path, {**TYPOGRAPHY, "lint_on": "save", "debounce": 0})
    text = "The us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    assert len((await published(client, uri, 1)).diagnostics) == 1  # opening lints at once
    change(client, uri, 2, replace(text, 6, 7, ""))
    change(client, uri, 3, replace(text, 0, 3, "A"))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert list((await published(client, uri, 3)).diagnostics) == []
    assert [p.version for p in client.published if p.uri == uri] == [1, 3]  # nothing for the unsaved 2


async def test_add_to_gazetteer_writes_the_config_file_and_relints(client: LanguageClient, tmp_path):
    config = tmp_path / ".copydesk.toml"
    config.write_text('# house settings\nselect = ["typography"]\n\n[gazetteer]\n"Deir ez-Zor" = ["Deir Ezzour", "Deir az-Zour"]\n')
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", "Strikes near Deir Ezzour.\n")
    await published(client, uri, 1)
    count = len(client.published)
    path = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="copydesk.addToGazetteer", arguments=[uri, "Deir Ezzour", ["Deir az-Zour"]])
    )
    assert Path(path) == config
    written = config.read_text()
    assert written.startswith("# house settings\n")  # the newsroom's comments survive
    table = tomllib.loads(written)["gazetteer"]
    assert "Deir ez-Zor" not in table  # folded into the new house spelling as a variant
    assert table["Deir Ezzour"][:2] == ["Deir az-Zour", "Deir ez-Zor"]
    await until(client, PUBLISH, lambda: client.published[count:] or None)  # open documents re-linted


# -- robustness ----------------------------------------------------------------------------------
async def test_bad_input_gets_errors_and_the_server_keeps_serving(client: LanguageClient, tmp_path):
    await start(client, tmp_path, TYPOGRAPHY)
    text = "The us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    await published(client, uri, 1)
    ident = types.TextDocumentIdentifier(uri=uri)
    # Malformed JSON on the wire.
    client._server.stdin.write(b"Content-Length: 12\r\n\r\n{not json!!}")
    # An unknown method.
    with pytest.raises(JsonRpcException) as unknown:
        await client.protocol.send_request_async("copydesk/noSuchMethod", {})
    assert unknown.value.code == -32601
    # A request whose params do not parse is answered with an error, not left hanging.
    with pytest.raises(JsonRpcException) as invalid:
        await raw_request(client, types.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": uri}, "position": "x"})
    assert invalid.value.code == -32602
    # A request about a document that is not open.
    with pytest.raises(JsonRpcException):
        await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri + "x"), position=types.Position(line=0, character=0)))
    # A change whose range lies past the end is clamped to the end.
    change(client, uri, 2, types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=40, character=3), end=types.Position(line=50, character=0)), text="Then - quiet."))
    assert (await client.protocol.send_request_async("copydesk/text", {"textDocument": {"uri": uri}})).text == text + "Then - quiet."
    assert [d.code for d in (await published(client, uri, 2)).diagnostics] == ["spaced-hyphen", "hyphen-as-dash"]
    # Binary garbage as text: skipped with a reason, nothing published for it.
    garbage = open_doc(client, tmp_path / "garbage.txt", "PK\x03\x04\x00\x00\xff\ufffd\x1b[31m" * 100)
    assert "binary" in await shown(client, "garbage.txt")
    assert list((await published(client, garbage, 1)).diagnostics) == []
    # A 5 MB document: over max_file_size, skipped with the reason.
    big = open_doc(client, tmp_path / "big.txt", (SEED + "\n\n") * (5_100_000 // len(SEED.encode()) + 1))
    assert "max_file_size" in await shown(client, "big.txt")
    assert list((await published(client, big, 1)).diagnostics) == []
    # Still serving: hover answers and a new edit is linted.
    hover = await client.text_document_hover_async(types.HoverParams(text_document=ident, position=types.Position(line=0, character=6)))
    assert "spaced-hyphen" in hover.contents.value
    change(client, uri, 3, types.TextDocumentContentChangeWholeDocument(text="Fine copy."))
    assert list((await published(client, uri, 3)).diagnostics) == []


def raw_request(client: LanguageClient, method: str, params) -> asyncio.Future:
    """Send a request the client's own types would refuse to build; the answer's future."""
    ident = f"raw-{len(client.protocol._request_futures)}-{method}"
    future = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[ident] = future
    body = json.dumps({"jsonrpc": "2.0", "id": ident, "method": method, "params": params}).encode()
    client._server.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    return future


CRASHING_RULE = (
    "from copydesk.rules.typography.hyphen_as_dash import HyphenAsDash\n"
    "def boom(self, para, doc):\n    raise RuntimeError('boom')\n"
    "HyphenAsDash.check_paragraph = boom\n"
    "from copydesk.cli import main\nraise SystemExit(main(['serve']))\n"
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", CRASHING_RULE], client_factory=make_client))
async def crashing(lsp_client: LanguageClient):
    yield
    await end(lsp_client)


async def test_a_crashing_rule_is_logged_and_the_others_still_report(crashing: LanguageClient, tmp_path):
    await start(crashing, tmp_path, TYPOGRAPHY)
    uri = open_doc(crashing, tmp_path / "story.txt", "The us -led coalition - believed large - struck.\n")
    diagnostics = (await published(crashing, uri, 1)).diagnostics
    assert [d.code for d in diagnostics] == ["spaced-hyphen"]
    assert "hyphen-as-dash" in await shown(crashing, "hyphen-as-dash failed")
    logged = await until(crashing, LOG, lambda: next(
        (m.message for m in crashing.log_messages if "RuntimeError: boom" in m.message), None))
    assert "hyphen-as-dash" in logged


async def test_shutdown_while_the_server_waits_on_the_client(tmp_path):
    """Two restarts in quick succession in VS Code: shutdown arrives while `initialized` waits for
    the client's settings. pygls cancels that notification's future; the server still answers."""
    asked, answer = asyncio.Event(), asyncio.Event()

    async def configuration(client: LanguageClient, params: types.ConfigurationParams) -> list:
        asked.set()
        await answer.wait()
        return [None] * len(params.items)

    client = make_client({types.WORKSPACE_CONFIGURATION: configuration})
    await client.start_io(*SERVE)
    await start(client, tmp_path, TYPOGRAPHY, configuration=True)
    await asyncio.wait_for(asked.wait(), TIMEOUT)
    assert await client.shutdown_async(None) is None  # an answer, not an error
    answer.set()
    await asyncio.sleep(0.1)  # the client's answer goes out before exit
    client.exit(None)
    await client._server.wait()
    assert client._server.returncode == 0
    await client.stop()


async def test_shutdown_and_exit_end_the_process_cleanly(tmp_path):
    client = make_client()
    await client.start_io(*SERVE)
    await start(client, tmp_path, TYPOGRAPHY)
    uri = open_doc(client, tmp_path / "story.txt", "The us -led coalition struck.\n")
    await published(client, uri, 1)
    await client.shutdown_session()
    assert client._server.returncode == 0
    await client.stop()
