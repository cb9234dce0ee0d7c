"""Reader for the per-municipality input sheets ("Cijfers per Gemeente"), CSV or XLSX.

Municipalities deliver these sheets in slightly different shapes: one or two
``Subindicator`` columns, a value column headed ``Invoer t/m 31 juli 2024`` (what ``new``
writes), ``Invoer mei``, ``Mei`` or ``Invoer april``, an optional ``Invoer toelichting``
column, typos in labels, rows left out. The reader accepts those variants and reports stray
text as notes.

What it cannot place (an unknown label, a duplicate row, a value that is not a whole number
of 0 or more, a header it does not know, a file it cannot read) is a problem with the file
and cell, collected rather than raised: one ``validate`` run names every problem of every
sheet (``InputSheet.problems``). A sheet of another quarter is one problem
(``quarter_problem``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..dutch import MONTH_ABBREVIATIONS, MONTHS
from ..errors import SourceError, place, quote
from ..models import MonitorMeta, Registry
from .grid import Grid, read_grid
from .registry import LabelMatcher

_MONTH = "|".join(MONTHS + MONTH_ABBREVIATIONS)
# "Invoer mei", "Mei", "Invoer april" (the month the figures are entered in, or the last
# month of the quarter), or the period by its end: "Invoer t/m 31 juli 2024".
_VALUE_HEADER = re.compile(
    rf"^(?:invoer\s+)?(?:(?P<month>{_MONTH})|(?:t/m|tot en met)\s+"
    rf"(?P<day>[0-9]{{1,2}})\s+(?P<end_month>{_MONTH})\s+(?P<year>[0-9]{{4}}))\.?$",
    re.IGNORECASE,
)
_LABEL_HEADER = re.compile(r"^(hoofd|sub)indicator$", re.IGNORECASE)
_NOTE_HEADER = re.compile(r"^(invoer\s+)?toelichting$", re.IGNORECASE)
# The sheets `lvv-publish new` writes show the previous monitor's figure for reference:
# "Vorige monitor (15 - mei 24)".
_PREVIOUS_HEADER = re.compile(r"^vorige\b", re.IGNORECASE)
_PREVIOUS_MONITOR = re.compile(r"\(\s*([0-9]+)\s*-\s*[a-z]{3}", re.IGNORECASE)

# The sheet `lvv-publish new` writes; a workbook's only visible sheet is read under any name.
INPUT_SHEET = "Cijfers per Gemeente"
COUNT_FIX = "Enter a whole number of 0 or more, or leave the cell empty when the figure is unknown."


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
class Header:
    """A column header of the sheet: its text and where it is (``cell C1``)."""

    text: str
    cell: str


@dataclass(frozen=True)
class InputSheet:
    """One municipality's input sheet as read: the rows it could place and the problems of
    the rest (each naming file, sheet, cell and indicator). ``found`` is false when the
    file is not there; ``value_header`` is None when the header could not be read."""

    file: str
    sheet: str | None
    municipality_code: str
    value_header: Header | None
    rows: dict[str, InputRow]
    stray: tuple[StrayText, ...]
    problems: tuple[SourceError, ...] = ()
    previous_header: Header | None = None
    found: bool = True
    # Indicators whose row has a problem: left out of the comparison with the table.
    unread: frozenset[str] = field(default_factory=frozenset)
    # Set when the sheet is of another quarter (``quarter_problem``): none of it is used.
    other_quarter: SourceError | None = None

    @property
    def usable(self) -> bool:
        """Whether its rows can be used: found, of this quarter, its header read."""
        return self.found and self.other_quarter is None and self.value_header is not None


def read_input_sheet(
    path: Path,
    registry: Registry,
    municipality_code: str,
    *,
    sheet: str | None = INPUT_SHEET,
    display: str | None = None,
) -> InputSheet:
    """Read one municipality's input sheet; a file that cannot be read is its problem.
    In a workbook, the sheet named ``sheet`` is read, or else its only visible one."""
    try:
        grid = read_grid(path, sheet=sheet, display=display)
    except SourceError as exc:
        name = display or str(path)
        return InputSheet(
            name, sheet, municipality_code, None, {}, (), (exc,), None, path.is_file()
        )
    return parse_input_sheet(grid, registry, municipality_code)


def parse_input_sheet(grid: Grid, registry: Registry, municipality_code: str) -> InputSheet:
    """Place every row of ``grid`` on the registry, collecting the problems."""
    try:
        if not grid.rows:
            raise grid.error("is empty; expected a header row (Hoofdindicator, Subindicator, …).")
        label_cols, value_col, note_col, previous = _header(grid)
    except SourceError as exc:
        return InputSheet(grid.file, grid.sheet, municipality_code, None, {}, (), (exc,))
    matcher = LabelMatcher(registry)
    rows: dict[str, InputRow] = {}
    stray: list[StrayText] = []
    problems: list[SourceError] = []
    unread: set[str] = set()
    for r in range(1, len(grid.rows)):
        labels = [(c, grid.cell(r, c)) for c in label_cols if grid.cell(r, c) is not None]
        value_cell = grid.cell(r, value_col)
        note = grid.cell(r, note_col) if note_col is not None else None
        if not labels and value_cell is None and note is None:
            continue
        try:
            col, code = _label(grid, r, labels, label_cols, matcher, rows)
        except SourceError as exc:
            problems.append(exc)
            continue
        for c, v in labels:
            if c != col:
                stray.append(StrayText(code, str(v), grid.cell_ref(r, c, dutch=True)))
        try:
            value = _count(grid, r, value_col, code)
        except SourceError as exc:
            problems.append(exc)
            unread.add(code)
            continue
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
        value_header=Header(str(grid.cell(0, value_col)), grid.cell_ref(0, value_col)),
        rows=rows,
        stray=tuple(stray),
        problems=tuple(problems),
        previous_header=previous,
        unread=frozenset(unread),
    )


def _label(
    grid: Grid,
    r: int,
    labels: Sequence[tuple[int, object]],
    label_cols: list[int],
    matcher: LabelMatcher,
    rows: dict[str, InputRow],
) -> tuple[int, str]:
    """The column and registry code of row ``r``'s indicator label."""
    coded = [(c, str(v)) for c, v in labels if re.match(r"^\s*[0-9]", str(v))]
    if not coded:
        raise grid.error("has a value or note but no indicator label.", row=r, col=label_cols[0])
    if len(coded) > 1:
        raise grid.error(
            f"has two indicator labels: {quote(coded[0][1])} and {quote(coded[1][1])}.",
            row=r,
            col=coded[1][0],
        )
    col = coded[0][0]
    return col, grid.indicator_at(matcher, r, col, {k: v.row for k, v in rows.items()})


