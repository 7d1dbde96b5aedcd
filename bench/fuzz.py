"""The fuzzing campaign (issue 26): generated input to every reader copydesk has, checked for what
must hold whatever the input: no crash, no hang over 10 s, every rejection a one-line error, and
each reader's own property (offsets inside the text, a table's stories as its format's reader
reads them, a written TOML file that parses back, the server's copy of a document as the client's).

Inputs come from hypothesis, seeded (`--seed`), in chunks until each reader's count or its share of
`--minutes` is reached, whichever comes first. The engine's readers run in this process; the
language server is a real `copydesk serve` over stdio, driven by the raw JSON-RPC client of
tests/test_lsp_wire.py.

    python bench/fuzz.py                     # the whole campaign: about 110,000 inputs, seed 26
    python bench/fuzz.py --scale 0.1         # a tenth of each count
    python bench/fuzz.py --readers csv,lsp   # some readers only
    python bench/fuzz.py --seed 7 --minutes 20

Prints, per reader: inputs, rejections (a one-line error, as documented), crashes and hangs, and
the slowest input; then each distinct crash with the smallest input that showed it and where it was
raised. Exit status 1 if anything crashed or hung.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from hypothesis import HealthCheck, Phase, given, seed as seeded, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the project's own test clients

HANG = 10.0  # seconds: an input that takes longer is a hang
CHUNK = 500  # examples per hypothesis run: the granularity of the time bound


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


@dataclass
class Tally:
    name: str
    inputs: int = 0
    rejected: int = 0
    hangs: int = 0
    crashes: dict[str, list] = field(default_factory=dict)  # signature: [count, smallest input, where]
    slowest: float = 0.0
    seconds: float = 0.0

    def crash(self, signature: str, example, where: str) -> None:
        seen = self.crashes.setdefault(signature, [0, example, where])
        seen[0] += 1
        if len(repr(example)) < len(repr(seen[1])):
            seen[1], seen[2] = example, where

    def run(self, example, check: Callable, rejections: tuple = ()) -> None:
        """check(example) under the hang alarm; a rejection of the documented kinds must be one line."""
        self.inputs += 1
        start, hung = time.perf_counter(), False
        signal.setitimer(signal.ITIMER_REAL, HANG)
        try:
            check(example)
        except Hang:
            hung = True
        except rejections as exc:
            self.rejected += 1
            if "\n" in str(exc) or not str(exc).strip():
                self.crash(f"rejection not one line: {type(exc).__name__}", example, repr(str(exc))[:300])
        except Exception as exc:  # noqa: BLE001 -- the point: anything else is a crash
            self.crash(_signature(exc), example, _where(exc))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - start
            self.slowest = max(self.slowest, took)
            if hung or took > HANG:  # the alarm, or code that did not let it in (C holding on)
                self.hangs += 1
                self.crash("hang", example, f"{took:.1f} s")


def _signature(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    return f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}" if frame else type(exc).__name__


def _where(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(exc)).strip()[:300] + " | " + " < ".join(
        f"{Path(f.filename).name}:{f.lineno}" for f in reversed(traceback.extract_tb(exc.__traceback__)[-4:]))


def drive(tally: Tally, strategy, check: Callable, count: int, seconds: float, seed: int) -> None:
    """Feed `check` examples of `strategy` until `count` or `seconds` is reached."""
    begun = time.perf_counter()
    chunk = 0
    while tally.inputs < count and time.perf_counter() - begun < seconds:
        before = tally.inputs

        @settings(max_examples=min(CHUNK, count - tally.inputs), database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @seeded(seed * 100_003 + chunk)
        @given(strategy)
        def examples(example):
            check(example)

        examples()
        chunk += 1
        if tally.inputs == before:
            break  # the strategy has no new examples left
    tally.seconds = time.perf_counter() - begun


# -- what the inputs are made of ----------------------------------------------------------------------

#: Pieces of real copy and of the markup around it: what the rules and readers look for.
PROSE = [
    "said", " said Sen.", "Sen. ", '"', "“", "”", "‘", "’", "'", " - ", " -", "- ", "—", "–", "us -led", "U.S.", "USA",
    "US", "Deir Ezzour", "Deir az-Zour", "Khisham", "Khusham", "ISIS", "SDF", "Syrian Democratic Forces",
    "Adjust Comment Print", "Advertisement", "he said", "officials said", "according to", "likely", "\n", "\n\n",
    "\r\n", "\r", "\t", " ", ".", ",", "?", "!", "…", "(", ")", "[", "]", "A", "The", "Regime forces", "é", "e\u0301",
    "📰", "\u2028", "\u00a0", "\u200b", "\ufeff", "\x00", "\x0c", "\x7f", "<tweet tweet-id=\"1\">", "https://x.org/a",
    "<!-- copydesk-disable -->", "<!-- copydesk-enable -->", "<!-- copydesk-disable-next-line spaced-hyphen -->",
    "<!-- copydesk-disable-line all -- why -->",
]
MARKDOWN = ["# ", "## ", "```\n", "```", "`", "*", "**", "_", "> ", "- ", "1. ", "[a](http://x.org)", "![i](x.png)",
            "    code\n", "<!--", "-->", "---\n", "+++\n", "|a|b|\n", "|---|---|\n", "<div>", "</div>", "\\", "&amp;"]
FRONT = ["---\n", "title: A story\n", "date: 2019-01-05\n", "tags: [a, b]\n", "---\n\n", "...\n", ": \n", "---", "\n"]
HTML = ["<p>", "</p>", "<br>", "<script>", "</script>", "<style>", "</style>", "<code>", "</code>", "<pre>", "</pre>",
        "&amp;", "&nbsp;", "&#x2019;", "&#0;", "&#xd800;", "&#99999999;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>",
        "<a href='x'>", "</a>", "<", ">", "</", "<h1>", "</h1>", "<!doctype html>", "<?php ?>", "<div", "=\"", "<td>"]


def _text(pieces: list[str], size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=12)), max_size=size).map("".join)


TEXT = _text(PROSE)
MARKDOWN_TEXT = _text(PROSE + MARKDOWN)
FRONT_TEXT = st.tuples(_text(FRONT, 8), MARKDOWN_TEXT).map("".join)
HTML_TEXT = _text(PROSE + HTML)


# -- the readers, in this process ---------------------------------------------------------------------

def _check_findings(text: str, report) -> None:
    assert not report.errors, "; ".join(map(str, report.errors))  # a rule raised on this text
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text), (f.rule, f.start, f.end, len(text))
        for fix in f.fixes:
            for edit in fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), (f.rule, "fix", edit)
    for p in report.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)


def markup_reader(kind: str, config) -> Callable[[str], None]:
    from copydesk.engine import analyse
    from copydesk.markup import paragraphs

    path = {"text": "story.txt", "markdown": "story.md", "html": "story.html"}[kind]

    def check(text: str) -> None:
        for p in paragraphs(text, kind):
            if p.offsets is None:  # plain text and Markdown keep every character in place, or blank it
                assert p.end - p.start == len(p.text), (p.start, p.end, p.text)
                assert all(a == b or a == " " for a, b in zip(p.text, text[p.start : p.end])), (p.start, p.text)
            else:  # HTML: each character's offset in the file
                assert len(p.offsets) == len(p.text), p.text
                assert all(0 <= a <= b <= len(text) for a, b in p.offsets), (p.text, p.offsets)
        _check_findings(text, analyse(text, config, path=path))

    return check


def file_reader() -> Callable[[bytes], None]:
    from copydesk.files import decode

    def check(data: bytes) -> None:
        text = decode(data, "story.txt", 1 << 20)
        assert isinstance(text, str)

    return check


BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
FILE_BYTES = st.tuples(st.sampled_from(BOMS), st.one_of(
    st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    TEXT.map(lambda t: t.encode("utf-16-le", "surrogatepass")))).map(b"".join)


# TOML config: keys the schema has, near misses, and values of every type.
_KEYS = ["model", "select", "ignore", "extend_select", "severity", "overrides", "house", "gazetteer", "rules",
         "house_rules", "max_file_size", "respect_gitignore", "selct", "variant", "variants", "kind", "exonyms",
         "files", "country_form", "dash", "tokens", "swap", "either", "term", "requires", "message", "valid",
         "invalid", "ignorecase", "docs", "hyphen-as-dash", "spaced-hyphen", "Raqqa", "Deir \"Ezzor\"", "a.b", ""]
_VALUES = st.recursive(
    st.one_of(st.sampled_from(["all", "typography", "house", "page-furniture", "no-such-rule", "U.S.", "US", "place",
                               "existence", "substitution", "consistency", "conditional", "info", "off", "loud",
                               "{match}", "{", "{0}", "{match!r}", "⟦ISIS⟧ went", "*.md", "archive/**", "!x/**",
                               "[", "\\", "**/", ""]),
              st.text(max_size=10), st.integers(-2, 10**7), st.booleans(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)),
    max_leaves=12)
CONFIG_DATA = st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=6)
# Globs as people write them, and as they mistype them.
GLOBS = st.lists(st.one_of(st.sampled_from(["*.md", "wire/*.txt", "**/*.md", "archive/**", "!archive/keep/**", "/a.md",
                                            "a\\", "[z-a]", "!", "[", "***", "**", "", "/", "a/**b", "\\#x", "[!]"]),
                           _text(["*", "?", "/", "**", "!", "[", "]", "a", "\\", "-", "."], 6)), min_size=1, max_size=3)
_NAMES_OR_GROUPS = st.lists(st.sampled_from(["all", "typography", "quotes", "names", "house", "attribution",
                                             "spaced-hyphen", "hyphen-as-dash", "page-furniture", "unbalanced-quotes",
                                             "wire-cliches", "hyphen-as-dsh"]), max_size=3)
_WORDS = st.lists(st.one_of(st.sampled_from(["ISIS", "Raqqa", "said", "-", "war-torn"]), st.text(min_size=1, max_size=6)),
                  min_size=1, max_size=3)
_DECLARED = st.one_of(
    st.fixed_dictionaries({"kind": st.just("existence"), "tokens": _WORDS},
                          optional={"ignorecase": st.booleans(), "message": st.sampled_from(["'{match}'", "{x}", "{{a}}"])}),
    st.fixed_dictionaries({"kind": st.just("substitution"), "swap": st.dictionaries(st.text(min_size=1, max_size=6),
                                                                                    st.text(max_size=6), min_size=1, max_size=2)}),
    st.fixed_dictionaries({"kind": st.just("consistency"), "either": st.lists(_WORDS.filter(lambda w: len(w) >= 2),
                                                                             min_size=1, max_size=2)}),
    st.fixed_dictionaries({"kind": st.just("conditional"), "term": st.text(min_size=1, max_size=5),
                           "requires": st.text(min_size=1, max_size=8)}))
USABLE_CONFIG = st.fixed_dictionaries({}, optional={
    "select": _NAMES_OR_GROUPS, "ignore": _NAMES_OR_GROUPS, "respect_gitignore": st.booleans(),
    "max_file_size": st.integers(0, 10**6),
    "severity": st.dictionaries(st.sampled_from(["spaced-hyphen", "hyphen-as-dash", "wire-cliches"]),
                                st.sampled_from(["error", "warning", "info", "hint", "off"]), max_size=2),
    "house": st.fixed_dictionaries({}, optional={"country_form": st.sampled_from(["U.S.", "US"]),
                                                 "dash": st.text(min_size=1, max_size=3)}),
    "overrides": st.lists(st.fixed_dictionaries({"files": GLOBS}, optional={"ignore": _NAMES_OR_GROUPS}), max_size=2),
    "gazetteer": st.dictionaries(st.text(min_size=1, max_size=10), st.one_of(
        st.lists(st.text(min_size=1, max_size=10), max_size=3),
        st.fixed_dictionaries({}, optional={"variants": st.lists(st.text(min_size=1, max_size=10), max_size=2),
                                            "kind": st.sampled_from(["place", "person", "org", "city"]),
                                            "exonyms": st.lists(st.text(min_size=1, max_size=8), max_size=2)})),
        max_size=3),
    "house_rules": st.dictionaries(st.sampled_from(["wire-cliches", "isis-name", "Bad Name", "x"]), _DECLARED, max_size=2),
})
TOML_TEXT = st.one_of(
    CONFIG_DATA.map(lambda d: _dumps(d)),
    USABLE_CONFIG.map(lambda d: _dumps(d)),
    USABLE_CONFIG.map(lambda d: _dumps(d)),
    _text(["[house]\n", "[[overrides]]\n", "[gazetteer]\n", "[house_rules.x]\n", "[severity]\n", "files = [\"a/*\"]\n",
           'select = ["', '"]\n', " = ", "{ ", " }", "[", "]", "\"", "'", "'''", '"""', "#", "\n", "kind = \"",
           "Raqqa = { variant = [\"Rakka\"] }\n", "1979-05-27T07:32:00Z", "inf", "nan", "0x1F", "true"], 30))


