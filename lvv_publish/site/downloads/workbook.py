"""The Excel workbook of a release, for people, made from its data package (openpyxl).

Dutch column titles (from the Table Schemas), indicator names beside the codes, dates as
date cells, ``ja``/``nee`` for yes/no, an autofilter and frozen header on every table, the
Totaaloverzicht in the slide's own shape and a Toelichting sheet. Codes are text cells.

The workbook is a convenience copy; the CSV files and ``datapackage.json`` are the source.
It is written deterministically: openpyxl stamps the current time into the file, so the
timestamps are replaced with the release's ``created`` time afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


def workbook_name(package: PublishedPackage) -> str:
    """``lvv-monitor.xlsx``: the same name in every version, so ``/latest/downloads/…`` is
    a stable address (the version is in the folder and in the workbook itself)."""
    return package.descriptor["name"].rsplit("-", 1)[0] + ".xlsx"


def write_workbook(package: PublishedPackage, path: Path) -> None:
    path.write_bytes(workbook_bytes(package))


def workbook_bytes(package: PublishedPackage) -> bytes:
    """The workbook: Toelichting, Totaaloverzicht, then every resource on a sheet of its own."""
    wb = Workbook()
    about = wb.active
    about.title = "Toelichting"
    _totaaloverzicht(wb.create_sheet(TOTAAL), package)
    schemas = {res["name"]: res["schema"] for res in package.descriptor["resources"]}
    written = [
        (
            TOTAAL,
            "De tabel van de monitor: indicatoren onder elkaar, per gemeente de "
            "monitors naast elkaar.",
        )
    ]
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
        sheet_table(wb.create_sheet(title), frame.rename(columns=titles))
        written.append((title, note))
    _about(about, package, written)
    for ws in wb.worksheets:
        neutralise_sheet(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_xlsx(buffer.getvalue(), package.descriptor["created"])


def sheet_table(ws: Worksheet, frame: pd.DataFrame) -> None:
    """``frame`` with a bold header, an autofilter, a frozen header row and fitted widths."""
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = BOLD
    widths = [len(str(c)) for c in frame.columns]
    for row in frame.itertuples(index=False):
        values = [_cell(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values):
            widths[i] = max(widths[i], 10 if isinstance(v, dt.date) else len(str(v or "")))
    _format_columns(ws, 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, width + 2))


def _totaaloverzicht(ws: Worksheet, package: PublishedPackage) -> None:
    """The slide's shape: municipality names over their monitor columns, period labels below."""
    wide = wide_table(package)
    monitors = package.monitors.sort_values("monitor")
    labels = [str(x) for x in monitors["label"]]
    names = [str(x) for x in package.municipalities["name"]]
    ws.append(
        ["Indicatoren", None, *[n if i == 0 else None for n in names for i in range(len(labels))]]
    )
    ws.append(["Code", "Naam", *(labels * len(names))])
    for i in range(len(names)):
        first = 3 + i * len(labels)
        ws.merge_cells(
            start_row=1, start_column=first, end_row=1, end_column=first + len(labels) - 1
        )
        ws.cell(1, first).alignment = Alignment(horizontal="center")
    for row in ws.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font = BOLD
    for row in wide.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    _format_columns(ws, 3)
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(2 + len(names) * len(labels))}{len(wide) + 2}"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = max(len(str(n)) for n in wide["name"]) + 2
    for i in range(3, 3 + len(names) * len(labels)):
        ws.column_dimensions[get_column_letter(i)].width = 12


def _format_columns(ws: Worksheet, first_row: int) -> None:
    """Dates get a Dutch date format; text that looks like a number (a code) the text format."""
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str) and cell.value.replace(".", "").isdigit():
                cell.number_format = "@"


def _about(ws: Worksheet, package: PublishedPackage, sheets: list[tuple[str, str]]) -> None:
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
    rows: list[tuple[str, Any]] = [
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
    for label, value in rows:
        ws.append([label, value])
    for (cell,) in ws.iter_rows(max_col=1):
        cell.font = BOLD
    for row in ws.iter_rows(min_col=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _format_columns(ws, 1)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100


def neutralise_sheet(ws: Worksheet) -> None:
    """Text that Excel would run as a formula (CSV injection, ``cellsafety.py``) stays text:
    a string cell with Excel's quote prefix, its text unchanged. openpyxl itself turns any
    string starting with ``=`` into a formula."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


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
