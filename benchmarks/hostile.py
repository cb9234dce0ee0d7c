"""Benchmark: hostile input files are answered quickly and within bounded memory.

The target (issue 21): any input up to 10 MB is answered within 30 s and 500 MiB, with one
clear line. Each file below replaces the Totaaloverzicht of monitor 15 in a copy of the
bundled project, and ``lvv-publish validate 15`` runs on it as a user runs it: a whole
process, its wall time and its peak resident memory (``os.wait4``'s ``ru_maxrss`` of that
one child; this script imports nothing large, so the child inherits no high-water mark).
Each file is run ``--repeat`` times; the minimum and the maximum are printed. It asserts
nothing (machines here are shared and noisy), but marks a run over the target with ``!``.

    .venv/bin/python benchmarks/hostile.py [--repeat 3] [--only far-cell,zip-bomb]

The files (built once, in a temporary folder):

- ``ok.xlsx``: the bundled table as a workbook (the baseline: accepted);
- ``far-cell.xlsx``: that workbook with an ``x`` in XFD1048576 (9 KB);
- ``far-cell-lying.xlsx``: the same with a ``<dimension>`` that claims A1:S41;
- ``shared-string.xlsx``: one shared string of 400 MB (some 400 KB packed);
- ``zip-bomb.xlsx``: a sheet that unpacks to 1.7 GB (1.7 MB packed);
- ``many-cells.xlsx``: 2,500 rows × 200 columns of figures, the most cells a table may
  have (500,000), all read (about 2 MB);
- ``many-rows.xlsx``: 1,000,000 rows of one figure (about 5 MB);
- ``long-text.xlsx``: 4,000 cells of 32,000 characters each (one shared string);
- ``big.csv``: the bundled table repeated to 10 MB (123,000 rows);
- ``wide.csv``: one row of 10 MB of commas;
- ``max.csv``: 2,500 rows × 200 columns of figures (2 MB), all read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bundled import copy_bundled  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LVV = str(Path(sys.executable).parent / "lvv-publish")
TABLE = ROOT / "monitors" / "15" / "totaaloverzicht.csv"
SECONDS, MIB = 30.0, 500.0
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
CHUNK = 2**20


def _workbook(
    path: Path,
    sheet: Callable[[Callable[[bytes], None]], None],
    strings: Callable[[Callable[[bytes], None]], None] | None = None,
) -> None:
    """A minimal .xlsx whose sheet (and shared strings) are streamed into the zip by the
    given writers: openpyxl would build them in memory first."""
    types = (
        f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if strings
            else ""
        )
        + "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="r1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="Totaaloverzicht" '
        'sheetId="1" r:id="r1"/></sheets></workbook>'
    )
    book_rels = (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="r1" '
        f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            f'<Relationship Id="r2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            if strings
            else ""
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            sheet(f.write)
        if strings:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                strings(f.write)


def _numbers(rows: int, cols: int) -> Callable[[Callable[[bytes], None]], None]:
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, cols + 1)]

    def write(out: Callable[[bytes], None]) -> None:
        last = f"{letters[-1]}{rows}"
        out(f'<worksheet xmlns="{MAIN}"><dimension ref="A1:{last}"/><sheetData>'.encode())
        for r in range(1, rows + 1):
            cells = "".join(
                f'<c r="{x}{r}"><v>{(r * 7 + c) % 997}</v></c>' for c, x in enumerate(letters)
            )
            out(f'<row r="{r}">{cells}</row>'.encode())
        out(b"</sheetData></worksheet>")

    return write


def build(folder: Path) -> dict[str, Path]:
    """Write every hostile file into ``folder``; their paths by name."""
    # The corpus's own generators (tests/corpus/generate.py) write the workbooks openpyxl can.
    sys.path.insert(0, str(ROOT))
    from tests.corpus import generate

    files = {name: folder / name for name in ("ok.xlsx", "far-cell.xlsx", "far-cell-lying.xlsx")}
    shutil.copyfile(TABLE, folder / "table.csv")
    generate.xlsx(folder, "table.csv")
    (folder / "table.xlsx").rename(files["ok.xlsx"])
    generate.xlsx(folder, "table.csv", set=["XFD1048576", "x"])
    shutil.copyfile(folder / "table.xlsx", files["far-cell.xlsx"])
    (folder / "table.xlsx").rename(files["far-cell-lying.xlsx"])
    dimension = '<dimension ref="A1:XFD1048576"/>'
    generate.zip_replace(folder, "far-cell-lying.xlsx", dimension, '<dimension ref="A1:S41"/>')

    def one_string_sheet(count: int) -> Callable[[Callable[[bytes], None]], None]:
        def write(out: Callable[[bytes], None]) -> None:
            out(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for r in range(1, count + 1):
                out(f'<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>'.encode())
            out(b"</sheetData></worksheet>")

        return write

    def string(size: int) -> Callable[[Callable[[bytes], None]], None]:
        def write(out: Callable[[bytes], None]) -> None:
            out(f'<sst xmlns="{MAIN}"><si><t>'.encode())
            for _ in range(size // CHUNK):
                out(b"x" * CHUNK)
            out(b"x" * (size % CHUNK))
            out(b"</t></si></sst>")

        return write

    files["shared-string.xlsx"] = folder / "shared-string.xlsx"
    _workbook(files["shared-string.xlsx"], one_string_sheet(1), string(400 * CHUNK))

    def bomb(out: Callable[[bytes], None]) -> None:
        out(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
        for _ in range(1700):
            out(b"<c/>" * (CHUNK // 4))
        out(b"</row></sheetData></worksheet>")

    files["zip-bomb.xlsx"] = folder / "zip-bomb.xlsx"
    _workbook(files["zip-bomb.xlsx"], bomb)
    files["many-cells.xlsx"] = folder / "many-cells.xlsx"
    _workbook(files["many-cells.xlsx"], _numbers(2500, 200))
    files["many-rows.xlsx"] = folder / "many-rows.xlsx"
    _workbook(files["many-rows.xlsx"], _numbers(1_000_000, 1))
    files["long-text.xlsx"] = folder / "long-text.xlsx"
    _workbook(files["long-text.xlsx"], one_string_sheet(4_000), string(32_000))

    table = TABLE.read_bytes()
    files["big.csv"] = folder / "big.csv"
    files["big.csv"].write_bytes(table * (10 * 2**20 // len(table)))
    files["wide.csv"] = folder / "wide.csv"
    files["wide.csv"].write_bytes(b"," * (10 * 2**20) + b"x\n")
    files["max.csv"] = folder / "max.csv"
    files["max.csv"].write_text(
        "".join(",".join(str((r * 7 + c) % 997) for c in range(200)) + "\n" for r in range(2500))
    )
    return files


def run(project: Path, file: Path) -> tuple[float, float, int, str]:
    """``validate 15`` with ``file`` as the Totaaloverzicht: seconds, peak MiB, exit code
    and the first line of its output."""
    target = project / "monitors/15" / ("totaaloverzicht" + file.suffix)
    for old in (project / "monitors/15").glob("totaaloverzicht.*"):
        old.unlink()
    shutil.copyfile(file, target)
    meta = project / "monitors/15/monitor.yaml"
    text = meta.read_text(encoding="utf-8")
    for suffix in (".csv", ".xlsx"):
        text = text.replace(
            f"totaaloverzicht: totaaloverzicht{suffix}", f"totaaloverzicht: {target.name}"
        )
    meta.write_text(text, encoding="utf-8")
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [LVV, "validate", "15", "--project", str(project)], stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        first = out.read(2000).decode("utf-8", "replace").strip().splitlines()[:1]
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, first[0] if first else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated file names")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        files = build(folder)
        print(f"built {len(files)} files in {time.perf_counter() - start:.0f} s")
        project = copy_bundled(folder / "project")
        only = set(filter(None, args.only.split(",")))
        print(
            f"{'file':20s} {'size':>9s}  {'seconds (min/max)':>18s}  "
            f"{'peak MiB (min/max)':>19s}  exit  first line"
        )
        for name, path in files.items():
            if only and name not in only:
                continue
            runs = [run(project, path) for _ in range(args.repeat)]
            secs = [r[0] for r in runs]
            mibs = [r[1] for r in runs]
            over = "!" if max(secs) > SECONDS or max(mibs) > MIB else " "
            size = path.stat().st_size
            shown = runs[-1][3]
            shown = shown if len(shown) <= 110 else shown[:110] + "…"
            print(
                f"{name:20s} {size / 2**20:7.2f}MB  {min(secs):7.2f} / {max(secs):7.2f}  "
                f"{min(mibs):8.0f} / {max(mibs):8.0f}{over} {runs[-1][2]:4d}  {shown}"
            )
        print(f"target: {SECONDS:.0f} s and {MIB:.0f} MiB per file (! marks a run over it)")


if __name__ == "__main__":
    main()