def _count(grid: Grid, r: int, col: int, code: str) -> int | None:
    """The row's figure: a whole number of 0 or more, or None (unknown)."""
    value = grid.count_at(r, col, indicator=code)
    if value is not None and value < 0:
        # The sheet's own validation refuses it in Excel; a CSV or LibreOffice lets it through.
        raise grid.error(
            f"{value} is negative; a figure counts places, trajecten or requests.",
            row=r,
            col=col,
            indicator=code,
            fix=COUNT_FIX,
        )
    return value


def _header(grid: Grid) -> tuple[list[int], int, int | None, Header | None]:
    label_cols: list[int] = []
    value_col: int | None = None
    note_col: int | None = None
    previous: Header | None = None
    for c, raw in enumerate(grid.rows[0]):
        if raw is None:
            continue
        text = re.sub(r"\s+", " ", str(raw)).strip()
        if _LABEL_HEADER.match(text):
            label_cols.append(c)
        elif _PREVIOUS_HEADER.match(text):
            previous = Header(text, grid.cell_ref(0, c))
        elif _NOTE_HEADER.match(text):
            note_col = c
        elif _VALUE_HEADER.match(text) and value_col is None:
            if _period_end(text) is False:
                raise grid.error(
                    f"the value column's header {quote(text)} names a date that does not exist.",
                    row=0,
                    col=c,
                    fix="Write the period's last day, e.g. 'Invoer t/m 31 juli 2024'.",
                )
            value_col = c
        else:
            raise grid.error(
                f"unknown column header {quote(text)}.",
                row=0,
                col=c,
                fix="Expected Hoofdindicator, Subindicator, a value column such as "
                "'Invoer t/m 31 juli 2024', 'Invoer mei' or 'Mei', and optionally "
                "'Vorige monitor …' and 'Invoer toelichting'.",
            )
    if not label_cols:
        raise grid.error("has no 'Hoofdindicator' or 'Subindicator' column.", row=0)
    if value_col is None:
        raise grid.error(
            "has no value column (such as 'Invoer t/m 31 juli 2024', 'Invoer mei' or 'Mei').",
            row=0,
        )
    return label_cols, value_col, note_col, previous


