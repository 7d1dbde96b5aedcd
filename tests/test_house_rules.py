"""Rules declared in a config (existence, substitution, consistency, conditional) behave like
built-in ones: their own cases pass, fixes apply, severities and selection work, and a bad
declaration is a ConfigError that names the rule and the key."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from copydesk.config import Config, ConfigError, load
from copydesk.engine import lint, rules_for
from copydesk.fixes import apply, chosen
from copydesk.rules.api import Case, Severity

HOUSE = {
    "wire-cliches": {
        "kind": "existence",
        "tokens": ["war-torn", "embattled"],
        "ignorecase": True,
        "message": "'{match}' is a wire cliché",
        "docs": "Cliches tell the reader what to feel instead of showing what happened.",
        "invalid": ["Aid reached the ⟦war-torn⟧ city of Aleppo on Monday, and the ⟦Embattled⟧ governor left."],
        "valid": ["Aid reached the city of Aleppo on Monday after four years of fighting."],
    },
    "islamic-state-name": {
        "kind": "substitution",
        "swap": {"ISIS": "Islamic State", "ISIL": "Islamic State"},
        "invalid": ["⟦ISIS⟧ fighters withdrew from Raqqa, and ⟦ISIL⟧ media denied it."],
        "valid": ["Islamic State fighters withdrew from Raqqa, the coalition said."],
    },
    "email-spelling": {
        "kind": "consistency",
        "either": [["email", "e-mail"]],
        "invalid": ["The ministry said in an email that it would reply.\n\nA second ⟦e-mail⟧ followed on Friday."],
        "valid": ["The ministry said in an e-mail that it would reply.\n\nA second e-mail followed on Friday."],
    },
    "sdf-defined": {
        "kind": "conditional",
        "term": "SDF",
        "requires": "Syrian Democratic Forces",
        "severity": "info",
        "invalid": ["The ⟦SDF⟧ said it had taken the dam.\n\nThe Syrian Democratic Forces (SDF) are led by Kurds."],
        "valid": ["The Syrian Democratic Forces (SDF) said it had taken the dam. The SDF is led by Kurds."],
    },
}


def _config(**extra) -> Config:
    return Config.from_dict({"select": ["house"], "house_rules": HOUSE, **extra})


def _declared():
    return {r.name: type(r) for r in rules_for(_config())}


def test_each_kind_becomes_a_rule_with_docs_and_severity():
    rules = _declared()
    assert set(rules) == set(HOUSE)
    for name, rule in rules.items():
        assert rule.group == "house" and rule.missing_docs() == [] and rule.summary()
    assert rules["sdf-defined"].severity == Severity.INFO
    assert "Cliches tell" in rules["wire-cliches"].section("Why it matters")


@pytest.mark.parametrize("name", sorted(HOUSE))
def test_declared_cases(name):
    config = _config()
    rule = _declared()[name]
    for case in rule.invalid:
        found = [f for f in lint(case.plain, config) if f.rule == name]
        assert [(f.start, f.end) for f in found] == case.spans, [case.plain[f.start : f.end] for f in found]
        assert all(f.severity == rule.severity and f.message for f in found)
    for text in rule.valid:
        assert [f for f in lint(text, config) if f.rule == name] == []


def test_substitution_and_consistency_fix():
    config = _config()
    text = Case.MARK.sub("", HOUSE["islamic-state-name"]["invalid"][0])
    fixed, n = apply(text, chosen(lint(text, config)))
    assert fixed == "Islamic State fighters withdrew from Raqqa, and Islamic State media denied it." and n == 2
    text = Case.MARK.sub("", HOUSE["email-spelling"]["invalid"][0])
    assert apply(text, chosen(lint(text, config)))[1] == 0  # the story's choice is not safe to impose
    assert "A second email followed" in apply(text, chosen(lint(text, config), unsafe=True))[0]


def test_severity_table_and_ignore_apply_to_declared_rules():
    config = _config(severity={"wire-cliches": "error"}, ignore=["sdf-defined"])
    rules = {r.name: r for r in rules_for(config)}
    assert rules["wire-cliches"].severity == Severity.ERROR and "sdf-defined" not in rules


@pytest.mark.parametrize(
    "rule,message",
    [
        ({"bad": {"kind": "existence"}}, "house_rules.bad"),  # tokens missing
        ({"bad": {"kind": "existence", "tokens": ["x"], "swap": {"a": "b"}}}, "house_rules.bad.swap"),
        ({"bad": {"kind": "existence", "tokens": ["x"], "colour": "red"}}, "house_rules.bad.colour"),
        ({"bad": {"kind": "existence", "tokens": []}}, "house_rules.bad.tokens"),
        ({"bad": {"kind": "spelling", "tokens": ["x"]}}, "house_rules.bad.kind"),
        ({"bad": {"kind": "consistency", "either": [["only-one"]]}}, "house_rules.bad.either"),
        ({"bad": {"kind": "conditional", "term": "SDF"}}, "house_rules.bad"),
        ({"bad": {"kind": "existence", "tokens": ["x"], "message": "{word} is bad"}}, "house_rules.bad.message"),
        ({"bad": {"kind": "existence", "tokens": ["x"], "invalid": ["x with no marks"]}}, "house_rules.bad.invalid"),
        ({"Bad_Name": {"kind": "existence", "tokens": ["x"]}}, "house_rules.Bad_Name"),
        ({"spaced-hyphen": {"kind": "existence", "tokens": ["x"]}}, "house_rules.spaced-hyphen"),
    ],
)
def test_bad_declaration_names_rule_and_key(rule, message):
    with pytest.raises(ConfigError) as err:
        Config.from_dict({"house_rules": rule})
    assert message in str(err.value)


def test_declared_rule_from_a_config_file_through_the_cli(tmp_path):
    (tmp_path / ".copydesk.toml").write_text(
        'select = ["house"]\n\n[house_rules.islamic-state-name]\nkind = "substitution"\n'
        'swap = { "ISIS" = "Islamic State" }\n',
        encoding="utf-8",
    )
    story = tmp_path / "story.txt"
    story.write_text("ISIS fighters withdrew from Raqqa on Sunday.\n", encoding="utf-8")
    assert load(tmp_path / ".copydesk.toml").house_rules["islamic-state-name"]["kind"] == "substitution"
    out = subprocess.run(
        [sys.executable, "-m", "copydesk", "lint", "--format", "json", str(story)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert out.returncode == 1, out.stderr
    (finding,) = json.loads(out.stdout)["files"][0]["findings"]
    assert finding["rule"] == "islamic-state-name" and finding["fixes"][0]["edits"][0]["replacement"] == "Islamic State"


def test_explain_prints_a_declared_rules_docs(tmp_path):
    (tmp_path / ".copydesk.toml").write_text(
        '[house_rules.wire-cliches]\nkind = "existence"\ntokens = ["war-torn"]\n'
        'docs = "Cliches tell the reader what to feel."\n',
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, "-m", "copydesk", "explain", "wire-cliches"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "# wire-cliches" in out.stdout and "Cliches tell the reader" in out.stdout and "'war-torn'" in out.stdout


def test_declared_rules_are_listed_and_selectable_from_the_command_line(tmp_path, monkeypatch, cli):
    (tmp_path / ".copydesk.toml").write_text(
        '[house_rules.wire-cliches]\nkind = "existence"\ntokens = ["war-torn"]\nmessage = "cliché: {match}"\n',
        encoding="utf-8",
    )
    story = tmp_path / "story.txt"
    story.write_text("The war-torn city fell to rebels on Sunday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    listed = cli("rules", "--format", "json").json()
    assert {"name": "wire-cliches", "group": "house"}.items() <= next(
        r for r in listed if r["name"] == "wire-cliches"
    ).items()
    run = cli("lint", "--format", "json", "--select", "wire-cliches", story)
    assert run.code == 1, run.err
    (finding,) = run.json()["files"][0]["findings"]
    assert finding["rule"] == "wire-cliches" and story.read_text()[finding["start"] : finding["end"]] == "war-torn"
    unknown = cli("lint", "--select", "no-such-rule", story)
    assert unknown.code == 2 and "command line" in unknown.err
