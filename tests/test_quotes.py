"""The hard cases of truncated-attribution, title-without-name and acronym-before-definition,
beyond each rule's own cases: where the title splits, where a cut hides, which rule answers."""

from __future__ import annotations

import pytest

from copydesk import markup
from copydesk.config import Config
from copydesk.engine import analyse, lint
from copydesk.nlp import pipeline
from copydesk.rules.names.acronym_before_definition import AcronymBeforeDefinition
from copydesk.rules.quotes.truncated_attribution import TruncatedAttribution

TITLE_RULES = ["truncated-attribution", "title-without-name"]


def found(text: str, rules=TITLE_RULES, path: str | None = None) -> list[tuple[str, str]]:
    """(rule, flagged text) for each finding."""
    return [(f.rule, text[f.start : f.end]) for f in lint(text, Config.from_dict({"select": rules}), path=path)]


def test_tokenizer_keeps_split_titles_whole():
    doc = pipeline().parse(["Lt. Col. Sarah Pruitt met Brig. Gen. Avery and Staff Sgt. Ruiz."], frozenset({"tokens"}))[0]
    words = [t.text for t in doc]
    for piece in ("Lt.", "Col.", "Brig.", "Gen.", "Sgt."):
        assert piece in words


@pytest.mark.parametrize(
    "text,title",
    [
        # end of the story
        ('"We are not leaving," said Lt. Col.', "Lt. Col."),
        # end of a paragraph, with more story after it
        ('"We are not leaving," said Capt.\n\nThe convoy left at dawn.', "Capt."),
        # a new sentence: determiner, pronoun, verb, stop word
        ('"We are not leaving," said Sgt. The convoy left at dawn.', "Sgt."),
        ('"We are not leaving," said Adm. He added that the fleet would stay.', "Adm."),
        ('"We are not leaving," said Cmdr. Leaving now would be a mistake.', "Cmdr."),
        ('"We are ready," Ms. She added that the unit would stay.', "Ms."),
        # a comma, a lower-case word, a closing quote
        ('"We are not leaving," said Gov., who spoke in Austin.', "Gov."),
        ('"We are not leaving," said Dr. on Tuesday.', "Dr."),
        ('She recalled, "I talked to Rep." The call lasted an hour.', "Rep."),
        # a name cut between two copies of the title
        ('"It was a juggernaut," Mr. Mr. Clarke said he began to rethink.', "Mr."),
    ],
)
def test_cuts_are_found(text, title):
    assert found(text) == [("truncated-attribution", title)]


@pytest.mark.parametrize(
    "text",
    [
        "Sen. Ted Cruz said the bill would pass.",
        "Sens. Cruz and Lee voted no.",
        "Mr. and Mrs. Smith attended the hearing.",
        "Rep. de la Cruz said the wall would not be funded.",
        "The march ended on Martin Luther King Dr. in Atlanta.",
        "Adm. Will Hurd and Gen. Mark Warner spoke first.",  # first names the tagger takes for words
        "It is not necessary for Mr. D’Souza to go to jail.",  # a surname the tagger calls a noun
        '"Both Donald Trump and (Texas Sen.) Ted Cruz scare me," said Harry Bond.',
        "The Rev. Dr. Martin Luther King Jr. spoke in Memphis.",
        '"He reprised that role," said former Pennsylvania Gov. and party chairman Ed Rendell.'.replace(
            "party chairman", "Democratic National Committee Chairman"
        ),
        "Gen. al-Bashir denied the charges.",
    ],
)
def test_names_are_left_alone(text):
    assert found(text) == []


# Cuts from PolNeAR stories where the next sentence opens on a common word the tagger calls a name
# after the title; each story also writes the word in lower case and never uses it as a name.
@pytest.mark.parametrize(
    "text,title",
    [
        ("His proposals would raise taxes, he said.\n\n"
        "\"It is a big hole,\" said Mr. Proposals so far from the Democratic front-runner, Hillary Rodham "
        "Clinton, take a different approach.", "Mr."),
        ("She said the vote was near.\n\n"
        '"Do not vote for hatred," Mr. Vote for the goodness of this country."', "Mr."),
        ("Many white voters left the party.\n\n"
        "In the end, Mr. White male union members favored Mr. Obama in 2008, and John Kerry in 2004.", "Mr."),
        ("It was an interesting race.\n\n"
        '"We went further than we had been prepared to go previously," Mr. Interestingly, one of their '
        "greatest political vulnerabilities is the environment.", "Mr."),
        ("Fewer blacks voted in 2014.\n\n"
        "Both lawmakers said Mrs. Voting by blacks surged in Mr. Obama's two victories.", "Mrs."),
        ('"I am not here to debate," Mr. Am I not allowed to respond?', "Mr."),
    ],
)
def test_cut_before_a_new_sentence_on_a_common_word(text, title):
    assert found(text) == [("truncated-attribution", title)]


@pytest.mark.parametrize(
    "text",
    [
        # Surnames that are also words, used as names elsewhere in the story
        'Tom White leads the union. "We lost white voters," said Mr. White in an interview.',
        "Many white voters left. Mr. White said the union would stay neutral.",
        '"We lost white voters," said Mr. White.',
        "Sen. Sherrod Brown spoke first. The brown rice was served, and Sen. Brown so far has not voted.",
        "Sen. Brown of Ohio said the brown envelope was empty.",
        "Tiger Woods won. \"The woods are dark,\" said Mr. Woods in Georgia.",
        "Mr. Woods, who walked in the woods, said nothing.",
        # A word never written in lower case is a name, however common
        '"We will win," said Mr. Proposals so far.',
        # Followed by a verb, as a name is (the story cannot tell these apart)
        "The personnel office moved. Ms. Personnel has been sending him options.",
    ],
)
def test_surnames_that_are_words_are_left_alone(text):
    assert found(text) == []