def _dumps(data: dict) -> str:
    import tomlkit

    try:
        return tomlkit.dumps(data)
    except Exception:  # a value TOML cannot hold (a key '' in some places): as text instead
        return repr(data)


def toml_reader(folder: Path) -> Callable[[str], None]:
    from copydesk.config import ConfigError, load
    from copydesk.engine import analyse, rules_for

    path = folder / ".copydesk.toml"

    def check(text: str) -> None:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            config = load(path)
            rules_for(config)
            config = config.for_path(str(folder / "wire" / "a.md"))
            rules_for(config)
        except ConfigError:
            raise
        # A config that loads lints: its house rules, overrides and gazetteer at work (text rules only).
        config.select = ["typography", "house"]
        story = "The ISIS said - Raqqa, Rakka.\n\nDeir Ezzour."
        _check_findings(story, analyse(story, config, path="a.md"))

    return check


# A folder's walk: .gitignore files of any content over a small tree.
GITIGNORE = st.tuples(st.lists(st.one_of(GLOBS.map("\n".join), st.text(max_size=10)), min_size=1, max_size=3),
                      st.booleans())
_TREE = ["a.txt", "b.md", "wire/c.txt", "wire/2019/d.md", "wire/2019/e.html", "drafts/f.txt", "x.tmp.txt"]


