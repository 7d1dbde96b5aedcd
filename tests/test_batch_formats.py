"""`copydesk lint --format sarif|github|junit|json` on real files: SARIF validated against the
official OASIS 2.1.0 schema (tests/sarif/, source in SOURCE.md), GitHub workflow commands with
their escapes, JUnit XML that parses, and JSON that streams to the same document."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from copydesk.rules import registry

from conftest import TEXT_RULES, write

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text())
DIRTY = "The us -led coalition struck - twice - on Tuesday.\n"


def validate(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_is_the_official_one():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    # The schema rejects what it should: a guard against validating with a schema that accepts all.
    with pytest.raises(AssertionError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_sarif_is_valid_and_complete(desk, cli):
    write(desk / "copy" / "story one.txt", f"Headline\n\n{DIRTY}\n\"Unbalanced, he said.\n")
    write(desk / "copy" / "clean.md", "# The coalition struck twice on Tuesday\n")
    run = cli("lint", "--format", "sarif", "copy")
    assert run.code == 1
    log = json.loads(run.out)
    validate(log)
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert set(registry()) <= set(ids)
    for r in driver["rules"]:
        if r["id"] in registry():
            assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["helpUri"]
            assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = sarif_run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("spaced-hyphen", 3), ("hyphen-as-dash", 3), ("hyphen-as-dash", 3), ("unbalanced-quotes", 5)
    ]
    first = results[0]
    assert driver["rules"][first["ruleIndex"]]["id"] == "spaced-hyphen"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "copy/story%20one.txt", "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 9, "snippet": {"text": " -"}}
    (fix,) = first["fixes"]
    assert fix["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 8}, "insertedContent": {"text": ""}}
    ]
    assert all(r["partialFingerprints"]["copydesk/v1"] for r in results)
    assert sarif_run["invocations"] == [{"executionSuccessful": True}]
    assert sarif_run["originalUriBaseIds"]["SRCROOT"]["uri"] == desk.as_uri() + "/"


def test_sarif_related_locations_from_a_story_level_rule(desk, cli):
    # inconsistent-spelling points at the other spelling: relatedLocations, on the NER.
    (desk / ".copydesk.toml").write_text('select = ["inconsistent-spelling"]\n')
    write(desk / "story.txt", "Strikes hit Deir Ezzour on Monday.\n\nResidents of Deir az-Zour said the bridge was gone.\n")
    log = json.loads(cli("lint", "--format", "sarif", "story.txt").out)
    validate(log)
    related = [r for r in log["runs"][0]["results"] if r.get("relatedLocations")]
    assert related
    for r in related:
        for loc in r["relatedLocations"]:
            assert loc["message"]["text"] and loc["physicalLocation"]["region"]["startLine"] in (1, 3)


def test_sarif_with_no_files_and_with_a_failure_is_still_valid(desk, cli):
    write(desk / "clean.txt", "The coalition struck twice on Tuesday.\n")
    log = json.loads(cli("lint", "--format", "sarif", "clean.txt").out)
    validate(log)
    assert log["runs"][0]["results"] == []
    run = cli("lint", "--format", "sarif", "clean.txt", "missing.txt")
    assert run.code == 2
    log = json.loads(run.out)
    validate(log)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_github_workflow_commands(desk, cli):
    write(desk / "a,b.txt", 'The us -led force.\n\n"Unbalanced, he said.\n')
    run = cli("lint", "--format", "github", "a,b.txt")
    assert run.out.splitlines() == [
        "::warning file=a%2Cb.txt,line=1,col=7,endLine=1,endColumn=9,title=copydesk spaced-hyphen"
        "::Hyphen with a space on one side: the compound is split",
        "::warning file=a%2Cb.txt,line=3,col=1,endLine=3,endColumn=2,title=copydesk unbalanced-quotes"
        "::Opening quotation mark with no closing one in its paragraph",
    ]


def test_github_escapes_as_the_actions_toolkit_does():
    from copydesk.formats import _data, _property

    # A newline would end the command early; ':' and ',' would end a property.
    assert _data("50% of\r\nraids: a, b") == "50%25 of%0D%0Araids: a, b"
    assert _property("copy/a:b,c.txt") == "copy/a%3Ab%2Cc.txt"


def test_github_escapes_severity_levels(desk, cli):
    (desk / ".copydesk.toml").write_text(
        'select = ["spaced-hyphen", "unbalanced-quotes"]\n[severity]\nspaced-hyphen = "error"\nunbalanced-quotes = "info"\n'
    )
    write(desk / "story.txt", 'The us -led force.\n\n"Unbalanced, he said.\n')
    lines = cli("lint", "--format", "github", "story.txt").out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::notice"]


def test_junit_xml(desk, cli):
    write(desk / "a.txt", DIRTY)
    write(desk / "b.txt", "The coalition struck twice on Tuesday.\n")
    write(desk / "c & d.txt", 'He said "it <is> over.\n')
    run = cli("lint", "--format", "junit", "a.txt", "b.txt", "c & d.txt")
    root = ET.fromstring(run.out)
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ["a.txt", "b.txt", "c & d.txt"]
    assert [f.get("type") for f in cases["a.txt"].findall("failure")] == ["spaced-hyphen", "hyphen-as-dash", "hyphen-as-dash"]
    assert cases["b.txt"].find("failure") is None
    assert cases["c & d.txt"].find("failure").get("type") == "unbalanced-quotes"


def test_json_streams_the_same_document(desk, cli):
    from copydesk.output import FileResult
    from copydesk.engine import analyse

    texts = {"a.txt": DIRTY, "b.txt": "The coalition struck twice on Tuesday.\n", "c.md": f"# Raid\n\n{DIRTY}"}
    for name, text in texts.items():
        write(desk / name, text)
    data = cli("lint", "--format", "json", *texts).json()
    from copydesk.config import for_file

    config = for_file(desk / "a.txt")  # the desk's own config
    expected = {
        "files": [{"path": n, "findings": FileResult(n, t, analyse(t, config, path=n).findings).finding_dicts()}
                  for n, t in texts.items()]
    }
    assert data == expected
    assert json.loads(cli("lint", "--format", "json", "b.txt").out) == {"files": [{"path": "b.txt", "findings": []}]}
