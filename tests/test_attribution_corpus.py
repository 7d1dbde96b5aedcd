"""The attribution model and rules on real copy, held near the figures the benchmarks measured
(bench/attribution_polnear.py, bench/attribution_conll2010.py). Each bound sits a little under the
measured figure, so a regression fails and noise does not. Skipped when the corpora are absent."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, corpus

sys.path.insert(0, str(ROOT / "bench"))
import attribution_conll2010  # noqa: E402
import attribution_polnear  # noqa: E402
import score_sources  # noqa: E402
import unattributed_claim_labels  # noqa: E402

from copydesk.config import Config  # noqa: E402
from copydesk.engine import lint  # noqa: E402

RULES = ["unattributed-claim", "unnamed-speaker", "anonymous-source", "loaded-attribution-verb", "quote-without-speaker"]


@pytest.fixture(scope="module")
def polnear_dev():
    corpus("polnear", "dev")
    # 25 articles, 18,607 words: measured cue P 0.846 R 0.733 (exact F1 0.705), source P 0.850
    # R 0.733 (exact F1 0.755), suppression 0.973 of 37, 1.45 findings per 1,000 words
    return attribution_polnear.evaluate("dev", limit=25)


def test_cues_against_polnear(polnear_dev):
    assert polnear_dev["cue_gold"] > 500
    assert polnear_dev["cue_precision"] >= 0.82
    assert polnear_dev["cue_recall"] >= 0.71
    assert polnear_dev["cue_exact_f1"] >= 0.68


def test_sources_against_polnear(polnear_dev):
    assert polnear_dev["source_precision"] >= 0.82
    assert polnear_dev["source_recall"] >= 0.71
    assert polnear_dev["source_exact_f1"] >= 0.73


def test_attributed_hedges_are_left_alone(polnear_dev):
    assert polnear_dev["hedged"] >= 30
    assert polnear_dev["suppression"] >= 0.9


def test_unattributed_claim_is_not_noisy_on_edited_copy(polnear_dev):
    assert 0.5 <= polnear_dev["per_1000_words"] <= 2.5


def test_other_attribution_rules_are_rare_on_edited_copy():
    """Published copy names its speakers: on 25 PolNeAR articles (18,607 words) the other four
    rules found 19 (12 loaded verbs, 4 anonymous sources, 3 quotes) and no unnamed speaker."""
    config = Config.from_dict({"select": RULES[1:]})
    arts = attribution_polnear.articles("dev", limit=25, root=corpus("polnear"))
    found = [f for art in arts for f in lint(art.text, config)]
    words = sum(len(art.text.split()) for art in arts)
    assert not [f for f in found if f.rule == "unnamed-speaker"]
    assert len(found) <= 1.5 * words / 1000


def test_conll2010_uncertainty_reference():
    corpus("conll2010", "conll2010-wikipedia-sample.csv")
    # first 800 sentences: measured P 0.606 R 0.276 F1 0.380 (reference only: a stricter task)
    r = attribution_conll2010.evaluate(limit=800)
    assert r["precision"] >= 0.58
    assert r["f1"] >= 0.33


def test_unattributed_claim_against_hand_labels():
    """The newest hand-labelled PolNeAR samples (bench/labels/*seed8.tsv): with the model and rule
    of this landing, 29 of the 34 labelled findings still found are correct (0.85), and 24 of the 35
    positives are flagged (0.69). The blind-judged figures are in rules/data/precision.toml."""
    corpus("polnear", "train")
    r = unattributed_claim_labels.evaluate("seed8")
    assert r["still_found"] >= 34 and r["positives"] == 35
    assert r["precision"] >= 0.8
    assert r["recall"] >= 0.6


def test_the_json_scorer_agrees_with_the_benchmark(cli):
    """bench/score_sources.py reads only `copydesk sources --format json` and the BRAT files; on
    the same articles it must count what bench/attribution_polnear.py counts."""
    texts = sorted(corpus("polnear", "dev", "text").glob("*.txt"))[:12]
    run = cli("sources", "--format", "json", *texts)
    assert run.code == 0, run.err
    from_json = score_sources.evaluate(run.json())
    bench = {key: [0, 0, 0, 0] for key in from_json}
    for art in attribution_polnear.articles("dev", limit=12, root=corpus("polnear")):
        cues, sources = attribution_polnear.predicted(art)
        for key, pred, gold in (("cue", cues, art.spans["Cue"]), ("source", sources, art.spans["Source"])):
            for exact in (False, True):
                name = key + ("_exact" if exact else "")
                bench[name] = [a + b for a, b in zip(bench[name], attribution_polnear.score(pred, gold, art.text, exact))]
    assert from_json == bench
    assert from_json["cue"][3] > 200  # enough gold cues for the comparison to mean something
