"""Streaming the cells of one worksheet within the limits of ``limits.py``.

openpyxl opens the workbook (``workbook.py``: its sheets, shared strings and date styles),
but the sheet's XML is read here, one cell at a time with the standard library's
``iterparse``, because openpyxl's own readers cannot be bounded: its full mode builds
every cell of every sheet (and its ``iter_rows`` every cell from A1 to the far corner, 7.6
GB for one ``x`` in XFD1048576), and its read-only parser builds each whole ``<row>``
before looking at it (one row of a million cells is hundreds of MiB) and fills the gaps up
to the sheet's ``<dimension>`` with empty rows. Here every cell is dropped once read, the
first cell past the limits stops the reading, and the ``<dimension>`` is checked too (but
not trusted: it is what the file says, not what it holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, iterparse

from ..errors import SourceError, cut, quote
from .limits import MAX_CELL_TEXT, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from .workbook import reason

if TYPE_CHECKING:
    from openpyxl.formula.translate import Translator

# openpyxl is imported where a workbook is read, not with this module: importing it costs
# 0.1 s, a seventh of ``validate`` of monitors whose input sheets are CSV files.

Cell = str | int | float | None
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_C, _ROW, _V, _F, _IS, _T, _R = (_NS + t for t in ("c", "row", "v", "f", "is", "t", "r"))
_DIMENSION, _MERGE = _NS + "dimension", _NS + "mergeCell"
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
TRIM_FIX = (
    "Delete everything after the table (select the rows below it and the columns to its "
    "right, right-click > Delete) and save it again."
)


@dataclass(frozen=True)
class SheetCells:
    """A worksheet as read: its rows (``None`` for an empty cell) and its merged ranges,
    each cell of a range of more than one cell mapped to the range (0-based)."""

    title: str
    rows: tuple[tuple[Cell, ...], ...]
    merged: dict[tuple[int, int], str]


class _Reader:
    """The state of one pass over a sheet's XML."""

    def __init__(self, ws: Any, name: str, rows: int, columns: int, cells: int) -> None:
        self.ws, self.name = ws, name
        self.max_rows, self.max_columns, self.max_cells = rows, columns, cells
        book = ws.parent
        self.strings: list[str] = ws._shared_strings  # what openpyxl read of the workbook
        self.dates: dict[int, Any] = book._date_formats
        self.epoch = book.epoch
        self.shared: dict[str, Translator] = {}
        self.cells: dict[tuple[int, int], Cell] = {}
        self.ranges: list[str] = []
        self.height = self.width = 0

    def error(self, message: str, cell: str | None = None, fix: str | None = None) -> SourceError:
        return SourceError(message, file=self.name, sheet=self.ws.title, cell=cell, fix=fix)

    def past(self, where: str) -> SourceError:
        return self.error(
            f"{where} lies past the limits of a table ({self.max_rows:,} rows, "
            f"{self.max_columns:,} columns, {self.max_cells:,} cells), so the sheet is not read.",
            fix=TRIM_FIX,
        )

    def dimension(self, ref: str | None) -> None:
        from openpyxl.utils.cell import range_boundaries

        try:
            _, _, max_col, max_row = range_boundaries(ref or "A1")
        except (TypeError, ValueError):
            return  # a damaged <dimension> says nothing; the cells are checked one by one
        if (max_row or 0) > self.max_rows or (max_col or 0) > self.max_columns:
            raise self.past(f"its used range {cut(str(ref), 40)}")

    def cell(self, el: Element, row: int, col: int) -> None:
        if row > self.max_rows or col > self.max_columns:
            raise self.past(f"cell {_ref(row, col)}")
        value = self.value(el, row, col)
        if value is None:
            return
        if row > self.height or col > self.width:
            height, width = max(self.height, row), max(self.width, col)
            if height * width > self.max_cells:
                raise self.past(f"cell {_ref(row, col)}")
            self.height, self.width = height, width
        self.cells[(row - 1, col - 1)] = value

    def value(self, el: Element, row: int, col: int) -> Cell:
        formula = el.find(_F)
        if formula is not None:
            return self.formula(formula, _ref(row, col))
        kind = el.get("t", "n")
        if kind == "inlineStr":
            inline = el.find(_IS)
            text = None if inline is None else _text(inline)
        else:
            text = el.findtext(_V)
        if text is None:
            return None
        if kind == "n":
            if len(text) < 19 and text.isascii() and text.isdigit():  # most cells: a count
                number: int | float = int(text)
            else:
                number = self.number(text, row, col)
            style = el.get("s") or ""
            # The style's number, in ASCII digits (str.isdigit alone takes '²', which int refuses).
            if self.dates and style.isascii() and style.isdigit() and int(style) in self.dates:
                # A figure formatted as a date is shown as one in Excel: read it so (and
                # refuse it as a figure).
                from openpyxl.utils.datetime import from_excel

                try:
                    return str(from_excel(number, self.epoch))
                except (OverflowError, ValueError):
                    return f"date {number}"
            return number
        if kind == "s":
            try:
                text = self.strings[int(text)]
            except (ValueError, IndexError):
                raise self.error(
                    f"refers to shared string {quote(text, 20)}, which the workbook lacks "
                    "(the file is damaged).",
                    cell=f"cell {_ref(row, col)}",
                ) from None
        elif kind == "b":
            text = str(text.strip() not in ("0", "false"))  # Excel writes 1 or 0
        if len(text) > MAX_CELL_TEXT:
            raise self.error(
                f"holds a text of {len(text):,} characters; a cell holds at most "
                f"{MAX_CELL_TEXT:,} (Excel's own limit).",
                cell=f"cell {_ref(row, col)}",
                fix="Check that this is the right file.",
            )
        text = text.strip()
        return text or None

    def number(self, text: str, row: int, col: int) -> int | float:
        if len(text) > 400 or not _NUMBER.match(text.strip()):
            raise self.error(
                f"holds {quote(text, 40)} where the file says a number is (it is damaged).",
                cell=f"cell {_ref(row, col)}",
                fix="Open it in Excel and save it again.",
            )
        return float(text) if any(ch in text for ch in ".eE") else int(text)

    def formula(self, formula: Element, ref: str) -> str:
        """A formula as Excel shows it (the text, then refused as a figure): ``=B4+C4``,
        ``{=SUM(B4:C4)}`` for an array formula, ``{=TABLE(B1,)}`` for a data table."""
        kind = formula.get("t")
        text = "=" + (formula.text or "")
        if kind == "array":
            return "{" + text + "}"
        if kind == "dataTable":
            return "{=TABLE(" + f"{formula.get('r1', '')},{formula.get('r2', '')}" + ")}"
        if kind == "shared":
            from openpyxl.formula.translate import Translator

            index = formula.get("si", "")
            if text != "=":
                self.shared[index] = Translator(text, origin=ref)
            elif index in self.shared:
                try:
                    text = self.shared[index].translate_formula(ref)
                except Exception:  # openpyxl's tokenizer; the formula is refused either way
                    text = "=(a shared formula)"
            else:
                text = "=(a shared formula)"
        return cut(text, MAX_CELL_TEXT)


