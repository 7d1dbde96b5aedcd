from __future__ import annotations

import io
import json
import re
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
    write(tmp_path / ".copydesk.toml", "select = [%s]\n" % ", ".join(f'"{r}"' for r in TEXT_RULES))
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
