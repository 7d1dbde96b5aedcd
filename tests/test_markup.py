"""Markup: what counts as prose in plain text, Markdown and HTML, and that every finding points
into the original file, through real files and the real CLI."""

from __future__ import annotations

import pytest

from copydesk import markup

from conftest import TEXT_RULES  # text rules only: these tests are about where prose is


def prose(text: str, kind: str) -> str:
    return "\n\n".join(p.text for p in markup.paragraphs(text, kind))


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of an offset, counted by hand."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def flagged(cli, path, *args) -> list[tuple[str, str]]:
    """(rule, flagged text) for each finding, read from the original file's text."""
    run = cli("lint", "--format", "json", "--select", ",".join(TEXT_RULES), *args, path)
    assert run.code in (0, 1), run.err
    text = path.read_bytes().decode("utf-8-sig")
    [entry] = run.json()["files"]
    return [(f["rule"], text[f["start"] : f["end"]]) for f in entry["findings"]]


MARKDOWN = """\
---
title: "A front matter title with a us -led hyphen
---

# Strikes near Deir ez-Zor

The coalition said the U.S. -led strikes hit two positions.

Run `grep "us -led" story.txt` or ``a ` "b -c`` to find them.

See [the ministry's figures](https://example.com/q?="a "A -b title") and [its report][ref],
or https://example.com/x?q="draft. Mail <https://example.com/"x>.

<!-- editor: us -led "TK -->

```
fenced "code us -led
```

~~~python
print("us -led)
~~~

    indented "code us -led

| place | us -led ally |
|-------|--------------|
| Raqqa | "SDF         |

The strikes ended - officials said - before dawn. Inline <!-- a "comment --> too.

[ref]: https://example.com/report "The -x report"
"""


def test_markdown_prose_skips_code_urls_comments_and_front_matter():
    text = prose(MARKDOWN, "markdown")
    for kept in ("Strikes near Deir ez-Zor", "the U.S. -led strikes hit", "the ministry's figures",
                 "its report", "place   us -led ally", "The strikes ended - officials said - before dawn."):
        assert kept in text
    for gone in ("front matter", "grep", '"b -c', "https", "example.com", "editor", "fenced", "print",
                 "indented", "A -b title", "The -x report", '"comment', "|", "[", "]", "#"):
        assert gone not in text, gone


def test_markdown_findings_only_in_prose(tmp_path, cli):
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert sorted(flagged(cli, path)) == sorted([
        ("spaced-hyphen", " -"),  # U.S. -led, in prose
        ("spaced-hyphen", " -"),  # us -led, in the table header
        ("unbalanced-quotes", '"'),  # "SDF in the table row
        ("hyphen-as-dash", " - "),
        ("hyphen-as-dash", " - "),
    ])


def test_markdown_paragraphs_keep_their_place():
    text = "Intro *with* **emphasis**.\n\n- one item\n- two items\n\n> A quote\n> runs on.\n"
    paras = markup.paragraphs(text, "markdown")
    assert [p.text.split() for p in paras] == [
        ["Intro", "with", "emphasis", "."], ["one", "item"], ["two", "items"], ["A", "quote", "runs", "on."]
    ]
    for p in paras:  # Markdown blanks markup in place: offsets are identity
        assert p.offsets is None and len(p.text) == p.end - p.start


HTML = """\
<!DOCTYPE html>
<html><head><title>Strikes &amp; sorties</title>
<style>p::before { content: "us -led"; }</style>
<script>if (a < b && c) { x = "us -led"; }</script>
</head><body>
<p>&ldquo;It was unprovoked,&rdquo; the us&nbsp;-led coalition said.</p>
<p>M&eacute;decins Sans Fronti&egrave;res said fighters &#8212; and the us -led allies &#x2014; left.</p>
<pre>pre "formatted us -led</pre>
<p>Run <code>us -led "x</code> to see. <!-- a us -led "comment --></p>
</body></html>
"""


def test_html_prose_decodes_entities_and_skips_script_style_code_pre():
    text = prose(HTML, "html")
    assert "Strikes & sorties" in text
    assert "“It was unprovoked,” the us -led coalition said." in text
    assert "Médecins Sans Frontières said fighters — and the us -led allies — left." in text
    for gone in ("content", "a < b", "formatted", "comment", '"x'):
        assert gone not in text, gone


def test_html_findings_point_at_the_source_and_fixes_apply(tmp_path, cli):
    path = tmp_path / "story.html"
    path.write_text(HTML, encoding="utf-8")
    run = cli("lint", "--format", "json", "--select", ",".join(TEXT_RULES), path)
    [entry] = run.json()["files"]
    found = [(f["rule"], HTML[f["start"] : f["end"]]) for f in entry["findings"]]
    assert found == [("spaced-hyphen", "&nbsp;-"), ("spaced-hyphen", " -")]
    # The fix removes the entity itself: nothing of the markup around it is touched.
    [edit] = entry["findings"][0]["fixes"][0]["edits"]
    fixed = HTML[: edit["start"]] + edit["replacement"] + HTML[edit["end"] :]
    assert "the us-led coalition said.</p>" in fixed


