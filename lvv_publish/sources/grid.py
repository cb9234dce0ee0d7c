"""A spreadsheet-shaped grid read from CSV or XLSX, with cell references for error messages."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError, cut, place, quote
from .cells import Cell, read_cells
from .files import read_text
from .limits import MAX_CELL_TEXT, MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from .registry import LabelMatcher
from .workbook import choose_sheet, open_workbook


@dataclass(frozen=True)
class Grid:
    """Rows of raw cell values as the file holds them; ``None`` for an empty cell."""

    file: str
    sheet: str | None
    rows: tuple[tuple[Cell, ...], ...]
    # (row, col) of every cell inside a merged range of more than one cell -> "B10:C10".
    merged: Mapping[tuple[int, int], str] = field(default_factory=dict)

    def cell_ref(self, row: int, col: int, *, dutch: bool = False) -> str:
        """Human reference for 0-based (row, col): ``cell D7`` in Excel, ``row 7, column 4``.

        ``dutch`` gives the same in Dutch (``cel D7``, ``rij 7, kolom 4``) for published notes.
        """
        if self.sheet is not None:
            from openpyxl.utils import get_column_letter  # when a message names a cell

            return f"{'cel' if dutch else 'cell'} {get_column_letter(col + 1)}{row + 1}"
        if dutch:
            return f"rij {row + 1}, kolom {col + 1}"
        return f"row {row + 1}, column {col + 1}"

    def place(self, row: int, col: int) -> str:
        """The file, sheet and cell of (row, col), as a finding names its source."""
        return place(self.file, self.sheet, self.cell_ref(row, col))

    def row_ref(self, row: int) -> str:
        return f"row {row + 1}"

    def cell(self, row: int, col: int) -> Cell:
        values = self.rows[row]
        return values[col] if col < len(values) else None

    def indicator_at(
        self, matcher: LabelMatcher, row: int, col: int, seen: Mapping[str, int]
    ) -> str:
        """The registry code of the label in (row, col); refuses unknown and repeated rows.

        ``seen`` maps the codes read so far to their rows.
        """
        try:
            code = matcher.match(str(self.cell(row, col)))
        except KeyError as exc:
            raise self.error(str(exc.args[0]) + ".", row=row, col=col) from None
        if code in seen:
            raise self.error(
                f"indicator {code} appears twice (also in {self.row_ref(seen[code])}).",
                row=row,
                col=col,
                indicator=code,
                fix="Remove the duplicate row.",
            )
        return code

    def count_at(self, row: int, col: int, *, indicator: str, context: str = "") -> int | None:
        """The cell as a whole number (None when empty); ``context`` extends the error."""
        if (row, col) in self.merged:
            raise self.error(
                f"cells {self.merged[(row, col)]} are merged{context}.",
                row=row,
                col=col,
                indicator=indicator,
                fix="Unmerge them and enter each figure in its own cell.",
            )
        value = self.cell(row, col)
        if isinstance(value, str) and value.startswith(("=", "{=")):
            kind = "the formula"
            if value.startswith("{="):  # as Excel shows them
                kind = "a data table" if value.startswith("{=TABLE(") else "an array formula"
            raise self.error(
                f"holds {kind} {quote(value)} instead of a figure{context}.",
                row=row,
                col=col,
                indicator=indicator,
                fix="Enter the figure itself (in Excel: copy, then Paste Special > Values).",
            )
        try:
            return parse_count(value)
        except ValueError as exc:
            raise self.error(
                f"{exc}{context}.",
                row=row,
                col=col,
                indicator=indicator,
                fix=getattr(exc, "fix", None)
                or "Enter a whole number, or leave the cell empty when the figure is unknown.",
            ) from None

    def error(
        self,
        message: str,
        *,
        row: int | None = None,
        col: int | None = None,
        indicator: str | None = None,
        fix: str | None = None,
    ) -> SourceError:
        if row is not None and col is not None:
            where: str | None = self.cell_ref(row, col)
        elif row is not None:
            where = self.row_ref(row)
        else:
            where = None
        return SourceError(
            message, file=self.file, sheet=self.sheet, cell=where, indicator=indicator, fix=fix
        )


def read_grid(path: Path, *, sheet: str | None = None, display: str | None = None) -> Grid:
    """Read a CSV (UTF-8) or XLSX file into a ``Grid``.

    For XLSX, ``sheet`` names the worksheet to read; without it, or when no sheet has that
    name, the only visible worksheet is read (hidden sheets never are).
    ``display`` is how the file is named in error messages (defaults to the path).
    """
    name = display or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SourceError("file not found.", file=name)
    if suffix == ".csv":
        return _read_csv(path, name)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name, sheet)
    if suffix == ".xls":
        raise SourceError(
            "is an old Excel 97-2003 workbook (.xls).",
            file=name,
            fix="Open it in Excel, save it as 'Excel Workbook (.xlsx)' and name that file in "
            "monitor.yaml.",
        )
    raise SourceError(
        f"unsupported file type {suffix!r}.", file=name, fix="Use .csv (UTF-8) or .xlsx."
    )


CSV_FIX = "Save it as 'CSV UTF-8 (comma delimited)' (Excel: Save As > CSV UTF-8) and try again."


def _read_csv(path: Path, name: str) -> Grid:
    text = read_text(path, name, fix=CSV_FIX)
    if not text.strip():
        raise SourceError("is empty.", file=name, fix="It needs its header rows and figures.")
    raw = _csv_rows(text, name)
    first = next((r for r in raw if any(v is not None for v in r)), ())
    for sep, called in ((";", "';'"), ("\t", "tabs")):
        # Dutch Excel's plain "CSV" uses ';'; guessing would also mean guessing decimal commas.
        if len(first) == 1 and str(first[0]).count(sep) >= 2:
            raise SourceError(
                f"the file uses {called} as separator, not ','.",
                file=name,
                cell=f"row {raw.index(first) + 1}",
                fix=CSV_FIX,
            )
    return Grid(file=name, sheet=None, rows=tuple(raw))


def _csv_rows(text: str, name: str) -> list[tuple[Cell, ...]]:
    """The rows up to the last one with a value, each up to its last value, within the
    limits of ``limits.py`` (blank lines past the table cost nothing)."""
    rows: list[tuple[Cell, ...]] = []
    blank = width = 0
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS and any(v.strip() for v in record[MAX_COLUMNS:]):
                # Before the row is copied: a line of commas is millions of empty cells.
                raise _past(name, len(rows) + blank + 1, len(record))
            cells = [_csv_cell(v) for v in record[:MAX_COLUMNS]]
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                blank += 1
                continue
            number = len(rows) + blank + 1
            width = max(width, len(cells))
            if number > MAX_ROWS or number * width > MAX_CELLS:
                raise _past(name, number, len(cells))
            for c, v in enumerate(cells):
                if isinstance(v, str) and len(v) > MAX_CELL_TEXT:
                    raise SourceError(
                        f"holds a text of {len(v):,} characters; a cell holds at most "
                        f"{MAX_CELL_TEXT:,}.",
                        file=name,
                        cell=f"row {number}, column {c + 1}",
                        fix="Check that this is the right file.",
                    )
            rows += [()] * blank + [tuple(cells)]
            blank = 0
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            # The csv module's own bound on a field (128 KiB), past MAX_CELL_TEXT too.
            raise SourceError(
                f"holds a text of more than {csv.field_size_limit():,} characters; a cell "
                f"holds at most {MAX_CELL_TEXT:,}.",
                file=name,
                cell=f"line {reader.line_num}",
                fix="Check that this is the right file.",
            ) from None
        raise SourceError(
            f"is not a readable CSV file ({cut(str(exc))}).",
            file=name,
            cell=f"line {reader.line_num}",
            fix=CSV_FIX,
        ) from None
    return rows


def _past(name: str, row: int, columns: int) -> SourceError:
    return SourceError(
        f"row {row} (of {columns:,} columns) lies past the limits of a table ({MAX_ROWS:,} "
        f"rows, {MAX_COLUMNS:,} columns, {MAX_CELLS:,} cells), so the file is not read.",
        file=name,
        fix="Check that this is the right file, and delete what follows the table.",
    )


def _csv_cell(value: str) -> Cell:
    value = value.strip()
    return value if value else None


def _read_xlsx(path: Path, name: str, sheet: str | None) -> Grid:
    with open_workbook(path, name) as book:
        read = read_cells(choose_sheet(book, name, sheet), name)
    return Grid(file=name, sheet=read.title, rows=read.rows, merged=read.merged)


_INTEGER = re.compile(r"^[+-]?[0-9]+$")
# No LVV count comes near this; a larger number is a typing or export error (and would not
# fit the 64-bit integers of the data package).
MAX_COUNT = 10**9


def parse_count(value: Cell) -> int | None:
    """Turn a cell into a whole number, ``None`` for an empty cell, or raise ``ValueError``.

    Dutch thousands separators (``1.062``) are refused rather than guessed: ``1.062`` could
    as well be a decimal number, and a wrong guess would publish a wrong figure.
    """
    count = _count(value)
    if count is not None and abs(count) >= MAX_COUNT:
        raise ValueError(f"{quote(value)} is too large to be a count")
    return count


def _count(value: Cell) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{quote(value)} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValueError(f"{quote(value)} is not a whole number")
        return int(value)
    text = value.strip()
    if not text:
        return None
    if _INTEGER.match(text):
        return int(text)
    error = ValueError(f"{quote(text)} is not a whole number")
    if _THOUSANDS.match(text):
        # 1.062 or 1,062: a guess either way would publish a wrong figure if it is a decimal.
        digits = re.sub(r"[.,]", "", text)
        error.fix = (  # type: ignore[attr-defined]
            f"If it is {digits}, write it without the thousands separator: {digits}."
        )
    raise error


_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}([.,][0-9]{3})+$")
