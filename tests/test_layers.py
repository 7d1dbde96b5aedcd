"""Dependencies point one way. A rule module imports the rule API, the caches
(copydesk.rules.caches), the shared readings in copydesk.rules.analysis and libraries, never another
rule; the analysis layer imports no rule; the engine, config and NLP layers reach rules only through
the registry (the copydesk.rules package), the API and the caches, never the analysis layer; nothing
under the engine or rules imports pygls or lsprotocol."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT
from copydesk.rules import GROUPS

RULES = ROOT / "rules"
SERVER = ROOT / "server"
ALLOWED_IN_RULES = ("copydesk.rules.api", "copydesk.rules.caches", "copydesk.rules.analysis")
CORE = ("engine.py", "config.py", "nlp.py", "lookup.py", "markup.py", "suppress.py", "fixes.py", "text.py")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (lazy imports inside functions count too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def rule_modules() -> list[Path]:
    return [p for p in sorted(RULES.rglob("*.py")) if p.parent not in (RULES, RULES / "analysis") and p.name != "__init__.py"]


def test_the_check_sees_an_import_across_rules(tmp_path):
    bad = tmp_path / "rule.py"
    bad.write_text("def f():\n    from copydesk.rules.quotes.titles import TITLE\n")
    assert (2, "copydesk.rules.quotes.titles") in imports(bad)


@pytest.mark.parametrize("path", rule_modules(), ids=lambda p: str(p.relative_to(RULES)))
def test_a_rule_imports_only_the_api_and_the_analysis_layer(path):
    bad = [
        f"{line}: {name}"
        for line, name in imports(path)
        if under(name, "copydesk") and not under(name, *ALLOWED_IN_RULES)
        and name not in ("copydesk.rules", "copydesk.rules.api", "copydesk.rules.caches", "copydesk.rules.analysis")
    ]
    assert bad == []


@pytest.mark.parametrize("path", sorted((RULES / "analysis").glob("*.py")), ids=lambda p: p.name)
def test_the_analysis_layer_imports_no_rule(path):
    bad = [f"{line}: {name}" for line, name in imports(path)
           if under(name, "copydesk") and not under(name, *ALLOWED_IN_RULES)]
    assert bad == []


def registry_or_below(module: str) -> bool:
    """copydesk.rules itself or a name it exports (copydesk.rules.registry), the API, the caches;
    never the analysis layer, the rules' own readings (what the engine needs of them, such as the
    words the tokenizer keeps whole, the rules declare through the API)."""
    parts = module.split(".")
    if under(module, "copydesk.rules.analysis"):
        return False
    return len(parts) == 2 or under(module, *ALLOWED_IN_RULES) or (len(parts) == 3 and parts[2] not in GROUPS)


@pytest.mark.parametrize("name", CORE)
def test_the_core_reaches_rules_only_through_the_registry(name):
    bad = []
    for line, module in imports(SERVER / name):
        if under(module, "pygls", "lsprotocol", "copydesk.lsp", "copydesk.cli"):
            bad.append(f"{line}: {module}")
        elif under(module, "copydesk.rules") and not registry_or_below(module):
            bad.append(f"{line}: {module}")
    assert bad == []


def test_config_does_not_import_the_nlp_layer():
    assert not [m for _, m in imports(SERVER / "config.py") if under(m, "copydesk.nlp", "spacy")]
