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
        # parse repairs: a verb tagged as a noun, a noun's "that" clause taken for a relative clause,
        # a closing "he said" made the root
        ("But Trump claims that he should be the exception.", "claim", "Trump", "person"),
        ("Hillary Clinton is seizing upon a New York Times report that Donald Trump had a net loss of "
         "more than $915 million in 1995.", "report", "New York Times", "organisation"),
        ("People like Scott, he said.", "say", "he", "pronoun"),
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


def _phrase(text, span):
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    "text,cue,source",
    [
        # auxiliaries, adverbs and the medium go with the cue; the source is its whole noun phrase
        ("Trump has also said that the wall will be paid for by Mexico.", "has also said", "Trump"),
        ("The senator said in a statement that the bill would pass.", "said in a statement", "The senator"),
        ("Democrats called for an inquiry on Friday.", "called for", "Democrats"),
        ("Clinton, the former secretary of state, said the deal was flawed.", "said",
         "Clinton, the former secretary of state"),
        ("The plan drew fire from Sen. Lindsey Graham (R-S.C.), who called for a vote on Tuesday.",
         "called for", "who"),
        # the site the words were posted on, and the verb a "by" and the cue answer
        ("The governor wrote on Twitter that the deal was dead.", "wrote on Twitter", "The governor"),
        ("Trump responded by saying that the report was false.", "responded by saying", "Trump"),
    ],
)
def test_cue_and_source_as_polnear_marks_them(text, cue, source):
    text, reading = _only(text)
    found = [(_phrase(text, a.cue_phrase or a.cue), _phrase(text, a.source_phrase or a.source))
             for a in reading.attributions]
    assert (cue, source) in found, found


def test_a_relative_pronoun_stands_for_the_name_before_it():
    text, reading = _only("Trump, who has accused Clinton of lying, may skip the debate.")
    (a,) = reading.attributions
    assert (_phrase(text, a.source_phrase), _source(text, a), a.kind) == ("who", "Trump", "person")
    # the accusation is Trump's; the guess that he may skip the debate is nobody's
    assert a.subordinate and reading.sourced_in(a.sentence) == []


def test_attributions_inside_a_quote_or_a_report_are_nested():
    text, reading = _only("Lavrov said the Americans believe the strikes were justified.")
    said, believe = sorted(reading.attributions, key=lambda a: a.cue)
    assert (said.verb, said.nested) == ("say", False)
    assert (believe.verb, _source(text, believe), believe.nested) == ("believe", "the Americans", True)
    text, reading = _only('"I think we will win," he said.')
    assert all(a.nested for a in reading.attributions + reading.stances if a.verb == "think")


def test_a_said_joined_to_the_reported_words_is_a_cue_of_its_own():
    """The parser hangs the second "said" on "promised", inside what Merrill says; PolNeAR marks it."""
    text, reading = _only("Merrill says Machado promised to continue supporting Clinton and said she would "
                          "stand up to the attacks.")
    said = [a for a in reading.attributions if a.verb == "say"]
    assert [(_phrase(text, a.cue), _source(text, a), a.nested) for a in said] == [
        ("says", "Merrill", False), ("said", "Machado", False)]


@pytest.mark.parametrize(
    "text,verb,source,kind",
    [
        ("Clinton wants a recount in three states.", "want", "Clinton", "person"),
        ("Officials declined to comment on the strikes.", "decline", "Officials", "anonymous"),
        ("The crowd seemed restless as the rally dragged on.", "seem", None, "none"),
    ],
)
def test_stances_and_impressions_are_read_apart(text, verb, source, kind):
    """A wish, a refusal or an impression is an attribution to PARC and PolNeAR, but sources no
    claim: the rules do not see it."""
    text, reading = _only(text)
    assert not reading.attributions
    assert [(a.verb, _source(text, a), a.kind) for a in reading.stances] == [(verb, source, kind)]


