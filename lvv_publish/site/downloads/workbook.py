"""The Excel workbook of a release, for people, made from its data package (openpyxl).

Dutch column titles (from the Table Schemas), indicator names beside the codes, dates as
date cells, ``ja``/``nee`` for yes/no, an autofilter and frozen header on every table, the
Totaaloverzicht in the slide's own shape and a Toelichting sheet. Codes are text cells.

The workbook is a convenience copy; the CSV files and ``datapackage.json`` are the source.

Written with openpyxl's write-only (streaming) mode (issue 22): rows go to the file as they
are appended, each cell made once, instead of a sheet of cell objects that is walked again
to style and neutralise it; at 350 municipalities × 40 monitors that was 15 % of a release.
openpyxl rather than xlsxwriter's ``constant_memory``: no new dependency, the same reader
as the tests and the input sheets, and cells keep Excel's quote prefix the same way. So the
widths are computed before a sheet's rows are written, each cell gets its style as it is
written (``_Cells``), and the merged title cells of the Totaaloverzicht carry no empty styled
cells beside them: the bytes differ from the workbooks of earlier versions of lvv-publish,
what a reader sees does not. It is written deterministically: openpyxl stamps the current
time into the file, so the timestamps are replaced with the release's ``created`` time
afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from ...dutch import date as dutch_date
from ...dutch import when
from ...package import PublishedPackage, formula_like, published_time
from .wide import wide_table

# (resource, sheet title, what the sheet holds)
SHEETS = (
    ("observations", "Cijfers", "Alle cijfers: één rij per monitor, gemeente en indicator."),
    ("indicators", "Indicatoren", "De indicatoren met soort, samenhang en definitie."),
    ("municipalities", "Gemeenten", "De gemeenten met een LVV-locatie en hun CBS-code."),
    ("monitors", "Monitors", "De periodes (monitors) die deze uitgave bevat."),
    (
        "findings",
        "Bevindingen",
        "Datakwaliteitsnotities, niet te controleren regels en herzieningen.",
    ),
    ("rules", "Regels", "De controles met hun code en betekenis."),
)
TOTAAL = "Totaaloverzicht"
DATE_FORMAT = "dd-mm-yyyy"  # shown as dd-mm-jjjj by Dutch Excel
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center")
WRAP = Alignment(wrap_text=True, vertical="top")


def workbook_name(package: PublishedPackage) -> str:
    """``lvv-monitor.xlsx``: the same name in every version, so ``/latest/downloads/…`` is
    a stable address (the version is in the folder and in the workbook itself)."""
    return package.descriptor["name"].rsplit("-", 1)[0] + ".xlsx"


def write_workbook(package: PublishedPackage, path: Path) -> None:
    path.write_bytes(workbook_bytes(package))


def workbook_bytes(package: PublishedPackage) -> bytes:
    """The workbook: Toelichting, Totaaloverzicht, then every resource on a sheet of its own."""
    schemas = {res["name"]: res["schema"] for res in package.descriptor["resources"]}
    tables: list[tuple[str, str, pd.DataFrame]] = []
    for name, title, note in SHEETS:
        frame = getattr(package, name, None)
        if frame is None or name not in schemas:
            continue
        titles = {f["name"]: f.get("title") or f["name"] for f in schemas[name]["fields"]}
        if name == "observations":
            names = dict(zip(package.indicators["code"], package.indicators["name"], strict=True))
            at = list(frame.columns).index("indicator") + 1
            frame = frame.copy()
            frame.insert(at, "indicator_name", frame["indicator"].map(names))
            titles["indicator_name"] = "Naam indicator"
        tables.append((title, note, frame.rename(columns=titles)))
    wb = Workbook(write_only=True)
    totaal_note = (
        "De tabel van de monitor: indicatoren onder elkaar, per gemeente de monitors naast elkaar."
    )
    _about(
        wb.create_sheet("Toelichting"),
        package,
        [(TOTAAL, totaal_note), *((title, note) for title, note, _ in tables)],
    )
    _totaaloverzicht(wb.create_sheet(TOTAAL), package)
    for title, _, frame in tables:
        sheet_table(wb.create_sheet(title), frame)
    return saved(wb, package.descriptor["created"])


def saved(wb: Workbook, created: str) -> bytes:
    """The streamed workbook's bytes, deterministic (``deterministic_xlsx``)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_xlsx(buffer.getvalue(), created)


