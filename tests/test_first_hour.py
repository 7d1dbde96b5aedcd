"""What a newsroom developer does in the first hour, run as README writes it: `copydesk init`, the
pre-commit hook through pre-commit itself on a scratch repository, and the GitHub Actions workflow's
`run:` steps in a fresh virtual environment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, write

README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent  # where the copydesk under test has its console script
DIRTY = "Headline\n\nThe us -led coalition struck twice on Tuesday.\n"
CLEAN = "Headline\n\nThe U.S.-led coalition struck twice on Tuesday.\n"


def readme_block(heading: str, language: str) -> str:
    """The first fenced block of `language` under a README heading."""
    section = README[README.index(heading):]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def sh(args: list[str] | str, cwd: Path, env: dict[str, str] | None = None, shell: bool = False):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, shell=shell,
                          env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **(env or {})},
                          stdin=subprocess.DEVNULL)


def test_init_writes_a_commented_config_that_loads_and_never_overwrites(tmp_path):
    done = sh(["copydesk", "init", "--country-form", "US", "--dash", " – "], tmp_path)
    assert done.returncode == 0 and "wrote" in done.stdout, done.stderr
    written = (tmp_path / ".copydesk.toml").read_text(encoding="utf-8")
    data = tomllib.loads(written)
    assert data["house"] == {"country_form": "US", "dash": " – "}
    assert data["gazetteer"] == {} and "[house_rules." in written  # an example to copy, commented out
    assert sh(["copydesk", "lint", "--config", ".copydesk.toml", "-"], tmp_path).returncode == 0
    again = sh(["copydesk", "init"], tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert (tmp_path / ".copydesk.toml").read_text(encoding="utf-8") == written
    # The US house form reaches the rules: "U.S." is now the one to change.
    write(tmp_path / "story.txt", CLEAN)
    assert "country-abbreviation" in sh(["copydesk", "lint", "story.txt"], tmp_path).stdout


def test_the_readme_config_loads_and_its_overrides_apply_by_path(tmp_path):
    # README's configuration example as written: opinion columns drop unattributed-claim, the
    # archive drops typography, news copy keeps both.
    write(tmp_path / ".copydesk.toml", readme_block("## Configuration", "toml"))
    story = "Regime forces were likely attempting to take an oilfield - the strikes went on.\n"
    for folder in ("news", "opinion", "archive"):
        write(tmp_path / folder / "story.txt", story)
    run = sh(["copydesk", "lint", "--format", "json", "--fail-on", "never", "."], tmp_path)
    assert run.returncode == 0, run.stderr
    rules = {Path(f["path"]).parent.name: {x["rule"] for x in f["findings"]} for f in json.loads(run.stdout)["files"]}
    assert {"unattributed-claim", "hyphen-as-dash"} <= rules["news"]
    assert "unattributed-claim" not in rules["opinion"] and "hyphen-as-dash" in rules["opinion"]
    assert "hyphen-as-dash" not in rules["archive"] and "unattributed-claim" in rules["archive"]


def test_pre_commit_runs_the_readme_hook_on_a_scratch_repository(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed for a pre-commit repository")
    repo = tmp_path / "newsroom"
    repo.mkdir()
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "GIT_AUTHOR_NAME": "Desk",
           "GIT_AUTHOR_EMAIL": "desk@example.org", "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org"}
    assert sh(["git", "init", "-q"], repo).returncode == 0
    assert sh(["copydesk", "init"], repo).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(readme_block("### pre-commit", "yaml"), encoding="utf-8")
    story = write(repo / "copy" / "story.txt", DIRTY)
    sh(["git", "add", "-A"], repo)
    run = sh([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "copy/story.txt:3:5: warning country-abbreviation" in run.stdout
    assert "spaced-hyphen" in run.stdout and "Failed" in run.stdout
    story.write_text(CLEAN, encoding="utf-8")
    sh(["git", "add", "-A"], repo)
    run = sh([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env)
    assert run.returncode == 0 and "Passed" in run.stdout, run.stdout + run.stderr


def test_actions_workflow_steps_run_as_written(tmp_path):
    workflow = yaml.safe_load(readme_block("### GitHub Actions", "yaml"))
    job = workflow["jobs"]["lint"]
    steps = [s["run"] for s in job["steps"] if "run" in s]
    assert [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif"
    ]
    assert job["env"]["COPYDESK_SOURCE"] == "${{ vars.COPYDESK_SOURCE }}"
    # actions/setup-python's fresh Python: a venv of ours, seeing the test environment's packages so
    # that only copydesk itself is built and installed from the source the variable names.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    checkout = tmp_path / "checkout"
    write(checkout / "copy" / "story.txt", DIRTY)
    env = {"COPYDESK_SOURCE": str(ROOT), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "VIRTUAL_ENV": str(venv), "NO_COLOR": "1"}
    results = []
    for step in steps:
        results.append(subprocess.run(["bash", "-e", "-c", step], cwd=checkout, capture_output=True, text=True,
                                      timeout=600, env={**os.environ, **env}, stdin=subprocess.DEVNULL))
    install, sarif, annotate = results
    assert install.returncode == 0, install.stderr[-3000:]
    where = subprocess.run([venv / "bin" / "python", "-c", "import copydesk; print(copydesk.__file__)"],
                           capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(venv)), "the workflow's copydesk is the one it installed"
    assert sarif.returncode == 0, sarif.stderr
    import json

    log = json.loads((checkout / "copydesk.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    assert annotate.returncode == 1  # the job fails on warnings
    assert "::warning file=copy/story.txt,line=3," in annotate.stdout