def test_html_entity_without_semicolon_keeps_following_text():
    paras = markup.paragraphs("<p>AT&T and R&D, etc &c. &#8212 done</p>", "html")
    assert [p.text for p in paras] == ["AT&T and R&D, etc &c. — done"]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_crlf_files(tmp_path, cli, suffix):
    body = "Headline\r\n\r\nThe strikes hit the us -led base.\r\nA second line - with a dash.\r\n"
    if suffix == ".html":
        body = "<p>Headline</p>\r\n<p>The strikes hit the us -led base.\r\nA second line - with a dash.</p>\r\n"
    path = tmp_path / f"story{suffix}"
    path.write_bytes(body.encode("utf-8"))
    run = cli("lint", "--format", "json", "--select", ",".join(TEXT_RULES), path)
    [entry] = run.json()["files"]
    spans = [(f["rule"], body[f["start"] : f["end"]], f["line"], f["column"]) for f in entry["findings"]]
    hyphen, dash = body.index(" -led"), body.index(" - with")
    assert spans == [
        ("spaced-hyphen", " -", *position(body, hyphen)),
        ("hyphen-as-dash", " - ", *position(body, dash)),
    ]
    assert position(body, dash)[0] == position(body, hyphen)[0] + 1


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_unicode_offsets_are_code_points(tmp_path, cli, suffix):
    # An emoji (outside the BMP: two UTF-16 units), combining accents and a CJK name before the finding.
    line = "🇸🇾 Cafe\u0301 owners in 大马士革 said the us -led strikes 😀 stopped."
    body = f"<p>{line}</p>\n" if suffix == ".html" else line + "\n"
    path = tmp_path / f"story{suffix}"
    path.write_text(body, encoding="utf-8")
    run = cli("lint", "--format", "json", "--select", ",".join(TEXT_RULES), path)
    [finding] = run.json()["files"][0]["findings"]
    assert body[finding["start"] : finding["end"]] == " -"
    assert finding["start"] == body.index(" -")
    assert (finding["line"], finding["column"]) == position(body, body.index(" -"))


def test_bom_is_not_prose(tmp_path, cli):
    path = tmp_path / "story.txt"
    path.write_bytes("\ufeffThe us -led base.\n".encode("utf-8"))
    assert flagged(cli, path) == [("spaced-hyphen", " -")]


def test_plain_text_other_extensions_read_as_text(tmp_path, cli):
    path = tmp_path / "story.rst"
    path.write_text("Run `us -led` here.\n", encoding="utf-8")  # not Markdown: the backticks are text
    assert flagged(cli, path) == [("spaced-hyphen", " -")]


# -- properties over generated markup ------------------------------------------------------------
from hypothesis import example, given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "a", "Word", " ", "  ", "\n", "\n\n", "\r\n", "\t", "-", " -", '"', "“", "'", "`", "``", "*", "_", "[", "]",
    "(", ")", "<", ">", "&", ";", "#", "!", "😀", "e\u0301", "http://x.y/z", "<p>", "</p>", "<br>", "&amp;",
    "&nbsp;", "&#8212;", "&#x1F600;", "&c", "<script>", "</script>", "<code>", "</code>", "<!--", "-->",
    "```\n", "~~~\n", "    ", "---\n", "> ", "- ", "1. ", "| a | b |\n|---|---|\n", "[x](http://y \"t\")",
])
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_plain_and_markdown_prose_stays_in_place(text):
    for kind in ("text", "markdown"):
        last = 0
        for p in markup.paragraphs(text, kind):
            assert last <= p.start < p.end <= len(text) and p.offsets is None
            assert len(p.text) == p.end - p.start
            # Markup is blanked, never moved: every character left is the file's own.
            assert all(c == " " or c == text[p.start + i] for i, c in enumerate(p.text))
            assert p.text.strip() == p.text and p.text
            last = p.end


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("<![ ")  # Python's HTML parser raised on this: a crash of the whole run
@example("<p>a</p>\n<![ x <p>b -c</p>")
def test_html_prose_maps_into_the_file(text):
    last = 0
    for p in markup.paragraphs(text, "html"):
        assert p.offsets is not None and len(p.offsets) == len(p.text)
        for c, (start, end) in zip(p.text, p.offsets):
            assert last <= start < end <= len(text)
            last = start
            if end - start == 1 and not c.isspace():  # not decoded from an entity: the file's own
                assert text[start] == c
        assert p.span((0, len(p.text))) == (p.start, p.end)


def test_plain_text_blanks_embed_tags_and_urls_in_place():
    """Copy pasted from a page keeps its embeds: their attribute quotes are no quotation marks."""
    text = ('Trump tweeted on Monday. <tweet tweet-id="791656084612">"Crooked," he wrote.</tweet> '
            "See https://t.co/abc\n\nFewer than 3 < 4 and a>b stay prose.")
    first, second = markup.paragraphs(text, "text")
    assert '"791656084612"' not in first.text and "https" not in first.text
    assert first.text.split() == ["Trump", "tweeted", "on", "Monday.", '"Crooked,"', "he", "wrote.", "See"]
    assert len(first.text) == first.end - first.start  # blanked, not moved
    assert second.text == "Fewer than 3 < 4 and a>b stay prose."
    from copydesk.config import Config
    from copydesk.engine import lint

    assert lint(text, Config.from_dict({"select": ["unbalanced-quotes"]})) == []
