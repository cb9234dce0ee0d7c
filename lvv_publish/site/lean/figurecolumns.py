"""Right-aligned columns of figures, said once per table instead of once per cell.

Python-Markdown's tables extension writes ``style="text-align: right;"`` on every cell of a
right-aligned column (``---:``): at 350 municipalities x 40 monitors that attribute was
about 4 MB of a version's 42 MB (issue 11). This extension moves it to the table as
``data-lvv-figures="4+"`` (column 4 and every column after it; ``"1 4+"``: column 1 as
well), and ``assets/lvv.css`` right-aligns those columns with ``:nth-child``. The chart
pages (``chart.html.j2``, ``assets/lvv-embed.css``) use the same attribute, and
``assets/lvv-tables.js`` reads it to know which columns hold figures.

The stylesheets have a rule for each column up to ``MAX_COLUMN``: a table whose figure
columns cannot be said with those keeps its cells' own ``style``.

The generated tables the templates write as raw HTML (issue 22), which Python-Markdown does
not parse, say it the same way with ``aligned``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

ATTRIBUTE = "data-lvv-figures"
MAX_COLUMN = 12
# What Python-Markdown's tables extension writes on each cell of a ``---:`` column.
RIGHT = "text-align: right;"


def figure_columns(figures: list[bool]) -> str | None:
    """The attribute's value for a row whose cells are figures where ``figures`` is true:
    the columns (from 1) one by one, and the run of figures that ends the row as ``k+``.
    None when there are none, or when a column is past ``MAX_COLUMN``."""
    start = len(figures)
    while start and figures[start - 1]:
        start -= 1
    tokens = [i + 1 for i in range(start) if figures[i]]
    if start == len(figures) and not tokens:
        return None
    words = [str(column) for column in tokens]
    if start < len(figures):
        tokens.append(start + 1)
        words.append(f"{start + 1}+")
    if any(column > MAX_COLUMN for column in tokens):
        return None
    return " ".join(words)


@dataclass(frozen=True)
class Aligned:
    """How an HTML table a template writes says its right-aligned columns, as this
    extension leaves a Markdown table: ``table``, the attribute of ``<table>`` (with its
    leading space, or empty); ``th`` and ``td``, the opening tag of each column's cells
    (with the tables extension's ``style`` only where the attribute cannot say the
    columns)."""

    table: str
    th: list[str]
    td: list[str]


def aligned(figures: list[bool]) -> Aligned:
    """``Aligned`` for a table whose columns are figures where ``figures`` is true."""
    words = figure_columns(list(figures))
    if words is not None or not any(figures):
        attribute = f' {ATTRIBUTE}="{words}"' if words else ""
        return Aligned(attribute, ["<th>"] * len(figures), ["<td>"] * len(figures))
    style = f' style="{RIGHT}"'
    return Aligned(
        "",
        [f"<th{style}>" if f else "<th>" for f in figures],
        [f"<td{style}>" if f else "<td>" for f in figures],
    )


def css_rules(scope: str) -> str:
    """The rules that right-align the columns the attribute names, for tables in ``scope``
    (a selector for the table). The stylesheets carry this text; a test compares them."""
    lines = []
    for column in range(1, MAX_COLUMN + 1):
        for word, nth in ((f"{column}", f"{column}"), (f"{column}+", f"n+{column}")):
            lines.append(
                f'{scope}[{ATTRIBUTE}~="{word}"] :is(th, td):nth-child({nth}) '
                "{ text-align: right; }"
            )
    return "\n".join(lines) + "\n"


def _cells(row: etree.Element) -> list[etree.Element]:
    return [cell for cell in row if cell.tag in ("th", "td")]


class _FigureColumns(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            rows = [_cells(row) for row in table.iter("tr")]
            if not rows:
                continue
            figures = [cell.get("style") == RIGHT for cell in rows[0]]
            # The tables extension aligns a column the same in every row; a table that is
            # not so (or too wide for the stylesheet) keeps its cells' styles.
            same = all([c.get("style") == RIGHT for c in row] == figures for row in rows)
            words = figure_columns(figures) if same else None
            if words is None:
                continue
            table.set(ATTRIBUTE, words)
            for row in rows:
                for cell in row:
                    if cell.get("style") == RIGHT:
                        del cell.attrib["style"]


class FigureColumnsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the block parser has built the tables; before attr_list (priority 8), so
        # that a style set by hand on a cell with attr_list is left alone.
        md.treeprocessors.register(_FigureColumns(md), "lvv_figure_columns", 9)


def makeExtension(**kwargs) -> FigureColumnsExtension:  # noqa: N802 (Python-Markdown's name)
    return FigureColumnsExtension(**kwargs)
