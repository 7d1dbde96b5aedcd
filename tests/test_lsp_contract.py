"""The protocol contract, generated from the rule registry: every rule's invalid cases are opened in a
real server process, and for every diagnostic `textDocument/codeAction` must answer; every edit it
returns must apply cleanly (in range, no overlaps, the right version) and take its finding away;
each finding's first fix, applied together, must give the case's fixed text; every command must
execute. A new rule, or a house rule declared in config, is covered with no new test code."""

from __future__ import annotations

import asyncio
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
import tomlkit
from lsprotocol import types

from copydesk.config import Config
from copydesk.engine import known_rules
from copydesk.rules.api import Case
from test_lsp import PUBLISH, published, threaded_server, until

#: One declared rule of each kind, with the examples a newsroom would write beside it.
HOUSE = tomlkit.parse(
    """
[house_rules.wire-cliches]
kind = "existence"
tokens = ["war-torn", "embattled"]
ignorecase = true
message = "'{match}' is a wire cliché"
invalid = ["Aid reached the ⟦war-torn⟧ city on Monday."]
valid = ["Aid reached the city on Monday."]

[house_rules.islamic-state-name]
kind = "substitution"
swap = { "ISIS" = "Islamic State", "ISIL" = "Islamic State" }
invalid = ["⟦ISIS⟧ fighters withdrew from Raqqa."]
valid = ["Islamic State fighters withdrew from Raqqa."]

[house_rules.email-spelling]
kind = "consistency"
either = [["email", "e-mail"], ["website", "web site"]]
invalid = ["Send an email to the desk. The ⟦e-mail⟧ reached us."]
valid = ["Send an email to the desk."]

[house_rules.sdf-defined]
kind = "conditional"
term = "SDF"
requires = "Syrian Democratic Forces"
invalid = ["The ⟦SDF⟧ advanced on Raqqa."]
valid = ["The Syrian Democratic Forces (SDF) advanced. The SDF took the dam."]
"""
).unwrap()
RULES = known_rules(Config.from_dict(HOUSE))
CASES = [(name, i, case) for name, rule in RULES.items() for i, case in enumerate(rule.invalid)]
_BREAK = re.compile(r"\r\n|\r|\n")


def offset(text: str, pos: types.Position) -> int:
    """The client's conversion, independent of the server's: lines end at \\r\\n, \\r or \\n and
    columns count UTF-16 code units. Positions past a line's end are an error, not clamped."""
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    assert pos.line < len(starts), f"line {pos.line} past the end"
    line_end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = _BREAK.sub("", text[starts[pos.line] : line_end])
    units = 0
    for i, ch in enumerate(line):
        if units == pos.character:
            return starts[pos.line] + i
        units += len(ch.encode("utf-16-le")) // 2
    assert units == pos.character, f"character {pos.character} past the end of line {pos.line}"
    return starts[pos.line] + len(line)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """LSP's rule for one document's edits: all ranges refer to the original text and must not overlap."""
    spans = sorted((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits)
    for (_, end_, _), (start_, _, _) in zip(spans, spans[1:]):
        assert end_ <= start_, "overlapping edits"
    for start_, end_, new in reversed(spans):
        assert start_ <= end_
        text = text[:start_] + new + text[end_:]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str, version: int) -> list[types.TextEdit]:
    """The edits a versioned WorkspaceEdit makes to our document; any other target is a failure."""
    assert edit.changes is None and edit.document_changes, "the client said it takes documentChanges"
    out = []
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit), change
        assert change.text_document.uri == uri and change.text_document.version == version
        out += change.edits
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server process for every case."""
    root = tmp_path_factory.mktemp("contract")
    with threaded_server(root, {"debounce": 0}) as (client, run):
        yield client, run, root


exercised: Counter = Counter()


def lint_copy(client, run, folder: Path, name: str, text: str, rule: str) -> list[types.Diagnostic]:
    """The rule's diagnostics on `text`, opened as a new document beside the case."""
    uri = (folder / name).as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    found = [d for d in run(published(client, uri, 1)).diagnostics if d.code == rule]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return found


