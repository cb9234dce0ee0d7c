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
