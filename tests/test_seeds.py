"""The seed stories: the founding story's findings are pinned, and the clean stories lint clean.

Each seed's findings, as `copydesk lint --format json` prints them, are stored in
tests/snapshots/<seed>.json. When a rule legitimately changes what it finds on a seed, regenerate
the snapshots and commit them with the change:

    COPYDESK_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_seeds.py

Every seed except the founding story is clean copy written for this project: any finding on one
of them is a false positive of some rule, not a flaw of the story.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk import config as configs
from copydesk.engine import analyse
from copydesk.files import EXTENSIONS, read
from copydesk.output import FileResult

from conftest import ROOT, SEEDS

SNAPSHOTS = Path(__file__).parent / "snapshots"
FOUNDING = "coalition-strikes-deir-ezzour.txt"
UPDATE = os.environ.get("COPYDESK_UPDATE_SNAPSHOTS") == "1"

SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.name.lower().endswith(EXTENSIONS))
CLEAN = [p for p in SEED_FILES if p.name != FOUNDING]


def _lint(path: Path) -> dict:
    """What `copydesk lint --format json` reports for one seed, run from the project root."""
    rel = path.relative_to(ROOT).as_posix()
    cfg = configs.for_file(path)
    text = read(str(path), cfg.max_file_size)
    report = analyse(text, cfg, path=rel)
    assert report.errors == [] and report.skipped == [], (report.errors, report.skipped)
    return {"path": rel, "findings": FileResult(rel, text, report.findings).finding_dicts()}


def test_there_are_clean_seeds_of_each_markup():
    assert (SEEDS / FOUNDING).is_file()
    assert {p.suffix for p in CLEAN} >= {".txt", ".md", ".html"}


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_snapshot(path):
    snapshot = SNAPSHOTS / f"{path.name}.json"
    actual = _lint(path)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot for {path.name}: run with COPYDESK_UPDATE_SNAPSHOTS=1"
    pinned = json.loads(snapshot.read_text(encoding="utf-8"))
    if actual != pinned:
        def brief(findings):
            return {(f["rule"], f["line"], f["column"], f["message"]) for f in findings}

        new, gone = brief(actual["findings"]), brief(pinned["findings"])
        pytest.fail(f"{path.name} differs from its snapshot (COPYDESK_UPDATE_SNAPSHOTS=1 regenerates it)\n"
                    f"new: {sorted(new - gone)}\ngone: {sorted(gone - new)}")


def test_founding_story_has_findings():
    findings = _lint(SEEDS / FOUNDING)["findings"]
    text = (SEEDS / FOUNDING).read_text(encoding="utf-8")
    flagged = {(f["rule"], text[f["start"] : f["end"]]) for f in findings}
    assert ("page-furniture", "Adjust Comment Print") in flagged
    assert ("spaced-hyphen", " -") in flagged


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_seed_has_no_findings(path):
    text = path.read_text(encoding="utf-8")
    findings = _lint(path)["findings"]
    assert findings == [], [(f["rule"], text[f["start"] : f["end"]], f["message"]) for f in findings]


def test_cli_prints_the_snapshots():
    """The real CLI, on the whole seeds folder, prints exactly the pinned findings."""
    run = subprocess.run(
        [sys.executable, "-m", "copydesk", "lint", "--format", "json", "seeds"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1, run.stderr  # the founding story has warnings
    printed = json.loads(run.stdout)["files"]
    assert [f["path"] for f in printed] == [p.relative_to(ROOT).as_posix() for p in SEED_FILES]
    for entry, path in zip(printed, SEED_FILES):
        assert entry == json.loads((SNAPSHOTS / f"{path.name}.json").read_text(encoding="utf-8"))
