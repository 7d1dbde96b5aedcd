from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SEEDS = ROOT / "seeds"


#: The rules that need no NLP: quick, for tests of the machinery rather than of what the NLP finds.
TEXT_RULES = ["hyphen-as-dash", "page-furniture", "spaced-hyphen", "unbalanced-quotes"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A temporary newsroom folder, the working directory, whose config selects the text rules."""
    monkeypatch.chdir(tmp_path)
    # The text rules at warning, as these tests of the machinery were written (spaced-hyphen
    # defaults to info until its measured precision is high enough).
    write(tmp_path / ".copydesk.toml", "select = [%s]\n\n[severity]\n%s" % (
        ", ".join(f'"{r}"' for r in TEXT_RULES), "".join(f'{r} = "warning"\n' for r in TEXT_RULES)))
    return tmp_path


def corpus(*parts: str) -> Path:
    """A path under ../shared/corpora, or skip the test with the reason."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation corpus not present: {path}")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)

    @property
    def lines(self) -> list[str]:
        """The finding lines of text output, without the closing summary."""
        return listing(self.out)


def listing(out: str) -> list[str]:
    lines = out.splitlines()
    return lines[:-1] if lines and re.match(r"(Found \d+ finding|No findings in )", lines[-1]) else lines


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `copydesk ARGS...` through the real main() in this process (spaCy loads once per
    test run), with optional bytes on stdin. Returns the exit code, stdout and stderr."""
    from copydesk.cli import main

    def run(*args, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits for --version and usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


# -- the VS Code extension, built once for tests/test_editors_vscode*.py --------------------------------

VSCODE_EXTENSION = ROOT / "editors" / "vscode"


def npm(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["npm", "--no-fund", "--no-audit", *args], cwd=folder, capture_output=True, text=True, timeout=600,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, f"npm {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def vscode_extension(tmp_path_factory) -> Path:
    """editors/vscode built the documented way (`npm ci && npm run package`) in a temp copy: the
    folder, with node_modules and copydesk.vsix in it."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to build the VS Code extension")
    folder = tmp_path_factory.mktemp("vscode") / "copydesk"
    built = {"node_modules", "out"}
    shutil.copytree(
        VSCODE_EXTENSION, folder, ignore=lambda _, names: [n for n in names if n in built or n.endswith(".vsix")]
    )
    npm(folder, "ci")
    npm(folder, "run", "package")
    return folder
