"""Lint, format and type checks run as part of the test suite, so CI runs them too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "lvv_publish", "tests", "benchmarks"],
        ["ruff", "format", "--check", "lvv_publish", "tests", "benchmarks"],
        ["mypy"],
        ["lint-imports", "--no-logo", "--no-cache"],
        ["python", "scripts/check-sizes.py"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "layers", "sizes"],
)
def test_code_quality(command):
    result = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_test_uses_a_private_name_of_the_package():
    """A test goes through what a stage offers, as another stage would: no ``_name`` of
    lvv_publish imported or reached for (``module._name``)."""
    import ast

    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lvv_publish"):
                found += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
                modules |= {a.asname or a.name for a in node.names}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    assert found == []
