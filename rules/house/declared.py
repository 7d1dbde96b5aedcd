"""The kinds of rule a newsroom declares in its config, and the class each declaration becomes.

    [house_rules.isis-name]
    kind = "substitution"
    swap = { "ISIS" = "Islamic State", "ISIL" = "Islamic State" }
    message = "The house name is '{expected}'"
    severity = "warning"

A declared rule is a Rule like any other: it has a name, a severity the `severity` table can
change, docs (`copydesk explain`), its own valid and invalid cases, and fixes.
"""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from typing import Any, Iterable

from copydesk.rules.api import Case, Document, Finding, Rule, Severity, replace

_PHRASES = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}

#: The JSON schema of one declaration; config.py puts it under `house_rules`.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind"],
    "properties": {
        "kind": {"enum": ["existence", "substitution", "consistency", "conditional"]},
        "message": {"type": "string", "minLength": 1},
        "docs": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info", "hint"]},
        "ignorecase": {"type": "boolean"},
        "tokens": _PHRASES,
        "swap": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "either": {"type": "array", "minItems": 1, "items": {**_PHRASES, "minItems": 2}},
        "term": {"type": "string", "minLength": 1},
        "requires": {"type": "string", "minLength": 1},
        "valid": {"type": "array", "items": {"type": "string"}},
        "invalid": {"type": "array", "items": {"type": "string"}},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"const": k}}}, "then": {"required": req}}
        for k, req in (("existence", ["tokens"]), ("substitution", ["swap"]), ("consistency", ["either"]),
                       ("conditional", ["term", "requires"]))
    ],
}

_KEYS = {"existence": {"tokens"}, "substitution": {"swap"}, "consistency": {"either"}, "conditional": {"term", "requires"}}
_PLACEHOLDERS = {"existence": {"match"}, "substitution": {"match", "expected"}, "consistency": {"match", "first"},
                 "conditional": {"term", "requires"}}
_NAME = re.compile(r"[a-z]+(-[a-z0-9]+)*")


class DeclarationError(ValueError):
    """A declaration that cannot become a rule: names the rule and the key."""


def _pattern(phrases: Iterable[str], ignorecase: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I if ignorecase else 0)


def _matches(pattern: re.Pattern[str], doc: Document):
    """(match, file start, file end) over every paragraph, in story order."""
    for para in doc.paragraphs:
        for m in pattern.finditer(para.text):
            yield m, *para.span(m.span())


class Declared(Rule):
    """The shared part of the declared kinds: the spec, its message and its docs."""

    spec: dict[str, Any] = {}
    default_message = ""

    def message(self, **values: str) -> str:
        # The template was checked when the config loaded (_check_message): names only. Its
        # length is bounded as every finding's is (Rule.finding).
        return self.spec.get("message", self.default_message).format(**values)

    def _pattern(self, phrases: Iterable[str]) -> re.Pattern[str]:
        return _pattern(phrases, self.spec.get("ignorecase", False))


class Existence(Declared):
    default_message = "'{match}' is on the house list of words to avoid"
    what = "Any of these words or phrases: {tokens}."

    def check(self, doc):
        for m, start, end in _matches(self._pattern(self.spec["tokens"]), doc):
            yield self.finding(start, end, self.message(match=m.group()))


class Substitution(Declared):
    default_message = "Use '{expected}' instead of '{match}'"
    what = "A word or phrase the house writes another way: {swap}."
    fixable = True

    def check(self, doc):
        swap = self.spec["swap"]
        lookup = {k.casefold() if self.spec.get("ignorecase") else k: v for k, v in swap.items()}
        for m, start, end in _matches(self._pattern(swap), doc):
            found = m.group()
            expected = lookup[found.casefold() if self.spec.get("ignorecase") else found]
            yield self.finding(
                start, end, self.message(match=found, expected=expected),
                fixes=[replace(start, end, expected, f"Replace '{found}' with '{expected}'")],
            )


class Consistency(Declared):
    default_message = "'{match}' here, but '{first}' earlier in the story: use one"
    what = "A second form of a word the story already spells one way; the first form used wins: {either}."
    fixable = True
    scope = "document"

    def check(self, doc):
        for group in self.spec["either"]:
            first: str | None = None
            fold = str.casefold if self.spec.get("ignorecase") else str
            forms = {fold(g): g for g in group}
            for m, start, end in _matches(self._pattern(group), doc):
                form = forms[fold(m.group())]
                if first is None:
                    first = form
                elif form != first:
                    yield self.finding(
                        start, end, self.message(match=m.group(), first=first),
                        fixes=[replace(start, end, first, f"Replace '{m.group()}' with '{first}'", safe=False)],
                    )