def test_a_second_use_after_a_title_makes_a_name():
    # "Mr. Proposals" twice: the story uses it as a name, though "proposals" is a word in it too.
    text = "Mr. Proposals so far won. He read the proposals. Mr. Proposals so far lost."
    assert found(text) == []
    assert found("Mr. Proposals so far were rejected. He read the proposals.") == [("truncated-attribution", "Mr.")]


def test_wrapped_lines_are_read_across():
    # A Markdown paragraph wrapped after the title is still one sentence.
    assert found('"We are ready," said Sen.\nThe bill passed anyway.\n', path="story.md") == [
        ("truncated-attribution", "Sen.")
    ]
    assert found("It was said by Sen.\nTed Cruz on Tuesday.\n", path="story.md") == []
    assert found("The\nSen. said no.\n", path="story.md") == [("title-without-name", "Sen.")]


def test_one_finding_per_problem():
    # After a determiner the title is a style slip, not a cut; with no determiner, a cut.
    assert found("The Sen. said he would vote no.") == [("title-without-name", "Sen.")]
    assert found('"We will vote no," said Sen.') == [("truncated-attribution", "Sen.")]
    assert found("The former Texas Gov. said no.") == [("title-without-name", "Gov.")]


def test_cut_points_to_its_quote():
    text = 'Lavrov spoke on Wednesday. "We will respond at a time of our choosing," said Gen.'
    [f] = lint(text, Config.from_dict({"select": ["truncated-attribution"]}))
    [rel] = f.related
    assert text[rel.start : rel.end] == '"We will respond at a time of our choosing,"'
    assert "end of the story" in f.message


def test_cut_far_from_a_quote_points_nowhere():
    [f] = lint("Officials briefed reporters on Friday, according to Gov.", Config.from_dict({"select": ["truncated-attribution"]}))
    assert f.related == ()


def test_dangling_verb_only_without_a_speaker():
    assert found('"We will respond," said.') == [("truncated-attribution", "said")]
    assert found('"We will respond," he said.') == []
    assert found('"We will respond," said Lavrov.') == []


def test_html_offsets_point_into_the_file():
    html = "<p>&ldquo;We are ready,&rdquo; said Sen.</p>\n<p>The Sen.&nbsp;said no.</p>"
    got = found(html, path="story.html")
    assert got == [("truncated-attribution", "Sen."), ("title-without-name", "Sen.")]


def test_fix_spells_the_title_out_in_lower_case():
    [f] = lint("Both Sens. from Texas voted no.", Config.from_dict({"select": ["title-without-name"]}))
    [fix] = f.fixes
    assert fix.safe and [e.replacement for e in fix.edits] == ["senators"]


def test_only_paragraphs_with_titles_are_tagged():
    text = "Coalition forces struck twice.\n\nNo one was hurt, officials said.\n\n\"We are ready,\" said Sen."
    report = analyse(text, Config.from_dict({"select": ["truncated-attribution"]}))
    assert [f.rule for f in report.findings] == ["truncated-attribution"]
    paragraphs = markup.paragraphs(text, "text")
    assert TruncatedAttribution().select(paragraphs) == [False, False, True]


# -- acronym-before-definition ----------------------------------------------------------------


def acronyms(text: str, path: str | None = None):
    return lint(text, Config.from_dict({"select": ["acronym-before-definition"]}), path=path)


def test_acronym_defined_later_points_to_the_definition():
    text = ("Rebels of the FSA clashed with troops near Idlib on Sunday, a day after the ceasefire collapsed.\n\n"
            "The Free Syrian Army (FSA) said two of its fighters were killed. The FSA did not say where.")
    [f] = acronyms(text)
    assert text[f.start : f.end] == "FSA" and f.start < text.index("Free")
    [rel] = f.related
    assert text[rel.start : rel.end].startswith("Free Syrian Army (FSA)")


@pytest.mark.parametrize(
    "text",
    [
        # initials of a name given earlier, with and without the small words
        "The Department of Defense said on Monday that the DOD would review the strike in Syria.",
        "Coalition forces struck Islamic State positions.\n\nIS militants fled east along the river.",
        # ACR (Full Name)
        "The SOHR (Syrian Observatory for Human Rights) said 14 civilians were killed.",
        # a headline, a dateline, a quote
        "SDF advances on Raqqa\n\nThe Syrian Democratic Forces (SDF) advanced on Raqqa on Tuesday, officials said.",
        "IDLIB, Syria — A convoy of 40 trucks crossed from Turkey on Monday, the United Nations said.",
        '"The YPG will not leave Manbij," the Turkish foreign minister told reporters in Ankara on Monday.',
    ],
)
def test_defined_or_exempt_acronyms_are_left_alone(text):
    assert acronyms(text) == []


def test_only_the_first_undefined_mention_is_flagged():
    text = "The YPG denied the report on Tuesday.\n\nTurkey says the YPG is a terrorist group, and YPG fighters hold Manbij."
    [f] = acronyms(text)
    assert f.start == text.index("YPG")


def test_acronym_nlp_runs_only_where_a_mention_is_undefined():
    text = ("The Syrian Democratic Forces (SDF) advanced on Tuesday.\n\nSDF units took the dam.\n\n"
            "The YPG denied it on Wednesday, and officials in Ankara said nothing.")
    assert AcronymBeforeDefinition().select(markup.paragraphs(text, "text")) == [False, False, True]