class _Cells:
    """The cells of one write-only sheet, each made as it is written: dates with the Dutch
    date format, text that looks like a number (a code) with the text format, and text that
    Excel would run as a formula (CSV injection, ``cellsafety.py``) as a string cell with
    Excel's quote prefix, its text unchanged (openpyxl itself turns any string starting
    with ``=`` into a formula). Other values are written as they are."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws

    def cell(self, value: object, font: Font | None = None, align: Alignment | None = None) -> Any:
        date = isinstance(value, dt.date)
        code = isinstance(value, str) and value.replace(".", "").isdigit()
        formula = formula_like(value)
        if not (date or code or formula or font or align) or value is None:
            return value
        cell = WriteOnlyCell(self.ws, value)
        if date:
            cell.number_format = DATE_FORMAT
        elif code:
            cell.number_format = "@"
        if formula:
            cell.data_type = "s"
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        if align is not None:
            cell.alignment = align
        return cell

    def append(self, values: Iterable[object], font: Font | None = None) -> None:
        self.ws.append([self.cell(v, font) for v in values])


def sheet_table(ws: WriteOnlyWorksheet, frame: pd.DataFrame) -> None:
    """``frame`` with a bold header, an autofilter, a frozen header row and fitted widths
    (on a write-only sheet: the widths are computed before the rows are written)."""
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [len(str(c)) for c in frame.columns]
    for values in rows:
        for i, v in enumerate(values):
            widths[i] = max(widths[i], 10 if isinstance(v, dt.date) else len(str(v or "")))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, width + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    cells = _Cells(ws)
    cells.append(frame.columns, BOLD)
    for values in rows:
        cells.append(values)


def _totaaloverzicht(ws: WriteOnlyWorksheet, package: PublishedPackage) -> None:
    """The slide's shape: municipality names over their monitor columns, period labels below."""
    wide = wide_table(package)
    monitors = package.monitors.sort_values("monitor")
    labels = [str(x) for x in monitors["label"]]
    names = [str(x) for x in package.municipalities["name"]]
    columns = 2 + len(names) * len(labels)
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = max(len(str(n)) for n in wide["name"]) + 2
    for i in range(3, columns + 1):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(columns)}{len(wide) + 2}"
    cells = _Cells(ws)
    title: list[Any] = [cells.cell("Indicatoren", BOLD), None]
    for i, name in enumerate(names):
        first = 3 + i * len(labels)
        last = first + len(labels) - 1
        # The municipality's name over its columns, in the title row (the first).
        ws.merged_cells.add(CellRange(min_col=first, min_row=1, max_col=last, max_row=1).coord)
        title += [cells.cell(name, BOLD, CENTER), *[None] * (len(labels) - 1)]
    ws.append(title)
    cells.append(["Code", "Naam", *(labels * len(names))], BOLD)
    for row in wide.itertuples(index=False):
        cells.append([_cell(v) for v in row])


def _about(
    ws: WriteOnlyWorksheet, package: PublishedPackage, sheets: list[tuple[str, str]]
) -> None:
    """Source, licence, peildatum, how to cite, where the data-quality notes are."""
    desc = package.descriptor
    lic = desc["licenses"][0]
    own = package.monitors[package.monitors["monitor"] == package.number]
    peildatum = own["peildatum"].iloc[0]
    author = next(
        (c["title"] for c in desc.get("contributors", []) if c.get("role") == "author"),
        desc.get("contributors", [{"title": ""}])[0]["title"],
    )
    homepage = str(desc.get("homepage") or "").rstrip("/")
    release_url = f"{homepage}/{package.number}/" if homepage else ""
    quality = "De datakwaliteitsnotities staan op het blad Bevindingen (ook als findings.csv)"
    quality += (
        f" en op de pagina Datakwaliteit: {release_url}datakwaliteit/."
        if release_url
        else " en op de pagina Datakwaliteit van deze uitgave op de website."
    )
    rows: Sequence[tuple[str, Any]] = [
        ("Titel", desc["title"]),
        (
            "Uitgave",
            f"Datapakket {desc['name']}, versie {desc['version']}, gepubliceerd op "
            f"{when(published_time(desc).value)}.",
        ),
        ("Peildatum", peildatum),
        ("Bron", "; ".join(s["title"] for s in desc.get("sources", []))),
        ("Licentie", f"{lic.get('title', lic['name'])}: {lic.get('path', '')}"),
        (
            "Zo citeert u",
            f"{author}, {desc['title']}, versie {desc['version']} (peildatum "
            f"{dutch_date(peildatum)})." + (f" {release_url}" if release_url else ""),
        ),
        ("Onbekend", "Een leeg vak betekent: onbekend. Het is nooit nul."),
        ("Datakwaliteit", quality),
        (
            "Deze werkmap",
            "Een kopie voor het gemak van de CSV-bestanden en datapackage.json "
            "van hetzelfde pakket; die zijn de bron.",
        ),
        ("", None),
        ("Blad", "Inhoud"),
        *sheets,
    ]
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    cells = _Cells(ws)
    for label, value in rows:
        ws.append([cells.cell(label, BOLD), cells.cell(value, align=WRAP)])


def _cell(value: object) -> object:
    """A value as a cell: empty for unknown, ja/nee for yes/no, dates as dates."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    return value


def deterministic_xlsx(data: bytes, created: str) -> bytes:
    """Fix the zip entries' dates and the document's created/modified stamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + created.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()
