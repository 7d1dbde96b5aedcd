"""Caches are bounded by size and declared in one place (copydesk.rules.caches); a long-running
pipeline parses in memory zones and turns them over without changing a finding; what an open
document holds goes when it closes."""

from __future__ import annotations

import ast
import re

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from copydesk import engine, nlp
from copydesk.config import Config
from copydesk.rules import caches
from copydesk.rules.caches import BOUNDS, Cache, by_args, chars

from conftest import ROOT, SEEDS, corpus
from test_lsp import SERVE, change, end, make_client, open_doc, published, start


def test_a_cache_keeps_what_is_used_and_its_bytes_within_the_bound(monkeypatch):
    monkeypatch.setitem(BOUNDS, "test", (1000, 0, "test entries"))
    c = Cache("test")
    for i in range(4):
        c.put(i, "x", size=100)
    assert len(c) == 4 and c.size == 400
    for i in range(4, 20):
        c.put(i, "x", size=100)
        assert c.get(0) == "x"  # used all along: it stays
        assert c.size <= 1000
    assert c.get(1) is None  # not used for two generations: gone
    c.put("big", "z", size=600)  # more than a generation: not kept, nothing dropped for it
    assert c.get("big") is None and c.get(19) == "x"
    assert c.pop(19) == "x" and c.get(19) is None
    c.bound(400)  # a smaller bound (documents closed) drops at once what is over it
    assert c.size <= 400


def test_a_paragraph_costs_its_length_not_one_entry(monkeypatch):
    monkeypatch.setitem(BOUNDS, "test-texts", (1_000_000, 10, "test texts"))
    calls = []

    @by_args("test-texts")
    def words(text: str) -> tuple[str, ...]:
        calls.append(text)
        return tuple(text.split())

    short, long = "a few words", "word " * 5_000
    assert words(short) == words(short) and calls == [short]
    words(long)
    assert words.cache.size >= 10 * len(long)  # what it holds grows with the text, not one entry each
    for i in range(20):
        words(long + str(i))
    assert words.cache.size <= 1_000_000 and len(words.cache) < 20
    assert chars((("one", "two"), frozenset({"three"}), 7)) == 11


def test_every_cache_by_text_is_declared_and_every_declared_one_used():
    """One table says what each cache holds: an lru_cache keyed by text anywhere else in the
    engine or the rules would hold text with no bound in bytes."""
    by_name = {("output.py", "_module_uri"), ("config.py", "_spec"),  # one entry a rule, a config's globs
               ("report.py", "_parsed")}  # an audit report's dates, in a process that ends
    used = set()
    for path in [*(ROOT / "rules").rglob("*.py"), *(ROOT / "server").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:by_args|cache)\("([\w.-]+)"\)', source))
        for node in ast.walk(ast.parse(source)):
            for deco in getattr(node, "decorator_list", []):
                if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "lru_cache":
                    size = deco.keywords[0].value.value if deco.keywords else 128
                    # a handful of entries keyed by a config or a name, never by a paragraph
                    assert (size is not None and size <= 16) or (path.name, node.name) in by_name, (path, node.name)
    assert used == set(BOUNDS)


def test_linting_stays_within_every_bound(monkeypatch):
    """With every bound cut to a few kilobytes the findings are the same: caches save work, they
    never decide a finding."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
    config = Config()
    before = [engine.lint(t, config) for t in texts]
    for name, (_, _, holds) in list(BOUNDS.items()):
        monkeypatch.setitem(BOUNDS, name, (4096, 0, holds))
        monkeypatch.setattr(caches.cache(name), "limit", 4096)
    caches.clear()
    assert [engine.lint(t, config) for t in texts] == before
    assert all(size <= 4096 for _, _, size, _, _ in caches.report())


def test_an_edit_finds_the_other_paragraphs_of_an_open_story_cached(monkeypatch):
    """In the editor a story's text is open, and each cache makes room for it: after an edit only
    the edited paragraph is read again. Each entry's fixed cost counts in the bound (300 paragraphs'
    entries outgrew a generation, and every edit re-ran every rule's wants() on every paragraph)."""
    paragraphs = [f"The council met for the {i}th time on Monday, and its chairman said the vote on the "
                  f"budget would wait until the {i + 1}th meeting, officials said." for i in range(300)]
    text = "\n\n".join(paragraphs) + "\n"
    config = Config()
    caches.clear()
    caches.open_text("test", len(text))
    try:
        engine.analyse(text, config, path="story.txt")
        wanted = caches.cache("wanted")
        asked = []
        put = wanted.put
        monkeypatch.setattr(wanted, "put", lambda key, *rest: (asked.append(key), put(key, *rest)))
        edited = text.replace("the 150th time", "the 150th session", 1)
        engine.analyse(edited, config, path="story.txt")
        assert set(asked) == {paragraphs[150].replace("150th time", "150th session")}
    finally:
        caches.open_text("test", 0)
        caches.clear()


