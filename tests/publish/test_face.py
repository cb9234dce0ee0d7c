"""The public face of ``publish`` is named lazily (PEP 562): its three lists say the same."""

from __future__ import annotations

import ast
from pathlib import Path

import lvv_publish.publish as publish


def _lists() -> tuple[dict[str, str], dict[str, str]]:
    """The lazy names (``_WHERE``: name -> module) and the ``TYPE_CHECKING`` imports, as
    the file writes them (read, not reached for: the test goes through the public face)."""
    tree = ast.parse(Path(publish.__file__).read_text(encoding="utf-8"))
    (where,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "_WHERE"
    ]
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    imports = {
        alias.name: str(node.module)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    return ast.literal_eval(where), imports


def test_the_lazy_names_the_imports_for_mypy_and_all_agree():
    """``_WHERE`` (what is imported when first used), the ``TYPE_CHECKING`` imports (what
    mypy sees) and ``__all__`` (what ruff and readers see) name the same things, from the
    same modules; and each name is there."""
    lazy, imports = _lists()
    assert imports == lazy
    assert sorted(publish.__all__) == sorted(lazy)
    for name in publish.__all__:
        assert getattr(publish, name) is not None, name