def walk_reader(folder: Path) -> Callable:
    from copydesk.files import InputError, expand

    for name in _TREE:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    (folder / ".git").mkdir(exist_ok=True)

    def check(example) -> None:
        ignores, deep = example
        for where, text in zip(["", "wire/", "wire/2019/"] if deep else [""], ignores):
            (folder / where / ".gitignore").write_text(text, encoding="utf-8", errors="surrogatepass")
        found = list(expand([str(folder), str(folder / "wire")]))
        for item in found:
            assert not isinstance(item, InputError) or "no files to lint" in str(item), item
            assert isinstance(item, InputError) or os.path.isfile(item), item
        for where in ("", "wire/", "wire/2019/"):
            (folder / where / ".gitignore").unlink(missing_ok=True)

    return check


# Tables for the audit.
def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


_CELL = st.one_of(st.sampled_from(["", "a1", 'The 6" statue', '"quoted"', '"open', 'close"', "x,y", "line\nbreak",
                                   "cr\rhere", "crlf\r\n", "Jan. 5, 2019", "\x00", "é", " "]),
                  st.text(max_size=8))
CSV_BYTES = st.tuples(
    st.sampled_from([b"", b"\xef\xbb\xbf"]),
    st.lists(st.sampled_from(["id", "text", "desk", "date", "status", "id", ""]), min_size=1, max_size=4),
    st.lists(st.lists(st.tuples(_CELL, st.booleans()), max_size=5), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.binary(max_size=3),
).map(lambda t: t[0] + (t[3].join([",".join(t[1])] + [",".join(_csv_field(v) if q else v for v, q in row)
                                                       for row in t[2]]) + t[3]).encode("utf-8", "surrogatepass") + t[4])

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                     max_leaves=6)
_RECORD = st.fixed_dictionaries({}, optional={"id": _JSON, "text": st.one_of(st.text(max_size=30), _JSON),
                                              "date": st.one_of(st.sampled_from(["Jan. 5, 2019", "x"]), _JSON),
                                              "desk": _JSON, "meta_id": _JSON})
