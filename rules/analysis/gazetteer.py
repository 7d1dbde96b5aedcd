"""The house gazetteer: preferred spellings of names with their variants, kind and accepted
exonyms. copydesk ships a starter list (rules/data/gazetteer.toml); a project's config `gazetteer`
table, in the same shape, extends it and wins over it."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Entry:
    preferred: str
    variants: tuple[str, ...] = ()
    kind: str | None = None  # place, person or org
    exonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.preferred, *self.variants, *self.exonyms)


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._by_name = {n.casefold(): e for e in entries for n in e.names}

    def entry(self, spelling: str) -> Entry | None:
        return self._by_name.get(spelling.casefold())

    def is_exonym(self, spelling: str) -> bool:
        e = self.entry(spelling)
        return e is not None and spelling.casefold() in {x.casefold() for x in e.exonyms}


def entries(table: dict[str, Any]) -> list[Entry]:
    """Entries from a table shaped like the config's `gazetteer` (already schema-checked)."""
    out = []
    for preferred, value in table.items():
        if isinstance(value, list):
            value = {"variants": value}
        out.append(Entry(preferred, tuple(value.get("variants", ())), value.get("kind"), tuple(value.get("exonyms", ()))))
    return out


@lru_cache(maxsize=1)
def starter() -> dict[str, Any]:
    return tomllib.loads(resources.files("copydesk.rules").joinpath("data/gazetteer.toml").read_text("utf-8"))


def load(house: dict[str, Any] | None) -> Gazetteer:
    """The starter gazetteer with the house table laid over it."""
    return _load(json.dumps(house or {}, sort_keys=True))


@lru_cache(maxsize=8)
def _load(house_json: str) -> Gazetteer:
    house = entries(json.loads(house_json))
    claimed = {n.casefold() for e in house for n in e.names}
    # A house entry replaces every starter entry that shares a spelling with it, so a newsroom that
    # prefers "Deir al-Zor" lists it with its variants and the starter's "Deir ez-Zor" steps aside.
    kept = [e for e in entries(starter()) if not claimed & {n.casefold() for n in e.names}]
    return Gazetteer(kept + house)
