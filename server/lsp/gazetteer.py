"""The house gazetteer in a project's config file, edited in place with tomlkit so that the
newsroom's comments and layout survive."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import tomlkit

from copydesk.config import Config
from copydesk.files import replace
from copydesk.rules.analysis import gazetteer as names


def add(path: Path, spelling: str, variants: list[str]) -> None:
    """Make `spelling` the house spelling of a name, `variants` among its variants.

    Entries (house or starter) that already hold the spelling or a variant fold into it, their
    preferred spelling becoming one more variant, so the name keeps one entry. A pyproject.toml gets
    it under [tool.copydesk.gazetteer], any other file under [gazetteer]. Raises ConfigError rather
    than write a file the linter could not read back."""
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    root = _table(_table(doc, "tool"), "copydesk") if path.name == "pyproject.toml" else doc
    table = _table(root, "gazetteer")
    known = names.load(table.unwrap())
    kind, exonyms, folded = None, [], []
    for name in [spelling, *variants]:
        entry = known.entry(name)
        if entry is None:
            continue
        folded += [entry.preferred, *entry.variants]
        exonyms += entry.exonyms
        kind = kind or entry.kind
        if entry.preferred in table and entry.preferred != spelling:
            del table[entry.preferred]
    taken = {spelling.casefold()}
    listed = []
    for name in [*variants, *folded]:
        if name.casefold() not in taken:
            taken.add(name.casefold())
            listed.append(name)
    if kind or exonyms:
        value = tomlkit.inline_table()
        value.update({"kind": kind} if kind else {})
        value["variants"] = listed
        value.update({"exonyms": list(dict.fromkeys(exonyms))} if exonyms else {})
    else:
        value = listed
    table[spelling] = value
    settings = doc.unwrap()
    Config.from_dict(settings["tool"]["copydesk"] if path.name == "pyproject.toml" else settings, path)
    _write(path, tomlkit.dumps(doc))


def _table(parent, key: str):
    if key not in parent:
        parent[key] = tomlkit.table()
    return parent[key]


def _write(path: Path, text: str) -> None:
    """Through a checked temporary copy, keeping the file's mode, owner and links
    (copydesk.files.replace); a new file is made as any other, by the umask."""
    real = os.path.realpath(path)
    with contextlib.suppress(FileExistsError):
        open(real, "x").close()
    replace(real, text.encode("utf-8"))