_LINE = st.one_of(_RECORD.map(lambda r: json.dumps(r)), _JSON.map(json.dumps),
                  st.sampled_from(['{"id": "\\ud800", "text": "a"}', '{"text": "\\udcff"}', '{"\\ud800": 1, "text": "x"}',
                                   "{bad json", "", "   ", "\r", '{"text": "a"}\r']),
                  st.text(max_size=20))
JSONL_BYTES = st.lists(_LINE, max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))

_PARQUET_VALUE = st.one_of(st.none(), st.text(max_size=20), st.integers(-2**40, 2**40), st.booleans(),
                           st.dates(), st.lists(st.integers(0, 9), max_size=2))
PARQUET_TABLE = st.tuples(
    st.lists(st.sampled_from(["id", "text", "date", "desk", "status", "row", "meta_desk", "é", "a b"]), min_size=1,
             max_size=5, unique=True),
    st.lists(st.lists(_PARQUET_VALUE, min_size=5, max_size=5), max_size=12),
    st.integers(1, 5))


def table_reader(kind: str, folder: Path) -> Callable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from copydesk.audit.report import when
    from copydesk.audit.sources import Columns, SourceError, plan, stories
    from copydesk.audit.work import STORY_FIELDS, _text, table
    from copydesk.files import InputError

    path = folder / f"table.{kind}"
    columns = Columns()

    def expected(data) -> int:
        if kind == "csv":
            with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
                rows = [r for r in csv.reader(fh) if any(f.strip() for f in r)]
            return max(len(rows) - 1, 0)
        if kind == "jsonl":
            return sum(1 for line in data.split(b"\n") if line.strip())
        return pq.ParquetFile(path).metadata.num_rows

    def check(example) -> None:
        if kind == "parquet":
            names, rows, group = example
            try:
                data = pa.Table.from_pylist([dict(zip(names, r)) for r in rows] or [dict.fromkeys(names)])
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                data = pa.table({n: pa.array([str(r[i]) for r in rows], type=pa.string()) for i, n in enumerate(names)})
            pq.write_table(data, path, row_group_size=group)
        else:
            path.write_bytes(example)
            data = example
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
        parts = plan([str(path)], 3, columns)  # SourceError: a rejection
        found = [s for p in parts for s in stories(p, columns)]
        assert len(found) == sum(p.count for p in parts) == expected(data), (len(found), expected(data))
        rows = []
        for s in found:
            assert s.error is None or "\n" not in s.error, s.error
            try:
                _text(s, 1 << 20) if s.error is None else None
            except InputError as exc:
                assert "\n" not in str(exc), str(exc)
            when(s.meta.get("date"))
            rows.append({"id": s.id, "source": s.source, "row": s.row, "status": "ok"})
        pq.write_table(table(rows, STORY_FIELDS, [s.meta for s in found]), io.BytesIO())  # as a worker writes it

    return check, (SourceError,)


