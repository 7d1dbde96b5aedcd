"""Every rule's own cases: invalid ones fire exactly on the marked spans and fix to the stated
text; valid ones stay silent. The meta-tests hold each rule to its docs and cases."""

from __future__ import annotations

import re

import pytest

from copydesk.config import Config
from copydesk.engine import lint, rules_for
from copydesk.fixes import apply, chosen
from copydesk.rules import registry
from copydesk.rules.api import NEEDS, Case, Severity

RULES = registry()


def _config(rule, case: Case | None = None) -> Config:
    data = {"select": [rule.name]}
    if case is not None and case.config:
        data.update(case.config)
    return Config.from_dict(data)


def _cases(kind: str):
    return [
        pytest.param(rule, case, id=f"{name}-{i}")
        for name, rule in RULES.items()
        for i, case in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize("rule,case", _cases("invalid"))
def test_invalid_case_fires(rule, case):
    findings = [f for f in lint(case.plain, _config(rule, case)) if f.rule == rule.name]
    assert [(f.start, f.end) for f in findings] == case.spans, [
        (case.plain[f.start : f.end], f.message) for f in findings
    ]
    for f in findings:
        assert f.message and f.severity == rule.severity
    if case.fixed is not None:
        fixed, applied = apply(case.plain, chosen(findings, unsafe=True))
        assert fixed == case.fixed
        assert applied >= 1


@pytest.mark.parametrize("rule,case", _cases("valid"))
def test_valid_case_is_silent(rule, case):
    text = case.plain if isinstance(case, Case) else case
    # silent because the rule ran and found nothing, not because the case's settings turned it off
    assert rule.name in [r.name for r in rules_for(_config(rule, case if isinstance(case, Case) else None))]
    findings = [f for f in lint(text, _config(rule, case if isinstance(case, Case) else None)) if f.rule == rule.name]
    assert findings == [], [(text[f.start : f.end], f.message) for f in findings]


@pytest.mark.parametrize("name", RULES)
def test_rule_is_complete(name):
    rule = RULES[name]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert rule.needs and rule.needs <= set(NEEDS), rule.needs
    assert rule.missing_docs() == [], f"{name} lacks docs sections: {rule.missing_docs()}"
    assert len(rule.invalid) >= 2 and len(rule.valid) >= 2, "each rule needs cases that fire and that do not"
    assert all(case.spans for case in rule.invalid), "invalid cases mark what is flagged"
    if rule.fixable:
        assert all(case.fixed is not None for case in rule.invalid), "fixable rules state the text after the fix"
    else:
        assert all(case.fixed is None for case in rule.invalid)
    assert rule.summary()


def test_every_group_has_a_rule():
    assert {r.group for r in RULES.values()} >= {"quotes", "typography"}


def test_readme_precision_table_is_the_measured_one():
    """README's table is written from rules/data/precision.toml by bench/precision_audit.py, never by hand."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from precision_audit import END, START, precision_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START) + len(START) : readme.index(END)]
    if not (ROOT / "rules" / "data" / "precision.toml").exists():
        assert block.strip() == ""
    else:
        assert block == "\n" + precision_table()