@pytest.mark.parametrize(
    "text,cue,source",
    [
        # a verb with the noun that makes it a view, and the preposition after them
        ("Clinton made it clear that she would not back down.", "made it clear", "Clinton"),
        ("Sanders took issue with the report on Tuesday.", "took issue with", "Sanders"),
        ("Republicans raised concerns about the cost of the plan.", "raised concerns about", "Republicans"),
        ("The Trump campaign cast doubt on the poll.", "cast doubt on", "The Trump campaign"),
        # the verb that leads in to the cue is part of it
        ("Caddell went on to discuss recently released polls.", "went on to discuss", "Caddell"),
        ("Trump appeared to suggest that veterans who suffer from PTSD are not strong.",
         "appeared to suggest", "Trump"),
        # a view named by a noun with its preposition, nobody named, and the verb that takes it
        ("He avoided direct criticism of front-runner Trump in the debate.", "avoided direct criticism of", None),
        ("The report was released amid growing concern about the vulnerability of the grid.",
         "growing concern about", None),
        # a possessor's stance named by a noun
        ("The senator defended Trump's decision to skip the debate.", "decision", "Trump's"),
        ("Clinton's refusal to release the transcripts angered Sanders supporters.", "refusal", "Clinton's"),
    ],
)
def test_more_cues_as_polnear_marks_them(text, cue, source):
    text, reading = _only(text)
    found = [(_phrase(text, a.cue_phrase or a.cue), _phrase(text, a.source_phrase or a.source))
             for a in reading.attributions + reading.stances]
    assert (cue, source) in found, found


def test_an_impression_that_leads_in_to_a_cue_is_not_a_cue_of_its_own():
    text, reading = _only("Trump appeared to suggest that veterans who suffer from PTSD are not strong.")
    assert [a.verb for a in reading.attributions + reading.stances] == ["suggest"]


def test_a_poll_that_opens_the_sentence_is_its_source():
    text, reading = _only("In a Washington Post-ABC News poll released Sunday, Clinton led Trump by four points.")
    (a,) = reading.attributions
    assert (_phrase(text, a.cue), _source(text, a), a.kind) == ("In", "a Washington Post-ABC News poll",
                                                                 "organisation")
    assert "Clinton led Trump by four points" in text[a.content[-1][0] : a.content[-1][1]]
    # "a lead in the polls" cites no poll in particular, and PolNeAR leaves it out
    text, reading = _only("Trump has a decisive lead in the polls ahead of the primary.")
    assert not reading.attributions + reading.stances


@pytest.mark.parametrize(
    "text,verb,source",
    [
        ("Conservative Icon Morton Blackwell Endorses Ted Cruz", "endorse", "Conservative Icon Morton Blackwell"),
        ("Jeb Bush Super PAC Chief Praises Marco Rubio Donor’s Anti-Donald Trump Skywriting Campaign", "praise",
         "Jeb Bush Super PAC Chief"),
    ],
)
def test_a_headline_in_title_case_has_its_verb_read(text, verb, source):
    """The parser takes "Endorses" for part of a name; the headline's verb is still the cue."""
    text, reading = _only(text)
    assert [(a.verb, _source(text, a)) for a in reading.stances] == [(verb, source)]


def test_a_headline_in_title_case_without_a_cue_verb_has_none():
    text, reading = _only("The Best Of The Week In Politics")
    assert not reading.attributions + reading.stances


@pytest.mark.parametrize(
    "text,cue,source",
    [
        # what something was called, though the parser hangs it on the object
        ('Former Florida governor Jeb Bush called the use of executive orders "quite dangerous."', "called",
         "Former Florida governor Jeb Bush"),
        ("Sanders called her fallen son her hero before explaining why she forgave Roof.", "called", "Sanders"),
        # "as X put it"
        ("The requirement is a lawful source of income, as a Homeland Security memo put it.", "put it",
         "a Homeland Security memo"),
        # a name some hold, with nobody named
        ("Early voting ran for an extra week, known as the Golden Week, until 2014.", "known as", None),
    ],
)
def test_naming_cues(text, cue, source):
    text, reading = _only(text)
    found = [(_phrase(text, a.cue_phrase or a.cue), _phrase(text, a.source_phrase or a.source))
             for a in reading.attributions + reading.stances]
    assert (cue, source) in found, found


@pytest.mark.parametrize("text", ["She called the office twice.", "He put it on the table."])
def test_calling_or_putting_that_names_nothing_is_no_cue(text):
    text, reading = _only(text)
    assert not [a for a in reading.attributions + reading.stances if a.verb in ("call", "put")]