def date_reader() -> Callable:
    from copydesk.audit.report import when

    def check(value) -> None:
        day = when(value)
        assert day is None or isinstance(day, date)

    return check


DATES = st.one_of(
    _text(["Tue, ", "05 Jan 2019", " 10:00:00", " +0000", " UTC", "Jan. 5, 2019", "2019-01-05", "T10:00:00Z", "1/5/2019",
           "05.01.2019", "Sept.", "Monday", "2019", "9" * 30, " ", ",", ".", "-", "/", ":"], 12),
    st.datetimes().map(str), st.dates(), st.integers(), st.floats(), st.none())

NAMES = st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4, unique=True)


def gazetteer_writers(folder: Path) -> Callable:
    from copydesk.audit.gazetteer import Cluster, toml
    from copydesk.config import Config, ConfigError
    from copydesk.lsp.gazetteer import add

    config = folder / ".copydesk.toml"

    def check(names: list[str]) -> None:
        names = [n for n in names if not re.search("[\ud800-\udfff]", n)] or ["x"]
        c = Cluster(names[0], names[1:], Counter(dict.fromkeys(names, 2)), Counter(dict.fromkeys(names, 1)), [],
                    "place", names[-1])
        written = tomllib.loads(toml([c] if c.variants else [], 3))["gazetteer"]
        assert written == ({names[0]: names[1:]} if c.variants else {}), written
        Config.from_dict({"gazetteer": written})
        config.write_text('select = ["typography"]\n', encoding="utf-8")
        try:
            add(config, names[0], names[1:])
        except ConfigError:
            raise
        tomllib.loads(config.read_text(encoding="utf-8"))

    return check, (ConfigError,)


# -- the language server, a real process --------------------------------------------------------------

class Server:
    """`copydesk serve` over stdio with the raw JSON-RPC client of tests/test_lsp_wire.py."""

    def __init__(self, root: Path, log: Path):
        import test_lsp_wire
        from test_lsp import SERVE

        test_lsp_wire.TIMEOUT = 2 * HANG  # past the hang alarm: a read that waits that long is a hang
        self.root, self.log = root, log
        self.proc = subprocess.Popen(SERVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("ab"))

        def send(data: bytes) -> None:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

        self.wire = test_lsp_wire.Wire(send, self.proc.stdout.fileno(), lambda: os.read(self.proc.stdout.fileno(), 1 << 16))
        self.wire.initialize(root, {"select": ["typography", "quotes"], "debounce": 0})
        self.ids = 0
        self.tally: Tally | None = None
        self.docs: dict[str, str] = {}  # uri: the client's copy of the text
        self.versions: dict[str, int] = {}

    def ask(self, method: str, params) -> dict:
        """The answer to a request; every response read on the way (to raw requests) is checked too."""
        self.ids += 1
        self.wire.request(self.ids, method, params)
        while True:
            reply = self.wire.reply()
            if reply.get("id") == self.ids:
                return reply
            _answered(reply, "an earlier request", self.tally)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


