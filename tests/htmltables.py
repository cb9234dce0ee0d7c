"""Read the tables and text of a built HTML page with the standard library's parser."""

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
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
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
