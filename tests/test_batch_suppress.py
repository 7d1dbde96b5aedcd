"""Inline suppressions: directives in real copy silence exactly what they name, where they say."""

from __future__ import annotations

import pytest

from copydesk import suppress
from copydesk.config import Config
from copydesk.engine import analyse
from copydesk.fixes import apply, chosen

TYPO = Config().merged({"select": ["typography"]})  # text-only rules: no parse needed
LINE = "In a statement, the us -led coalition called the attack unprovoked."
OTHER = "Officials said the raid - the third this month - hit a depot."


def rules_at(text: str, kind: str = "text", config: Config = TYPO) -> list[tuple[str, int]]:
    """(rule, 1-based line) of each finding."""
    return [(f.rule, text.count("\n", 0, f.start) + 1) for f in analyse(text, config, kind=kind).findings]


def test_unsuppressed_copy_fires():
    # The baseline the other tests subtract from: both lines trip the spaced-hyphen rules.
    found = rules_at(f"{LINE}\n\n{OTHER}\n")
    assert {line for _, line in found} == {1, 3}


def test_plain_text_ignore_silences_only_its_line_and_rule():
    text = f"{LINE}  copydesk: ignore spaced-hyphen\n\n{OTHER}\n"
    plain = rules_at(f"{LINE}\n\n{OTHER}\n")
    found = rules_at(text)
    assert ("spaced-hyphen", 1) not in found
    assert [f for f in plain if f[1] == 3] == [f for f in found if f[1] == 3]
    assert [f for f in plain if f[1] == 1 and f[0] != "spaced-hyphen"] == [f for f in found if f[1] == 1]


def test_plain_text_ignore_without_names_silences_every_rule_on_the_line():
    found = rules_at(f"{LINE} copydesk: ignore\n\n{OTHER}\n")
    assert found and all(line == 3 for _, line in found)


def test_ignore_file_on_first_line_only():
    body = f"{LINE}\n\n{OTHER}\n"
    assert rules_at(f"copydesk: ignore-file\n{body}") == []
    names = {r for r, _ in rules_at(body)}
    kept = {r for r, _ in rules_at(f"copydesk: ignore-file spaced-hyphen, hyphen-as-dash\n{body}")}
    assert kept == names - {"spaced-hyphen", "hyphen-as-dash"}
    misplaced = analyse(f"{body}copydesk: ignore-file\n", TYPO, kind="text")
    assert misplaced.findings and [u.message for u in misplaced.unused] == [
        "suppression never applies: ignore-file works only on the first line"
    ]


def test_directive_text_is_not_read_as_prose():
    # "copydesk: ignore" names contain hyphens; blanked, they cannot trip the hyphen rules.
    text = "The council met on Tuesday.  copydesk: ignore hyphen-as-dash, spaced-hyphen\n"
    report = analyse(text, TYPO, kind="text")
    assert report.findings == []
    assert [u.rule for u in report.unused] == [suppress.UNUSED]


@pytest.mark.parametrize("kind", ["markdown", "html"])
def test_region_disable_enable(kind):
    wrap = (lambda s: f"<p>{s}</p>") if kind == "html" else (lambda s: s)
    text = (
        f"{wrap(LINE)}\n\n<!-- copydesk-disable spaced-hyphen -->\n\n{wrap(LINE)}\n\n"
        f"<!-- copydesk-enable spaced-hyphen -->\n\n{wrap(LINE)}\n"
    )
    found = [line for rule, line in rules_at(text, kind) if rule == "spaced-hyphen"]
    assert found == [1, 9]


def test_disable_without_enable_runs_to_the_end_and_enable_all_closes_every_name():
    text = (
        f"<!-- copydesk-disable spaced-hyphen, hyphen-as-dash -->\n\n{LINE}\n\n{OTHER}\n\n"
        f"<!-- copydesk-enable -->\n\n{OTHER}\n"
    )
    found = rules_at(text, "markdown")
    assert found and all(line == 9 for _, line in found)
    assert rules_at(text.replace("<!-- copydesk-enable -->", ""), "markdown") == []


def test_disable_next_line_and_disable_line_in_markdown():
    nxt = f"<!-- copydesk-disable-next-line spaced-hyphen -->\n{LINE}\n\n{LINE}\n"
    assert [line for rule, line in rules_at(nxt, "markdown") if rule == "spaced-hyphen"] == [4]
    same = f"{LINE} <!-- copydesk-disable-line spaced-hyphen -- quoting the release verbatim -->\n\n{LINE}\n"
    assert [line for rule, line in rules_at(same, "markdown") if rule == "spaced-hyphen"] == [3]


def test_group_names_silence_their_rules():
    assert rules_at(f"{LINE} copydesk: ignore typography\n") == []


def test_html_comment_in_plain_text_is_not_a_directive():
    # Plain text has only the `copydesk:` form; an HTML comment there is just characters.
    text = f"{LINE} <!-- copydesk-disable-line spaced-hyphen -->\n"
    assert ("spaced-hyphen", 1) in rules_at(text)


