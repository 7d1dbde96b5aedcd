"""copydesk's rules: one module per rule, grouped by topic in subpackages.

`registry()` finds every Rule subclass below this package, so adding a rule is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache

from copydesk.rules.api import Rule
# House rules declared in config: the engine and config reach them through this package, the one
# door from the layers below into the rules.
from copydesk.rules.house.declared import SCHEMA as DECLARED_SCHEMA, DeclarationError, declared  # noqa: F401

GROUPS = ("attribution", "quotes", "names", "typography", "consistency", "house")


@cache
def registry() -> dict[str, type[Rule]]:
    """Every built-in rule by name, in name order."""
    found: dict[str, type[Rule]] = {}
    for group in GROUPS:
        package = importlib.import_module(f"{__name__}.{group}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, Rule) and obj.__module__ == module.__name__:
                    if getattr(obj, "name", None):
                        if obj.name in found:
                            raise RuntimeError(f"two rules named {obj.name!r}")
                        obj.group = group
                        found[obj.name] = obj
    return dict(sorted(found.items()))


def special_cases() -> frozenset[str]:
    """The words spaCy's tokenizer keeps whole for some built-in rule (Rule.special_cases)."""
    return frozenset().union(*(rule.special_cases for rule in registry().values()))


@cache
def _measured() -> dict:
    import tomllib
    from importlib import resources

    data = resources.files(__name__).joinpath("data/precision.toml")
    return tomllib.loads(data.read_text("utf-8")) if data.is_file() else {}


@dataclass(frozen=True)
class Precision:
    """A rule's precision as measured on real copy, blind-judged (bench/precision_audit.py)."""

    precision: float
    judged: int  # findings judged, the unclear ones left out
    sample: str  # the label files the figure comes from
    date: str = ""
    publications: dict[str, "Precision"] = field(default_factory=dict)  # by publication


def measured(name: str) -> Precision | None:
    """A rule's precision, pooled and per publication, or None when it has not been measured."""
    data = _measured()
    figures = data.get("rules", {}).get(name)
    if not figures:
        return None
    when = data.get("date", "")
    return Precision(
        precision=figures["precision"], judged=figures["judged"], sample=figures.get("sample", data.get("sample", "")),
        date=when, publications={
            pub: Precision(precision=f["precision"], judged=f["judged"], sample=f["sample"], date=when)
            for pub, f in figures.get("publications", {}).items()
        },
    )
