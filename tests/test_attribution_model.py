"""The attribution model on real sentences: who is the source, of what kind, and what they said."""

from __future__ import annotations

import pytest

from copydesk import markup
from copydesk.nlp import pipeline
from copydesk.rules.analysis.attribution import continues, named_people, read

from conftest import SEEDS


def _readings(text: str):
    paras = markup.paragraphs(text)
    nlp = pipeline()
    needs = nlp.components({"tokens", "parser"})
    out, prev = [], None
    for para, doc in zip(paras, nlp.parse([p.text for p in paras], needs)):
        para.doc, para.components = doc, needs
        out.append((para, read(para, continues(prev, para.text))))
        prev = para.text
    return out


def _only(text: str):
    (para, reading), = _readings(text)
    return para.text, reading


def _source(text, a):
    return text[a.source[0] : a.source[1]] if a.source else None


@pytest.mark.parametrize(
    "text,verb,source,kind",
    [
        ('"I am gravely concerned that the administration is stumbling into a broader conflict," '
         "said Sen. Ted Cruz of Texas.", "say", "Sen. Ted Cruz of Texas", "person"),
        ("The hostilities erupted, he said, after hundreds of fighters began advancing on the town.",
         "say", "he", "pronoun"),
        ("The United States has plans to divide Syria, according to Russian Foreign Minister Sergey Lavrov.",
         "according to", "Russian Foreign Minister Sergey Lavrov", "person"),
        ("McCaul: Syria strikes need a vote of Congress", ":", "McCaul", "person"),
        ("Russian officials said they would not engage coalition forces in the area.",
         "say", "Russian officials", "anonymous"),
        ("The US-led coalition's attack has proven that Washington's true goal is to capture economic "
         "assets, the Russian Defense Ministry said.", "say", "the Russian Defense Ministry", "organisation"),
        ("Many Democrats are afraid that turnout among black voters will fall.", "afraid", "Many Democrats", "vague"),
        ("“He makes simple blanket statements about people he knows nothing about.” ― Pamela Padilla",
         "—", "Pamela Padilla", "person"),
    ],
)
def test_cue_and_source(text, verb, source, kind):
    text, reading = _only(text)
    found = [(a.verb, _source(text, a), a.kind) for a in reading.attributions]
    assert (verb, source, kind) in found, found


def test_a_passive_without_agent_has_no_source():
    text, reading = _only("It is widely believed that the minister will resign before the election.")
    (a,) = reading.attributions
    assert (a.verb, a.source, a.kind, a.sourced) == ("believe", None, "none", False)


def test_the_inverted_attribution_reports_every_sentence_of_its_quote():
    text, reading = _only(
        "“She has executive experience. She does not let her feelings get in the way of the job. "
        "She is well positioned to get something done,” the daily wrote."
    )
    assert len(reading.sentences) >= 3
    (quote,) = reading.quotes
    speaker = reading.speakers[0]
    assert _source(text, speaker) == "the daily"
    last = text.index("She is well")
    assert reading.reported(last, last + 10) is speaker
    assert reading.quoted(last, last + 10) == quote


def test_a_quote_runs_on_into_the_next_paragraph():
    (first, r1), (second, r2) = _readings(
        "The newspaper listed her shortcomings, writing: “We recognize that many Americans distrust "
        "and dislike Ms Clinton.\n\n“We are not blind to those,” wrote The Post."
    )
    assert r1.quotes[0].runs_on and r1.speakers[0].verb == "write"
    assert r2.quotes[0].continued
    assert _source(second.text, r2.speakers[0]) == "The Post"


def test_people_named_without_spacy_on_the_founding_story():
    text = (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text(encoding="utf-8")
    assert [text[s:e] for s, e in named_people(text)] == ["Sergey Lavrov"]


def test_two_apostrophes_make_a_quote():
    text, reading = _only("''They're more detailed and structured than Trump's,'' Mr. Holtz-Eakin said.")
    (quote,) = reading.quotes
    assert (quote.start, quote.end, quote.closed) == (1, text.index(" Mr."), True)
    assert _source(text, reading.speakers[0]) == "Mr. Holtz-Eakin"
