"""Machine formats for `copydesk lint`: JSON, SARIF 2.1.0, GitHub Actions workflow commands and JUnit
XML. Each writer streams: a file's results are written as they arrive and then forgotten, so memory
stays flat over any number of files."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from copydesk import __version__
from copydesk.output import FileResult, docs_link, write_text
from copydesk.text import CODE_POINTS, LineIndex
from copydesk.rules.api import Severity

FORMATS = ("text", "json", "sarif", "github", "junit")


class Writer:
    """start(); add(result) per linted file, in order; end(ok) once. `ok` is False when a file
    could not be linted or a rule failed."""

    def __init__(self, out: IO[str]):
        self.out = out

    def start(self) -> None:
        pass

    def add(self, result: FileResult) -> None:
        raise NotImplementedError

    def end(self, ok: bool) -> None:
        pass


class TextWriter(Writer):
    def __init__(self, out: IO[str], console):
        super().__init__(out)
        self.console = console

    def add(self, result: FileResult) -> None:
        write_text(result, self.console)


class _JsonArray(Writer):
    """A JSON document with one array filled item by item, indented as json.dump(indent=2) would."""

    head: str
    tail: str
    depth: int  # nesting of the array's items

    def start(self) -> None:
        self.out.write(self.head)
        self.first = True

    def item(self, value) -> None:
        pad = "  " * self.depth
        text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
        self.out.write(("\n" if self.first else ",\n") + pad + text)
        self.first = False

    def close(self, tail: str) -> None:
        self.out.write(("" if self.first else "\n" + "  " * (self.depth - 1)) + tail)


class JsonWriter(_JsonArray):
    """`{"files": [{"path", "findings"}, ...]}`: the JSON contract, rows from FileResult.finding_dicts."""

    head, depth = '{\n  "files": [', 2

    def add(self, result: FileResult) -> None:
        self.item({"path": result.path, "findings": result.finding_dicts()})

    def end(self, ok: bool) -> None:
        self.close("]\n}\n")


_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.HINT: "note"}


def sarif_rules() -> list[dict]:
    """tool.driver.rules: every rule copydesk has, whether or not this run enabled it, so a result's
    ruleIndex is stable across configs."""
    from copydesk import suppress
    from copydesk.rules import registry

    out = []
    for rule in registry().values():
        entry = {
            "id": rule.name,
            "name": "".join(part.title() for part in rule.name.split("-")),
            "shortDescription": {"text": rule.summary() or rule.name},
            "fullDescription": {"text": " ".join((rule.section("Why it matters") or rule.summary() or rule.name).split())},
            "help": {"text": rule.docs(), "markdown": rule.docs()},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"tags": ["copydesk", rule.group]},
        }
        link = docs_link(rule.name)
        if link:
            entry["helpUri"] = link
        out.append(entry)
    out.append(
        {
            "id": suppress.UNUSED,
            "name": "UnusedSuppression",
            "shortDescription": {"text": "A suppression comment that silences nothing or names no rule."},
            "fullDescription": {"text": "Reported with --report-unused: a stale suppression hides the next real finding on its line."},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["copydesk"]},
        }
    )
    return out


class SarifWriter(_JsonArray):
    """One SARIF 2.1.0 log with one run. Columns count Unicode code points (columnKind), the same
    characters the text format's columns count."""

    depth = 4

    def start(self) -> None:
        self.rules = sarif_rules()
        self.index = {r["id"]: i for i, r in enumerate(self.rules)}
        root = Path.cwd().as_uri() + "/"
        head = {
            "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "copydesk",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "rules": self.rules,
                        }
                    },
                    "originalUriBaseIds": {"SRCROOT": {"uri": root}},
                    "columnKind": "unicodeCodePoints",
                }
            ],
        }
        text = json.dumps(head, indent=2, ensure_ascii=False)
        self.head = text[: -len(_CLOSE)] + ',\n      "results": ['
        super().start()

    def add(self, result: FileResult) -> None:
        lines = LineIndex(result.text, CODE_POINTS, base=1)
        artifact = _artifact(result.path)
        for i, f in enumerate(result.findings):
            out = {
                "ruleId": f.rule,
                "ruleIndex": self.index.get(f.rule, -1),
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [_location(artifact, lines, f.start, f.end, result.text)],
            }
            if f.related:
                out["relatedLocations"] = [
                    {"id": i, **_location(artifact, lines, r.start, r.end, result.text), "message": {"text": r.message}}
                    for i, r in enumerate(f.related, 1)
                ]
            if f.fixes:
                out["fixes"] = [
                    {
                        "description": {"text": fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": artifact,
                                "replacements": [
                                    {"deletedRegion": _region(lines, e.start, e.end), "insertedContent": {"text": e.replacement}}
                                    for e in fix.edits
                                ],
                            }
                        ],
                        "properties": {"safe": fix.safe},
                    }
                    for fix in f.fixes
                ]
            if result.fingerprints:
                out["partialFingerprints"] = {"copydesk/v1": result.fingerprints[i]}
            self.item(out)

    def end(self, ok: bool) -> None:
        invocations = json.dumps([{"executionSuccessful": ok}], indent=2).replace("\n", "\n      ")
        self.close(f'],\n      "invocations": {invocations}{_CLOSE}\n')


