"""A real VS Code runs the extension: code-server 4.100.3 (VS Code 1.100.3's workbench) in Debian's
headless chromium, set up by editors/vscode/e2e/setup.sh into $COPYDESK_VSCODE_E2E. The extension is
the .vsix built the documented way from editors/vscode, the server this checkout's (the
`copydesk.server.python` setting is this interpreter).

Two hands reach into VS Code: editors/vscode/e2e/drive.js reads the page a user sees (the Problems
panel, notifications, the status bar), and the copydesk-e2e-driver extension (editors/vscode/e2e/
driver) calls VS Code's API (getDiagnostics, executeCodeActionProvider, applyEdit, executeCommand,
getConfiguration().update). What VS Code shows is compared with `copydesk lint --format json` on the
same text with the same settings, so the tests follow the rules as they change."""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import SEEDS, VSCODE_EXTENSION
from copydesk.fixes import apply
from copydesk.rules import registry
from copydesk.rules.api import Edit, Fix

E2E = VSCODE_EXTENSION / "e2e"
STORY = SEEDS / "coalition-strikes-deir-ezzour.txt"
#: A story that contradicts itself once for each consistency rule (tests/test_editors_real.py too).
CONSISTENCY = Path(__file__).resolve().parent / "stories" / "consistency.txt"
SETUP_VAR = "COPYDESK_VSCODE_E2E"
SCREENSHOT = "COPYDESK_VSCODE_SCREENSHOT"  # also save the Problems-panel screenshot here
BASE_SETTINGS = {
    "security.workspace.trust.enabled": False, "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off",
    "update.mode": "none", "extensions.autoCheckUpdates": False, "extensions.autoUpdate": False,
    "workbench.tips.enabled": False, "editor.wordWrap": "on", "workbench.colorTheme": "Default Dark Modern",
    "remote.autoForwardPorts": False,
}


