"""The documentation travels with the tool: ``lvv-publish docs`` reads what the wheel ships,
and no message names a file that an installed tool lacks."""

from __future__ import annotations

import ast
import re

from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.resources import doc_topics

from .conftest import ROOT

runner = CliRunner()
PACKAGE = ROOT / "lvv_publish"
# "docs/registry.md", "docs/narrative.md#claims": a path in this repository.
REPOSITORY_PATH = re.compile(r"\bdocs/[\w-]+\.md\b")
# "`lvv-publish docs narrative`": a topic the installed tool must have.
TOPIC_MENTION = re.compile(r"lvv-publish docs ([a-z][\w-]*)")


def test_docs_lists_every_document_with_its_title():
    result = runner.invoke(app, ["docs"])
    assert result.exit_code == 0, result.output
    shipped = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
    assert sorted(doc_topics()) == shipped
    for path in (ROOT / "docs").glob("*.md"):
        title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        assert re.search(rf"^  {re.escape(path.stem)} +{re.escape(title)}$", result.output, re.M)


def test_docs_prints_a_topic_and_refuses_what_it_does_not_ship():
    result = runner.invoke(app, ["docs", "releasing"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "docs" / "releasing.md").read_text(encoding="utf-8")
    for wrong in ("nothing", "../README", "/etc/passwd"):
        refused = runner.invoke(app, ["docs", wrong])
        assert refused.exit_code == 1
        assert f"no document called {wrong!r}" in refused.output
        assert "releasing" in refused.output


def _messages() -> list[tuple[str, int, str]]:
    """Every string the package can show a user: its string literals (f-strings' text
    included) except docstrings, and the files it ships as data (defaults, rules)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    for path in (PACKAGE / "data").rglob("*"):
        if path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found.append((str(path.relative_to(ROOT)), n, line))
    return found


def test_no_message_names_a_file_the_installed_tool_lacks():
    messages = _messages()
    assert len(messages) > 1000  # the walk reaches the package
    topics = doc_topics()
    wrong = [f"{f}:{n}: {text}" for f, n, text in messages if REPOSITORY_PATH.search(text)]
    assert wrong == []
    named = [(f, n, t) for f, n, text in messages for t in TOPIC_MENTION.findall(text)]
    assert named, "messages point to `lvv-publish docs TOPIC`"
    assert [f"{f}:{n}: {t}" for f, n, t in named if t not in topics] == []
