"""Every TOML file copydesk writes is written by tomlkit and parses back with tomllib, whatever the
names and values in it hold (issue 26): `copydesk init`, the audit's gazetteer.toml and the
editor's "add to the house gazetteer" command, through the real command and the real server."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from copydesk.config import Config
from test_lsp import SERVE, end, make_client, open_doc, published, start

#: Names no wire story holds but a config must survive: control characters, quotes, backslashes.
HOSTILE = ["Deir\x01 Ezzor", 'Deir "Ezzor"', "Deir\\Ezzor", "Tab\tbed", "Line\nbreak", "Del\x7f", "Nul\x00"]


@pytest.mark.parametrize("dash", [" — ", "\x01—\x7f", '"—"', "\\—", "\u2009—\u2009"])
def test_init_writes_any_dash_as_toml_that_parses_back(tmp_path, cli, dash):
    run = cli("init", tmp_path, "--dash", dash, "--country-form", "US")
    assert run.code == 0, run.err
    written = (tmp_path / ".copydesk.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["house"] == {"country_form": "US", "dash": dash}
    assert "# what replaces a hyphen used as a dash" in written  # the template's comments kept


def test_init_refuses_a_dash_that_is_not_utf8_and_writes_nothing(tmp_path, cli):
    run = cli("init", tmp_path, "--dash", "\udcff")  # a byte the terminal's encoding did not decode
    assert run.code == 2 and run.err == "copydesk: --dash '\\udcff' is not UTF-8 text\n"
    assert not (tmp_path / ".copydesk.toml").exists()


def test_the_audits_gazetteer_file_parses_back_whatever_the_names_hold():
    from copydesk.audit.gazetteer import Cluster, toml

    names = [*HOSTILE, "Plain"]
    cluster = Cluster(names[0], names[1:], Counter(dict.fromkeys(names, 2)), Counter(dict.fromkeys(names, 1)),
                      bare=[], kind="place", house="Deir\x02")
    text = toml([cluster], 9)
    table = tomllib.loads(text)["gazetteer"]
    assert table == {names[0]: names[1:]}
    Config.from_dict({"gazetteer": table})  # and the config takes it as pasted


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVE, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await end(lsp_client)


async def test_add_to_gazetteer_writes_hostile_names_that_parse_back(client, tmp_path):
    config = tmp_path / ".copydesk.toml"
    config.write_text('select = ["typography"]\n')
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "story.txt", "Strikes near Deir Ezzour.\n")
    await published(client, uri, 1)
    for name in HOSTILE:
        await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="copydesk.addToGazetteer", arguments=[uri, name, [name + " variant"]]))
    table = tomllib.loads(config.read_text(encoding="utf-8"))["gazetteer"]
    assert {k: v for k, v in table.items()} == {n: [n + " variant"] for n in HOSTILE}