@pytest.fixture(scope="module")
def harness() -> Path:
    """The folder setup.sh prepared, or skip, but fail in CI, where .ci/run must have prepared it."""
    value = os.environ.get(SETUP_VAR, "")
    if value and (Path(value) / "ready").is_file():
        return Path(value)
    why = (f"{SETUP_VAR}={value} holds no finished setup" if value else f"{SETUP_VAR} is not set") + (
        f": run `bash editors/vscode/e2e/setup.sh DIR` and set {SETUP_VAR}=DIR"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{why} (.ci/run does both)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def extensions(harness, vscode_extension, tmp_path_factory) -> list[Path]:
    """copydesk.vsix as `npm run package` built it, and the driver, packaged by the same vsce."""
    folder = tmp_path_factory.mktemp("driver") / "driver"
    shutil.copytree(E2E / "driver", folder)
    vsce = vscode_extension / "node_modules" / ".bin" / "vsce"
    done = subprocess.run([str(vsce), "package", "--no-dependencies", "--allow-missing-repository", "--out", "driver.vsix"],
                          cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return [vscode_extension / "copydesk.vsix", folder / "driver.vsix"]


# -- what the engine finds, as VS Code would hold it ----------------------------------------------

def engine(path: Path, *args: str, text: str | None = None) -> list[dict]:
    """`copydesk lint --format json` on the file (or on `text`, as that file) in its own folder, each
    finding as a VS Code diagnostic: code, message, severity, 0-based UTF-16 range."""
    cmd = [sys.executable, "-m", "copydesk", "lint", "--format", "json", "--fail-on", "never", *args]
    cmd += ["--stdin-filename", path.name, "-"] if text is not None else [path.name]
    done = subprocess.run(cmd, cwd=path.parent, input=text, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8") if text is None else text
    (report,) = json.loads(done.stdout)["files"]
    return sorted(
        ({"code": f["rule"], "message": f["message"], "severity": f["severity"],
          "range": [*position(text, f["start"]), *position(text, f["end"])], "fixes": f["fixes"]}
         for f in report["findings"]),
        key=order,
    )


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, len(text[start:offset].encode("utf-16-le")) // 2


def order(d: dict) -> tuple:
    return d["range"], d["code"], d["message"]


def shown(diagnostics: list[dict]) -> list[dict]:
    """What VS Code holds of each diagnostic, comparable with engine()."""
    return sorted(({k: d[k] for k in ("code", "message", "severity", "range")} for d in diagnostics), key=order)


def apply_fix(text: str, fix: dict) -> str:
    """The text with a fix from engine() applied, by copydesk's own fixes.apply."""
    return apply(text, [Fix(title=fix["title"], edits=tuple(Edit(**e) for e in fix["edits"]), safe=fix["safe"])])[0]


def until(probe: Callable[[], Any], done: Callable[[Any], bool], timeout: float = 120) -> Any:
    """Poll until `done(value)`; return the last value either way, for the assertion that follows."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.25)


# -- a VS Code session ----------------------------------------------------------------------------

class VSCode:
    """code-server on a fresh profile with these extensions and user settings, the workspace open in
    headless chromium. `api(op, ...)` asks the driver extension, `page(op, ...)` asks drive.js."""

    def __init__(self, harness: Path, home: Path, workspace: Path, extensions: list[Path], settings: dict) -> None:
        self.harness, self.home, self.workspace = harness, home, workspace
        self.io = home / "io"
        self.ids = itertools.count(1)
        self.env = {
            **os.environ, "HOME": str(home / "home"), "XDG_CONFIG_HOME": str(home / "home" / ".config"),
            "XDG_DATA_HOME": str(home / "home" / ".local" / "share"), "XDG_CACHE_HOME": str(home / "home" / ".cache"),
            "PATH": f"{harness / 'bin'}{os.pathsep}{os.environ['PATH']}", "COPYDESK_E2E_DIR": str(self.io),
        }
        self.code_server = harness / "harness" / "node_modules" / ".bin" / "code-server"
        self.profile = ["--user-data-dir", str(home / "user"), "--extensions-dir", str(home / "extensions")]
        (home / "user" / "User").mkdir(parents=True)
        (home / "home").mkdir()
        self.io.mkdir()
        # As README says, in the folder that built it: `code --install-extension copydesk.vsix`.
        here = extensions[0].parent
        installs = [arg for vsix in extensions for arg in ("--install-extension", os.path.relpath(vsix, here))]
        done = subprocess.run([str(self.code_server), *self.profile, *installs], cwd=here, env=self.env,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stdout + done.stderr
        # A code-server window is a remote window: VS Code reads machine-scoped settings (where the
        # server is) from the remote's settings (Machine/), as its Settings editor writes them.
        scopes = json.loads((VSCODE_EXTENSION / "package.json").read_text())["contributes"]["configuration"]["properties"]
        machine = {k: v for k, v in settings.items() if scopes.get(k, {}).get("scope", "").startswith("machine")}
        user = {k: v for k, v in settings.items() if k not in machine}
        (home / "user" / "User" / "settings.json").write_text(json.dumps({**BASE_SETTINGS, **user}, indent=1))
        (home / "user" / "Machine").mkdir(exist_ok=True)
        (home / "user" / "Machine" / "settings.json").write_text(json.dumps(machine, indent=1))
        self.server: subprocess.Popen | None = None
        self.browser: subprocess.Popen | None = None
        self.files: list = []

    def __enter__(self) -> VSCode:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        log = self.home / "code-server.log"
        self.files = [log.open("w"), (self.home / "drive.log").open("w")]
        self.server = subprocess.Popen(
            [str(self.code_server), "--bind-addr", "127.0.0.1:0", "--auth", "none", "--disable-telemetry",
             "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
             *self.profile, str(self.workspace)],
            env=self.env, stdout=self.files[0], stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # a process group of its own, for close()
        )
        port = until(lambda: re.search(r"HTTP server listening on http://127\.0\.0\.1:(\d+)/", log.read_text()),
                     lambda m: m is not None or self.server.poll() is not None, timeout=60)
        assert port, f"code-server did not start:\n{log.read_text()[-3000:]}"
        self.answers: queue.Queue = queue.Queue()
        self.browser = subprocess.Popen(
            ["node", str(E2E / "drive.js")], env={**self.env, "NODE_PATH": str(self.harness / "harness" / "node_modules")},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.files[1], text=True,
        )
        threading.Thread(target=self._read, args=(self.browser.stdout,), daemon=True).start()
        self.page("open", url=f"http://127.0.0.1:{port[1]}/?folder={self.workspace}", timeout=180)
        ready = until(lambda: (self.io / "ready").exists(), bool, timeout=120)
        assert ready, f"the driver extension did not start:\n{self.logs()}"

    def _read(self, stream) -> None:
        for line in stream:
            self.answers.put(json.loads(line))

    def page(self, op: str, timeout: float = 60, **args) -> Any:
        """Ask drive.js, in the browser's page."""
        request = {"id": next(self.ids), "op": op, **args}
        self.browser.stdin.write(json.dumps(request) + "\n")
        self.browser.stdin.flush()
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"drive.js did not answer {op} in {timeout}s:\n{self.logs()}")
        assert answer["id"] == request["id"]
        assert answer["ok"], f"drive.js {op}: {answer['error']}"
        return answer["result"]

    def api(self, op: str, timeout: float = 60, **args) -> Any:
        """Ask the driver extension, through VS Code's API."""
        n = next(self.ids)
        tmp = self.io / "requests" / f"{n}.json.tmp"
        tmp.write_text(json.dumps({"op": op, **args}))
        tmp.rename(tmp.with_suffix(""))
        answer = self.io / "responses" / f"{n}.json"
        if not until(answer.exists, bool, timeout=timeout):
            pytest.fail(f"the driver extension did not answer {op} in {timeout}s:\n{self.logs()}")
        result = json.loads(answer.read_text())
        assert result["ok"], f"{op}: {result['error']}"
        return result["result"]

    def diagnostics(self, file: Path) -> list[dict]:
        return shown(self.api("state", file=str(file))["diagnostics"])

    def servers(self) -> list[int]:
        """The copydesk servers this VS Code runs (their environment names this session)."""
        mine = f"COPYDESK_E2E_DIR={self.io}".encode()
        found = []
        for proc in Path("/proc").iterdir():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
                if b"copydesk" in cmdline and b"serve" in cmdline and mine in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except (OSError, ValueError):
                continue  # not a process, or gone
        return found

    def output(self) -> str:
        """The copydesk output channel, as VS Code logged it."""
        logs = sorted((self.home / "user" / "logs").glob("*/exthost*/output_logging_*/*-copydesk.log"))
        return "".join(p.read_text() for p in logs)

    def logs(self) -> str:
        parts = [(self.home / name) for name in ("code-server.log", "drive.log")]
        text = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in parts if p.exists())
        return f"{text}\n--- copydesk output\n{self.output()[-2000:]}"

    def close(self) -> None:
        if self.browser and self.browser.poll() is None:
            try:
                self.page("close", timeout=30)
            except BaseException:
                self.browser.kill()
            self.browser.wait(timeout=30)
        if self.server:  # code-server, its extension host and the copydesk servers it started: its group
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.server.pid, sig)
                    self.server.wait(timeout=30)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue
        for f in self.files:
            f.close()


