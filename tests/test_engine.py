"""The engine: degraded mode without a model, isolation of a failing rule, sorted and
deterministic findings, and lint() doing no I/O."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import copydesk.engine as engine
from copydesk.config import Config
from copydesk.engine import analyse, lint
from copydesk.rules import registry
from copydesk.rules.api import Rule, Severity

from conftest import ROOT, SEEDS, TEXT_RULES

FOUNDING = (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text(encoding="utf-8")


def needs_model(rule) -> bool:
    return bool(rule.needs - {"text", "tokens"})


def test_degraded_mode_without_the_model():
    report = analyse(FOUNDING, Config(model="no_such_model"))
    [warning] = report.warnings
    assert "'no_such_model' cannot be loaded" in warning and "degraded mode" in warning
    assert report.model_failure.startswith("spaCy model 'no_such_model' cannot be loaded")
    skipped = sorted(name for name, rule in registry().items() if needs_model(rule))
    assert skipped, "some rule needs the tagger, parser or NER"
    assert sorted(report.skipped) == skipped and warning.endswith(", ".join(report.skipped))
    assert report.errors == []
    # The rules that need no model still run, and report what they find with the model too.
    fired = {f.rule for f in report.findings}
    assert fired >= {"page-furniture", "spaced-hyphen", "hyphen-as-dash"}
    assert not fired & set(skipped)
    plain = {name for name, rule in registry().items() if rule.needs == {"text"}}
    assert [f for f in report.findings if f.rule in plain] == [f for f in lint(FOUNDING) if f.rule in plain]


class Exploding(Rule):
    """A rule that reports one finding and then fails, as a buggy rule might."""

    name = "exploding"
    group = "typography"

    def check(self, doc):
        yield self.finding(0, 3, "half-done")
        raise RuntimeError("boom")


class CannotPlan(Rule):
    """A rule whose paragraph selection fails before any NLP runs."""

    name = "cannot-plan"
    group = "quotes"
    needs = frozenset({"tagger"})

    def select(self, paragraphs):
        raise ValueError("no plan")


@pytest.fixture
def broken_rules(monkeypatch):
    rules = {**registry(), "exploding": Exploding, "cannot-plan": CannotPlan}
    monkeypatch.setattr(engine, "registry", lambda: rules)
    return rules


def test_a_failing_rule_is_isolated(broken_rules):
    config = Config(select=["exploding", "cannot-plan", *TEXT_RULES])
    report = analyse(FOUNDING, config)
    assert [(e.rule, e.error) for e in report.errors] == [("cannot-plan", "ValueError: no plan"), ("exploding", "RuntimeError: boom")]
    assert str(report.errors[1]) == "rule exploding failed: RuntimeError: boom"
    # The other rules report exactly what they report alone; the broken ones report nothing.
    assert report.findings == lint(FOUNDING, Config(select=sorted(TEXT_RULES)))
    assert report.findings and not {f.rule for f in report.findings} & {"exploding", "cannot-plan"}


def test_a_failing_rule_in_the_cli(broken_rules, tmp_path, cli):
    (tmp_path / "story.txt").write_text(FOUNDING, encoding="utf-8")
    run = cli("lint", "--select", "exploding,spaced-hyphen", tmp_path / "story.txt")
    assert run.code == 2
    assert f"{tmp_path / 'story.txt'}: rule exploding failed: RuntimeError: boom" in run.err
    assert "spaced-hyphen" in run.out


def test_findings_are_sorted_by_position():
    findings = lint(FOUNDING)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule, f.message))
    assert len({(f.start, f.end, f.rule, f.message) for f in findings}) == len(findings)
    assert all(0 <= f.start <= f.end <= len(FOUNDING) for f in findings)


def test_findings_are_deterministic_across_processes():
    """Same text, same findings, whatever the hash seed and the order the seeds are given in."""
    outputs = []
    for seed, order in (("1", ["seeds"]), ("2", sorted(map(str, SEEDS.iterdir()), reverse=True))):
        run = subprocess.run(
            [sys.executable, "-m", "copydesk", "lint", "--format", "json", *order],
            cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert run.returncode == 1, run.stderr
        files = json.loads(run.stdout)["files"]
        outputs.append({os.path.basename(f["path"]): f["findings"] for f in files})
    assert outputs[0] == outputs[1]
    assert outputs[0]["coalition-strikes-deir-ezzour.txt"]


def test_lint_does_no_io():
    """lint() reads and writes nothing: no file opened, no socket, no process, once the model is
    loaded. Python's audit hooks see every such call, including those made from C."""
    text = "The us -led coalition said on Tuesday that it struck near Deir ez-Zor, Sen. Ted Cruz said."
    lint(text)  # loads the model and everything it imports
    seen: list[str] = []
    watching = [True]

    def hook(event, args):
        if watching[0] and (event in ("open", "os.remove", "os.rename", "subprocess.Popen", "os.system")
                            or event.startswith("socket.")):
            seen.append(f"{event} {args[:1]}")

    sys.addaudithook(hook)  # hooks cannot be removed: this one switches itself off
    try:
        findings = lint(FOUNDING + "\n\nA new paragraph the cache has not seen, said Capt. Lee.")
    finally:
        watching[0] = False
    assert findings and seen == []


