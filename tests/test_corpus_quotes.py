"""Regression guards on PolNeAR (../shared/corpora/polnear, skipped when absent) for the title and
acronym rules, with bounds a little above what bench/truncated_attribution.py measured:
truncated-attribution raised no alarm on the 4,292 titles of the 1,008 articles, caught 287 of
the 297 cuts (96.6 %) injected into the test split's attributions, all of those at the end of a
file, paragraph or quote and before a comma or a lower-case word, and acronym-before-definition
made 0.09 findings per 1,000 words on the test split."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, corpus


@pytest.fixture(scope="module")
def bench():
    corpus("polnear")
    spec = importlib.util.spec_from_file_location("truncated_bench", ROOT / "bench" / "truncated_attribution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_truncated_attribution_false_alarms(bench):
    titles, before_name, found = bench.count_false_alarms(bench.articles("*"))
    assert titles > 4000 and before_name > 4000  # the whole corpus was read
    alarms = [f for _, _, f in found if f.rule == bench.RULE]
    assert 1000 * len(alarms) / titles <= 1.0, [f.message for f in alarms]
    assert sum(f.rule == "title-without-name" for _, _, f in found) <= 4


def test_truncated_attribution_recall_on_injected_cuts(bench):
    tried, hit, _ = bench.count_recall(bench.articles("test"))
    assert sum(tried.values()) > 100
    assert sum(hit.values()) / sum(tried.values()) >= 0.9
    for way in ("end of file", "end of paragraph", "before a comma", "before a lower-case word", "end of quote"):
        assert hit[way] / tried[way] >= 0.95, way


def test_acronym_findings_per_thousand_words(bench):
    words, found = bench.count_others(bench.articles("test"))
    assert words > 60_000
    assert 1000 * len(found["acronym-before-definition"]) / words <= 0.15
