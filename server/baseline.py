"""Baselines: record today's findings so that only new ones are reported, for legacy archives and
gradual adoption.

A finding is known by its file, its rule and a fingerprint of the flagged text and the sentence
around it, never its line or offset: an edit elsewhere in the story leaves it recognised, while
rewording the sentence makes it new. Identical findings in one file are counted, so a second copy
of a baselined error is still reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import IO

from copydesk.rules.api import Finding

VERSION = 1

# A sentence ends at . ! ? (and any closing quotes or brackets) before whitespace, or at a blank line.
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+|\n[ \t\r]*\n")
_REACH = 600  # characters looked at on each side for the sentence's ends


def fingerprint(text: str, f: Finding) -> str:
    window_start = max(0, f.start - _REACH)
    window = text[window_start : f.end + _REACH]
    start, end = f.start - window_start, f.end - window_start
    lo, hi = 0, len(window)
    for m in _BOUNDARY.finditer(window):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    sentence = " ".join(window[lo:hi].split())
    flagged = " ".join(text[f.start : f.end].split())
    return hashlib.sha256(f"{f.rule}\0{flagged}\0{sentence}".encode()).hexdigest()[:20]


def key(path: str, folder: Path) -> str:
    """A file's name in a baseline: relative to the baseline's folder, so the baseline works from
    any working directory."""
    return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()


class Baseline:
    """Findings already known, read from a --baseline file."""

    def __init__(self, path: Path):
        self.folder = path.resolve().parent
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            if data.get("version") != VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
            self.known = Counter((e["path"], e["rule"], e["fingerprint"]) for e in entries)
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: not a copydesk baseline ({type(exc).__name__}: {exc})") from None

    def new(self, path: str, findings: list[Finding], prints: list[str]) -> tuple[list[Finding], list[str]]:
        """The findings of `path` the baseline does not hold, and their fingerprints."""
        name = key(path, self.folder)
        kept, kept_prints = [], []
        for f, p in zip(findings, prints):
            k = (name, f.rule, p)
            if self.known[k] > 0:
                self.known[k] -= 1
            else:
                kept.append(f)
                kept_prints.append(p)
        return kept, kept_prints


class BaselineError(Exception):
    """A --baseline file that cannot be used; the message names it."""


class Recorder:
    """Writes a --write-baseline file entry by entry, to a temporary file renamed into place at the
    end, so a run that stops half-way leaves the previous baseline whole."""

    def __init__(self, path: Path):
        self.path = path
        self.folder = path.resolve().parent
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.out: IO[str] = self.tmp.open("w", encoding="utf-8")
        self.out.write(f'{{\n  "version": {VERSION},\n  "findings": [')
        self.first = True
        self.count = 0

    def add(self, path: str, findings: list[Finding], prints: list[str]) -> None:
        name = key(path, self.folder)
        for f, p in zip(findings, prints):
            entry = json.dumps({"path": name, "rule": f.rule, "fingerprint": p, "message": f.message}, ensure_ascii=False)
            self.out.write(("\n    " if self.first else ",\n    ") + entry)
            self.first = False
            self.count += 1

    def close(self) -> None:
        self.out.write(("" if self.first else "\n  ") + "]\n}\n")
        self.out.close()
        os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        self.out.close()
        self.tmp.unlink(missing_ok=True)
