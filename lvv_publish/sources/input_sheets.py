"""Reader for the per-municipality input sheets ("Cijfers per Gemeente"), CSV or XLSX.

Municipalities deliver these sheets in slightly different shapes: one or two
``Subindicator`` columns, a value column headed ``Invoer mei``, ``Mei`` or ``Invoer april``,
an optional ``Invoer toelichting`` column, typos in labels, rows left out. The reader
accepts those variants, refuses what it cannot place (an unknown label, a duplicate row, a
value that is not a whole number) with the file and cell, and reports stray text as notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..dutch import MONTH_ABBREVIATIONS, MONTHS
from ..models import Registry
from .grid import Grid, read_grid
from .registry import LabelMatcher

_VALUE_HEADER = re.compile(
    r"^(?:invoer\s+)?(?P<month>" + "|".join(MONTHS + MONTH_ABBREVIATIONS) + r")\.?$",
    re.IGNORECASE,
)
_LABEL_HEADER = re.compile(r"^(hoofd|sub)indicator$", re.IGNORECASE)
_NOTE_HEADER = re.compile(r"^(invoer\s+)?toelichting$", re.IGNORECASE)
# The sheets `lvv-publish new` writes show the previous monitor's figure for reference.
_PREVIOUS_HEADER = re.compile(r"^vorige\b", re.IGNORECASE)


@dataclass(frozen=True)
class InputRow:
    """One indicator row of an input sheet (0-based ``row`` in the grid)."""

    indicator: str
    value: int | None
    note: str | None
    row: int
    cell: str


@dataclass(frozen=True)
class StrayText:
    """Text in a label column that is not the row's label (``art`` next to indicator 7)."""

    indicator: str | None
    text: str
    cell: str


@dataclass(frozen=True)
class InputSheet:
    file: str
    sheet: str | None
    municipality_code: str
    value_header: str
    rows: dict[str, InputRow]
    stray: tuple[StrayText, ...]


def read_input_sheet(
    path: Path,
    registry: Registry,
    municipality_code: str,
    *,
    sheet: str | None = None,
    display: str | None = None,
) -> InputSheet:
    """Read one municipality's input sheet."""
    grid = read_grid(path, sheet=sheet, display=display)
    return parse_input_sheet(grid, registry, municipality_code)


def parse_input_sheet(grid: Grid, registry: Registry, municipality_code: str) -> InputSheet:
    if not grid.rows:
        raise grid.error("is empty; expected a header row (Hoofdindicator, Subindicator, …).")
    label_cols, value_col, note_col = _header(grid)
    matcher = LabelMatcher(registry)
    rows: dict[str, InputRow] = {}
    stray: list[StrayText] = []
    for r in range(1, len(grid.rows)):
        labels = [(c, grid.cell(r, c)) for c in label_cols if grid.cell(r, c) is not None]
        value_cell = grid.cell(r, value_col)
        note = grid.cell(r, note_col) if note_col is not None else None
        if not labels and value_cell is None and note is None:
            continue
        coded = [(c, str(v)) for c, v in labels if re.match(r"^\s*\d", str(v))]
        if not coded:
            raise grid.error(
                "has a value or note but no indicator label.",
                row=r,
                col=label_cols[0],
            )
        if len(coded) > 1:
            raise grid.error(
                f"has two indicator labels: {coded[0][1]!r} and {coded[1][1]!r}.",
                row=r,
                col=coded[1][0],
            )
        col = coded[0][0]
        code = grid.indicator_at(matcher, r, col, {k: v.row for k, v in rows.items()})
        for c, v in labels:
            if c != col:
                stray.append(StrayText(code, str(v), grid.cell_ref(r, c, dutch=True)))
        value = grid.count_at(r, value_col, indicator=code)
        rows[code] = InputRow(
            indicator=code,
            value=value,
            note=None if note is None else str(note),
            row=r,
            cell=grid.cell_ref(r, value_col, dutch=True),
        )
    return InputSheet(
        file=grid.file,
        sheet=grid.sheet,
        municipality_code=municipality_code,
        value_header=str(grid.cell(0, value_col)),
        rows=rows,
        stray=tuple(stray),
    )


def _header(grid: Grid) -> tuple[list[int], int, int | None]:
    label_cols: list[int] = []
    value_col: int | None = None
    note_col: int | None = None
    for c, raw in enumerate(grid.rows[0]):
        if raw is None:
            continue
        text = re.sub(r"\s+", " ", str(raw)).strip()
        if _LABEL_HEADER.match(text):
            label_cols.append(c)
        elif _PREVIOUS_HEADER.match(text):
            continue
        elif _NOTE_HEADER.match(text):
            note_col = c
        elif _VALUE_HEADER.match(text) and value_col is None:
            value_col = c
        else:
            raise grid.error(
                f"unknown column header {text!r}.",
                row=0,
                col=c,
                fix="Expected Hoofdindicator, Subindicator, a value column such as "
                "'Invoer mei' or 'Mei', and optionally 'Vorige monitor …' and "
                "'Invoer toelichting'.",
            )
    if not label_cols:
        raise grid.error("has no 'Hoofdindicator' or 'Subindicator' column.", row=0)
    if value_col is None:
        raise grid.error(
            "has no value column (a month, such as 'Invoer mei' or 'Mei').",
            row=0,
        )
    return label_cols, value_col, note_col


def locate(sheet: InputSheet) -> str:
    """How to name the sheet in a finding: ``monitors/15/invoer/amsterdam.csv``."""
    return sheet.file if sheet.sheet is None else f"{sheet.file}, sheet '{sheet.sheet}'"
