"""The workbooks the programme office fills in for a new monitor (openpyxl).

``lvv-publish new N`` writes them: the Totaaloverzicht in the slide's own wide shape (the
earlier periods filled from the published data, the new period empty) and one input sheet
per municipality ("Cijfers per Gemeente"): labels locked, a value column headed by the
period's end (``Invoer t/m 31 juli 2024``) that accepts only whole numbers of zero or more
(or an empty cell: unknown), the previous monitor's figure beside each cell and a column for
the municipality's note. ``lvv-publish compile N`` writes the Totaaloverzicht again with the
new period from the sheets. The readers in ``sources/`` read both back.

Every Totaaloverzicht written here records what it wrote in a very hidden sheet
(``RECORD_SHEET``): a figure that differs from it later was typed in by hand.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..models import MonitorMeta, Municipality, Registry
from ..sources import INPUT_SHEET, RECORD_SHEET, SHEET_NAME

# (monitor, municipality code, indicator) -> published figure (None: unknown).
Figures = Mapping[tuple[int, str, str], int | None]

NOTE_HEADER = "Invoer toelichting"
HEADER_FONT = Font(bold=True)
# The cells to fill in stand out; the rest is locked and grey.
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
READ_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
COUNT_MESSAGE = (
    "Vul een geheel getal van 0 of meer in. Laat het vak leeg als het cijfer onbekend is: "
    "leeg betekent onbekend, nooit nul."
)


def _count_validation() -> DataValidation:
    """Whole numbers of zero or more; an empty cell stays allowed (it means unknown)."""
    validation = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Geen geldig aantal",
        error=COUNT_MESSAGE,
        promptTitle="Aantal",
        prompt=COUNT_MESSAGE,
    )
    validation.errorStyle = "stop"
    return validation


@dataclass(frozen=True)
class PeriodColumn:
    municipality: Municipality
    monitor: int
    label: str


def totaaloverzicht_columns(meta: MonitorMeta, registry: Registry) -> list[PeriodColumn]:
    """Per municipality (registry order) its period columns, only where it is in the LVV."""
    out = []
    for m in registry.municipalities:
        for p in meta.periods:
            if m.active_in(p.monitor):
                out.append(PeriodColumn(m, p.monitor, p.label))
    return out


def totaaloverzicht_workbook(meta: MonitorMeta, registry: Registry, figures: Figures) -> bytes:
    """The Totaaloverzicht of ``meta`` as an XLSX workbook, in the slide's shape.

    Row 1: the municipality names over their columns; row 2: the period labels; then one
    row per indicator with its canonical label. Every figure comes from ``figures`` (the
    monitor's own period is empty where ``figures`` lacks it: ``new``); the record sheet
    holds what was written.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    columns = totaaloverzicht_columns(meta, registry)
    ws.cell(1, 1, "Indicatoren").font = HEADER_FONT
    shown: set[str] = set()
    for i, col in enumerate(columns, start=2):
        if col.municipality.code not in shown:
            ws.cell(1, i, col.municipality.name).font = HEADER_FONT
            shown.add(col.municipality.code)
        ws.cell(2, i, col.label).font = HEADER_FONT
    validation = _count_validation()
    ws.add_data_validation(validation)
    last_row = len(registry.indicators) + 2
    for i, col in enumerate(columns, start=2):
        if col.monitor == meta.number:
            letter = get_column_letter(i)
            validation.add(f"{letter}3:{letter}{last_row}")
    written: list[tuple[str, int | None]] = []
    for r, ind in enumerate(registry.indicators, start=3):
        ws.cell(r, 1, ind.label)
        for i, col in enumerate(columns, start=2):
            cell = ws.cell(r, i)
            if col.monitor == meta.number:
                cell.fill = INPUT_FILL
            cell.value = figures.get((col.monitor, col.municipality.code, ind.code))
            written.append((f"{col.monitor}/{col.municipality.code}/{ind.code}", cell.value))
    _record(wb, written)
    ws.freeze_panes = "B3"
    _fit_to_width(ws)
    ws.print_title_rows = "1:2"
    ws.column_dimensions["A"].width = 48
    for i in range(2, len(columns) + 2):
        ws.column_dimensions[get_column_letter(i)].width = 13
    return _save(wb)


def _record(wb: Workbook, written: list[tuple[str, int | None]]) -> None:
    """What was written into each figure, in a sheet Excel does not show or let unhide
    (``veryHidden``): ``sources.read_compile_record`` reads it back."""
    ws = wb.create_sheet(RECORD_SHEET)
    ws.sheet_state = "veryHidden"
    ws.append(["figure", "value"])
    for figure, value in written:
        ws.append([figure, value])


def _label_columns(registry: Registry) -> int:
    """How many label columns the sheet needs: one per level of the indicator codes."""
    return max(ind.code.count(".") for ind in registry.indicators) + 1


def input_sheet_workbook(
    meta: MonitorMeta,
    registry: Registry,
    municipality: Municipality,
    figures: Figures,
    *,
    value_header: str,
) -> bytes:
    """One municipality's input sheet ("Cijfers per Gemeente") for monitor ``meta``.

    Columns: the label columns (Hoofdindicator, Subindicator, …), the value to fill in
    (``value_header``, e.g. ``Invoer t/m 31 juli 2024``), the previous monitor's figure for
    reference, and the municipality's note. The sheet is protected without a password:
    only the value and note cells can be edited, so that no label is changed by accident.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = INPUT_SHEET
    levels = _label_columns(registry)
    previous = meta.previous
    headers = ["Hoofdindicator", *["Subindicator"] * (levels - 1), value_header]
    if previous is not None:
        headers.append(f"Vorige monitor ({meta.period(previous).label})")
    headers.append(NOTE_HEADER)
    value_col = levels + 1
    note_col = len(headers)
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(1, c, text)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    validation = _count_validation()
    ws.add_data_validation(validation)
    letter = get_column_letter(value_col)
    validation.add(f"{letter}2:{letter}{len(registry.indicators) + 1}")
    for r, ind in enumerate(registry.indicators, start=2):
        ws.cell(r, ind.code.count(".") + 1, ind.label)
        value = ws.cell(r, value_col)
        value.protection = Protection(locked=False)
        value.fill = INPUT_FILL
        if previous is not None:
            before = ws.cell(r, value_col + 1)
            if municipality.active_in(previous):
                before.value = figures.get((previous, municipality.code, ind.code))
            before.fill = READ_ONLY_FILL
        note = ws.cell(r, note_col)
        note.protection = Protection(locked=False)
        note.fill = INPUT_FILL
        note.alignment = Alignment(wrap_text=True, vertical="top")
    for c in range(1, levels + 1):
        ws.column_dimensions[get_column_letter(c)].width = 40 if c == 1 else 36
    ws.column_dimensions[get_column_letter(value_col)].width = 16
    if previous is not None:
        ws.column_dimensions[get_column_letter(value_col + 1)].width = 18
    ws.column_dimensions[get_column_letter(note_col)].width = 60
    ws.freeze_panes = "A2"
    _fit_to_width(ws)
    _protect(ws)
    return _save(wb)


def _protect(ws: Worksheet) -> None:
    # Locked cells cannot be edited; formatting and widening columns stay allowed, so that a
    # long note can be read.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def _fit_to_width(ws: Worksheet) -> None:
    """Print (and export to PDF) landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