def story(workspace: Path, name: str) -> Path:
    path = workspace / name
    path.write_bytes(STORY.read_bytes())
    return path


def settle(vs: VSCode, file: Path, expected: list[dict], timeout: float = 180) -> list[dict]:
    """VS Code's diagnostics for the file once they equal `expected` (or the last seen, on timeout)."""
    return until(lambda: vs.diagnostics(file), lambda seen: seen == shown(expected), timeout=timeout)


@pytest.fixture(scope="module")
def desk(harness, extensions, tmp_path_factory):
    """One VS Code for the tests below, on a workspace with no copydesk config; each test opens its
    own copy of the founding story and leaves the workspace's settings and files as it found them."""
    workspace = tmp_path_factory.mktemp("vscode-e2e") / "newsdesk"
    workspace.mkdir()
    with VSCode(harness, tmp_path_factory.mktemp("vscode"), workspace, extensions,
                {"copydesk.server.python": sys.executable}) as vs:
        yield vs


# -- the tests ------------------------------------------------------------------------------------

def test_problems_panel_shows_the_engines_findings(desk, tmp_path):
    path = story(desk.workspace, STORY.name)
    expected = engine(path)
    assert len(expected) >= 10
    desk.api("open", file=str(path))
    # Through the API: VS Code holds exactly what the engine finds, code and message intact.
    assert settle(desk, path, expected) == shown(expected)
    # On the page: the Problems panel lists them, each with its source, code, message and place.
    desk.api("command", command="workbench.actions.view.problems")
    want = sorted((d["severity"], d["code"], d["message"], d["range"][0] + 1, d["range"][1] + 1) for d in expected)

    def panel() -> list[tuple]:
        return sorted((p["severity"], p["code"], p["message"], p["line"], p["column"])
                      for p in desk.page("problems")["problems"] if p["file"] == path.name and p["source"] == "copydesk")

    assert until(panel, lambda seen: seen == want, timeout=60) == want
    status = {item["id"]: item for item in desk.page("statusbar")}
    assert any(s["text"] == "copydesk" and "linting" in s["label"] for s in status.values()), status
    # Paging through the panel revealed each problem in the editor: back to the top of the story.
    desk.api("command", command="workbench.action.focusActiveEditorGroup")
    desk.api("command", command="cursorTop")
    shot = desk.page("screenshot", path=str(tmp_path / "vscode.png"))["path"]
    if os.environ.get(SCREENSHOT):
        shutil.copyfile(shot, os.environ[SCREENSHOT])