def test_unused_and_unknown_suppressions_are_reported_with_removal_fixes():
    text = (
        f"{OTHER} <!-- copydesk-disable-line hyphen-as-dash, page-furniture -->\n\n"
        "The council met on Tuesday. <!-- copydesk-disable-line spaced-hyphen -->\n\n"
        f"{LINE} <!-- copydesk-disable-line spaced-hypen -->\n"
    )
    report = analyse(text, TYPO, kind="markdown")
    messages = [u.message for u in report.unused]
    assert messages == [
        "unused suppression: nothing from page-furniture to silence here",
        "unused suppression: nothing from spaced-hyphen to silence here",
        "suppression names no rule: spaced-hypen (`copydesk rules` lists them)",
    ]
    fixed, count = apply(text, chosen(report.unused))
    assert count == 3
    assert fixed == (
        f"{OTHER} <!-- copydesk-disable-line hyphen-as-dash -->\n\n"
        "The council met on Tuesday. \n\n"
        f"{LINE} \n"
    )


def test_suppression_for_a_rule_that_did_not_run_is_not_unused():
    text = f"{LINE} copydesk: ignore quote-without-speaker\n"
    assert analyse(text, TYPO, kind="text").unused == []


def test_parser_rules_are_silenced_too():
    # A real parse: the quote has no speaker; the directive silences that rule alone.
    quote = '"We will not leave until the job is done."'
    config = Config().merged({"select": ["quote-without-speaker"]})
    assert [f.rule for f in analyse(f"{quote}\n", config, kind="text").findings] == ["quote-without-speaker"]
    assert analyse(f"{quote}  copydesk: ignore quote-without-speaker\n", config, kind="text").findings == []


@pytest.mark.parametrize(
    "kind, scope, expected",
    [
        ("text", "line", "copydesk: ignore spaced-hyphen"),
        ("text", "file", "copydesk: ignore-file spaced-hyphen"),
        ("markdown", "line", "<!-- copydesk-disable-line spaced-hyphen -->"),
        ("html", "file", "<!-- copydesk-disable spaced-hyphen -->"),
    ],
)
def test_comment_text_round_trips_through_the_parser(kind, scope, expected):
    assert suppress.comment(kind, scope, ["spaced-hyphen"]) == expected
    (d,) = suppress.parse(expected, kind)
    assert d.names == ("spaced-hyphen",)


@pytest.mark.parametrize("kind", ["text", "markdown"])
@pytest.mark.parametrize("scope", ["line", "file"])
def test_insertion_silences_the_finding_and_leaves_others(kind, scope):
    text = f"{OTHER}\n\n{LINE}\r\n\n{OTHER}\n"
    before = rules_at(text, kind)
    target = next(f for f in analyse(text, TYPO, kind=kind).findings if f.rule == "spaced-hyphen" and f.start > len(OTHER))
    line = text.count("\n", 0, target.start)
    edit = suppress.insertion(text, kind, line, "spaced-hyphen", scope)
    new = text[: edit.start] + edit.replacement + text[edit.end :]
    after = analyse(new, TYPO, kind=kind)
    assert after.unused == []
    shift = 1 if scope == "file" else 0
    expect = [(r, n + shift) for r, n in before if scope == "line" and (r, n) != ("spaced-hyphen", 3)]
    if scope == "line":
        assert rules_at(new, kind) == expect
        assert new.splitlines()[2].endswith(suppress.comment(kind, "line", ["spaced-hyphen"]))
    else:
        assert "spaced-hyphen" not in {r for r, _ in rules_at(new, kind)}
    # Asked again, the rule is already silenced there: nothing to do.
    assert suppress.insertion(new, kind, line + shift, "spaced-hyphen", scope) is None
    # Another rule joins the existing directive instead of adding a second one.
    more = suppress.insertion(new, kind, line + shift, "hyphen-as-dash", scope)
    joined = new[: more.start] + more.replacement + new[more.end :]
    assert len(suppress.parse(joined, kind)) == 1
    assert suppress.parse(joined, kind)[0].names == ("spaced-hyphen", "hyphen-as-dash")


@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_insertion_on_a_file_with_lone_carriage_returns_stays_on_its_line(kind):
    """Old Mac line breaks: an editor's line 2 is the third CR-separated line, and the comment must
    land at its end and silence that line only (it once went to the end of the file and silenced
    the rule everywhere)."""
    text = f"{OTHER}\r\r{LINE}\r\r{OTHER}\r"
    edit = suppress.insertion(text, kind, 2, "spaced-hyphen", "line")
    assert edit.start == text.index(LINE) + len(LINE)
    new = text[: edit.start] + edit.replacement + text[edit.end :]
    found = lambda t: {(f.rule, t[: f.start].count("\r")) for f in analyse(t, TYPO, kind=kind).findings}  # noqa: E731
    assert ("spaced-hyphen", 2) in found(text) and {line for _, line in found(text)} == {0, 2, 4}
    assert found(new) == found(text) - {("spaced-hyphen", 2)}
    first = suppress.insertion(text, kind, 0, "spaced-hyphen", "file")
    assert text[: first.start] == "" and first.replacement.endswith("\r")  # the file's own line break


def test_file_insertion_goes_after_markdown_front_matter():
    text = f"---\ntitle: Raid\n---\n{LINE}\n"
    edit = suppress.insertion(text, "markdown", 3, "spaced-hyphen", "file")
    assert edit.start == len("---\ntitle: Raid\n---\n")


def test_removing_an_unused_directive_on_its_own_line_removes_the_line():
    text = f"<!-- copydesk-disable-next-line spaced-hyphen -->\n{OTHER}\n"
    report = analyse(text, TYPO, kind="markdown")
    fixed, count = apply(text, chosen(report.unused))
    assert (count, fixed) == (1, f"{OTHER}\n")
