"""Transformations a corpus case applies to its copy of the base project (``make:`` in
case.yaml): what cannot be written as a plain text edit, such as other encodings, binary
garbage, Excel workbooks with formulas or merged cells, and symlinks out of the project.

Each function takes the project root and the step's arguments; the workbooks are written
with openpyxl here, at test time, so the corpus holds no opaque binaries.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook


def _read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def encode(root: Path, file: str, encoding: str) -> None:
    """Re-save a UTF-8 text file in another encoding (latin-1, utf-16, utf-8-sig)."""
    path = root / file
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def semicolons(root: Path, file: str) -> None:
    path = root / file
    _write_rows(path, _read_rows(path), delimiter=";")


def drop_line(root: Path, file: str, startswith: str) -> None:
    path = root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(startswith)]
    assert len(kept) == len(lines) - 1, "the case must drop exactly one line"
    path.write_text("".join(kept), encoding="utf-8")


def keep_lines(root: Path, file: str, count: int) -> None:
    path = root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:count]), encoding="utf-8")


def drop_columns(root: Path, file: str, last: int) -> None:
    path = root / file
    _write_rows(path, [row[:-last] for row in _read_rows(path)])


def swap_columns(root: Path, file: str, a: int, b: int, header: bool = True) -> None:
    """Swap columns ``a`` and ``b`` (0-based) in every row, padding short rows; with
    ``header=False`` the header row stays: the figures end up under the wrong header."""
    path = root / file
    rows = []
    for i, row in enumerate(_read_rows(path)):
        if i == 0 and not header:
            rows.append(row)
            continue
        row = row + [""] * (max(a, b) + 1 - len(row))
        row[a], row[b] = row[b], row[a]
        rows.append(row)
    _write_rows(path, rows)


def swap_blocks(root: Path, file: str, a: int, b: int, width: int) -> None:
    """Swap the column blocks starting at ``a`` and ``b`` (0-based), headers included."""
    path = root / file
    rows = []
    for row in _read_rows(path):
        block_a, block_b = row[a : a + width], row[b : b + width]
        row[a : a + width], row[b : b + width] = block_b, block_a
        rows.append(row)
    _write_rows(path, rows)


def append_cell(root: Path, file: str, startswith: str, value: str) -> None:
    path = root / file
    rows = _read_rows(path)
    for row in rows:
        if row[0].startswith(startswith):
            row.append(value)
    _write_rows(path, rows)


def write(root: Path, file: str, text: str) -> None:
    (root / file).write_text(text, encoding="utf-8")


def prepend(root: Path, file: str, text: str) -> None:
    path = root / file
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def garbage(root: Path, file: str) -> None:
    """Random bytes (fixed seed: the same garbage every run)."""
    (root / file).write_bytes(random.Random(9).randbytes(4096))


def copy(root: Path, file: str, to: str) -> None:
    shutil.copyfile(root / file, root / to)


def remove(root: Path, file: str) -> None:
    (root / file).unlink()


def drop_approval(root: Path, file: str) -> None:
    """Remove the ``approval:`` block (and its indented lines) from a monitor.yaml."""
    path = root / file
    out, skipping = [], False
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("approval:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")


def link_outside(root: Path, file: str) -> None:
    """Move ``file`` (or folder) out of the project and leave a symlink to it in its place.

    The target is an intact copy: only its location makes it unacceptable.
    """
    path = root / file
    outside = root.parent / ("outside-" + path.name)
    shutil.move(str(path), str(outside))
    os.symlink(outside, path)


def xlsx(
    root: Path,
    file: str,
    formula: list[str] | None = None,
    merge: str | None = None,
    set: list[object] | None = None,  # noqa: A002 - the case.yaml key
) -> None:
    """Write the CSV ``file`` as a workbook beside it (sheet 'Totaaloverzicht', numbers as
    numbers), optionally with a formula, a merged range or one cell set to a value."""
    path = root / file
    wb = Workbook()
    ws = wb.active
    ws.title = "Totaaloverzicht"
    for row in _read_rows(path):
        ws.append([int(v) if v.lstrip("-").isdigit() else (v or None) for v in row])
    if formula:
        ws[formula[0]] = formula[1]
    if merge:
        ws.merge_cells(merge)
    if set:
        ws[str(set[0])] = set[1]
    wb.save(path.with_suffix(".xlsx"))


# Workbooks that are hostile, hidden or of another format (docs/robustness.md, "Bounded
# reading", "The right sheet"). Each is small on disk; what makes it hostile is what it
# says it holds.


def _table(path: Path, shift: int = 0) -> list[list[object]]:
    """The CSV's rows as workbook values; ``shift`` is added to every figure."""
    return [
        [int(v) + shift if v.lstrip("-").isdigit() else (v or None) for v in row]
        for row in _read_rows(path)
    ]