def _ref(row: int, col: int) -> str:
    """``XFD1048576``; what no Excel cell can be, by its numbers."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}" if col <= MAX_COLUMNS else f"R{row}C{col}"


def _text(inline: Element) -> str:
    """The text of an inline string: its ``<t>``, or the ``<t>`` of each rich-text run."""
    t = inline.find(_T)
    if t is not None:
        return t.text or ""
    return "".join(run.findtext(_T) or "" for run in inline.iter(_R))


def read_cells(
    ws: Any,
    name: str,
    *,
    rows: int = MAX_ROWS,
    columns: int = MAX_COLUMNS,
    cells: int = MAX_CELLS,
) -> SheetCells:
    """Stream the cells of the read-only worksheet ``ws`` of a workbook opened by
    ``workbook.open_workbook``; ``name`` is how the file is named in messages. ``rows`` and
    ``columns`` and ``cells`` (rows × columns) bound the sheet; a narrow sheet, such as
    compile's record, may be longer than a table."""
    reader = _Reader(ws, name, rows, columns, cells)
    if (ws.max_row or 0) > rows or (ws.max_column or 0) > columns:
        reader.dimension(ws.calculate_dimension())
    try:
        _parse(reader, ws)
    except SourceError:
        raise
    except Exception as exc:  # a damaged sheet: expat, a bad cell reference, a bad number
        raise reader.error(
            f"cannot be read ({reason(exc)}).", fix="Open it in Excel and save it again."
        ) from exc
    grid: list[list[Cell]] = [[None] * reader.width for _ in range(reader.height)]
    for (r, c), value in reader.cells.items():
        grid[r][c] = value
    return SheetCells(ws.title, tuple(tuple(r) for r in grid), _merged(reader))


def _parse(reader: _Reader, ws: Any) -> None:
    from openpyxl.utils.cell import coordinate_to_tuple

    path: list[Element] = []
    row_no = col_no = 0
    in_cell = False
    cell, row_tag, cell_tag = reader.cell, _ROW, _C
    with ws._get_source() as source:  # the sheet's part in the zip (openpyxl's own opener)
        for event, el in iterparse(source, events=("start", "end")):
            tag = el.tag
            if event == "start":
                path.append(el)
                if tag == cell_tag:
                    in_cell = True
                elif tag == row_tag:
                    row_no = int(el.get("r") or row_no + 1)
                    col_no = 0
                continue
            path.pop()
            if tag == cell_tag:
                in_cell = False
                ref = el.get("r")
                if ref:
                    row_no, col_no = coordinate_to_tuple(ref)
                else:
                    col_no += 1
                cell(el, row_no, col_no)
            elif in_cell:
                continue  # a cell's <v>, <f>, <is>: read with the cell
            elif tag == _DIMENSION:
                reader.dimension(el.get("ref"))
            elif tag == _MERGE:
                reader.ranges.append(el.get("ref") or "")
            if path:
                path[-1].remove(el)  # drop what was read: memory stays flat


def _merged(reader: _Reader) -> dict[tuple[int, int], str]:
    """Each cell of the grid inside a merged range of more than one cell; ranges are
    clipped to the grid, and together they may cover at most ``MAX_CELLS`` cells."""
    from openpyxl.utils.cell import range_boundaries

    out: dict[tuple[int, int], str] = {}
    for ref in reader.ranges:
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if None in (c1, r1, c2, r2) or (c1, r1) == (c2, r2):
            continue
        rows = range(r1 - 1, min(r2, reader.height))  # type: ignore[operator]
        cols = range(c1 - 1, min(c2, reader.width))  # type: ignore[operator]
        if len(out) + len(rows) * len(cols) > reader.max_cells:
            raise reader.error(
                f"its merged ranges cover more than {reader.max_cells:,} cells.", fix=TRIM_FIX
            )
        for r in rows:
            for c in cols:
                out[(r, c)] = cut(ref, 40)
    return out
