"""Right-aligned columns said once per table (figurecolumns.py), in both stylesheets."""

from __future__ import annotations

import markdown
import pytest

from lvv_publish.site.lean.figurecolumns import MAX_COLUMN, css_rules, figure_columns

from ..conftest import ROOT

ASSETS = ROOT / "site_templates" / "assets"


@pytest.mark.parametrize(
    ("figures", "words"),
    [
        ([False, False, False, True, True, True], "4+"),
        ([True, False, False, True, True], "1 4+"),
        ([True, False, False, False], "1"),
        ([False, True, False, False], "2"),
        ([False, True, False, True], "2 4+"),
        ([True, True], "1+"),
        ([False, False], None),
        ([], None),
        ([False] * MAX_COLUMN + [True] * 30, None),  # starts past the stylesheet's rules
        ([False] * (MAX_COLUMN - 1) + [True] * 30, f"{MAX_COLUMN}+"),
        ([False] * MAX_COLUMN + [True, False], None),
        ([True] + [False] * (MAX_COLUMN + 5), "1"),  # wide, but its figures are not
    ],
)
def test_figure_columns(figures, words):
    assert figure_columns(figures) == words


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "lvv_publish.site.lean.figurecolumns"])


def test_a_markdown_table_says_its_figure_columns_once():
    html = _html(
        "| Code | Naam | A | B |\n|---:|---|---|---:|\n| 1 | x | y | 2 |\n| 3 | z | w | 4 |\n"
    )
    assert '<table data-lvv-figures="1 4+">' in html
    assert "style=" not in html
    assert html.count("<td>") == 8


def test_a_table_too_wide_for_the_stylesheet_keeps_its_cells_styles():
    columns = MAX_COLUMN + 2
    head = "|" + "|".join(f"k{i}" for i in range(columns)) + "|\n"
    rule = "|" + "---|" * (columns - 2) + "---:|---|\n"
    row = "|" + "|".join(str(i) for i in range(columns)) + "|\n"
    html = _html(head + rule + row)
    assert "data-lvv-figures" not in html
    assert html.count('style="text-align: right;"') == 2
    assert "<table>" in _html("| a | b |\n|---|---|\n| 1 | 2 |\n")


@pytest.mark.parametrize(
    ("sheet", "scope"),
    [("lvv.css", ".md-typeset table:not([class])"), ("lvv-embed.css", "table")],
)
def test_both_stylesheets_have_a_rule_for_every_column(sheet, scope):
    text = (ASSETS / sheet).read_text(encoding="utf-8")
    assert css_rules(scope) in text
    assert text.count("data-lvv-figures~=") == 2 * MAX_COLUMN
