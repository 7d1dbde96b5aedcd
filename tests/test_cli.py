"""The CLI contract: exit codes, --fail-on, the JSON shape, stdin, globs, directories, bad files,
--version, `rules` and `explain`. Real files; the real main(), and the installed console script
where the process boundary matters."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from copydesk import __version__
from copydesk.rules import measured, registry

from conftest import TEXT_RULES, write

DIRTY = "The us -led coalition struck twice.\n"  # one warning: spaced-hyphen
CLEAN = "The coalition struck twice on Tuesday.\n"


def test_exit_codes_and_fail_on(desk, cli):
    write(desk / "clean.txt", CLEAN)
    write(desk / "dirty.txt", DIRTY)
    assert cli("lint", "clean.txt").code == 0
    assert cli("lint", "dirty.txt").code == 1
    assert cli("lint", "dirty.txt", "--fail-on", "error").code == 0
    assert cli("lint", "dirty.txt", "--fail-on", "never").code == 0
    assert cli("lint", "dirty.txt", "--fail-on", "hint").code == 1
    assert cli("lint", "dirty.txt", "--fail-on", "loud").code == 2  # usage error
    assert cli("lint", "dirty.txt", "missing.txt").code == 2  # an input error outranks findings
    assert cli("frobnicate").code == 2


def test_text_format(desk, cli):
    write(desk / "dirty.txt", "Headline\n\n" + DIRTY)
    run = cli("lint", "--color", "never", "dirty.txt")
    assert run.out == (
        "dirty.txt:3:7: warning spaced-hyphen Hyphen with a space on one side: the compound is split\n"
        "Found 1 finding (1 warning) in 1 file. 1 fixable with `copydesk lint --fix`.\n"
    )
    coloured = cli("lint", "--color", "always", "dirty.txt").out
    assert "\x1b[" in coloured and re.sub(r"\x1b\[[0-9;]*m", "", coloured) == run.out
    assert cli("lint", "--quiet", "dirty.txt").out == run.out.splitlines(keepends=True)[0]  # no summary


def test_summary_counts_severities_files_and_fixes(desk, cli):
    write(desk / "a.txt", DIRTY)
    write(desk / "b.txt", CLEAN)
    write(desk / "c.txt", 'Fighters - believed to be linked to Iran - attacked.\n\n"Unbalanced, he said.\n')
    summary = cli("lint", "a.txt", "b.txt", "c.txt").out.splitlines()[-1]
    assert summary == (
        "Found 4 findings (4 warnings) in 2 of 3 files. 3 fixable with `copydesk lint --fix`."
    ), summary
    assert cli("lint", "b.txt").out == "No findings in 1 file.\n"
    assert "Found" not in cli("lint", "--format", "json", "a.txt").out
    assert "Found" not in cli("lint", "--statistics", "a.txt").out


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `copydesk ARGS` prints on a real pseudo-terminal."""
    import pty

    leader, follower = pty.openpty()
    done = subprocess.Popen([sys.executable, "-m", "copydesk", *args], stdout=follower, stderr=follower,
                            stdin=subprocess.DEVNULL, env={**os.environ, "TERM": "xterm-256color", **env})
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    done.wait(120)
    os.close(leader)
    return out.decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(desk, cli):
    write(desk / "dirty.txt", DIRTY)
    assert "\x1b[" in _on_a_terminal(["lint", "dirty.txt"], {"NO_COLOR": ""})
    plain = _on_a_terminal(["lint", "dirty.txt"], {"NO_COLOR": "1"})
    assert "spaced-hyphen" in plain and "\x1b[" not in plain
    piped = subprocess.run([sys.executable, "-m", "copydesk", "lint", "dirty.txt"], capture_output=True, text=True,
                           env={**os.environ, "NO_COLOR": ""})
    assert "spaced-hyphen" in piped.stdout and "\x1b[" not in piped.stdout