_POS = st.one_of(st.integers(0, 6), st.sampled_from([-1, 2**31 - 1, 2**31, 10**12]))
_POSITION = st.fixed_dictionaries({"line": _POS, "character": _POS})
_RANGE = st.fixed_dictionaries({"start": _POSITION, "end": _POSITION})
_URI = st.sampled_from(["file:///fuzz/a.txt", "file:///fuzz/b.md", "file:///fuzz/c.html", "untitled:1",
                        "file:///fuzz/missing.txt", "not a uri", ""])
_DOC_TEXT = st.one_of(MARKDOWN_TEXT, HTML_TEXT, st.text(max_size=40))
_JUNK = st.one_of(_JSON, st.just(None))

MESSAGE = st.one_of(
    st.tuples(st.just("open"), _URI, _DOC_TEXT, st.integers(-1, 3)),
    st.tuples(st.just("edit"), st.floats(0, 1), st.floats(0, 1), _DOC_TEXT),  # a valid edit of a document
    st.tuples(st.just("change"), _URI, st.lists(st.fixed_dictionaries({"range": _RANGE, "text": _DOC_TEXT}), max_size=3),
              st.integers(-1, 100)),
    st.tuples(st.just("request"), st.sampled_from(["textDocument/hover", "textDocument/codeAction", "textDocument/diagnostic",
                                                   "textDocument/documentSymbol", "copydesk/text", "textDocument/completion"]),
              _URI, _POSITION, _RANGE),
    st.tuples(st.just("command"), st.sampled_from(["copydesk.addToGazetteer", "copydesk.nothing"]),
              st.lists(st.one_of(_URI, st.text(max_size=8), NAMES, _JUNK), max_size=4)),
    st.tuples(st.just("junk"), st.sampled_from(["textDocument/hover", "textDocument/didOpen", "textDocument/didChange",
                                                "textDocument/codeAction", "workspace/didChangeConfiguration",
                                                "workspace/executeCommand", "textDocument/didClose", "$/cancelRequest"]),
              _JUNK, st.booleans()),
    st.tuples(st.just("raw"), st.one_of(st.binary(max_size=40), _JSON.map(lambda v: json.dumps(v).encode()), st.sampled_from([
        # JSON may escape what UTF-8 cannot hold: lone surrogates, in a document and in a command
        b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///fuzz/s.txt", '
        b'"languageId": "plaintext", "version": 1, "text": "Deir \\ud800 Ezzour - said \\udfff"}}}',
        b'{"jsonrpc": "2.0", "id": "s", "method": "workspace/executeCommand", "params": {"command": '
        b'"copydesk.addToGazetteer", "arguments": ["file:///fuzz/a.txt", "Deir \\ud800", ["x"]]}}',
        b'{"jsonrpc": "2.0", "id": "t", "method": "textDocument/hover", "params": {"textDocument": {"uri": '
        b'"file:///fuzz/s.txt"}, "position": {"line": 0, "character": 6}}}',
    ]))),
    st.tuples(st.just("settings"), st.dictionaries(st.sampled_from(_KEYS + ["enable", "lint_on", "debounce", "docs_url",
                                                                            "config_file"]), _VALUES, max_size=3)),
)


