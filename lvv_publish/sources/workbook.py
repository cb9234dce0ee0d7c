"""Opening an Excel workbook safely: its kind, its zip archive, and the right sheet.

Before openpyxl sees the file, its first bytes tell a workbook (a zip archive) from a CSV
file, a password-protected workbook or an old .xls (both OLE compound files); the zip's
central directory is checked against the limits of ``limits.py`` (a zip bomb or a 400 MB
shared string is refused before anything is unpacked: zipfile never unpacks more than a
member's recorded size); a Strict Open XML workbook, which openpyxl cannot read, is named
as such. openpyxl then opens it read-only (nothing is parsed until asked for), and the
sheet is chosen by name or as the only visible one; hidden sheets are never read.
``cells.py`` streams the chosen sheet's cells.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import LISTED, SourceError, cut, quote
from .limits import (
    MAX_FILE_BYTES,
    MAX_PART,
    MAX_RATIO,
    MAX_UNDIMENSIONED,
    MAX_UNPACKED,
    RATIO_FROM,
)

SAVE_AS_XLSX = "Open it in Excel and save it again as 'Excel Workbook (.xlsx)'."
# An OLE compound file: what Excel writes for an encrypted workbook, and an old .xls.
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# The streams an encrypted OOXML package holds (MS-OFFCRYPTO), and those of a .xls (MS-XLS),
# as their names are written in the compound file's directory (UTF-16LE).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_XLS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
# Strict Open XML (ISO 29500 Strict) uses these namespaces instead of the transitional ones.
_STRICT = b"http://purl.oclc.org/ooxml/"


def check_kind(path: Path, name: str) -> None:
    """Refuse a file that is not an .xlsx workbook, saying what it is and what to do."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"is {size / 2**20:,.1f} MiB; an input file may be at most "
            f"{MAX_FILE_BYTES // 2**20} MiB.",
            file=name,
            fix="Check that this is the right file.",
        )
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith(b"PK\x03\x04"):  # every .xlsx is a zip archive
        return
    if head.startswith(OLE_MAGIC):
        _refuse_ole(path.read_bytes(), name)
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


def _refuse_ole(data: bytes, name: str) -> None:
    # A search of the directory names rather than a compound-file parser (olefile): only
    # which of two kinds it is matters, and the file is refused either way.
    if _ENCRYPTED in data:
        raise SourceError(
            "is protected with a password (Excel then encrypts the whole workbook), so it "
            "cannot be read.",
            file=name,
            fix="Open it in Excel, remove the password (File > Info > Protect Workbook > "
            "Encrypt with Password: empty it) and save it again.",
        )
    likely = (
        "an old Excel 97-2003 workbook (.xls)"
        if any(s in data for s in _XLS)
        else ("an old Office file (an OLE compound file, probably an Excel 97-2003 .xls)")
    )
    raise SourceError(f"is {likely}, not an .xlsx workbook.", file=name, fix=SAVE_AS_XLSX)


