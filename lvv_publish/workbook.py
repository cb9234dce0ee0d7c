"""An Excel workbook of a release for journalists, made from its data package (openpyxl).

The workbook is a convenience copy; the CSV files and ``datapackage.json`` are the source.
It is written deterministically: openpyxl stamps the current time into the file, so the
timestamps are replaced with the release's ``created`` time afterwards.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .package import PublishedPackage

SHEETS = (
    ("observations", "Cijfers"),
    ("indicators", "Indicatoren"),
    ("municipalities", "Gemeenten"),
    ("monitors", "Monitors"),
    ("findings", "Bevindingen"),
    ("rules", "Regels"),
)


def workbook_name(package: PublishedPackage) -> str:
    """``lvv-monitor.xlsx``: the same name in every version, so ``/latest/downloads/…`` is
    a stable address (the version is in the folder and in the workbook itself)."""
    return package.descriptor["name"].rsplit("-", 1)[0] + ".xlsx"


def write_workbook(package: PublishedPackage, path: Path) -> None:
    path.write_bytes(workbook_bytes(package))


def workbook_bytes(package: PublishedPackage) -> bytes:
    """Every resource of ``package`` on a sheet of its own, empty cells left empty."""
    wb = Workbook()
    about = wb.active
    about.title = "Toelichting"
    desc = package.descriptor
    lines = [
        desc["title"],
        f"Datapakket {desc['name']}, versie {desc['version']}.",
        "Een leeg vak betekent: onbekend. Het is nooit nul.",
        "Bron van deze werkmap: de CSV-bestanden en datapackage.json van hetzelfde pakket.",
        f"Licentie: {desc['licenses'][0].get('title', desc['licenses'][0]['name'])}.",
    ]
    for line in lines:
        about.append([line])
    for name, title in SHEETS:
        frame = getattr(package, name, None)
        if frame is None:
            continue
        ws = wb.create_sheet(title)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(60, len(column) + 4))
    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue(), desc["created"])


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()  # dates as ISO text, as in the CSV
    if isinstance(value, bool):
        return value
    return value


def _deterministic(data: bytes, created: str) -> bytes:
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
