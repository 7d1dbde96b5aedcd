"""The names rules beyond their own cases: folding, the gazetteer, the founding story, the
prefilter that keeps NER off paragraphs that cannot matter, and the FA-KES corpus figures."""

from __future__ import annotations

import sys

import pytest

from copydesk import markup
from copydesk.config import SCHEMA, Config
from copydesk.engine import analyse, lint
from copydesk.fixes import apply, chosen
from copydesk.rules.api import Document
from copydesk.rules.analysis import gazetteer
from copydesk.rules.analysis.folding import key
from copydesk.rules.names.inconsistent_spelling import InconsistentSpelling

from conftest import ROOT, SEEDS, corpus

import jsonschema

FOUNDING = (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text(encoding="utf-8")


def _only(*rules: str, **extra) -> Config:
    return Config.from_dict({"select": list(rules), **extra})


@pytest.mark.parametrize(
    "a,b",
    [("Deir Ezzour", "Deir az-Zour"), ("Deir ez-Zor", "Deir al-Zor"), ("Khisham", "Khusham"), ("Raqqa", "Raqqah"),
     ("Hasakeh", "Hassakeh"), ("Idlib", "Idleb"), ("Mayadin", "Mayadeen"), ("Qamishli", "Qameshli"),
     # a slip doubling a letter: not a sound of its own (sh+h), not a fused article before a consonant
     ("Daesh", "Daeshh"), ("Ankara", "Annkara"), ("Arraqqa", "Raqqa")],
)
def test_romanizations_fold_to_one_key(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize("a,b", [("Al Mayadin", "Al Madinah"), ("Homs", "Hama"), ("Raqqa", "Iraq"), ("Sharia", "Syria")])
def test_different_names_keep_different_keys(a, b):
    assert key(a) != key(b)


def test_founding_story_spellings_found_with_related_spans_and_fixes():
    found = [f for f in lint(FOUNDING, _only("inconsistent-spelling"))]
    flagged = {FOUNDING[f.start : f.end]: f for f in found}
    assert set(flagged) == {"Deir Ezzour", "Deir az-Zour", "Khisham"}
    khisham = flagged["Khisham"]
    assert [FOUNDING[r.start : r.end] for r in khisham.related] == ["Khusham"]
    replace_one, unify = khisham.fixes
    assert not replace_one.safe and "Khusham" in unify.title  # the majority chose it, not the house
    deir = flagged["Deir Ezzour"]
    assert deir.fixes[0].safe and "Deir ez-Zor" in deir.message  # the starter gazetteer names it
    # One "unify" fix respells every mention of the name in the story.
    fixed, n = apply(FOUNDING, [deir.fixes[1]])
    assert n == 1 and "Deir Ezzour" not in fixed and "Deir az-Zour" not in fixed and fixed.count("Deir ez-Zor") == 2


def test_house_gazetteer_overrides_the_starter_and_accepts_exonyms():
    text = "Troops entered Deir ez-Zor on Monday.\n\nResidents of Deir al-Zor said the bread lines were shorter."
    house = {"gazetteer": {"Deir al-Zor": {"variants": ["Deir ez-Zor"], "kind": "place"}}}
    (f,) = lint(text, _only("inconsistent-spelling", **house))
    assert text[f.start : f.end] == "Deir ez-Zor" and f.fixes[0].safe
    text = ("Islamic State militants blew up temples in Palmyra.\n\nThe museum in Tadmur was looted, and the "
            "road to Tadmor was cut.")
    (f,) = lint(text, _only("inconsistent-spelling"))
    assert text[f.start : f.end] == "Tadmor"  # Tadmur is the accepted exonym, Tadmor a variant


def test_starter_gazetteer_is_a_valid_config_table():
    jsonschema.validate(gazetteer.starter(), SCHEMA["properties"]["gazetteer"])
    names = [n.casefold() for e in gazetteer.load({}).entries for n in e.names]
    assert len(names) == len(set(names)), "a spelling belongs to one entry"


def test_only_paragraphs_with_rival_spellings_are_parsed():
    paras = ["Rebels held the town of Khisham on Tuesday.", "Aid convoys reached Aleppo and Homs.",
             "Talks in Geneva stalled again.", "Regime forces shelled Khusham overnight."]
    text = "\n\n".join(paras)
    rule = InconsistentSpelling()
    doc = Document(text, markup.paragraphs(text), {}, {})
    rule.prepare(doc)
    assert rule.select(doc.paragraphs) == [True, False, False, True]
    assert [text[f.start : f.end] for f in analyse(text, _only("inconsistent-spelling")).findings] == ["Khusham"]


def test_country_and_spaced_hyphen_split_one_problem_between_them():
    text = "In a statement, the us -led coalition called the attack unprovoked."
    found = lint(text, _only("country-abbreviation", "spaced-hyphen"))
    assert sorted((f.rule, text[f.start : f.end]) for f in found) == [("country-abbreviation", "us"), ("spaced-hyphen", " -")]
    assert apply(text, chosen(found))[0] == "In a statement, the U.S.-led coalition called the attack unprovoked."


def test_country_form_follows_the_house():
    text = "U.S. officials said the strikes were defensive; US troops stayed."
    assert [text[f.start : f.end] for f in lint(text, _only("country-abbreviation"))] == ["US"]
    guardian = _only("country-abbreviation", house={"country_form": "US"})
    assert [text[f.start : f.end] for f in lint(text, guardian)] == ["U.S."]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    import names_fakes

    return names_fakes


def test_fakes_false_alarms_and_recall():
    """FA-KES (Syrian war news): on the first 300 articles, false alarms on articles that spell each
    listed place one way stay at most 1 per 100 (after the bench's hand check), and the rule finds
    at least 0.9 of real variants and 0.85 of generated ones injected into copies. Whole corpus,
    measured: 0.26 false alarms per 100, recall 0.987 real and 0.910 generated."""
    bench = _bench()
    texts = bench.articles(corpus("fakes", "FA-KES-Dataset.csv"))[:300]
    gaz = gazetteer.load({})
    s = bench.survey(texts, gaz)
    assert s.clean > 250
    assert 100 * len(s.false) / s.clean <= 1.0, [t[f.start : f.end] for _, t, f in s.false]
    assert s.caught >= len(s.mixed) - 1
    r = bench.recall(texts, gaz, s.seen)
    assert r.trials["real"] >= 40 and r.trials["generated"] >= 40
    assert r.rate("real") >= 0.9, r.misses
    assert r.rate("generated") >= 0.85, r.misses


def test_polnear_names_rules_stay_quiet_on_edited_us_copy():
    """PolNeAR's test set (84 edited US articles): measured 0 inconsistent-spelling findings; every
    country-abbreviation finding (17 measured) is a US or USA outside a quote or a name."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus("polnear", "test", "text").glob("*.txt"))]
    config = _only("inconsistent-spelling", "country-abbreviation")
    spelling, country = [], []
    for text in texts:
        for f in lint(text, config):
            (spelling if f.rule == "inconsistent-spelling" else country).append(text[f.start : f.end])
    assert len(spelling) <= 1, spelling
    assert set(country) <= {"US", "USA"} and len(country) <= 25, country


def test_handles_and_hashtags_are_not_spellings_of_a_name():
    text = ("Jane Doeman reported from the rally in Aleppo.\n\n"
            "Follow Jane Doeman on Twitter @JaneDoemann and the coverage at #Aleppo2016.")
    assert lint(text, Config.from_dict({"select": ["inconsistent-spelling"]})) == []