def check_archive(path: Path, name: str) -> None:
    """Check the zip's central directory against the limits before anything is unpacked,
    and refuse a Strict Open XML workbook (openpyxl reads the transitional kind only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            largest = max(members, key=lambda m: m.file_size, default=None)
            if largest is not None and total > MAX_UNPACKED:
                raise SourceError(
                    f"unpacks to {total / 2**20:,.0f} MiB (its part "
                    f"{cut(largest.filename, 80)!r} alone {largest.file_size / 2**20:,.0f} MiB); "
                    f"a workbook may unpack to at most {MAX_UNPACKED // 2**20} MiB.",
                    file=name,
                    fix="Check that this is the right file: a Totaaloverzicht or input sheet "
                    "unpacks to less than 1 MiB.",
                )
            for m in members:
                _check_member(archive, m, name)
            if _is_strict(archive):
                raise SourceError(
                    "is saved as 'Strict Open XML Spreadsheet', which cannot be read.",
                    file=name,
                    fix=SAVE_AS_XLSX,
                )
    except zipfile.BadZipFile as exc:
        raise SourceError(
            f"is not a readable Excel workbook (a damaged zip archive: {cut(str(exc))}).",
            file=name,
            fix=SAVE_AS_XLSX,
        ) from None


_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION_FIRST = re.compile(rb"<(?:\w+:)?dimension\b|<(?:\w+:)?sheetData\b")


def _check_member(archive: zipfile.ZipFile, m: zipfile.ZipInfo, name: str) -> None:
    """One part of the workbook, by what the zip's directory says of it (and, for a large
    worksheet, by its first 64 KiB)."""
    part, mib = cut(m.filename, 80), m.file_size / 2**20
    if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
        raise SourceError(
            f"its part {part!r} packs {mib:,.0f} MiB into {m.compress_size / 2**10:,.0f} KiB, "
            f"more than {MAX_RATIO} to 1 (a 'zip bomb'); it is not unpacked.",
            file=name,
            fix="Check that this is the right file.",
        )
    sheet = _SHEET_PART.match(m.filename) is not None
    if not sheet and m.file_size > MAX_PART:
        raise SourceError(
            f"its part {part!r} unpacks to {mib:,.0f} MiB; a part other than a worksheet "
            f"may unpack to at most {MAX_PART // 2**20} MiB.",
            file=name,
            fix="Check that this is the right file.",
        )
    if sheet and m.file_size > MAX_UNDIMENSIONED:
        with archive.open(m) as f:
            first = _DIMENSION_FIRST.search(f.read(2**16))
        if first is None or b"dimension" not in first[0]:
            raise SourceError(
                f"its worksheet {part!r} ({mib:,.0f} MiB) does not say its used range "
                "(<dimension>), as Excel always does.",
                file=name,
                fix=SAVE_AS_XLSX,
            )


def _is_strict(archive: zipfile.ZipFile) -> bool:
    # The package's relationships name the workbook part with a Strict relationship type;
    # the workbook part itself then uses the Strict main namespace. Their first 4 KB suffice.
    for part in ("_rels/.rels", "xl/workbook.xml"):
        try:
            with archive.open(part) as f:
                if _STRICT in f.read(4096):
                    return True
        except KeyError:
            continue
    return False


@contextmanager
def open_workbook(path: Path, name: str) -> Iterator[Any]:
    """The workbook, checked (``check_kind``, ``check_archive``) and opened read-only."""
    from openpyxl import load_workbook

    check_kind(path, name)
    check_archive(path, name)
    try:
        # Read-only: sheets are parsed when read, and only the one chosen is. No external
        # links: a figure that refers to another workbook is a formula, refused anyway.
        book = load_workbook(path, read_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SourceError(
            f"is not a readable Excel workbook ({reason(exc)}).", file=name, fix=SAVE_AS_XLSX
        ) from exc
    try:
        yield book
    finally:
        book.close()


def reason(exc: BaseException) -> str:
    """An exception of openpyxl or zipfile as a short reason (it may quote the file)."""
    cause = exc.__cause__ or exc
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    return cut(f"{type(cause).__name__}: {text}" if text else type(cause).__name__, 160)


def choose_sheet(book: Any, name: str, wanted: str | None) -> Any:
    """The worksheet to read: the visible one named ``wanted`` (case and spaces aside), or
    else the only visible worksheet. A hidden sheet is never read: its figures are drafts
    or calculations nobody sees."""
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if wanted is not None:
        key = " ".join(wanted.split()).casefold()
        for ws in book.worksheets:
            if " ".join(str(ws.title).split()).casefold() != key:
                continue
            if ws.sheet_state == "hidden":
                raise SourceError(
                    "is hidden; a hidden sheet is never read.",
                    file=name,
                    sheet=ws.title,
                    fix="Unhide it in Excel (right-click a sheet tab > Unhide) if it holds "
                    "the figures, or delete it.",
                )
            if ws.sheet_state != "visible":
                raise SourceError(
                    "is very hidden (Excel shows it nowhere); a hidden sheet is never read.",
                    file=name,
                    sheet=ws.title,
                    fix="Ask the sender for the workbook with the table in a visible sheet.",
                )
            return ws
    if len(visible) == 1:
        return visible[0]
    if not visible:
        charts = len(book.chartsheets)
        what = f"only {charts} chart sheet(s)" if charts else "no visible sheet with cells"
        raise SourceError(
            f"has {what}, no worksheet with the table.",
            file=name,
            fix="Put the table in a visible worksheet"
            + (f" named '{wanted}'" if wanted else "")
            + " and save it again.",
        )
    names = [quote(ws.title, 40) for ws in visible]
    more = len(names) - LISTED
    listed = ", ".join(names[:LISTED]) + (f" and {more} more" if more > 0 else "")
    raise SourceError(
        f"has {len(visible)} visible sheets ({listed})"
        + (f" and none is named '{wanted}'." if wanted else "; which one holds the table?"),
        file=name,
        fix=(f"Name the sheet with the table '{wanted}', or " if wanted else "")
        + "delete the other sheets.",
    )
