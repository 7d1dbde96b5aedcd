"""lsprotocol's types are attrs classes whose field order changes between releases (2025 put `tooltip`
third in Command): a positional argument silently lands in the wrong field. Every construction of one,
in the server, the tests and the benchmarks, names its fields."""

from __future__ import annotations

import ast

from conftest import ROOT


def positional_constructions(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "types"
            and node.func.attr[:1].isupper()
            and node.args
        ):
            found.append((node.lineno, node.func.attr))
    return found


def test_the_check_sees_a_positional_command():
    assert positional_constructions("types.Command('Add', 'copydesk.add', [1])") == [(1, "Command")]
    assert positional_constructions("types.Command(title='Add', command='copydesk.add', arguments=[1])") == []


def test_lsprotocol_types_are_built_with_keywords():
    offenders = []
    for folder in ("server", "rules", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, name in positional_constructions(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: types.{name}(...)")
    assert offenders == []
