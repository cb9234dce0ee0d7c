"""Read the tables and text of a built HTML page with the standard library's parser.

The pages leave out the end tags of cells and rows where HTML allows it (``lean/endtags.py``):
a cell ends where the next cell or the row's end begins, a row where the next row or its
group's end begins, as a browser reads them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_article = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._in_article += 1
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            self._cell = []
        if tag in ("tr", "td", "th") and self._in_article:
            self.text.append(" ")  # cells apart, as a browser's text of a table has them

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "tbody", "thead", "tfoot", "table"):
            self._end_row()

    def _end_cell(self):
        if self._row is not None and self._cell is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
        self._cell = None

    def _end_row(self):
        self._end_cell()
        if self._row is not None:
            self.tables[-1].append(self._row)
        self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_article:
            self.text.append(data)


def page(path: Path) -> tuple[list[list[list[str]]], str]:
    """(tables as rows of cell texts, the article's text with whitespace collapsed)."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables, re.sub(r"\s+", " ", "".join(parser.text))