def test_quick_fix_through_vscode_code_actions(desk):
    path = story(desk.workspace, "quick-fix.txt")
    text = path.read_text(encoding="utf-8")
    expected = engine(path)
    desk.api("open", file=str(path))
    assert settle(desk, path, expected) == shown(expected)
    # The spelling finding whose fix spells every mention the house way (Deir Ezzour, Deir az-Zour).
    target, fix = next((d, f) for d in expected if d["code"] == "inconsistent-spelling" and "house spelling" in d["message"]
                       for f in d["fixes"] if f["safe"] and len(f["edits"]) > 1)
    house = re.search(r"the house spelling is '([^']+)'", target["message"])[1]
    offered = desk.api("actions", file=str(path), range=target["range"])
    action = next(a for a in offered if a["title"] == fix["title"])
    assert action["kind"] == "quickfix" and action["edit"]

    assert desk.api("apply", file=str(path), range=target["range"], title=fix["title"])["applied"] is True
    fixed = apply_fix(text, fix)
    assert fixed != text and house in fixed
    after = engine(path, text=fixed)
    state = until(lambda: desk.api("state", file=str(path)),
                  lambda s: s["text"] == fixed and shown(s["diagnostics"]) == shown(after))
    assert state["text"] == fixed
    assert shown(state["diagnostics"]) == shown(after)
    # The finding is gone: no mention of the name is flagged any more, and the text reads the house way.
    spellings = {text[e["start"]:e["end"]] for e in fix["edits"]}
    assert not [d for d in state["diagnostics"] if d["code"] == target["code"] and any(s in d["message"] for s in spellings)]
    assert all(s not in state["text"] for s in spellings - {house}) and state["text"].count(house) == len(fix["edits"])


def test_consistency_story_diagnostics_hover_and_fix(desk):
    """A story that contradicts itself once per consistency rule, in a folder whose config is an AP
    desk's: VS Code holds each rule's diagnostic, a hover on each shows the rule's docs, and the
    house-spelling quick fix applies through VS Code's code actions."""
    folder = desk.workspace / "consistency"
    folder.mkdir()
    (folder / ".copydesk.toml").write_text('select = ["consistency"]\n\n[house]\nstyle = "ap"\n')
    path = folder / "story.txt"
    path.write_bytes(CONSISTENCY.read_bytes())
    text = path.read_text(encoding="utf-8")
    expected = engine(path)
    assert {d["code"] for d in expected} == {name for name, rule in registry().items() if rule.group == "consistency"}
    desk.api("open", file=str(path))
    assert settle(desk, path, expected) == shown(expected)
    for d in {d["code"]: d for d in reversed(expected)}.values():
        hovers = desk.api("hover", file=str(path), position=d["range"][:2])
        assert any(f"**{d['code']}**" in h and "What it flags" in h for h in hovers), (d["code"], hovers)

    target = next(d for d in expected if d["code"] == "mixed-spelling")
    fix = next(f for f in target["fixes"] if f["safe"])
    assert desk.api("apply", file=str(path), range=target["range"], title=fix["title"])["applied"] is True
    fixed = apply_fix(text, fix)
    after = engine(path, text=fixed)
    state = until(lambda: desk.api("state", file=str(path)),
                  lambda s: s["text"] == fixed and shown(s["diagnostics"]) == shown(after))
    assert state["text"] == fixed and "defense" in fixed
    assert shown(state["diagnostics"]) == shown(after)
    assert not [d for d in state["diagnostics"] if d["code"] == "mixed-spelling"]