def xlsx_sheets(root: Path, file: str, sheets: list[dict[str, str]]) -> None:
    """Write the CSV ``file`` as a workbook beside it with the given sheets, in order:
    ``title``, ``state`` (visible, hidden, veryHidden) and ``rows``: ``table`` (the CSV),
    ``shifted`` (the same table with every figure 1000 higher) or ``empty``."""
    path = root / file
    wb = Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec["title"])
        ws.sheet_state = spec.get("state", "visible")
        rows = spec.get("rows", "table")
        if rows != "empty":
            for row in _table(path, 1000 if rows == "shifted" else 0):
                ws.append(row)
    wb.save(path.with_suffix(".xlsx"))


def xlsx_cell(root: Path, file: str, cell: str, kind: str, text: str = "", repeat: int = 1) -> None:
    """Set one cell of the workbook ``file`` (written by ``xlsx``): ``kind`` is ``text``
    (``text`` × ``repeat``), ``array`` or ``datatable`` (formulas), or ``date``."""
    import datetime as dt

    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    path = root / file
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    value: object = {
        "text": lambda: text * repeat,
        "array": lambda: ArrayFormula(cell, text),
        "datatable": lambda: DataTableFormula(cell, r1="B4", r2="C4", dt2D=True),
        "date": lambda: dt.datetime(2024, 1, 5),
    }[kind]()
    ws[cell] = value
    wb.save(path)


