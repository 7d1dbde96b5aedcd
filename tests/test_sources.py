"""`copydesk sources`: each story's list of sources, from the attribution model, on real copy; and
the same list as the editor's outline (textDocument/documentSymbol) through a real server."""

from __future__ import annotations

import json

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import SEEDS, write
from test_lsp import client, open_doc, start  # noqa: F401  (client: the pytest-lsp fixture)

SEED = SEEDS / "coalition-strikes-deir-ezzour.txt"


def listed(cli, *paths) -> list[dict]:
    run = cli("sources", "--format", "json", *paths)
    assert run.code == 0, run.err
    return run.json()["files"]


def test_the_founding_story_lists_its_sources_and_the_unnamed_he(cli):
    [story] = listed(cli, SEED)
    text = SEED.read_text(encoding="utf-8")
    sources = story["sources"]
    for s in sources:
        assert list(s) == ["kind", "speaker", "quote", "cue", "source", "content", "second_hand"]
        assert text[s["cue"]["start"] : s["cue"]["end"]].strip()
        for span in (s["cue"], s["source"], s["content"]):
            assert span is None or span["text"] == text[span["start"] : span["end"]]
        if s["source"]:
            # the source's words name the speaker, or stand for one named before ("he", "who")
            words = text[s["source"]["start"] : s["source"]["end"]]
            assert s["speaker"] is None or s["kind"] == "pronoun" or s["speaker"] in words or words == "who"
    who = {(s["speaker"], s["kind"]) for s in sources}
    assert ("the Russian Defense Ministry", "organisation") in who
    assert ("Russian Foreign Minister Sergey Lavrov", "person") in who
    assert ("The US Central Command", "organisation") in who
    assert ("Russian officials", "anonymous") in who
    # "Lavrov, who on Wednesday said…": the relative pronoun is the source's word, Lavrov the speaker
    lavrov = next(s for s in sources if text[s["source"]["start"] : s["source"]["end"]] == "who")
    assert lavrov["speaker"] == "Russian Foreign Minister Sergey Lavrov" and lavrov["kind"] == "person"
    # "He reported that Russian officials said…": the officials speak at second hand, through "He"
    officials = next(s for s in sources if s["speaker"] == "Russian officials")
    assert officials["second_hand"]
    pronouns = [s for s in sources if s["kind"] == "pronoun" and not s["second_hand"]]
    # "They agreed not to attack", "He reported", "he said", "he declined to answer questions"
    assert [text[s["source"]["start"] : s["source"]["end"]] for s in pronouns] == ["They", "He", "he", "he"]
    assert all(s["speaker"] is None for s in pronouns), "nobody is named before 'He' for it to refer to"
    # "…Sergey Lavrov, who on Wednesday said he plans to discuss…": this "he" has a name before it
    plans = next(s for s in sources if s["kind"] == "pronoun" and s["second_hand"])
    assert plans["speaker"] == "Sergey Lavrov"
    # `…", said Sen.`: a quote whose speaker was cut off is listed with nobody named.
    cut = next(s for s in sources if text[s["cue"]["start"] : s["cue"]["end"]] == "said" and s["quote"])
    assert cut["speaker"] is None and text[cut["source"]["start"] : cut["source"]["end"]] == "Sen."


def test_a_pronoun_is_resolved_to_the_person_named_before_it(cli, tmp_path):
    story = write(tmp_path / "story.txt", (
        "Senators clash over Syria\n\n"
        "Sen. Tim Kaine, a Virginia Democrat, questioned the legal basis for the strikes on Tuesday.\n\n"
        '"We owe the troops a clear answer," he said.\n\n'
        "A Pentagon report said the strikes had destroyed two depots. Some analysts say the raids will continue.\n"
    ))
    sources = listed(cli, story)[0]["sources"]
    he = next(s for s in sources if s["kind"] == "pronoun")
    assert he["speaker"] == "Tim Kaine" and he["quote"] is True
    assert any(s["kind"] == "document" and s["speaker"] == "A Pentagon report" for s in sources)
    assert any(s["kind"] == "vague" for s in sources)


def test_text_output_has_a_table_and_a_summary(cli):
    run = cli("sources", SEED)
    assert run.code == 0
    assert "Russian officials" in run.out and "anonymous" in run.out
    summary = run.out.strip().splitlines()[-1]
    assert summary.startswith(f"{len(listed(cli, SEED)[0]['sources'])} attributions: ")
    assert "4 pronouns with nobody named" in summary and "2 anonymous" in summary  # Russian and USA officials


def test_a_missing_file_is_an_error_and_the_others_are_listed(cli, tmp_path):
    run = cli("sources", "--format", "json", tmp_path / "missing.txt", SEED)
    assert run.code == 2 and "missing.txt" in run.err
    assert [f["path"] for f in json.loads(run.out)["files"]] == [str(SEED)]


async def test_the_outline_lists_each_speaker_with_its_attributions(client: LanguageClient, tmp_path):  # noqa: F811
    await start(client, tmp_path)
    text = SEED.read_text(encoding="utf-8")
    uri = open_doc(client, tmp_path / "story.txt", text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    names = {s.name: s for s in symbols}
    assert {"the Russian Defense Ministry", "Russian Foreign Minister Sergey Lavrov", "The US Central Command",
            "Russian officials", "(nobody named)"} <= set(names)
    assert names["Russian officials"].kind == types.SymbolKind.Null
    assert names["Russian officials"].detail.startswith("anonymous")
    pronoun = next(s for s in symbols if s.detail.startswith("pronoun"))
    assert pronoun.name == "(nobody named)" and len(pronoun.children) == 4
    assert names["The US Central Command"].children[0].name.startswith("called")

    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    for parent in symbols:
        for child in parent.children:
            assert key(parent.range.start) <= key(child.range.start) and key(child.range.end) <= key(parent.range.end)
            assert key(child.range.start) <= key(child.selection_range.start)