class Conditional(Declared):
    default_message = "'{term}' before '{requires}' appears in the story"
    what = "'{term}' used before '{requires}' appears in the story."
    scope = "document"

    def check(self, doc):
        term, requires = self.spec["term"], self.spec["requires"]
        needed = list(_matches(self._pattern([requires]), doc))
        seen = needed[0][1] if needed else None
        for m, start, end in _matches(self._pattern([term]), doc):
            if seen is not None and start >= seen:
                break
            if any(s <= start < e for _, s, e in needed):
                continue  # the term inside the phrase it needs
            yield self.finding(start, end, self.message(term=m.group(), requires=requires))


KINDS: dict[str, type[Declared]] = {
    "existence": Existence, "substitution": Substitution, "consistency": Consistency, "conditional": Conditional,
}


def declared(table: dict[str, Any], builtin: Iterable[str] = ()) -> dict[str, type[Rule]]:
    """Rule classes for the `house_rules` table (already schema-checked); DeclarationError names
    the rule and the key of a declaration that cannot work."""
    return dict(_declared(json.dumps(table, sort_keys=True), tuple(sorted(builtin))))


@lru_cache(maxsize=16)
def _declared(table_json: str, builtin: tuple[str, ...]) -> tuple[tuple[str, type[Rule]], ...]:
    out = []
    for name, spec in json.loads(table_json).items():
        if not _NAME.fullmatch(name):
            raise DeclarationError(f"house_rules.{name}: a rule name is lower-case words joined by hyphens")
        if name in builtin:
            raise DeclarationError(f"house_rules.{name}: a built-in rule has that name")
        kind = spec["kind"]
        foreign = sorted(set(spec) & set().union(*_KEYS.values()) - _KEYS[kind])
        if foreign:
            raise DeclarationError(f"house_rules.{name}.{foreign[0]}: not a key of a {kind} rule")
        base = KINDS[kind]
        if "message" in spec:
            _check_message(spec["message"], kind, f"house_rules.{name}.message")
        what = base.what.format(**{k: _listing(v) for k, v in spec.items() if k in ("tokens", "swap", "either", "term", "requires")})
        doc = (
            f"## What it flags\n{what}\n\n## Why it matters\n{spec.get('docs') or 'House style, declared in the project config.'}\n\n"
            f"## Example\n{_example(spec.get('invalid'))}\n\n## Use instead\n{_example(spec.get('valid'))}\n"
        )
        attrs = {
            "name": name,
            "group": "house",
            "spec": spec,
            "__doc__": doc,
            "__module__": __name__,
            "severity": Severity.parse(spec.get("severity", "warning")),
            "invalid": [Case(t) for t in spec.get("invalid", [])],
            "valid": list(spec.get("valid", [])),
        }
        cls = type(name.title().replace("-", ""), (base,), attrs)
        for case in cls.invalid:
            if not case.spans:
                raise DeclarationError(f"house_rules.{name}.invalid: mark what is flagged ⟦like this⟧: {case.text!r}")
        out.append((name, cls))
    return tuple(out)


def _check_message(message: str, kind: str, where: str) -> None:
    """A message comes from a repository the linter does not trust: it may hold the kind's
    placeholders by name and nothing else, no attribute, index, conversion or format spec."""
    allowed = _PLACEHOLDERS[kind]
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(message)
                  if name is not None]
    except ValueError as exc:
        raise DeclarationError(f"{where}: {exc} (write {{{{ or }}}} for a brace)") from None
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise DeclarationError(
                f"{where}: {{{shown}}} is not allowed; kind {kind!r} offers "
                f"{', '.join('{' + p + '}' for p in sorted(allowed))}, by name only"
            )


def _listing(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"'{k}' → '{v}'" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_listing(v) if isinstance(v, list) else f"'{v}'" for v in value)
    return str(value)


def _example(cases: list[str] | None) -> str:
    return Case.MARK.sub("", cases[0]) if cases else "(none declared)"