def test_json_contract(desk, cli):
    text = 'Headline\n\nFighters - believed to be linked to Iran - attacked.\n\n"Unbalanced, he said.\n\nThe us -led force.\n'
    write(desk / "story.txt", text)
    data = cli("lint", "--format", "json", "story.txt").json()
    assert list(data) == ["files"]
    [entry] = data["files"]
    assert list(entry) == ["path", "findings"] and entry["path"] == "story.txt"
    keys = ["rule", "severity", "message", "start", "end", "line", "column", "end_line", "end_column", "related", "fixes"]
    assert [f["rule"] for f in entry["findings"]] == ["hyphen-as-dash", "hyphen-as-dash", "unbalanced-quotes", "spaced-hyphen"]
    for f in entry["findings"]:
        assert list(f) == keys
        assert f["severity"] in ("error", "warning", "info", "hint") and f["message"]
        assert all(isinstance(f[k], int) for k in keys[3:9])
        # line/column are 1-based and agree with start/end
        before = text[: f["start"]]
        assert (f["line"], f["column"]) == (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        upto = text[: f["end"]]
        assert (f["end_line"], f["end_column"]) == (upto.count("\n") + 1, len(upto) - (upto.rfind("\n") + 1) + 1)
        for r in f["related"]:
            assert list(r) == ["start", "end", "message"]
        for fix in f["fixes"]:
            assert list(fix) == ["title", "safe", "edits"] and isinstance(fix["safe"], bool) and fix["title"]
            for e in fix["edits"]:
                assert list(e) == ["start", "end", "replacement"]
    dash = entry["findings"][0]
    assert text[dash["start"] : dash["end"]] == " - "
    assert dash["fixes"][0]["edits"] == [{"start": dash["start"], "end": dash["end"], "replacement": " — "}]
    assert cli("lint", "--format", "json", "missing.txt").json() == {"files": []}


def test_stdin_with_filename_picks_markup_and_config(desk, cli):
    write(desk / "archive" / ".copydesk.toml", 'select = ["page-furniture"]\n')
    story = "Run `us -led` to see.\n\nThe us -led force.\n\nAdjust Comment Print\n"
    run = cli("lint", "--format", "json", "-", "--stdin-filename", "archive/story.md", stdin=story.encode())
    [entry] = run.json()["files"]
    assert entry["path"] == "archive/story.md"
    assert [f["rule"] for f in entry["findings"]] == ["page-furniture"]  # archive's own config
    run = cli("lint", "--format", "json", "-", "--stdin-filename", "story.md", stdin=story.encode())
    found = [(f["rule"], story[f["start"] : f["end"]]) for f in run.json()["files"][0]["findings"]]
    assert found == [("spaced-hyphen", " -"), ("page-furniture", "Adjust Comment Print")]  # code skipped
    run = cli("lint", "-", stdin=b"caf\xe9\n")
    assert run.code == 2 and "<stdin>: not UTF-8 text (byte 0xe9 at offset 3, line 1)" in run.err


def test_stdin_through_a_pipe_to_the_console_script(desk):
    run = subprocess.run(
        ["copydesk", "lint", "--select", ",".join(TEXT_RULES), "-", "--stdin-filename", "piped.txt"],
        input=DIRTY.encode(), capture_output=True, timeout=120,
    )
    assert run.returncode == 1
    assert run.stdout.decode().startswith("piped.txt:1:7: warning spaced-hyphen ")


def test_directories_and_globs(desk, cli):
    for name in ("a.txt", "b.md", "c.markdown", "d.html", "e.htm", "sub/deeper/f.txt"):
        write(desk / "copy" / name, DIRTY if not name.endswith(("html", "htm")) else f"<p>{DIRTY}</p>")
    write(desk / "copy" / "notes.rst", DIRTY)  # not a default extension
    write(desk / "copy" / ".git" / "g.txt", DIRTY)  # version control and hidden folders are skipped
    write(desk / "copy" / ".hidden" / "h.txt", DIRTY)
    write(desk / "copy" / "node_modules" / "i.md", DIRTY)
    paths = [e["path"] for e in cli("lint", "--format", "json", "copy").json()["files"]]
    assert paths == ["copy/a.txt", "copy/b.md", "copy/c.markdown", "copy/d.html", "copy/e.htm", "copy/sub/deeper/f.txt"]
    paths = [e["path"] for e in cli("lint", "--format", "json", "copy/**/*.txt").json()["files"]]
    assert paths == ["copy/a.txt", "copy/sub/deeper/f.txt"]
    # A file named explicitly is linted whatever its extension.
    paths = [e["path"] for e in cli("lint", "--format", "json", "copy/notes.rst", "copy/*.md").json()["files"]]
    assert paths == ["copy/notes.rst", "copy/b.md"]
    run = cli("lint", "copy/*.doc")
    assert run.code == 2 and "copy/*.doc: no file matches this pattern" in run.err


def test_default_path_is_the_current_folder(desk, cli):
    write(desk / "story.txt", DIRTY)
    run = cli("lint", "--format", "json")
    assert [e["path"] for e in run.json()["files"]] == ["story.txt"]


def test_bad_files_are_reported_and_the_others_still_linted(desk, cli):
    write(desk / "a-good.txt", DIRTY)
    (desk / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00 zip")
    (desk / "latin1.txt").write_bytes("Caf\xe9 owners said.\n".encode("latin-1"))
    (desk / "huge.txt").write_text("word " * 1_100_000)
    (desk / "broken.txt").symlink_to(desk / "nowhere.txt")
    os.mkfifo(desk / "pipe.txt")
    (desk / "empty-folder").mkdir()
    write(desk / "z-good.md", DIRTY)
    names = ["a-good.txt", "missing.txt", "binary.txt", "latin1.txt", "huge.txt", "broken.txt", "pipe.txt",
             "empty-folder", "z-good.md"]
    run = cli("lint", "--format", "json", *names)
    assert run.code == 2
    assert [e["path"] for e in run.json()["files"]] == ["a-good.txt", "z-good.md"]
    assert all(e["findings"] for e in run.json()["files"])
    assert run.err.splitlines() == [
        "copydesk: missing.txt: no such file or directory",
        "copydesk: binary.txt: binary file (contains NUL bytes)",
        "copydesk: latin1.txt: not UTF-8 text (byte 0xe9 at offset 3, line 1)",
        "copydesk: huge.txt: file is 5,500,000 bytes, over the limit of 5,000,000 (max_file_size)",
        f"copydesk: broken.txt: broken symbolic link to '{desk / 'nowhere.txt'}'",
        "copydesk: pipe.txt: not a regular file",
        "copydesk: empty-folder: directory has no files to lint (.txt, .md, .markdown, .html, .htm)",
    ]


def test_unreadable_file(desk, cli):
    # Root reads a chmod 000 file, so where the tests run as root a file whose read fails in the
    # kernel stands in: /proc/self/mem is a regular file that cannot be read from offset 0.
    if os.geteuid() != 0:
        path = write(desk / "locked.txt", DIRTY)
        path.chmod(0)
        expected = "copydesk: locked.txt: permission denied"
    else:
        path = "/proc/self/mem"
        expected = "copydesk: /proc/self/mem: cannot read: Input/output error"
    write(desk / "good.txt", DIRTY)
    run = cli("lint", path, "good.txt")
    assert run.code == 2
    assert expected in run.err.splitlines()
    assert run.out.startswith("good.txt:1:7:")


def test_version():
    run = subprocess.run(["copydesk", "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"copydesk {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)
    run = subprocess.run([sys.executable, "-m", "copydesk", "--version"], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == f"copydesk {__version__}"


def test_rules_lists_every_rule(cli):
    run = cli("rules", "--format", "json")
    listed = run.json()
    assert [r["name"] for r in listed] == list(registry())
    for r in listed:
        rule = registry()[r["name"]]
        m = measured(rule.name)
        assert r == {"name": rule.name, "group": rule.group, "severity": str(rule.severity),
                     "default_severity": str(rule.severity), "needs": sorted(rule.needs), "fixable": rule.fixable,
                     "scope": rule.scope, "summary": rule.summary(),
                     "precision": m and {"value": m.precision, "judged": m.judged, "sample": m.sample, "date": m.date,
                                         "publications": {p: {"value": f.precision, "judged": f.judged, "sample": f.sample}
                                                          for p, f in m.publications.items()}}}
    # Piped, each rule is one whole line: name, group, severity and its summary's start; no line is
    # padded out to the longest summary.
    out = cli("rules").out.splitlines()
    lines = {line.split()[0]: line for line in out[1:] if line.strip() and not line.startswith("precision:")}
    assert list(lines) == list(registry())
    assert all(line == line.rstrip() for line in out)
    for name, rule in registry().items():
        assert lines[name].split()[1:3] == [rule.group, str(rule.severity)]
        assert lines[name].endswith(rule.summary())


def test_rules_shows_the_severity_the_local_config_sets(cli, tmp_path, monkeypatch):
    (tmp_path / ".copydesk.toml").write_text('[house]\nstyle = "bbc"\n[severity]\nspaced-hyphen = "off"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    listed = {r["name"]: r for r in cli("rules", "--format", "json").json()}
    assert listed["spaced-hyphen"]["severity"] == "off" and listed["spaced-hyphen"]["default_severity"] == "info"


def test_explain(cli):
    run = cli("explain", "spaced-hyphen")
    assert run.code == 0
    assert run.out.startswith("# spaced-hyphen\n\ntypography · default severity info · needs text · fixable\n"
                              "measured precision ")
    for heading in ("## What it flags", "## Why it matters", "## Example", "## Use instead"):
        assert heading in run.out
    run = cli("explain", "spaced-hypen")
    assert run.code == 2 and "no rule named 'spaced-hypen'" in run.err and run.out == ""


# -- issue 26: a folder's walk honours .gitignore, as git and ruff do ---------------------------------
def _linted(cli, *args) -> list[str]:
    run = cli("lint", "--format", "json", "--fail-on", "never", *args)
    assert run.code == 0, run.err
    return [e["path"] for e in run.json()["files"]]


@pytest.fixture
def repo(desk):
    """A git working tree (a .git folder is what marks one) with .gitignore files at two levels."""
    (desk / ".git" / "info").mkdir(parents=True)
    write(desk / ".git" / "info" / "exclude", "scratch.txt\n")
    write(desk / ".gitignore", "drafts/\n*.tmp.txt\n/top-only.md\n")
    write(desk / "wire" / ".gitignore", "!keep.tmp.txt\nembargoed/*.md\n")
    for name in ("story.txt", "top-only.md", "scratch.txt", "x.tmp.txt", "drafts/a.txt", "wire/b.txt",
                 "wire/top-only.md", "wire/keep.tmp.txt", "wire/gone.tmp.txt", "wire/embargoed/c.md",
                 "wire/embargoed/d.txt", "wire/embargoed/deeper/e.md"):
        write(desk / name, DIRTY)
    return desk


def test_a_folder_is_walked_less_what_gitignore_ignores(repo, cli):
    kept = ["story.txt", "wire/b.txt", "wire/keep.tmp.txt", "wire/top-only.md", "wire/embargoed/d.txt",
            "wire/embargoed/deeper/e.md"]  # a folder's files, then its folders'; `embargoed/*.md` is one folder deep
    assert _linted(cli, ".") == kept
    # From inside the tree, the .gitignore files above the folder still count, up to the repository's root.
    assert _linted(cli, "wire") == [p for p in kept if p.startswith("wire/")]
    # A file named on its own is linted all the same; so is what a shell glob names.
    assert _linted(cli, "drafts/a.txt", "scratch.txt") == ["drafts/a.txt", "scratch.txt"]


def test_respecting_gitignore_can_be_turned_off_on_the_command_line_or_in_the_config(repo, cli):
    everything = ["scratch.txt", "story.txt", "top-only.md", "x.tmp.txt", "drafts/a.txt", "wire/b.txt",
                  "wire/gone.tmp.txt", "wire/keep.tmp.txt", "wire/top-only.md", "wire/embargoed/c.md",
                  "wire/embargoed/d.txt", "wire/embargoed/deeper/e.md"]
    assert _linted(cli, "--no-respect-gitignore", ".") == everything
    config = repo / ".copydesk.toml"
    config.write_text("respect_gitignore = false\n" + config.read_text())
    assert _linted(cli, ".") == everything
    assert "drafts/a.txt" not in _linted(cli, "--respect-gitignore", ".")  # the command line wins
    run = cli("sources", "--no-respect-gitignore", "drafts")
    assert run.code == 0 and "drafts/a.txt" in run.out


def test_outside_a_repository_the_folders_own_gitignore_files_count(desk, cli):
    write(desk / "copy" / ".gitignore", "old/\n")
    write(desk / "copy" / "old" / "a.txt", DIRTY)
    write(desk / "copy" / "new" / "b.txt", DIRTY)
    assert _linted(cli, "copy") == ["copy/new/b.txt"]