def lsp_reader(root: Path, log: Path, tally: Tally) -> tuple[Callable, Callable]:
    from test_lsp_sync import lsp_position

    server = [Server(root, log)]
    read = [log.stat().st_size]  # how far the log has been read

    def check(messages: list) -> None:
        s = server[0]
        if s.proc.poll() is not None:
            server[0] = s = Server(root, log)
        s.tally = tally
        edited = set()
        for message in messages:
            kind = message[0]
            if kind == "open":
                _, uri, text, version = message
                s.wire.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                         "version": version, "text": text}})
                s.docs[uri], s.versions[uri] = text, version
            elif kind == "edit" and s.docs:
                _, a, b, new = message
                uri = sorted(s.docs)[int(a * 1000) % len(s.docs)]
                text = s.docs[uri]
                start, end = sorted((round(a * len(text)), round(b * len(text))))
                start -= start and text[start - 1 : start + 1] == "\r\n"
                end -= end and text[end - 1 : end + 1] == "\r\n"
                change = {"range": {"start": _asdict(lsp_position(text, start)), "end": _asdict(lsp_position(text, end))},
                          "text": new}
                s.versions[uri] += 1
                s.wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": s.versions[uri]},
                                                         "contentChanges": [change]})
                s.docs[uri] = text[:start] + new + text[end:]
                edited.add(uri)
            elif kind == "change":
                _, uri, changes, version = message
                s.wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                         "contentChanges": changes})
                s.docs.pop(uri, None)  # the server's copy is the truth now: read it back below
            elif kind == "request":
                _, method, uri, position, range_ = message
                params = {"textDocument": {"uri": uri}, "position": position, "range": range_,
                          "context": {"diagnostics": []}}
                _answered(s.ask(method, params), method, tally)
            elif kind == "command":
                _, command, arguments = message
                _answered(s.ask("workspace/executeCommand", {"command": command, "arguments": arguments}), command, tally)
            elif kind == "junk":
                _, method, params, request = message
                if request:
                    _answered(s.ask(method, params), method, tally)
                else:
                    s.wire.notify(method, params)
            elif kind == "raw":
                s.wire.raw(b"Content-Length: %d\r\n\r\n%s" % (len(message[1]), message[1]))
            elif kind == "settings":
                s.wire.notify("workspace/didChangeConfiguration", {"settings": {"copydesk": message[1]}})
        # Every document the client edited validly reads back as the client has it; the others are
        # read back and taken as they are.
        for uri in list(s.docs) + [u for u in ("file:///fuzz/a.txt",) if u not in s.docs]:
            reply = s.ask("copydesk/text", {"textDocument": {"uri": uri}})
            if "result" in reply:
                if uri in edited and uri in s.docs:
                    assert reply["result"]["text"] == s.docs[uri], (uri, reply["result"]["text"], s.docs[uri])
                s.docs[uri], s.versions[uri] = reply["result"]["text"], max(reply["result"]["version"] or 0, 0)
            else:
                s.docs.pop(uri, None)
        assert s.proc.poll() is None, "the server exited"
        # What the server logged meanwhile: an exception it caught is a crash of this sequence.
        with log.open("rb") as fh:
            fh.seek(read[0])
            data = fh.read()
        read[0] += len(data)
        caught = failures(data.decode(errors="replace"))
        assert not caught, f"the server logged {caught[0]}"

    def stop() -> list[str]:
        server[0].close()
        with log.open("rb") as fh:
            fh.seek(read[0])
            return failures(fh.read().decode(errors="replace"))

    return check, stop


def failures(text: str) -> list[str]:
    """The exceptions a server log holds that were not a JSON-RPC rejection (pygls logs those with
    their traceback too): of each block between its own lines, the exception raised last."""
    found = []
    for block in re.split(r"^copydesk: .*$", text, flags=re.M):
        if "Traceback" in block:
            # the last exception raised: a chained one ends the block, an exception group's
            # header stands before its members
            lines = [re.sub(r"^[\s|+]*", "", line) for line in block.splitlines()]
            raised = [line for line in lines if re.match(r"[A-Za-z_][\w.]*(: |$)", line)
                      and not line.startswith(("Traceback", "The above", "During handling", "Structuring"))]
            if not raised:  # a traceback cut short (the server stopped mid-write): its last line
                raised = [line for line in lines if line.strip()][-1:]
            last = raised[-1] if block.rstrip().splitlines()[-1][:1] not in " |+" else raised[0]
            if not last.startswith(("pygls.exceptions.JsonRpc", "cattrs.errors.")):  # malformed messages
                found.append(last)
    return found


def _asdict(position) -> dict:
    return {"line": position.line, "character": position.character}


def _answered(reply: dict, what: str, tally: Tally | None = None) -> None:
    """A request's answer: a result, or an error that is not the server's own failure, in one line."""
    error = reply.get("error")
    if error:
        if tally is not None:
            tally.rejected += 1
        assert error["code"] != -32603, f"{what}: internal error: {error['message'][:200]}"
        assert "\n" not in error["message"], f"{what}: a rejection of more than one line"


# -- the campaign ----------------------------------------------------------------------------------------

