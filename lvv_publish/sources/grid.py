"""A spreadsheet-shaped grid read from CSV or XLSX, with cell references for error messages."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..errors import SourceError, place
from .files import read_text
from .registry import LabelMatcher

Cell = str | int | float | None


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
        if isinstance(value, str) and value.startswith("="):
            raise self.error(
                f"holds the formula {value!r} instead of a figure{context}.",
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

    For XLSX, ``sheet`` names the worksheet; without it the first worksheet is read.
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
    raise SourceError(
        f"unsupported file type {suffix!r}.", file=name, fix="Use .csv (UTF-8) or .xlsx."
    )


CSV_FIX = "Save it as 'CSV UTF-8 (comma delimited)' (Excel: Save As > CSV UTF-8) and try again."


def _read_csv(path: Path, name: str) -> Grid:
    text = read_text(path, name, fix=CSV_FIX)
    if not text.strip():
        raise SourceError("is empty.", file=name, fix="It needs its header rows and figures.")
    try:
        raw = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SourceError(f"is not a readable CSV file ({exc}).", file=name) from exc
    first = next((r for r in raw if any(v.strip() for v in r)), [])
    for sep, called in ((";", "';'"), ("\t", "tabs")):
        # Dutch Excel's plain "CSV" uses ';'; guessing would also mean guessing decimal commas.
        if len(first) == 1 and first[0].count(sep) >= 2:
            raise SourceError(
                f"the file uses {called} as separator, not ','.",
                file=name,
                cell=f"row {raw.index(first) + 1}",
                fix=CSV_FIX,
            )
    rows = tuple(tuple(_csv_cell(v) for v in r) for r in raw)
    return Grid(file=name, sheet=None, rows=rows)


def _csv_cell(value: str) -> Cell:
    value = value.strip()
    return value if value else None


def _read_xlsx(path: Path, name: str, sheet: str | None) -> Grid:
    with path.open("rb") as f:
        head = f.read(4096)
    if not head.startswith(b"PK\x03\x04"):  # every .xlsx is a zip archive
        if head and b"\x00" not in head:
            try:
                head.decode("utf-8")
                text = True
            except UnicodeDecodeError as exc:
                text = exc.start > len(head) - 4  # cut in the middle of a character
            if text:
                raise SourceError(
                    "is a text (CSV) file, not an Excel workbook.",
                    file=name,
                    fix=f"Rename it to {path.stem}.csv (and name that in monitor.yaml), or "
                    "save it from Excel as .xlsx.",
                )
        raise SourceError(
            "is not an Excel workbook.",
            file=name,
            fix="Save it from Excel as 'Excel Workbook (.xlsx)'.",
        )
    try:
        # Not read-only: merged ranges are only known in full mode. Not data_only: a formula
        # is read as its text and refused, never replaced by a cached (or missing) result.
        book = load_workbook(path)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SourceError(f"is not a readable Excel workbook ({exc}).", file=name) from exc
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise SourceError(
                f"has no sheet named {sheet!r} (sheets: {', '.join(book.sheetnames)}).",
                file=name,
            )
        rows = []
        for r in ws.iter_rows(values_only=True):
            rows.append(tuple(_xlsx_cell(v) for v in r))
        title = ws.title
        merged = {
            (r - 1, c - 1): rng.coord
            for rng in ws.merged_cells.ranges
            if rng.size["rows"] * rng.size["columns"] > 1
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
        }
    finally:
        book.close()
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return Grid(file=name, sheet=title, rows=tuple(rows), merged=merged)


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    return text if text else None


_INTEGER = re.compile(r"^[+-]?\d+$")
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
        raise ValueError(f"{value!r} is too large to be a count")
    return count


def _count(value: Cell) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    text = value.strip()
    if not text:
        return None
    if _INTEGER.match(text):
        return int(text)
    error = ValueError(f"{text!r} is not a whole number")
    if _THOUSANDS.match(text):
        # 1.062 or 1,062: a guess either way would publish a wrong figure if it is a decimal.
        digits = re.sub(r"[.,]", "", text)
        error.fix = (  # type: ignore[attr-defined]
            f"If it is {digits}, write it without the thousands separator: {digits}."
        )
    raise error


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([.,]\d{3})+$")
