"""Real editors against the real server: headless Neovim (editors/nvim) and Emacs with eglot
(editors/emacs) open the founding story, receive `copydesk serve`'s diagnostics with code and
message intact, apply a quick fix through the editor's own code-action path and see the finding go.

What each editor shows is compared with what the engine finds in the same text, so the tests follow
the rules as they change instead of pinning today's findings."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit

from copydesk import config as configs
from copydesk.engine import analyse
from copydesk.fixes import apply
from copydesk.rules import registry
from copydesk.rules.api import Case, Finding, Fix

ROOT = Path(__file__).resolve().parent.parent
EDITORS = ROOT / "editors"
SEEDS = ROOT / "seeds"
STORY = SEEDS / "coalition-strikes-deir-ezzour.txt"
CLEAN = SEEDS / "mosul-old-bridge-reopens.md"
#: A story that contradicts itself once for each consistency rule, on an AP desk.
CONSISTENCY = Path(__file__).resolve().parent / "stories" / "consistency.txt"
AP_CONSISTENCY = {"select": ["consistency"], "house": {"style": "ap"}}
SERVER = [sys.executable, "-m", "copydesk", "serve"]  # the copydesk under test, whatever PATH holds


def project(tmp_path: Path, source: Path, name: str) -> Path:
    """A writable copy of a story in a folder of its own. Its empty config pins the folder as the
    project root, so no config above the temp folder can change what the server and engine see."""
    (tmp_path / ".copydesk.toml").write_text("")
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    return path


@pytest.fixture
def story(tmp_path) -> Path:
    return project(tmp_path, STORY, "story.txt")


# Editor settings the tests pass through each plugin; the server must apply them as the engine does.
SETTINGS = {"ignore": ["page-furniture"], "severity": {"hyphen-as-dash": "info"}}


def findings(path: Path, text: str, settings: dict | None = None) -> list[Finding]:
    config = configs.for_file(path)
    return analyse(text, config.merged(settings) if settings else config, path=str(path)).findings


def target(found: list[Finding]) -> tuple[Finding, Fix]:
    """The first finding with a safe fix, and that fix: what a reporter would accept without a second look."""
    for f in found:
        for fix in f.fixes:
            if fix.safe:
                return f, fix
    pytest.fail("the founding story has no finding with a safe fix")


#: Every rule with fixes, with its first invalid case: each editor applies one fix per rule.
FIXABLE = [pytest.param(name, rule.invalid[0], id=name) for name, rule in registry().items() if rule.fixable]


def case_project(tmp_path: Path, name: str, case: Case) -> Path:
    """A rule's case as a story in a project whose config selects that rule (and the case's settings)."""
    (tmp_path / ".copydesk.toml").write_text(tomlkit.dumps({"select": [name], **(case.config or {})}))
    path = tmp_path / "story.txt"
    path.write_text(case.plain, encoding="utf-8")
    return path


def first_fix(found: list[Finding], rule: str) -> tuple[Finding, Fix]:
    finding = next(f for f in found if f.rule == rule and f.fixes)
    return finding, finding.fixes[0]


def assert_fixed(report: dict, story: Path, text: str, before: list[Finding], finding: Finding, fix: Fix,
                 settings: dict | None, strip_eol: bool = False) -> None:
    """The fix was offered in the editor's menu, the buffer reads the engine's fixed text, and the
    finding is gone from what the editor shows after the server re-linted."""
    assert fix.title in report["offered"]
    fixed, applied = apply(text, [fix])
    assert applied == 1
    assert report["text"] == (fixed.removesuffix("\n") if strip_eol else fixed)
    after = findings(story, fixed, settings)
    count = lambda found: sum(f.rule == finding.rule for f in found)  # noqa: E731
    assert count(after) < count(before), "the fixed finding is gone"
    assert sum(d["code"] == finding.rule for d in report["after"]) == count(after)


def byte_position(text: str, offset: int) -> tuple[int, int]:
    """0-based line and byte column of an offset: how Neovim places a diagnostic in its buffer."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, len(text[start:offset].encode("utf-8"))