_CLOSE = "\n    }\n  ]\n}"  # the ends of the run, the runs array and the log


def _artifact(path: str) -> dict:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": Path(path).as_posix().replace("%", "%25").replace(" ", "%20"), "uriBaseId": "SRCROOT"}


def _region(lines: LineIndex, start: int, end: int) -> dict:
    (sl, sc), (el, ec) = lines.position(start), lines.position(end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _location(artifact: dict, lines: LineIndex, start: int, end: int, text: str) -> dict:
    region = _region(lines, start, end)
    if end > start:
        region["snippet"] = {"text": text[start:end]}
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


class GithubWriter(Writer):
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

    COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.HINT: "notice"}

    def add(self, result: FileResult) -> None:
        for f, row in zip(result.findings, result.finding_dicts()):
            props = {
                "file": result.path,
                "line": row["line"],
                "col": row["column"],
                "endLine": row["end_line"],
                "endColumn": row["end_column"],
                "title": f"copydesk {f.rule}",
            }
            joined = ",".join(f"{k}={_property(str(v))}" for k, v in props.items())
            self.out.write(f"::{self.COMMAND[f.severity]} {joined}::{_data(f.message)}\n")


def _data(value: str) -> str:
    # The escapes of GitHub's toolkit (actions/toolkit, command.ts): a newline would end the command.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


class JunitWriter(Writer):
    """JUnit XML: one test case per linted file, failing with one <failure> per finding. The suite's
    counts come first in the XML, so test cases wait in a temporary file, not in memory."""

    def start(self) -> None:
        self.cases = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.tests = self.failures = 0

    def add(self, result: FileResult) -> None:
        self.tests += 1
        name = quoteattr(result.path)
        if not result.findings:
            self.cases.write(f'    <testcase classname="copydesk" name={name} file={name}/>\n')
            return
        self.failures += 1
        self.cases.write(f'    <testcase classname="copydesk" name={name} file={name}>\n')
        for row in result.finding_dicts():
            where = f"{result.path}:{row['line']}:{row['column']}"
            self.cases.write(
                f"      <failure type={quoteattr(row['rule'])} message={quoteattr(row['message'])}>"
                f"{escape(where)}: {escape(row['severity'])} {escape(row['rule'])} {escape(row['message'])}</failure>\n"
            )
        self.cases.write("    </testcase>\n")

    def end(self, ok: bool) -> None:
        counts = f'tests="{self.tests}" failures="{self.failures}" errors="{0 if ok else 1}"'
        self.out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="copydesk" {counts}>\n')
        self.out.write(f'  <testsuite name="copydesk" {counts}>\n')
        self.cases.seek(0)
        for line in self.cases:
            self.out.write(line)
        self.cases.close()
        self.out.write("  </testsuite>\n</testsuites>\n")


def writer(name: str, out: IO[str], console=None) -> Writer:
    if name == "text":
        return TextWriter(out, console)
    return {"json": JsonWriter, "sarif": SarifWriter, "github": GithubWriter, "junit": JunitWriter}[name](out)
