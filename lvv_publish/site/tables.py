"""Long tables of the site: the page shows the first rows, the browser pages through the rest.

A comparison of two monitors has a row per municipality and indicator: 13,000 rows at 340
municipalities, several MB of HTML. A ``DataTable`` is rendered as an HTML table of its
first ``shown`` rows (raw HTML, which Python-Markdown passes through unparsed: issue 22),
what a reader without JavaScript sees, with a link to a download that holds all the
figures, and, when it has more rows than that, written whole as JSON into ``tabellen/`` of
the version, for ``assets/lvv-tables.js``, which filters, sorts and pages
through it. Every cell is formatted here, in Python, with the same filters as the
templates: the script only lays the text out. A short table is all in the page and gets the
same filter and sorting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .formatting import html

FOLDER = "tabellen/"
# Fewer rows than this need no filter or sorting: a table of six reads as it is.
INTERACTIVE = 11
# Rows in the page itself, and per page in the browser: enough to read, small enough that
# no page grows with the number of municipalities.
SHOWN = 100


@dataclass(frozen=True)
class Cell:
    """A cell's text; ``target``: a page of the version it links to, as a Markdown source
    path from the version's root (``gemeenten/amsterdam.md``, ``indicatoren.md#i-9-1``)."""

    text: str
    target: str | None = None


@dataclass(frozen=True)
class DataTable:
    """A table too long for one page.

    ``name``: file name of its data (``tabellen/<name>.json``); ``numeric``: which
    columns hold figures (right-aligned, sorted as numbers); ``filters``: attributes of the
    table's box for ``lvv-tables.js`` (``data-lvv-filter-municipality`` …), which columns
    to filter on; ``sortable``: whether the headers sort; ``total``: a last row that stays
    last (bold, not sorted or filtered); ``download``: (path from the version's root, name)
    of the download that holds every figure of the table, for readers without JavaScript.
    """

    name: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[Cell]]
    filters: dict[str, str] = field(default_factory=dict)
    sortable: bool = False
    shown: int = SHOWN
    total: list[Cell] | None = None
    download: tuple[str, str] | None = None
    interactive_from: int = INTERACTIVE

    @property
    def json_path(self) -> str:
        return f"{FOLDER}{self.name}.json"

    @property
    def first_rows(self) -> list[list[Cell]]:
        return self.rows[: self.shown]

    @property
    def interactive(self) -> bool:
        """Whether the table gets its filter and sorting headers."""
        return len(self.rows) >= self.interactive_from

    @property
    def paged(self) -> bool:
        return len(self.rows) > self.shown


def page_url(target: str) -> str:
    """The built address of a Markdown source path, from the version's root:
    ``gemeenten/amsterdam.md#x`` -> ``gemeenten/amsterdam/#x``, ``index.md`` -> ``./``."""
    path, hash_, anchor = target.partition("#")
    if path.endswith(".md"):
        path = path[: -len(".md")] + "/"
        if path.endswith("index/"):
            path = path[: -len("index/")]
    return (path or "./") + hash_ + anchor


def html_cell(cell: Cell, root: str) -> Markup:
    """A cell's content in the HTML table: its text, escaped, as a link when it has a target;
    ``root`` leads from the built page to the version's root (MkDocs rewrites the links of
    Markdown only, so the address is the built one: ``page_url``)."""
    text = html(cell.text)
    if cell.target is None:
        return text
    return Markup('<a href="{}">{}</a>').format(root + page_url(cell.target), text)


def stored_once(cells: list[Any]) -> tuple[list[Any], list[int]] | None:
    """A column's distinct cells, and each cell as its position among them: for a column
    with few distinct cells (at most half as many as cells), which then repeats nothing.
    None when that would not pay. Cells compare as JSON (a cell may be a list). Used for the
    long tables' JSON here and for the charts' data (``vegalite.in_columns``)."""
    keys = [json.dumps(c, ensure_ascii=False) for c in cells]
    distinct = list(dict.fromkeys(keys))
    if not cells or len(distinct) * 2 > len(cells):
        return None
    position = {key: n for n, key in enumerate(distinct)}
    return [json.loads(key) for key in distinct], [position[key] for key in keys]


def table_json(table: DataTable) -> str:
    """The whole table for the browser (without its total, which the page has).

    ``headers``, ``numeric``, ``rows``: a cell is its text or ``[text, address from the
    version's root]``. A column with few distinct cells (municipality, indicator) is stored
    once in ``values`` and its cells as indexes into it: a third of the size at 340
    municipalities. Sorted keys, one line.
    """
    columns = list(zip(*table.rows, strict=True)) if table.rows else []
    values: dict[str, list[Any]] = {}
    encoded_columns: list[list[Any]] = []
    for i, column in enumerate(columns):
        cells = [c.text if c.target is None else [c.text, page_url(c.target)] for c in column]
        once = stored_once(cells)
        if once is None:
            encoded_columns.append(cells)
        else:
            values[str(i)], positions = once
            encoded_columns.append(positions)
    rows = [list(r) for r in zip(*encoded_columns, strict=True)] if encoded_columns else []
    data = {"headers": table.headers, "numeric": table.numeric, "rows": rows, "values": values}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