def test_add_to_gazetteer_writes_the_workspace_config(desk):
    config = desk.workspace / ".copydesk.toml"
    assert not config.exists()
    path = story(desk.workspace, "gazetteer.txt")
    before = engine(path)
    desk.api("open", file=str(path))
    assert settle(desk, path, before) == shown(before)
    # A name spelled two ways with no house spelling yet (Khisham / Khusham).
    target = next(d for d in before if d["code"] == "inconsistent-spelling" and "house spelling" not in d["message"])
    spelling = re.match(r"'([^']+)'", target["message"])[1]
    offered = desk.api("actions", file=str(path), range=target["range"])
    action = next(a for a in offered if a["command"] and a["command"]["command"] == "copydesk.addToGazetteer")
    assert spelling in action["title"]
    try:
        # Chosen as from the Quick Fix menu: VS Code runs the action's command, which the language
        # client hands to the server (workspace/executeCommand).
        result = desk.api("apply", file=str(path), range=target["range"], title=action["title"])["result"]
        assert Path(result) == config and config.is_file()
        assert spelling in config.read_text(encoding="utf-8")
        after = engine(path)
        assert after != before
        assert any(f"the house spelling is '{spelling}'" in d["message"] for d in after)
        assert settle(desk, path, after) == shown(after)
    finally:
        config.unlink(missing_ok=True)
    assert settle(desk, path, before) == shown(before)  # the server saw the file go


def test_settings_change_the_diagnostics(desk, tmp_path):
    path = story(desk.workspace, "settings.txt")
    before = engine(path)
    desk.api("open", file=str(path))
    assert settle(desk, path, before) == shown(before)
    # The same settings for the engine: --ignore, and the house style in a config file.
    house = tmp_path / "house.toml"
    house.write_text('[house]\ncountry_form = "US"\n')
    after = engine(path, "--ignore", "page-furniture", "--config", str(house))
    assert after != before
    try:
        desk.api("configure", settings={"ignore": ["page-furniture"], "house.countryForm": "US"})
        assert settle(desk, path, after) == shown(after)
    finally:
        desk.api("configure", settings={"ignore": None, "house.countryForm": None})
    assert settle(desk, path, before) == shown(before)


@pytest.mark.parametrize(
    "restart",
    [
        lambda vs: vs.api("command", command="copydesk.restart", times=2),  # a double click on the status bar
        lambda vs: [vs.api("configure", settings={"enable": v}) for v in (False, None)],  # off and straight back on
    ],
    ids=["restart-twice", "toggle-enable"],
)
def test_restarts_in_quick_succession_leave_one_server(desk, restart):
    """Two restarts asked for at once run one after the other: one server runs at the end, and it
    lints the open story."""
    path = story(desk.workspace, "restart.txt")
    expected = engine(path)
    desk.api("open", file=str(path))
    assert settle(desk, path, expected) == shown(expected)
    assert len(desk.servers()) == 1
    restart(desk)
    assert settle(desk, path, expected) == shown(expected)
    status = until(lambda: desk.page("statusbar"), lambda items: any("linting" in s["label"] for s in items), timeout=30)
    assert any(s["text"] == "copydesk" and "linting" in s["label"] for s in status), status
    assert len(until(desk.servers, lambda pids: len(pids) == 1, timeout=30)) == 1


def test_missing_server_says_how_to_install_it(harness, extensions, tmp_path):
    """No server where the settings point: the extension says how to install it, once per attempt,
    and picks the server up when the settings are put right, without a reload."""
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)  # a Python without copydesk
    python = bare / "bin" / "python"
    missing = tmp_path / "nowhere" / "copydesk"
    workspace = tmp_path / "desk"
    workspace.mkdir()
    path = story(workspace, "story.txt")
    settings = {"copydesk.server.path": str(missing), "copydesk.server.python": str(python)}
    with VSCode(harness, tmp_path / "vscode", workspace, extensions, settings) as vs:
        vs.api("open", file=str(path))

        def notice(text: str) -> dict | None:
            return next((n for n in vs.page("notifications") if text in n["message"]), None)

        first = until(lambda: notice(f"copydesk.server.path ({missing})"), bool, timeout=60)
        assert first, vs.page("notifications")
        assert "no such program" in first["message"] and "pip install" in first["message"]
        assert {"Open Settings", "Retry"} <= set(first["buttons"])
        status = [s for s in vs.page("statusbar") if "copydesk" in s["text"]]
        assert status and "not installed" in status[0]["label"], status

        vs.api("configure", settings={"server.path": ""})
        second = until(lambda: notice(f"copydesk.server.python ({python})"), bool, timeout=60)
        assert second and "No module named copydesk" in second["message"] and "pip install" in second["message"]

        vs.api("configure", settings={"server.python": sys.executable})
        expected = engine(path)
        assert settle(vs, path, expected) == shown(expected)
        # One message per attempt, no restarts of its own, no crashed server.
        failures = [line for line in vs.output().splitlines() if "could not be started" in line]
        assert len(failures) == 2, vs.output()
        assert not [n for n in vs.page("notifications") if "crashed" in n["message"]]