#: reader: inputs. The text-only lint readers run fast; spaCy's rules and the server less so.
COUNTS = {"text": 15_000, "markdown": 13_000, "front-matter": 6_000, "html": 12_000, "spacy": 400, "files": 10_000,
          "toml": 14_000, "gitignore": 3_000, "csv": 9_000, "jsonl": 6_000, "parquet": 1_500, "dates": 8_000,
          "gazetteer": 2_500, "lsp": 12_000}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=26)
    p.add_argument("--scale", type=float, default=1.0, help="multiply every reader's count")
    p.add_argument("--minutes", type=float, default=40.0, help="the whole campaign's bound in time")
    p.add_argument("--readers", default=",".join(COUNTS), help=f"comma-separated, of: {', '.join(COUNTS)}")
    p.add_argument("--server-log", type=Path, help="keep the language server's stderr here")
    args = p.parse_args()
    chosen = [r for r in args.readers.split(",") if r]
    unknown = set(chosen) - set(COUNTS)
    if unknown:
        p.error(f"unknown readers: {', '.join(sorted(unknown))}")
    budget = args.minutes * 60 / sum(COUNTS[r] for r in chosen)  # seconds per input at most, shared fairly
    signal.signal(signal.SIGALRM, _alarm)
    import logging

    logging.disable(logging.CRITICAL)  # rules log what they catch; the tallies say it here

    from copydesk.config import Config, ConfigError
    from copydesk.files import InputError

    text_rules = Config(select=["typography", "unbalanced-quotes"])
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(prefix="copydesk-fuzz-") as tmp:
        folder = Path(tmp)
        for name in chosen:
            count = max(1, round(COUNTS[name] * args.scale))
            tally = Tally(name)
            tallies.append(tally)
            print(f"{name}: {count:,} inputs …", file=sys.stderr, flush=True)
            seconds = budget * COUNTS[name] * 1.0
            work = folder / name
            work.mkdir()
            strategy, check, rejections, stop = None, None, (), None
            if name in ("text", "markdown", "html", "front-matter"):
                kind = {"front-matter": "markdown"}.get(name, name)
                strategy = {"text": TEXT, "markdown": MARKDOWN_TEXT, "html": HTML_TEXT, "front-matter": FRONT_TEXT}[name]
                check = markup_reader(kind, text_rules)
            elif name == "spacy":
                strategy, check = st.one_of(TEXT, MARKDOWN_TEXT), markup_reader("markdown", Config())
            elif name == "files":
                strategy, check, rejections = FILE_BYTES, file_reader(), (InputError,)
            elif name == "toml":
                strategy, check, rejections = TOML_TEXT, toml_reader(work), (ConfigError,)
            elif name == "gitignore":
                strategy, check = GITIGNORE, walk_reader(work)
            elif name in ("csv", "jsonl", "parquet"):
                strategy = {"csv": CSV_BYTES, "jsonl": JSONL_BYTES, "parquet": PARQUET_TABLE}[name]
                check, rejections = table_reader(name, work)
            elif name == "dates":
                strategy, check = DATES, date_reader()
            elif name == "gazetteer":
                strategy, (check, rejections) = NAMES, gazetteer_writers(work)
            elif name == "lsp":
                strategy = st.lists(MESSAGE, min_size=1, max_size=6)
                check, stop = lsp_reader(work, args.server_log or work / "server.log", tally)
                inner = check

                def check(messages, inner=inner):  # counted by message, not by sequence
                    tally.inputs += len(messages) - 1
                    inner(messages)

            drive(tally, strategy, lambda x, c=check, r=rejections, t=tally: t.run(x, c, r), count, seconds,
                  args.seed)
            if stop:
                for line in stop():  # exceptions the server caught and logged: each is a crash too
                    tally.crash(f"server traceback: {line[:80]}", None, line[:300])
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    report(tallies, wall, used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime, args)
    return 1 if any(t.crashes or t.hangs for t in tallies) else 0


def report(tallies: list[Tally], wall: float, cpu: float, args) -> None:
    print(f"\ncopydesk fuzzing campaign: seed {args.seed}, scale {args.scale}, load average before the end "
          f"{os.getloadavg()[0]:.2f}")
    print(f"{'reader':<14}{'inputs':>9}{'rejected':>10}{'crashes':>9}{'hangs':>7}{'slowest s':>11}{'seconds':>9}")
    for t in tallies:
        crashes = sum(n for sig, (n, *_) in t.crashes.items() if sig != "hang")
        print(f"{t.name:<14}{t.inputs:>9,}{t.rejected:>10,}{crashes:>9,}{t.hangs:>7,}{t.slowest:>11.3f}{t.seconds:>9.1f}")
    total = sum(t.inputs for t in tallies)
    print(f"{'all':<14}{total:>9,}{sum(t.rejected for t in tallies):>10,}"
          f"{sum(n for t in tallies for s, (n, *_) in t.crashes.items() if s != 'hang'):>9,}"
          f"{sum(t.hangs for t in tallies):>7,}")
    print(f"wall time {wall:.0f} s; this process's CPU time {cpu:.0f} s (the language server's is its own)")
    for t in tallies:
        for sig, (n, example, where) in t.crashes.items():
            print(f"\n[{t.name}] {sig} ×{n}\n  input: {repr(example)[:400]}\n  {where}")


if __name__ == "__main__":
    sys.exit(main())