def value_header(end: dt.date) -> str:
    """The value column's header of a sheet ``new`` writes: the period by its end,
    ``Invoer t/m 31 juli 2024``, so that a sheet of another quarter is recognised."""
    return f"Invoer t/m {end.day} {MONTHS[end.month - 1]} {end.year}"


def _month(name: str) -> int:
    name = name.lower()
    return (MONTHS.index(name) if name in MONTHS else MONTH_ABBREVIATIONS.index(name)) + 1


def _period_end(text: str) -> dt.date | bool | None:
    """The period end a value column's header names (``Invoer t/m 31 juli 2024``); None when
    it names a month instead, False when its date does not exist (``31 april``)."""
    match = _VALUE_HEADER.match(re.sub(r"\s+", " ", text).strip())
    if match is None or not match["day"]:
        return None
    try:
        return dt.date(int(match["year"]), _month(match["end_month"]), int(match["day"]))
    except ValueError:
        return False


def quarter_problem(sheet: InputSheet, meta: MonitorMeta) -> SourceError | None:
    """The one problem of a sheet made for another quarter than monitor ``meta``: its header
    names another period end, an input month that does not follow the peildatum, or another
    previous monitor. None when the sheet is of this quarter (or its header unread)."""
    if sheet.value_header is None:
        return None
    own = meta.period(meta.number)
    header = sheet.value_header
    match = _VALUE_HEADER.match(re.sub(r"\s+", " ", header.text).strip())
    theirs, cell = None, header.cell
    end = _period_end(header.text)
    if isinstance(end, dt.date):
        if end != own.end:
            other = next((p.monitor for p in meta.periods if p.end == end), None)
            named = f", monitor {other}'s" if other is not None else ""
            theirs = f"its header {quote(header.text)} names the period ending {end}{named}"
    elif match and match["month"]:
        month = _month(match["month"])
        # The month the quarter ends in, or the month after it, when the figures are entered.
        if month not in (own.end.month, own.end.month % 12 + 1):
            theirs = (
                f"its header {quote(header.text)} is the input month of another quarter "
                f"(monitor {meta.number} ends in {MONTHS[own.end.month - 1]})"
            )
    prev = sheet.previous_header
    if theirs is None and prev is not None and meta.previous is not None:
        shown = _PREVIOUS_MONITOR.search(prev.text)
        if shown and int(shown[1]) != meta.previous:
            theirs = (
                f"its header {quote(prev.text)} shows monitor {shown[1]} as the previous one "
                f"(for monitor {meta.number} that is monitor {meta.previous})"
            )
            cell = prev.cell
    if theirs is None:
        return None
    return SourceError(
        f"is the input sheet of another quarter: {theirs}; monitor {meta.number} covers "
        f"{own.start} to {own.end}. None of its figures are used.",
        file=sheet.file,
        sheet=sheet.sheet,
        cell=cell,
        fix=f"Ask the municipality for its sheet of monitor {meta.number} and put it in its place.",
    )


def locate(sheet: InputSheet) -> str:
    """How to name the sheet in a finding: ``monitors/15/invoer/amsterdam.csv``."""
    return place(sheet.file, sheet.sheet)