def run_editor(cmd: list[str], out: Path, env: dict[str, str], cwd: Path) -> dict:
    done = subprocess.run(cmd, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert out.exists(), f"the editor wrote no report (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    report = json.loads(out.read_text())
    assert not report.get("error"), f"{report['error']}\n{done.stderr[-3000:]}"
    return report


# -- Neovim ----------------------------------------------------------------------------------------

def vim_diagnostics(text: str, found: list[Finding]) -> list[tuple]:
    """What Neovim should hold for these findings: byte columns, its severities (1 = error)."""
    out = []
    for f in found:
        (sl, sc), (el, ec) = byte_position(text, f.start), byte_position(text, f.end)
        out.append((f.rule, f.message, 5 - int(f.severity), sl, sc, el, ec))
    return sorted(out)


def seen_by_vim(items: list[dict]) -> list[tuple]:
    return sorted((d["code"], d["message"], d["severity"], d["lnum"], d["col"], d["end_lnum"], d["end_col"]) for d in items)


needs_nvim = pytest.mark.skipif(not shutil.which("nvim"), reason="Neovim is not installed (.ci/run installs Debian's neovim)")


def run_nvim(story: Path, tmp_path: Path, fix: dict | None = None, settings: dict | None = None,
             hover: list[dict] | None = None) -> dict:
    out = tmp_path / "nvim.json"
    env = {"COPYDESK_PROBE_OUT": str(out), "COPYDESK_PLUGIN": str(EDITORS / "nvim"), "COPYDESK_CMD": json.dumps(SERVER)}
    if fix:
        env["COPYDESK_FIX"] = json.dumps(fix)
    if hover:
        env["COPYDESK_HOVER"] = json.dumps(hover)
    if settings:
        env["COPYDESK_SETTINGS"] = json.dumps(settings)
    probe = EDITORS / "nvim" / "test" / "probe.lua"
    return run_editor(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {probe}", str(story)], out, env, tmp_path)


@needs_nvim
@pytest.mark.parametrize(
    "name, filetype, settings", [("story.txt", "text", None), ("story.md", "markdown", SETTINGS)], ids=["text", "markdown"]
)
def test_neovim_shows_findings_and_applies_a_quick_fix(tmp_path, name, filetype, settings):
    story = project(tmp_path, STORY, name)
    text = story.read_text(encoding="utf-8")
    before = findings(story, text, settings)
    if settings:  # so that seeing `before` proves the settings reached the server
        assert before != findings(story, text)
    finding, fix = target(before)
    line, col = byte_position(text, finding.start)
    report = run_nvim(story, tmp_path, {"line": line, "col": col, "title": fix.title}, settings)
    assert report["filetype"] == filetype
    # the server started with the editor: the text rules' findings came first, while spaCy loaded
    assert report.get("early") == 1
    assert seen_by_vim(report["before"]) == vim_diagnostics(text, before)
    assert {d["source"] for d in report["before"]} == {"copydesk"}
    assert all(d["href"] for d in report["before"]), "every diagnostic links to its rule's docs"

    assert_fixed(report, story, text, before, finding, fix, settings, strip_eol=True)
    fixed = apply(text, [fix])[0]
    assert seen_by_vim(report["after"]) == vim_diagnostics(fixed, findings(story, fixed, settings))


@needs_nvim
@pytest.mark.parametrize("name, case", FIXABLE)
def test_neovim_applies_each_rules_fix(tmp_path, name, case):
    story = case_project(tmp_path, name, case)
    text = story.read_text(encoding="utf-8")
    before = findings(story, text)
    finding, fix = first_fix(before, name)
    line, col = byte_position(text, finding.start)
    report = run_nvim(story, tmp_path, {"line": line, "col": col, "title": fix.title})
    assert seen_by_vim(report["before"]) == vim_diagnostics(text, before)
    assert_fixed(report, story, text, before, finding, fix, None, strip_eol=True)


@needs_nvim
def test_neovim_consistency_story_diagnostics_hover_and_fix(tmp_path):
    """A story that contradicts itself once per consistency rule, on an AP desk: Neovim shows each
    rule's diagnostic, a hover on each shows that rule's docs, and the house-spelling fix applies."""
    (tmp_path / ".copydesk.toml").write_text(tomlkit.dumps(AP_CONSISTENCY))
    story = tmp_path / "story.txt"
    story.write_bytes(CONSISTENCY.read_bytes())
    text = story.read_text(encoding="utf-8")
    before = findings(story, text)
    rules = {name for name, rule in registry().items() if rule.group == "consistency"}
    assert {f.rule for f in before} == rules
    finding, fix = first_fix(before, "mixed-spelling")
    assert fix.safe  # the house's spelling
    line, col = byte_position(text, finding.start)
    firsts = {f.rule: f for f in reversed(before)}
    hover = [dict(zip(("line", "col"), byte_position(text, f.start))) for f in firsts.values()]
    report = run_nvim(story, tmp_path, {"line": line, "col": col, "title": fix.title}, hover=hover)
    assert seen_by_vim(report["before"]) == vim_diagnostics(text, before)
    for rule, shown in zip(firsts, report["hovers"]):
        assert f"**{rule}**" in shown and "What it flags" in shown, (rule, shown)
    assert_fixed(report, story, text, before, finding, fix, None, strip_eol=True)


@needs_nvim
def test_neovim_clean_story_gets_an_empty_publish(tmp_path):
    story = project(tmp_path, CLEAN, CLEAN.name)
    text = story.read_text(encoding="utf-8")
    report = run_nvim(story, tmp_path)
    assert report["published"] >= 1
    assert seen_by_vim(report["before"]) == vim_diagnostics(text, findings(story, text))


# -- Emacs -----------------------------------------------------------------------------------------

EGLOT_TYPE = {4: "eglot-error", 3: "eglot-warning", 2: "eglot-note", 1: "eglot-note"}


def flymake_diagnostics(found: list[Finding]) -> list[tuple]:
    """What Flymake should hold: character offsets, eglot's "source [code]: message" text."""
    return sorted(
        (f.rule, f.message, f"copydesk [{f.rule}]: {f.message}", EGLOT_TYPE[int(f.severity)], f.start, f.end)
        for f in found
    )


def seen_by_emacs(items: list[dict]) -> list[tuple]:
    return sorted((d["code"], d["message"], d["text"], d["type"], d["start"], d["end"]) for d in items)


@functools.cache
def emacs_has(feature: str) -> bool:
    if not shutil.which("emacs"):
        return False
    done = subprocess.run(["emacs", "--batch", "--eval", f"(require '{feature})"], capture_output=True, timeout=60)
    return done.returncode == 0


def needs_emacs(*features: str) -> None:
    for feature in ("eglot", *features):
        if not emacs_has(feature):
            pytest.skip(f"Emacs with {feature} is not installed (.ci/run installs emacs-nox, elpa-eglot, elpa-markdown-mode)")


def run_emacs(story: Path, tmp_path: Path, fix: dict, settings: dict | None = None) -> dict:
    out = tmp_path / "emacs.json"
    env = {
        "COPYDESK_PROBE_OUT": str(out),
        "COPYDESK_PLUGIN": str(EDITORS / "emacs"),
        "COPYDESK_CMD": json.dumps(SERVER),
        "COPYDESK_STORY": str(story),
        "COPYDESK_FIX": json.dumps(fix),
    }
    if settings:
        env["COPYDESK_SETTINGS"] = json.dumps(settings)
    return run_editor(["emacs", "--batch", "-l", str(EDITORS / "emacs" / "test" / "probe.el")], out, env, tmp_path)


@pytest.mark.parametrize("name, mode", [("story.txt", "text-mode"), ("story.md", "markdown-mode")], ids=["text", "markdown"])
def test_emacs_eglot_shows_findings_and_applies_a_quick_fix(tmp_path, name, mode):
    needs_emacs(mode)
    story = project(tmp_path, STORY, name)
    text = story.read_text(encoding="utf-8")
    before = findings(story, text, SETTINGS)
    assert before != findings(story, text)  # so that seeing `before` proves the settings reached the server
    finding, fix = target(before)
    report = run_emacs(story, tmp_path, {"offset": finding.start, "title": fix.title}, SETTINGS)
    assert report["mode"] == mode
    assert seen_by_emacs(report["before"]) == flymake_diagnostics(before)

    assert_fixed(report, story, text, before, finding, fix, SETTINGS)
    assert seen_by_emacs(report["after"]) == flymake_diagnostics(findings(story, apply(text, [fix])[0], SETTINGS))


@pytest.mark.parametrize("name, case", FIXABLE)
def test_emacs_eglot_applies_each_rules_fix(tmp_path, name, case):
    needs_emacs()
    story = case_project(tmp_path, name, case)
    text = story.read_text(encoding="utf-8")
    before = findings(story, text)
    finding, fix = first_fix(before, name)
    report = run_emacs(story, tmp_path, {"offset": finding.start, "title": fix.title})
    assert seen_by_emacs(report["before"]) == flymake_diagnostics(before)
    assert_fixed(report, story, text, before, finding, fix, None)


# -- a missing server: a message with the fix, not a stack trace -------------------------------------

MISSING = ["/nonexistent/bin/copydesk", "serve"]


@needs_nvim
def test_neovim_says_how_to_install_a_missing_server(story):
    script = (
        f"vim.opt.runtimepath:prepend({json.dumps(str(EDITORS / 'nvim'))}) "
        "local said = {} vim.notify = function(msg, level) table.insert(said, {msg, level}) end "
        f"local ok = require('copydesk').setup({{ cmd = vim.json.decode({json.dumps(json.dumps(MISSING))}) }}) "
        "io.stdout:write(vim.json.encode({ ok = ok, said = said, clients = #vim.lsp.get_active_clients() }))"
    )
    done = subprocess.run(["nvim", "--headless", "--clean", "-n", "-c", f"lua {script}", "-c", "qa!", str(story)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["clients"] == 0
    [(message, level)] = report["said"]
    assert level == 4  # vim.log.levels.ERROR
    assert "'/nonexistent/bin/copydesk' was not found" in message and "pip install" in message


def test_emacs_says_how_to_install_a_missing_server(story):
    needs_emacs()
    lisp = f"""
      (progn
        (add-to-list 'load-path {json.dumps(str(EDITORS / "emacs"))})
        (require 'copydesk)
        (setq copydesk-server-command '({" ".join(json.dumps(a) for a in MISSING)}))
        (copydesk-setup)
        (find-file {json.dumps(str(story))})
        ;; Where the command loop would show the error of a post-command hook, print it.
        (condition-case err (run-hooks 'post-command-hook)
          (error (princ (format "%s: %s" (car err) (error-message-string err)))))
        (princ (format "\\nservers: %d" (length (hash-table-values eglot--servers-by-project)))))"""
    done = subprocess.run(["emacs", "--batch", "--eval", lisp], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    # Emacs curls the quotes of `...' in messages.
    assert re.search(r"^user-error: copydesk: .?/nonexistent/bin/copydesk.? was not found", done.stdout), done.stdout
    assert "pip install" in done.stdout and "servers: 0" in done.stdout


def test_emacs_package_byte_compiles_cleanly(tmp_path):
    needs_emacs()
    source = tmp_path / "copydesk.el"
    shutil.copy(EDITORS / "emacs" / "copydesk.el", source)
    done = subprocess.run(
        ["emacs", "--batch", "--eval", "(setq byte-compile-error-on-warn t)", "-f", "batch-byte-compile", str(source)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0 and (tmp_path / "copydesk.elc").exists(), done.stderr


@needs_nvim
def test_neovim_outline_lists_the_storys_sources(story, tmp_path):
    """The story's sources as Neovim's document symbols: what :lua vim.lsp.buf.document_symbol() lists."""
    out = tmp_path / "outline.json"
    env = {"COPYDESK_PROBE_OUT": str(out), "COPYDESK_PLUGIN": str(EDITORS / "nvim"), "COPYDESK_CMD": json.dumps(SERVER)}
    probe = EDITORS / "nvim" / "test" / "outline.lua"
    report = run_editor(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {probe}", str(story)], out, env, tmp_path)
    names = [s["name"] for s in report["symbols"]]
    assert {"the Russian Defense Ministry", "Russian officials", "The US Central Command"} <= set(names)
    unnamed = next(s for s in report["symbols"] if s["detail"].startswith("pronoun"))
    # "They agreed", "He reported", "he said", "he declined to answer": nobody named before them
    assert unnamed["name"] == "(nobody named)" and len(unnamed["children"]) == 4
    # Neovim's own flattening, as its location list shows it: every attribution on its line.
    text = story.read_text(encoding="utf-8").split("\n")
    reported = next(i for i in report["items"] if i["text"].startswith("[Event] reported"))
    assert text[reported["lnum"] - 1].startswith("He reported that")
