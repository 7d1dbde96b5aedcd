"""House presets on their own houses' copy: a desk that sets `[house] style` to its house sees nothing
for following its own conventions (Reuters' and the BBC's plain-text dashes, the BBC's "US",
Reuters' "banking sources said"), while the same copy under another house's preset is flagged.
Reads ../shared/corpora/fresh in place; skipped when it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.engine import lint

FRESH = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fresh"
STORIES = 40


def stories(name: str) -> list[str]:
    path = FRESH / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (evaluation text beside the checkout: ../shared/corpora)")
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][:STORIES]
    return [f"{r['title']}\n\n{r['text']}" for r in rows]


def findings(texts: list[str], style: str, rules: list[str], more: dict | None = None) -> list[tuple[str, str]]:
    config = Config.from_dict({"house": {"style": style}, "select": rules, **(more or {})})
    return [(f.rule, text[f.start : f.end]) for text in texts for f in lint(text, config)]


def test_reuters_wire_under_the_reuters_preset_keeps_its_dashes_and_its_country_form():
    wire = stories("reuters.jsonl")
    assert not findings(wire, "reuters", ["hyphen-as-dash", "country-abbreviation"])
    # under AP's preset the same copy's spaced hyphens are dashes to mend
    assert any(rule == "hyphen-as-dash" for rule, _ in findings(wire, "ap", ["hyphen-as-dash"]))


def test_bbc_copy_under_the_bbc_preset_keeps_us_and_its_dashes():
    bbc = stories("bbc.jsonl")
    assert not findings(bbc, "bbc", ["hyphen-as-dash", "country-abbreviation"])
    flagged = findings(bbc, "ap", ["country-abbreviation"])
    assert flagged and {text for _, text in flagged} == {"US"}


def test_affiliated_sources_are_identified_enough_for_reuters_but_not_for_ap():
    text = ("TOKYO, March 16 - The Bank of Japan is satisfied with the yen around its current range, a senior "
            "central bank official told reporters.\n\nThe yen has risen 10 pct this year, banking sources said.\n"
            "\nThe talks have stalled, a senior official said.\n")
    on = {"severity": {"anonymous-source": "info"}}  # the Reuters preset turns the rule off: on here
    assert [who for _, who in findings([text], "reuters", ["anonymous-source"], on)] == ["a senior official"]
    assert findings([text], "reuters", ["anonymous-source"]) == []
    assert [who for _, who in findings([text], "ap", ["anonymous-source"])] == [
        "a senior central bank official", "banking sources", "a senior official"]
