"""What the fuzzing campaign (bench/fuzz.py, issue 26) found, each through the real command or the
real server: every one a crash, or a rejection of more than one line, before its fix."""

from __future__ import annotations

import json
import tomllib

import pytest

from conftest import write
from test_lsp_wire import stdio  # noqa: F401  (the fixture: a real `copydesk serve` over raw stdio)

STORY = "The us -led coalition struck.\n"


# -- [toml] an override glob git cannot read (pathspec raised GitIgnorePatternError, or re.error) --------
@pytest.mark.parametrize("glob", ["!", "a\\", "[z-a]"])
def test_a_glob_that_cannot_be_read_is_a_config_error_naming_it(desk, cli, glob):
    config = desk / ".copydesk.toml"
    config.write_text(config.read_text() + f"\n[[overrides]]\nfiles = ['*.md', {json.dumps(glob)}]\nignore = ['typography']\n")
    write(desk / "story.txt", STORY)
    run = cli("lint", "story.txt")
    assert run.code == 2
    [line] = [line for line in run.err.splitlines() if "config error" in line and str(config) in line]
    assert f"bad glob {glob!r} in 'overrides.0.files.1'" in line


# -- [gitignore] a .gitignore line git cannot read stopped the walk -------------------------------------
def test_a_gitignore_line_git_cannot_read_is_skipped_as_git_skips_it(desk, cli):
    (desk / ".git").mkdir()
    write(desk / ".gitignore", "drafts/\na\\\n!\n[z-a]\n")
    write(desk / "drafts" / "a.txt", STORY)
    write(desk / "story.txt", STORY)
    run = cli("lint", "--format", "json", "--fail-on", "never", ".")
    assert run.code == 0, run.err
    assert [f["path"] for f in run.json()["files"]] == ["story.txt"]  # the readable lines still count


# -- [csv] a header whose names hold a line break made a two-line error ----------------------------------
def test_the_columns_of_a_table_without_a_text_column_are_named_on_one_line(tmp_path, cli):
    table = tmp_path / "wire.csv"
    table.write_text('id,"body\nof the story"\n1,Strikes.\n')
    run = cli("audit", table, "--out", tmp_path / "out")
    assert run.code == 2
    assert run.err == f"copydesk: {table}: no column 'text' (--text-column); it has id, 'body\\nof the story'\n"


# -- [lsp] add-to-gazetteer with a lone surrogate, which JSON can escape: an internal error ---------------
def test_add_to_gazetteer_refuses_a_name_no_file_can_hold(stdio, tmp_path):  # noqa: F811
    config = write(tmp_path / ".copydesk.toml", 'select = ["typography"]\n')
    uri = stdio.open(tmp_path / "story.txt", "Strikes near Deir Ezzour.\n")
    for ident, arguments in [("s", [uri, "Deir \ud800", ["Deir az-Zour"]]), ("v", [uri, "Deir Ezzour", ["\udfff"]]),
                             ("n", [uri, "Deir Ezzour", 5]), ("e", [uri, " ", []])]:
        stdio.request(ident, "workspace/executeCommand", {"command": "copydesk.addToGazetteer", "arguments": arguments})
        reply = stdio.answer(ident)
        assert reply["error"]["code"] == -32602, reply  # invalid params, not the server's own failure
        assert "\n" not in reply["error"]["message"]
    assert tomllib.loads(config.read_text()) == {"select": ["typography"]}  # nothing written
    stdio.request("ok", "workspace/executeCommand",
                  {"command": "copydesk.addToGazetteer", "arguments": [uri, "Deir Ezzour", ["Deir az-Zour"]]})
    assert "result" in stdio.answer("ok")
    assert "Deir az-Zour" in tomllib.loads(config.read_text())["gazetteer"]["Deir Ezzour"]["variants"]


# Found too, and tested where their reader is tested:
# - [dates] `Jan. 5, 2019:999…9` made python-dateutil raise decimal.InvalidOperation, which stopped the
#   audit's report: tests/test_audit.py::test_dates_in_any_common_form_are_read_and_the_undated_are_counted.
# - [lsp] a settings change, then an edit: an analysis stopped by a newer one reached its task as a
#   failure ("cannot lint …: stopped after parsing 1 of 1 paragraphs" shown to the user). The race did
#   not come back outside the campaign; the campaign's lsp reader (seed 26) is its check: 8 sequences
#   before the fix, none after.