@pytest.mark.parametrize("name,index,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_every_action_of_every_invalid_case(server, name: str, index: int, case: Case):
    client, run, root = server
    folder = root / f"{name}-{index}"
    folder.mkdir()
    config = {"select": [name], **({"house_rules": {name: HOUSE["house_rules"][name]}} if name in HOUSE["house_rules"] else {})}
    (folder / ".copydesk.toml").write_text(tomlkit.dumps({**config, **(case.config or {})}), encoding="utf-8")
    text = case.plain
    uri = (folder / "story.txt").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    diagnostics = [d for d in run(published(client, uri, 1)).diagnostics if d.code == name]
    assert sorted((offset(text, d.range.start), offset(text, d.range.end)) for d in diagnostics) == case.spans

    first_fixes: list[types.TextEdit] = []
    commands: list[types.Command] = []
    for number, diag in enumerate(diagnostics):
        actions = run(
            client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=diag.range,
                    context=types.CodeActionContext(diagnostics=[diag]),
                )
            )
        )
        assert actions, f"no action offered for {diag.message!r}"
        titles = [f["title"] for f in diag.data["fixes"]]
        for action in actions:
            assert isinstance(action, types.CodeAction) and action.title
            exercised[name] += 1
            if action.command is not None:
                commands.append(action.command)
            if action.edit is None:
                continue
            edits = edits_of(action.edit, uri, 1)
            after = apply(text, edits)
            assert after != text, f"{action.title!r} changes nothing"
            left = lint_copy(client, run, folder, f"after-{number}-{exercised[name]}.txt", after, name)
            if action.kind != types.CodeActionKind.QuickFix:  # fix-all: every safe fix at once
                continue
            assert len(left) < len(diagnostics), f"{action.title!r} leaves its finding: {after!r}"
            if titles and action.title == titles[0]:
                first_fixes += edits
        if titles:
            assert any(a.title == titles[0] for a in actions), f"the fix {titles[0]!r} is not offered"

    if case.fixed is not None:
        kept: list[types.TextEdit] = []  # as the engine does: a fix overlapping an earlier one waits
        taken: list[tuple[int, int]] = []
        for e in first_fixes:
            span = (offset(text, e.range.start), offset(text, e.range.end))
            if all(span[1] <= s or e_ <= span[0] for s, e_ in taken):
                kept.append(e)
                taken.append(span)
        assert apply(text, kept) == case.fixed

    for command in commands:
        count = len(client.published)
        result = run(
            client.workspace_execute_command_async(
                types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
            )
        )
        assert result, f"{command.title!r} returned nothing"
        if command.command == "copydesk.addToGazetteer":
            _, spelling, _ = command.arguments
            assert Path(result) == folder / ".copydesk.toml"
            assert spelling in tomlkit.parse(Path(result).read_text(encoding="utf-8")).unwrap()["gazetteer"]
            # re-linted with the new house spelling: that spelling is no longer flagged
            republished = run(published_after(client, uri, count))
            assert spelling not in [covered(text, d) for d in republished.diagnostics if d.code == name]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def published_after(client, uri: str, count: int) -> types.PublishDiagnosticsParams:
    return await until(client, PUBLISH, lambda: next((p for p in client.published[count:] if p.uri == uri), None))


def covered(text: str, diag: types.Diagnostic) -> str:
    return text[offset(text, diag.range.start) : offset(text, diag.range.end)]


def test_every_rule_had_its_actions_exercised():
    """Runs after the cases (file order): each rule, built-in or declared, went through the contract."""
    if not exercised:
        pytest.skip("run with the case tests")
    assert set(exercised) == set(RULES), set(RULES) - set(exercised)
    print(f"\n(rule, case, action) triples exercised: {sum(exercised.values())}")