def test_rule_severity_comes_from_config():
    findings = lint(FOUNDING, Config(select=["spaced-hyphen"], severity={"spaced-hyphen": "error"}))
    assert findings and {f.severity for f in findings} == {Severity.ERROR}
    assert lint(FOUNDING, Config(select=["spaced-hyphen"], severity={"spaced-hyphen": "off"})) == []


def test_no_model_is_loaded_for_a_story_no_rule_needs_it_for(monkeypatch):
    import copydesk.nlp

    def refuse(model):
        raise AssertionError(f"the model {model!r} was loaded")

    monkeypatch.setattr(copydesk.nlp, "pipeline", refuse)
    report = analyse("Traffic crossed the bridge on Tuesday for the first time since 2017.", Config())
    assert report.findings == [] and report.warnings == [] and report.errors == []
    with pytest.raises(AssertionError, match="was loaded"):
        analyse(FOUNDING, Config())


def _fresh(text: str, config: Config) -> list:
    engine.MEMO.clear()
    return analyse(text, config).findings


def test_findings_kept_in_the_memo_are_those_a_fresh_analysis_gives():
    """The editor's path: each edit re-lints from the memo; the findings must be what a first
    analysis of that text gives, wherever the edit moved the paragraphs."""
    from conftest import corpus

    config = Config()
    story = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(corpus("polnear", "dev", "text").glob("*.txt"))[:6])
    story = FOUNDING + "\n\n" + story + "\n"
    edits = [
        lambda t: "A new first paragraph - said Sen. \n\n" + t,  # every paragraph moves
        lambda t: t.replace("Deir Ezzour", "Deir az-Zour", 1),  # a rival spelling appears
        lambda t: t.replace("\n\n", "\n\nCritics say the plan was likely a failure.\n\n", 3),
        lambda t: t[: t.index("\n\n", 2000)] + t[t.index("\n\n", 4000):],  # paragraphs deleted
        lambda t: t.replace("said", "claimed", 2),
    ]
    analyse(story, config)  # the memo holds the story's findings
    for edit in edits:
        story = edit(story)
        kept = analyse(story, config).findings
        assert kept and kept == _fresh(story, config)
        assert [f.fixes for f in kept] == [f.fixes for f in _fresh(story, config)]


def test_a_paragraph_s_findings_change_with_what_its_rule_reads_next_to_it():
    """unattributed-claim reads the paragraph after: a named source there answers "some critics",
    though the critics' paragraph is unchanged."""
    story = ("The talks resumed on Monday.\n\nSome critics fear that the deal will collapse.\n\n"
             "Officials said the talks would probably fail.\n")
    before = analyse(story, Config()).findings
    assert "critics" in [story[f.start : f.end] for f in before]
    story = story.replace("Officials", "Gary Orfield, a professor at the university,")
    after = analyse(story, Config()).findings
    assert after == _fresh(story, Config()) and "critics" not in [story[f.start : f.end] for f in after]