def _rewrite_zip(path: Path, change: Callable[[str, bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as old:
        parts = [(info, change(info.filename, old.read(info))) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in parts:
            new.writestr(info.filename, data)


def zip_replace(
    root: Path, file: str, old: str, new: str, member: str = "", repeat: int = 1
) -> None:
    """Replace ``old`` by ``new`` × ``repeat`` in every part (or only ``member``) of the
    workbook: what openpyxl would not write (it cuts a cell's text at 32,767 characters)."""
    found = []
    new *= repeat

    def change(name: str, data: bytes) -> bytes:
        if (member and name != member) or old.encode() not in data:
            return data
        found.append(name)
        return data.replace(old.encode(), new.encode())

    _rewrite_zip(root / file, change)
    assert found, f"{old!r} is in no part of {file}"


def zip_member(root: Path, file: str, member: str, size: int) -> None:
    """Replace (or add) a part of the workbook: ``size`` bytes of one repeated shared string,
    a zip bomb in miniature (a few KB packed)."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    tail = b"</t></si></sst>"
    body = head + b"x" * (size - len(head) - len(tail)) + tail
    path = root / file
    _rewrite_zip(path, lambda name, data: body if name == member else data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        if member not in archive.namelist():  # openpyxl writes no shared strings part
            archive.writestr(member, body)


def zip_claim(root: Path, file: str, member: str, size: int) -> None:
    """Make the zip's central directory claim that ``member`` unpacks to ``size`` bytes
    (what a 400 MB shared string looks like to the check, without writing 400 MB)."""
    path = root / file
    data = bytearray(path.read_bytes())
    pos, name = 0, member.encode()
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        length = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + length] == name:
            data[pos + 24 : pos + 28] = size.to_bytes(4, "little")
            path.write_bytes(bytes(data))
            return
        pos += 46
    raise AssertionError(f"{member} is not in {file}")


def truncate(root: Path, file: str, size: int) -> None:
    path = root / file
    path.write_bytes(path.read_bytes()[:size])


def grow(root: Path, file: str, size: int) -> None:
    """Make ``file`` ``size`` bytes long with a hole (no disk used, as large to ``stat``)."""
    with (root / file).open("r+b") as f:
        f.truncate(size)


def chartsheet_only(root: Path, file: str) -> None:
    """A workbook whose only sheet is a chart sheet (``file`` names it)."""
    from openpyxl.chart import BarChart

    wb = Workbook()
    wb.remove(wb.active)
    wb.create_chartsheet("Grafiek").add_chart(BarChart())
    wb.save(root / file)


def ole(root: Path, file: str, streams: list[str]) -> None:
    """An OLE compound file (CFB version 3) holding empty ``streams``: what Excel writes
    for a password-protected workbook (EncryptionInfo, EncryptedPackage) or an old .xls
    (Workbook). Written by hand: no library here writes one."""
    free, end = 0xFFFFFFFF, 0xFFFFFFFE
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    fat = struct.pack("<II", 0xFFFFFFFD, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, right: int = free, child: int = free) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", end, 0)
        )

    names = ["Root Entry", *streams]
    entries = [entry("Root Entry", 5, child=1)] + [
        entry(s, 2, right=i + 2 if i + 2 < len(names) else free) for i, s in enumerate(streams)
    ]
    directory = b"".join(entries).ljust(512, b"\x00")
    assert len(header) == 512 and len(fat) == 512
    (root / file).write_bytes(header + fat + directory)


def append_rows(root: Path, file: str, count: int, row: str) -> None:
    """Append ``count`` copies of the CSV line ``row`` to ``file``."""
    path = root / file
    path.write_text(path.read_text(encoding="utf-8") + (row + "\n") * count, encoding="utf-8")


def long_cell(root: Path, file: str, startswith: str, column: int, text: str, repeat: int) -> None:
    """Set column ``column`` of the CSV row starting with ``startswith`` to ``text`` ×
    ``repeat`` (a cell far longer than anything a message may echo)."""
    path = root / file
    rows = _read_rows(path)
    hits = [row for row in rows if row[0].startswith(startswith)]
    assert len(hits) == 1
    hits[0][column] = text * repeat
    _write_rows(path, rows)


def journal(
    root: Path,
    moves: list[dict[str, object]] | None = None,
    text: str | None = None,
    committed: bool = False,
) -> None:
    """Leave a swap journal in the project: ``text`` as it is (a malformed one), or ``moves``
    in the journal's own format with this project folder's identity, so that only the
    paths in it can make it unacceptable."""
    from lvv_publish.publish.journal import FORMAT, JOURNAL_NAME, identity

    if text is None:
        record = {
            "lvv-publish-swap": FORMAT,
            "project": {**identity(root), "path": str(root)},
            "committed": committed,
            "moves": moves or [],
        }
        text = json.dumps(record, indent=1) + "\n"
    (root / JOURNAL_NAME).write_text(text, encoding="utf-8")


def killed_then_copied(root: Path) -> None:
    """The project as ``cp -a`` copies it after a release was killed half-way through its
    swap: ``site/14`` renamed aside and its new version moved in, the journal saying so.
    The original stays beside it (``original-project``); ``root`` becomes the copy."""
    from lvv_publish.publish.journal import Move, write_journal

    target = root / "site/14"
    stage, old = root / "site/.14.staging-4242", root / "site/.14.old-4242"
    shutil.copytree(target, stage)
    (stage / "index.html").write_text("the new version of a killed run\n", encoding="utf-8")
    write_journal(root, [Move(stage, target, old, True)], committed=False)
    target.rename(old)
    stage.rename(target)
    # The original keeps its folder (and inode); the copy gets a new one while the original
    # still holds its own, so the two cannot share an inode number.
    original = root.parent / "original-project"
    root.rename(original)
    shutil.copytree(original, root, symlinks=True)  # copy2: contents and times, as cp -a


def symlink(root: Path, file: str, to: str) -> None:
    """Replace ``file`` (a folder or file of the project) by a symlink to ``to``."""
    path = root / file
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    os.symlink(to, path)


def copy_dir(root: Path, file: str, to: str) -> None:
    shutil.copytree(root / file, root / to, symlinks=True)
