"""Editor settings: the server's own options plus config keys laid over the project's config file.

They arrive from `initializationOptions`, `workspace/configuration` (section "copydesk") and
`workspace/didChangeConfiguration`. A bad entry never stops the server: it is dropped, the default
stands, and the problem is reported naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from copydesk.config import SCHEMA, Config, ConfigError, near
from copydesk.engine import rules_for

SECTION = "copydesk"

# The server's own options; every other key is a config key (see copydesk.config.SCHEMA).
SERVER_OPTIONS: dict[str, tuple[Any, str]] = {
    "enable": (lambda v: isinstance(v, bool), "true or false"),
    "lint_on": (lambda v: v in ("type", "save"), "'type' or 'save'"),
    "debounce": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10_000, "milliseconds, 0 to 10000"),
    "docs_url": (lambda v: isinstance(v, str) and v.strip() != "", "a URL, with {rule} where the rule's name goes"),
    "config_file": (lambda v: isinstance(v, str) and v.strip() != "", "a path to a .copydesk.toml or pyproject.toml"),
}


@dataclass
class Settings:
    enable: bool = True
    lint_on: str = "type"
    debounce: int = 0  # ms a change waits when it finds the last one still being linted
    docs_url: str | None = None
    config_file: str | None = None
    config: dict[str, Any] = field(default_factory=dict)  # config keys, validated one by one


def section(raw: Any) -> dict[str, Any]:
    """The copydesk settings in what an editor sent: the section itself or an object holding it."""
    if not isinstance(raw, dict):
        return {}
    inner = raw.get(SECTION)
    return inner if isinstance(inner, dict) else raw


def parse(*layers: Any) -> tuple[Settings, list[str]]:
    """Settings from layers of editor data, later ones winning; and a message per bad entry."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(section(layer))
    settings, problems = Settings(), []
    for key, value in merged.items():
        if key in SERVER_OPTIONS:
            ok, expected = SERVER_OPTIONS[key]
            if value is None:
                continue
            if ok(value):
                setattr(settings, key, value)
            else:
                problems.append(f"settings: bad value for {key!r}: expected {expected}; using the default")
        elif key in SCHEMA["properties"]:
            settings.config[key] = value
        else:
            problems.append(f"settings: unknown key {key!r}, ignored{near(key, [*SERVER_OPTIONS, *SCHEMA['properties']])}")
    return settings, problems


def layered(base: Config, overrides: dict[str, Any]) -> tuple[Config, list[str]]:
    """`base` with each valid override laid over it; an invalid one (wrong type, unknown rule)
    is left out with a message that names it, so the default for that key stands."""
    good: dict[str, Any] = {}
    problems = []
    for key, value in overrides.items():
        try:
            rules_for(base.merged({**good, key: value}))
        except ConfigError as exc:
            problems.append(f"{exc}; using the default for {key!r}")
            continue
        good[key] = value
    return (base.merged(good) if good else base), problems
