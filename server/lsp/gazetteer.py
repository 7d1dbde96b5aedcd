"""The house gazetteer in a project's config file, edited in place with tomlkit so that the
newsroom's comments and layout survive."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit

from copydesk.config import Config


def add(path: Path, spelling: str, variants: list[str]) -> None:
    """Make `spelling` the house spelling, with `variants` as its known variants.

    A pyproject.toml gets it under [tool.copydesk.gazetteer]; any other file under [gazetteer].
    The spelling stops being a variant of any other entry. Raises ConfigError (via validation)
    rather than write a file the linter could not read back."""
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    root = doc
    if path.name == "pyproject.toml":
        root = _table(_table(doc, "tool"), "copydesk")
    table = _table(root, "gazetteer")
    variants = [v for v in dict.fromkeys(variants) if v != spelling]
    for key in list(table.keys()):
        if key == spelling:
            continue
        entry = table[key]
        listed = entry.get("variants", []) if isinstance(entry, dict) else entry
        if spelling in listed:
            listed.remove(spelling)
    entry = table.get(spelling)
    if isinstance(entry, dict):
        listed = entry.setdefault("variants", tomlkit.array())
        listed.extend(v for v in variants if v not in listed)
    else:
        listed = tomlkit.array()
        listed.extend(dict.fromkeys([*(entry or []), *variants]))
        table[spelling] = listed
    settings = doc.unwrap()
    if path.name == "pyproject.toml":
        settings = settings["tool"]["copydesk"]
    Config.from_dict(settings, path)  # never write what cannot be read back
    _write(path, tomlkit.dumps(doc))


def _table(parent, key: str):
    if key not in parent:
        parent[key] = tomlkit.table()
    return parent[key]


def _write(path: Path, text: str) -> None:
    # Temp file and rename: an interrupted write never leaves half a config behind.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
