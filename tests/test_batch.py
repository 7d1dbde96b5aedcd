"""Batch mode on real files on disk: --fix/--unsafe-fixes/--diff, baselines, --jobs, --statistics,
--quiet and --report-unused, through the real main()."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS, TEXT_RULES, listing, write

DIRTY = "The us -led coalition struck - twice - on Tuesday.\n"
FIXED = "The us-led coalition struck — twice — on Tuesday.\n"
CLEAN = "The coalition struck twice on Tuesday.\n"


def test_fix_writes_safe_fixes_and_reports_what_is_left(desk, cli):
    story = write(desk / "story.txt", f"Headline\n\n{DIRTY}\n\"Unbalanced, he said.\n")
    run = cli("lint", "--fix", "story.txt")
    assert story.read_text() == f"Headline\n\n{FIXED}\n\"Unbalanced, he said.\n"
    assert run.code == 1  # the unbalanced quote has no fix and is still reported
    assert [line.split()[2] for line in run.lines] == ["unbalanced-quotes"]
    assert "copydesk: fixed 3 findings in 1 file" in run.err
    again = cli("lint", "--fix", "story.txt")
    assert "copydesk: fixed 0 findings in 0 files" in again.err
    assert story.read_text() == f"Headline\n\n{FIXED}\n\"Unbalanced, he said.\n"


def test_fix_keeps_byte_order_mark_crlf_and_mode(desk, cli):
    story = desk / "story.txt"
    story.write_bytes(b"\xef\xbb\xbfHeadline\r\n\r\n" + DIRTY.replace("\n", "\r\n").encode())
    story.chmod(0o640)
    cli("lint", "--fix", "story.txt")
    assert story.read_bytes() == b"\xef\xbb\xbfHeadline\r\n\r\n" + FIXED.replace("\n", "\r\n").encode()
    assert oct(story.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in desk.iterdir() if p.name.startswith(".story")] == []  # no temp file left


def test_fix_through_a_symlink_changes_the_target(desk, cli):
    target = write(desk / "copy" / "story.md", DIRTY)
    (desk / "link.md").symlink_to(target)
    cli("lint", "--fix", "link.md")
    assert (desk / "link.md").is_symlink() and target.read_text() == FIXED


def test_diff_previews_and_changes_nothing(desk, cli):
    story = write(desk / "story.txt", DIRTY)
    run = cli("lint", "--diff", "story.txt")
    assert story.read_text() == DIRTY
    assert run.code == 1
    assert run.out == (
        "--- a/story.txt\n+++ b/story.txt\n@@ -1 +1 @@\n"
        f"-{DIRTY}+{FIXED}"
    )
    clean = write(desk / "clean.txt", CLEAN)
    assert cli("lint", "--diff", clean.name).out == ""
    assert cli("lint", "--diff", clean.name).code == 0


def test_unsafe_fixes_only_when_asked(desk, cli):
    # loaded-attribution-verb offers an unsafe fix ('claimed' -> 'said'), on the parse.
    (desk / ".copydesk.toml").write_text('select = ["loaded-attribution-verb"]\n')
    text = "The ministry claimed the convoy had been carrying weapons.\n"
    story = write(desk / "story.txt", text)
    cli("lint", "--fix", "story.txt")
    assert story.read_text() == text
    run = cli("lint", "--diff", "--unsafe-fixes", "story.txt")
    assert "+The ministry said the convoy had been carrying weapons.\n" in run.out
    cli("lint", "--fix", "--unsafe-fixes", "story.txt")
    assert story.read_text() == "The ministry said the convoy had been carrying weapons.\n"


def test_no_file_changes_when_a_rule_fails(desk, cli, monkeypatch):
    from copydesk.rules.typography.page_furniture import PageFurniture

    def broken(self, doc):
        raise RuntimeError("lexicon missing")

    monkeypatch.setattr(PageFurniture, "check", broken)
    story = write(desk / "story.txt", DIRTY)
    run = cli("lint", "--fix", "story.txt")
    assert story.read_text() == DIRTY
    assert run.code == 2 and "story.txt: rule page-furniture failed: RuntimeError: lexicon missing" in run.err


def test_fix_refuses_a_file_changed_meanwhile(desk, monkeypatch):
    from copydesk.batch import write_atomic
    from copydesk.files import InputError

    story = write(desk / "story.txt", DIRTY)
    with pytest.raises(InputError, match="changed while it was being linted"):
        write_atomic(str(story), "The text as it was read.\n", FIXED)
    assert story.read_text() == DIRTY


def test_fix_of_stdin_prints_the_fixed_copy(desk, cli):
    run = cli("lint", "--fix", "-", stdin=DIRTY.encode())
    assert run.out == FIXED
    # A filter prints its input through even when there is nothing to fix.
    assert cli("lint", "--fix", "-", stdin=CLEAN.encode()).out == CLEAN


def test_fix_repeats_until_stable(desk, cli):
    # Removing the space of " -" leaves "us-led"; the second round finds nothing more. Both kinds
    # of fix on one line: spaced-hyphen and hyphen-as-dash do not overlap, so both apply at once,
    # and the result must be stable on a second run.
    story = write(desk / "story.txt", "A us -led raid - the third - and a -led strike.\n")
    cli("lint", "--fix", "story.txt")
    once = story.read_text()
    cli("lint", "--fix", "story.txt")
    assert story.read_text() == once


def test_seed_story_fix_is_stable(desk, cli):
    """The founding story under every rule: --fix changes it, a second --fix changes nothing."""
    (desk / ".copydesk.toml").unlink()
    story = desk / "seed.txt"
    shutil.copy(SEEDS / "coalition-strikes-deir-ezzour.txt", story)
    before = story.read_text()
    diff = cli("lint", "--diff", "seed.txt").out
    cli("lint", "--fix", "seed.txt")
    after = story.read_text()
    assert after != before and diff.startswith("--- a/seed.txt\n+++ b/seed.txt\n")
    assert "-In a statement, the us -led military coalition" in diff
    assert cli("lint", "--diff", "seed.txt").out == ""
    cli("lint", "--fix", "seed.txt")
    assert story.read_text() == after


def test_baseline_reports_only_new_findings_and_survives_edits_elsewhere(desk, cli):
    story = write(desk / "copy" / "story.txt", f"Headline\n\n{DIRTY}")
    run = cli("lint", "--write-baseline", "baseline.json", "copy")
    assert run.code == 1 and len(run.lines) == 3
    data = json.loads((desk / "baseline.json").read_text())
    assert data["version"] == 1 and {e["path"] for e in data["findings"]} == {"copy/story.txt"}
    assert cli("lint", "--baseline", "baseline.json", "copy").code == 0
    # Paragraphs added above move every offset; the old findings are still known.
    story.write_text(f"Headline\n\nA new first paragraph.\n\nAnd a second one.\n\n{DIRTY}")
    run = cli("lint", "--baseline", "baseline.json", "copy")
    assert (run.code, run.out) == (0, "No findings in 1 file.\n")
    # A new error is reported, and so is a second copy of a known one.
    story.write_text(f"Headline\n\n{DIRTY}\nThe us -led coalition struck - twice - on Tuesday.\n\nA pro -Kremlin outlet.\n")
    run = cli("lint", "--baseline", "baseline.json", "copy")
    assert run.code == 1
    assert [line.split(":")[1] for line in run.lines] == ["5", "5", "5", "7"]
    # From another folder the baseline still matches (paths are relative to the baseline file).
    os.chdir(desk / "copy")
    story.write_text(f"Headline\n\n{DIRTY}")
    assert cli("lint", "--baseline", "../baseline.json", "story.txt").code == 0


def test_rewording_the_sentence_makes_a_finding_new(desk, cli):
    story = write(desk / "story.txt", DIRTY)
    cli("lint", "--write-baseline", "baseline.json", "story.txt")
    story.write_text("The us -led coalition struck again on Wednesday.\n")
    run = cli("lint", "--baseline", "baseline.json", "story.txt")
    assert run.code == 1 and "spaced-hyphen" in run.out


def test_bad_baseline_is_a_clear_error(desk, cli):
    write(desk / "story.txt", DIRTY)
    write(desk / "baseline.json", "{not json")
    run = cli("lint", "--baseline", "baseline.json", "story.txt")
    assert run.code == 2 and run.err.startswith("copydesk: baseline.json: not a copydesk baseline (JSONDecodeError")
    run = cli("lint", "--baseline", "missing.json", "story.txt")
    assert run.code == 2 and "missing.json: no such baseline file" in run.err


def test_statistics_and_quiet(desk, cli):
    write(desk / "a.txt", DIRTY)
    write(desk / "b.txt", 'The us -led force.\n\n"Unbalanced, he said.\n')
    run = cli("lint", "--statistics", "a.txt", "b.txt")
    assert run.lines == [
        "      2  * hyphen-as-dash",
        "      2  * spaced-hyphen",
        "      1    unbalanced-quotes",
    ]
    quiet = cli("lint", "--quiet", "--fix", "a.txt")
    assert quiet.err == ""


def test_report_unused_suppressions(desk, cli):
    write(desk / "story.md", f"{CLEAN.strip()} <!-- copydesk-disable-line spaced-hyphen -->\n")
    assert cli("lint", "story.md").code == 0
    run = cli("lint", "--report-unused", "story.md")
    assert run.code == 1
    assert "unused-suppression unused suppression: nothing from spaced-hyphen to silence here" in run.out
    cli("lint", "--report-unused", "--fix", "story.md")
    assert (desk / "story.md").read_text() == CLEAN.strip() + " \n"


def test_jobs_gives_the_serial_output_in_the_same_order(desk, cli):
    names = []
    for i in range(24):
        names.append(write(desk / "copy" / f"{i:02d}.txt", DIRTY if i % 3 else CLEAN).name)
    (desk / "copy" / "05.txt").write_bytes(b"caf\xe9 not utf-8")
    serial = cli("lint", "--jobs", "1", "--format", "json", "copy")
    parallel = cli("lint", "--jobs", "3", "--format", "json", "copy")
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    assert serial.code == 2 and "copy/05.txt: not UTF-8 text" in serial.err
    assert len(serial.json()["files"]) == 23


def test_jobs_is_checked(desk, cli):
    assert cli("lint", "--jobs", "0", ".").code == 2


def test_progress_bar_on_a_terminal_only(desk):
    """A real pseudo-terminal: the bar draws on it; piped, the output is the plain listing."""
    for i in range(60):
        write(desk / "copy" / f"{i:02d}.txt", CLEAN)
    write(desk / "copy" / "99.txt", DIRTY)
    cmd = [sys.executable, "-m", "copydesk", "lint", "--jobs", "1", "copy"]
    piped = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=desk)
    assert listing(piped.stdout) == [
        "copy/99.txt:1:7: warning spaced-hyphen Hyphen with a space on one side: the compound is split",
        "copy/99.txt:1:29: warning hyphen-as-dash Hyphen used as a dash",
        "copy/99.txt:1:37: warning hyphen-as-dash Hyphen used as a dash",
    ]
    assert "linting" not in piped.stderr
    script = shutil.which("script")
    if script is None:
        pytest.skip("util-linux `script` is needed for a pseudo-terminal")
    shown = subprocess.run([script, "-qec", " ".join(cmd), "/dev/null"], capture_output=True, text=True,
                           timeout=300, cwd=desk, env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    assert "linting" in shown.stdout and "61/61" in shown.stdout
    assert "copy/99.txt:1:7:" in shown.stdout


def test_pre_commit_hooks_describe_the_real_command():
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["copydesk", "copydesk-fix"]
    for hook in hooks:
        # pre-commit's required keys, and an entry that is this project's own console script.
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        assert hook["entry"].split()[:2] == ["copydesk", "lint"]
        pattern = re.compile(hook["files"])
        assert all(pattern.search(n) for n in ("a.txt", "b.md", "c.markdown", "d.html", "e.htm"))
        assert not any(pattern.search(n) for n in ("setup.py", "notes.txt.orig"))
    assert "--fix" in hooks[1]["entry"]


def test_a_dying_worker_ends_the_run_with_an_error_not_a_hang(desk, cli, monkeypatch):
    from copydesk import batch

    parent = os.getpid()
    real = batch.Linter.many

    def dies_on_poison(self, items):
        # Forked workers inherit this patch; one of them dies as an out-of-memory kill would.
        if os.getpid() != parent and any(str(item).endswith("poison.txt") for item in items):
            os._exit(137)
        return real(self, items)

    monkeypatch.setattr(batch.Linter, "many", dies_on_poison)
    for i in range(12):
        write(desk / "copy" / f"{i:02d}.txt", DIRTY)
    write(desk / "copy" / "poison.txt", DIRTY)
    run = cli("lint", "--jobs", "2", "--format", "sarif", "copy")
    assert run.code == 2
    assert "copydesk: a worker process died (out of memory or killed)" in run.err
    log = json.loads(run.out)  # the SARIF log is still whole, and says the run did not succeed
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_a_failed_write_is_reported_and_the_findings_are_those_on_disk(desk, cli, monkeypatch):
    from copydesk import batch

    def full_disk(path, expected, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch, "write_atomic", full_disk)
    story = write(desk / "story.txt", DIRTY)
    run = cli("lint", "--fix", "story.txt")
    assert story.read_text() == DIRTY
    assert run.code == 2 and "copydesk: story.txt: not fixed: [Errno 28] No space left on device" in run.err
    assert len(run.lines) == 3 and "fixed 0 findings in 0 files" in run.err


def test_baseline_that_cannot_be_written_is_a_clear_error(desk, cli):
    write(desk / "story.txt", DIRTY)
    run = cli("lint", "--write-baseline", "no/such/folder/baseline.json", "story.txt")
    assert run.code == 2
    assert run.err == "copydesk: no/such/folder/baseline.json: cannot write the baseline: No such file or directory\n"
