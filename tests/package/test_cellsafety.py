"""Spreadsheet safety (OWASP CSV injection): every download writer, tested on hostile text.

The Excel files (``.excel.csv``, ``.xlsx``) neutralise a cell that a spreadsheet would run
as a formula; the files for programs (the package's CSVs and the other ``.csv`` downloads)
keep their text exact and refuse such a cell instead (see lvv_publish/cellsafety.py).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.errors import LvvError
from lvv_publish.package import csv_bytes, formula_like, neutralise, read_package
from lvv_publish.site.downloads import excel_csv
from lvv_publish.site.downloads.workbook import workbook_bytes

from ..test_cli import snapshot

HOSTILE = [
    '=HYPERLINK("http://example.invalid","klik")',
    "+31 20 123 4567",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["-5", "+3", "12", "-1,5", "1.5e3", "Amsterdam", "13 - nov 23", "", " =later"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_recognised(value: str) -> None:
    assert formula_like(value)
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_numbers_and_ordinary_text_are_left_alone(value: str) -> None:
    assert not formula_like(value)
    assert neutralise(value) == value


def test_excel_csv_neutralises_every_hostile_cell_and_header() -> None:
    frame = pd.DataFrame({"name": HOSTILE + ["Utrecht"], "=x": range(len(HOSTILE) + 1)})
    text = excel_csv(frame, {"name": "Naam", "=x": "=titel"}).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Naam", "'=titel"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE] + ["Utrecht"]
    for row in rows:
        for cell in row:
            assert not formula_like(cell), cell


def test_program_csv_refuses_hostile_text_with_place_and_fix() -> None:
    frame = pd.DataFrame({"name": ["Utrecht", HOSTILE[1]], "value": [-5, 3]})
    with pytest.raises(
        LvvError,
        match=r"municipalities.csv, row 3, column 'name': the text "
        r"'\+31 20 123 4567' starts with '\+'.*Rephrase the text",
    ):
        csv_bytes(frame, "municipalities.csv")
    assert csv_bytes(pd.DataFrame({"value": [-5, 3]}), "x.csv") == b"value\n-5\n3\n"


def test_workbook_keeps_hostile_text_as_text(released: Path) -> None:
    package = read_package(released / "datapackage/15")
    muns = package.municipalities.copy()
    muns["name"] = muns["name"].astype(object)
    muns.loc[0, "name"] = HOSTILE[0]
    muns.loc[1, "name"] = HOSTILE[3]
    data = workbook_bytes(dataclasses.replace(package, municipalities=muns))
    book = load_workbook(io.BytesIO(data))
    found = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if formula_like(cell.value):
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found.append(cell.value)
    assert HOSTILE[0] in found and HOSTILE[3] in found
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_release_with_hostile_registry_text_is_refused(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["release", "14", "--project", str(project)]).exit_code == 0
    before = snapshot(project)
    path = project / "registry/municipalities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  note: null", "  note: '@SUM(1+1)'", 1), encoding="utf-8")
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: municipalities.csv, row 2, column 'note': the text '@SUM(1+1)' starts with '@'"
    ), result.output
    assert snapshot(project) == before