@pytest.fixture
def zoned(monkeypatch):
    """Replaces the process's pipeline with one that parses in memory zones and turns them over
    every 50 new strings, as the language server's does every 20,000."""

    def install() -> nlp.Pipeline:
        pipeline = nlp.Pipeline(zoned=True)
        monkeypatch.setitem(nlp._loaded, nlp.DEFAULT_MODEL, pipeline)
        monkeypatch.setattr(nlp, "ZONE_STRINGS", 50)
        caches.clear()
        return pipeline

    yield install
    caches.clear()


def typed(story: str, n: int, mark: str) -> str:
    """The story with n words replaced by words no vocabulary has, as typing makes them."""
    count = iter(range(n))
    return re.sub(r"\bthe\b", lambda m: f"thq{mark}z{next(count, 'n')}", story, count=n)


def test_memory_zones_turn_over_and_change_no_finding(zoned):
    stories = [p.read_text(encoding="utf-8") for p in sorted(corpus("polnear", "dev", "text").glob("*.txt"))[:6]]
    config = Config()
    expected = [engine.lint(story, config) for story in stories]  # no memory zone
    pipeline = zoned()
    for i, story in enumerate(stories):
        assert engine.analyse(story, config, owner=f"story-{i}").findings == expected[i]
    strings = len(pipeline.nlp.vocab.strings)  # the model's and the open stories'
    for rnd in range(3):
        for i, story in enumerate(stories):
            engine.analyse(typed(story, 20, f"{rnd}x{i}"), config, owner=f"story-{i}")
            # typed and undone: the story's held parses, carried over the turnovers, serve again
            assert engine.analyse(story, config, owner=f"story-{i}").findings == expected[i]
    assert pipeline.turnovers >= 3
    # The vocabulary holds the open stories' words, not the 360 typed and undone (each adds
    # two or three strings): those go with the zone they came in.
    assert len(pipeline.nlp.vocab.strings) < strings + 150
    assert "thq0x0z1" not in pipeline.nlp.vocab.strings
    assert sorted(pipeline._held) == [f"story-{i}" for i in range(6)] and all(pipeline._held.values())


def test_an_analysis_stopped_in_its_parse_lets_the_zone_turn_over(zoned):
    """An editor's newer version stops an analysis in the middle of its parse; the exception that
    stops it must not keep the analysis inside the pipeline's reading, or no zone could turn over."""
    pipeline = zoned()
    story = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus("polnear", "dev", "text").glob("*.txt"))[:3])
    asked = []

    def stop_in_the_parse() -> bool:
        asked.append(True)
        return len(asked) > 1  # not before it starts, but at its first look inside the parse

    with pytest.raises(engine.Cancelled) as stopped:
        engine.analyse(story, Config(), cancelled=stop_in_the_parse, owner="file:///a.txt")
    assert stopped.value.done == 0 and pipeline._readers == 0
    engine.analyse(typed(story, 200, "s"), Config(), owner="file:///a.txt")  # many new strings
    assert pipeline.turnovers >= 1


def test_closing_a_document_releases_its_parses(zoned):
    pipeline = zoned()
    story = (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text(encoding="utf-8")
    engine.analyse(story + "\n\nCritics say the plan was likely a failure.\n", Config(), owner="file:///a.txt")
    engine.analyse(story, Config(), owner="file:///b.txt")
    assert set(pipeline._held) == {"file:///a.txt", "file:///b.txt"}
    kept = len(caches.cache("parses"))
    nlp.release("file:///a.txt")
    assert set(pipeline._held) == {"file:///b.txt"}
    # Paragraphs only a.txt held leave the shared cache too; those b.txt shares stay.
    assert 0 < len(caches.cache("parses")) < kept


# -- the language server ------------------------------------------------------------------------
@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVE, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await end(lsp_client)


async def test_the_server_drops_what_a_closed_document_held(client: LanguageClient, tmp_path):
    """A real server: its model parses in memory zones; each open document holds its parses until
    it closes; every cache stays within its bound."""
    await start(client, tmp_path)
    story = SEEDS / "coalition-strikes-deir-ezzour.txt"
    uris = [open_doc(client, tmp_path / f"{name}.txt", story.read_text(encoding="utf-8") + extra)
            for name, extra in (("a", ""), ("b", "\n\nCritics say the plan was likely a failure.\n"))]
    for uri in uris:
        await published(client, uri, 1)
    held = await client.protocol.send_request_async("copydesk/memory", {})
    [model] = held.models
    assert model.zoned and model.documents == 2 and model.parses > 0
    assert all(c.bytes <= c.bound for c in held.caches) and {c.name for c in held.caches} <= set(BOUNDS)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uris[1])))
    await published(client, uris[1], None)  # the close clears its diagnostics
    [model] = (await client.protocol.send_request_async("copydesk/memory", {})).models
    assert model.documents == 1


async def test_notifications_leave_nothing_behind(client: LanguageClient, tmp_path):
    """pygls kept a future for every didChange (a generator handler) for as long as it ran."""
    await start(client, tmp_path, {"select": ["typography"]})
    text = "The us -led coalition struck.\n"
    uri = open_doc(client, tmp_path / "a.txt", text)
    for version in range(2, 52):
        change(client, uri, version, types.TextDocumentContentChangeWholeDocument(text=text + "x" * version))
    await published(client, uri, 51)
    assert (await client.protocol.send_request_async("copydesk/memory", {})).pending <= 1  # this request
