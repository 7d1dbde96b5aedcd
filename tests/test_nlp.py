"""The NLP layer: the table-driven attribute ruler and lemmatizer give exactly spaCy's own
annotations, and the pipeline runs only the components asked for."""

from __future__ import annotations

import pytest
import spacy

from copydesk import lookup, markup
from copydesk.nlp import DEFAULT_MODEL, _keep_whole, pipeline

from conftest import SEEDS, corpus


def annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def models():
    fast = pipeline().nlp
    plain = spacy.load(DEFAULT_MODEL)  # spaCy's own attribute_ruler and lemmatizer
    _keep_whole(plain)
    assert fast.pipe_names == plain.pipe_names
    assert type(fast.get_pipe("attribute_ruler")) is lookup.AttributeRules
    assert type(fast.get_pipe("lemmatizer")) is lookup.RuleLemmas
    assert type(plain.get_pipe("lemmatizer")) is not lookup.RuleLemmas
    return fast, plain


def paragraphs(paths) -> list[str]:
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        out += [p.text for p in markup.paragraphs(text, markup.kind_of(str(path)))]
    return out


def compare(models, texts):
    fast, plain = models
    assert texts
    for a, b in zip(fast.pipe(texts), plain.pipe(texts)):
        assert annotations(a) == annotations(b)


def test_same_annotations_as_spacy_on_the_seeds(models):
    compare(models, paragraphs(sorted(SEEDS.iterdir())))


def test_same_annotations_without_the_parser(models):
    # The tagger-only path: the ruler's DEP patterns then see no dependency labels at all.
    fast, plain = models
    with fast.select_pipes(disable=["parser", "ner"]), plain.select_pipes(disable=["parser", "ner"]):
        compare(models, paragraphs(sorted(SEEDS.iterdir())))


def test_same_annotations_as_spacy_on_news(models):
    # Contractions, "gonna", "y'all", negation and auxiliaries are what the ruler's patterns are for.
    compare(models, [
        "\"We ain't gonna let y'all down,\" said Gov. Greg Abbott, who hasn't decided whether he'll run.",
        "It's not that I'd do it; there are reasons I didn't, and there were others he couldn't see.",
        "Let's see: the senators got a briefing and gets another one, Lt. Col. Ann Smith said.",
    ])
    compare(models, paragraphs(sorted(corpus("polnear", "test", "text").glob("*.txt"))[:20]))


def test_a_ruler_pattern_it_cannot_read_keeps_spacys_component():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TEXT": {"FUZZY": "colour"}}]], {"LEMMA": "color"})
    with pytest.raises(lookup.Unsupported):
        lookup.AttributeRules(ruler)
    assert lookup.install(nlp) == []
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_parse_runs_only_the_components_asked_for():
    nlp = pipeline()
    text = "Sen. Ted Cruz said the strikes near Deir ez-Zor were a mistake."
    [tokens] = nlp.parse([text + " (tokens)"], nlp.components({"tokens"}))
    assert not tokens.has_annotation("TAG") and not tokens.has_annotation("DEP") and not tokens.ents
    assert [s.text for s in tokens.sents]  # the sentencizer stands in for the parser
    [tagged] = nlp.parse([text], nlp.components({"tagger"}))
    assert tagged.has_annotation("TAG") and tagged.has_annotation("LEMMA") and not tagged.has_annotation("DEP")
    # The parser's components include the tagger's: one batch and one cache entry for both needs.
    assert nlp.components({"parser", "tokens"}) == nlp.components({"parser", "tagger", "tokens"}) == {
        "parser", "tagger", "tokens"}
    [full] = nlp.parse([text], nlp.components({"parser", "ner"}))
    assert full.has_annotation("DEP") and [e.text for e in full.ents if e.label_ == "PERSON"] == ["Ted Cruz"]
    assert [t.text for t in full[:4]] == ["Sen.", "Ted", "Cruz", "said"]  # the title stays one token
    # The cache hands back the same parse for the same text and components.
    assert nlp.parse([text], nlp.components({"parser", "ner"}))[0] is full


def test_the_tokenizer_keeps_whole_the_words_rules_declare():
    """Rule.special_cases (the titles: 'Lt.', 'Col.', 'Brig.') reach the tokenizer through the
    registry, whichever rules run."""
    from copydesk.rules import registry, special_cases

    assert "Col." in registry()["truncated-attribution"].special_cases <= special_cases()
    nlp = pipeline()
    [doc] = nlp.parse(["Lt. Col. Sarah Pruitt met Brig. Gen. Avery and Staff Sgt. Ruiz. (tokens only)"],
                      nlp.components({"tokens"}))
    assert [t.text for t in doc[:6]] == ["Lt.", "Col.", "Sarah", "Pruitt", "met", "Brig."]


def test_spacy_imports_without_its_command_line_which_stays_importable():
    """copydesk imports spaCy without spacy.cli (typer, requests: a third of the import), and a later
    `import spacy.cli` still gets the real one."""
    import subprocess
    import sys

    code = ("import sys; from copydesk import nlp; nlp.import_spacy(); import spacy; "
            "print('typer' in sys.modules, 'spacy.cli' in sys.modules); "
            "import spacy.cli; print(callable(spacy.cli.download), spacy.load is not None)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stdout.split() == ["False", "False", "True", "True"], run.stderr


def test_one_blas_thread_is_set_before_numpy_can_load():
    """Any rule may import numpy (spaCy's stop words import spaCy) before the model loads; the
    thread count must already be set by then, or a busy machine parses several times slower."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    code = "import os, sys, copydesk.engine; print('numpy' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'))"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "1"], run.stderr
