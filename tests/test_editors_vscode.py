"""The VS Code extension, built the documented way (`npm ci && npm run package`) in a temp copy: the
compiled client's own tests pass under node's test runner, and the packaged .vsix holds a bundled
client and a manifest VS Code can load. tests/test_editors_vscode_e2e.py runs it in a real VS Code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

from conftest import VSCODE_EXTENSION as EXTENSION, npm


def test_client_tests_pass(vscode_extension):
    # COPYDESK_PYTHON makes the probe start this interpreter's `python -m copydesk` for real.
    done = npm(vscode_extension, "test", env={"COPYDESK_PYTHON": sys.executable})
    summary = dict(re.findall(r"^# (tests|pass|fail|skipped) (\d+)$", done.stdout, re.M))
    assert int(summary["tests"]) >= 10 and summary["fail"] == "0", done.stdout[-3000:]


def test_server_accepts_every_setting_the_client_sends(vscode_extension, tmp_path):
    from copydesk.config import Config
    from copydesk.lsp.settings import layered, parse

    user = {
        "select": ["attribution", "typography"], "ignore": ["page-furniture"],
        "severity": {"hyphen-as-dash": "info", "spaced-hyphen": "off"},
        "house.countryForm": "US", "house.dash": " – ", "configFile": ".copydesk.toml",
        "docsUrl": "https://style.example.org/{rule}", "lintOn": "save", "debounce": 400,
    }
    subprocess.run(["npx", "esbuild", "src/settings.ts", "--bundle", "--platform=node", "--outfile=out/settings.js"],
                   cwd=vscode_extension, check=True, capture_output=True)
    script = ("const s = require('./out/settings.js'); const user = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(s.serverSettings(s.readSettings(k => user[k]), process.argv[2])))")
    sent = json.loads(subprocess.check_output(["node", "-e", script, json.dumps(user), str(tmp_path)], cwd=vscode_extension))
    settings, problems = parse(sent)
    assert problems == []
    assert (settings.lint_on, settings.debounce, settings.config_file) == ("save", 400, str(tmp_path / ".copydesk.toml"))
    config, problems = layered(Config(), settings.config)
    assert problems == []
    assert (config.house["country_form"], config.severity["spaced-hyphen"]) == ("US", "off")


def test_vsix_holds_the_bundled_client_and_manifest(vscode_extension):
    with zipfile.ZipFile(vscode_extension / "copydesk.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        bundle = vsix.read("extension/out/extension.js").decode()
        vsixmanifest = vsix.read("extension.vsixmanifest").decode()
    source = json.loads((EXTENSION / "package.json").read_text())
    assert manifest["contributes"] == source["contributes"]
    assert f"extension/{manifest['main'].removeprefix('./')}" in names
    # Bundled by esbuild: no node_modules shipped, and the bundle needs only VS Code and node itself.
    assert not any("node_modules" in n for n in names)
    required = set(re.findall(r'require\("([^"]+)"\)', bundle))
    assert "vscode" in required
    builtins = json.loads(subprocess.check_output(["node", "-p", "JSON.stringify(require('module').builtinModules)"]))
    assert {r.removeprefix("node:") for r in required} - {"vscode"} <= set(builtins), required
    # The VS Code it declares is one the bundled language client supports.
    client = json.loads((vscode_extension / "node_modules" / "vscode-languageclient" / "package.json").read_text())
    assert manifest["engines"]["vscode"] == client["engines"]["vscode"]
    assert '<Identity Language="en-US" Id="copydesk" Version="0.1.0" Publisher="copydesk"' in vsixmanifest
    assert 'Id="Microsoft.VisualStudio.Code"' in vsixmanifest
    assert {"extension/LICENSE.txt", "extension/readme.md"} <= names
