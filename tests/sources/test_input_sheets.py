"""Input sheets as municipalities deliver them, CSV and XLSX, and their reconciliation."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from lvv_publish import checks
from lvv_publish.errors import SourceError
from lvv_publish.sources import load_monitor, load_registry, quarter_problem
from lvv_publish.sources.input_sheets import read_input_sheet

from ..conftest import REGISTRY_DIR, ROOT

REGISTRY = load_registry(REGISTRY_DIR, display="registry")
INVOER = ROOT / "monitors" / "15" / "invoer"


def write_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Invoer"
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.reader(f):
            ws.append([int(v) if re.fullmatch(r"\d+", v) else (v or None) for v in row])
    wb.save(xlsx_path)


@pytest.mark.parametrize(
    ("name", "code", "header", "rows"),
    [
        ("amsterdam", "GM0363", "Invoer mei", 38),
        ("eindhoven", "GM0772", "Invoer mei", 39),
        ("groningen", "GM0014", "Invoer mei", 39),
        ("emmen", "GM0114", "Invoer mei", 39),
        ("rotterdam", "GM0599", "Mei", 37),
        ("utrecht", "GM0344", "Invoer april", 39),
    ],
)
def test_the_six_delivered_sheets_read(name, code, header, rows):
    sheet = read_input_sheet(INVOER / f"{name}.csv", REGISTRY, code)
    assert sheet.value_header is not None and sheet.value_header.text == header
    assert sheet.problems == ()
    assert len(sheet.rows) == rows


def test_sheet_details():
    ams = read_input_sheet(INVOER / "amsterdam.csv", REGISTRY, "GM0363")
    assert ams.rows["10.3"].value == 56
    assert ams.rows["2"].value is None  # empty in the sheet: unknown
    assert ams.rows["2.1"].note == "In februari: 6, in maart: 8, in april: 11."
    assert "12" not in ams.rows
    ehv = read_input_sheet(INVOER / "eindhoven.csv", REGISTRY, "GM0772")
    assert ehv.rows["9.2"].value == 17  # "9.2 Arikel 64 cumulatief"
    assert ehv.rows["9.1.4"].value == 3  # "afgewzen", in the extra sub-level column
    assert [(s.indicator, s.text, s.cell) for s in ehv.stray] == [("7", "art", "rij 13, kolom 3")]


def test_xlsx_sheet_reads_the_same_as_csv(tmp_path):
    xlsx = tmp_path / "eindhoven.xlsx"
    write_xlsx(INVOER / "eindhoven.csv", xlsx)
    from_csv = read_input_sheet(INVOER / "eindhoven.csv", REGISTRY, "GM0772")
    from_xlsx = read_input_sheet(xlsx, REGISTRY, "GM0772")
    assert {k: (r.value, r.note) for k, r in from_xlsx.rows.items()} == {
        k: (r.value, r.note) for k, r in from_csv.rows.items()
    }
    assert from_xlsx.stray[0].cell == "cel C13"


def edited(tmp_path: Path, name: str, edit) -> Path:
    rows = list(csv.reader((INVOER / name).open(encoding="utf-8")))
    edit(rows)
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r[0].__setitem__(2, "Waarde Q2"),
            ", row 1, column 3: unknown column header 'Waarde Q2'. Expected Hoofdindicator, "
            "Subindicator, a value column such as 'Invoer t/m 31 juli 2024', 'Invoer mei' or "
            "'Mei', and optionally "
            "'Vorige monitor …' and 'Invoer toelichting'.",
        ),
        (
            lambda r: r[5].__setitem__(2, "twaalf"),
            ", row 6, column 3 (indicator 3): 'twaalf' is not a whole number. Enter a whole "
            "number, or leave the cell empty when the figure is unknown.",
        ),
        (
            lambda r: r.append(list(r[3])),
            ", row 40, column 2 (indicator 2.1): indicator 2.1 appears twice (also in row 4). "
            "Remove the duplicate row.",
        ),
        (
            lambda r: r[3].__setitem__(1, "2.1 Toegelaten vorige periode"),
            ", row 4, column 2: label '2.1 Toegelaten vorige periode' is not a known label of "
            "indicator 2.1; if it is a new spelling, add it to label_variants of 2.1 in "
            "registry/indicators.yaml.",
        ),
    ],
)
def test_bad_sheets_are_problems_that_say_where(tmp_path, edit, message):
    path = edited(tmp_path, "amsterdam.csv", edit)
    sheet = read_input_sheet(path, REGISTRY, "GM0363")
    assert [str(p) for p in sheet.problems] == [f"{path}{message}"]
    assert all(isinstance(p, SourceError) for p in sheet.problems)


def test_every_problem_of_a_sheet_is_collected_and_the_rest_is_read(tmp_path):
    def edit(rows):
        rows[5][2] = "twaalf"  # indicator 3: text
        rows[6][2] = "-3"  # indicator 4: negative
        rows[8][1] = "5.9 Onbekend"  # an unknown label

    path = edited(tmp_path, "amsterdam.csv", edit)
    sheet = read_input_sheet(path, REGISTRY, "GM0363")
    assert [(p.cell, p.indicator) for p in sheet.problems] == [
        ("row 6, column 3", "3"),
        ("row 7, column 3", "4"),
        ("row 9, column 2", None),
    ]
    assert "-3 is negative" in str(sheet.problems[1])
    assert "whole number of 0 or more" in str(sheet.problems[1])
    assert sheet.unread == {"3", "4"}
    assert "3" not in sheet.rows and "4" not in sheet.rows
    assert sheet.rows["10.3"].value == 56  # the rest is read as before


def test_a_file_that_cannot_be_read_is_the_sheets_one_problem(tmp_path):
    missing = read_input_sheet(tmp_path / "weg.csv", REGISTRY, "GM0363", display="weg.csv")
    assert not missing.found and not missing.usable
    assert [str(p) for p in missing.problems] == ["weg.csv: file not found."]
    garbage = tmp_path / "kapot.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not a workbook")
    broken = read_input_sheet(garbage, REGISTRY, "GM0363", display="kapot.xlsx")
    assert broken.found and not broken.usable and len(broken.problems) == 1
    assert str(broken.problems[0]).startswith("kapot.xlsx: is not a readable Excel workbook")


def test_reconciliation_lists_every_kind_of_disagreement():
    ams = read_input_sheet(INVOER / "amsterdam.csv", REGISTRY, "GM0363", display="ams.csv")
    table = {(15, "GM0363", i.code): 1 for i in REGISTRY.indicators}
    table.update(
        {
            (15, "GM0363", "1"): 360,  # same as the sheet: nothing
            (15, "GM0363", "2"): 1062,  # sheet empty
            (15, "GM0363", "10.2"): None,  # table empty, sheet 16
            (15, "GM0363", "10.3"): 16,  # sheet 56: looks like a shifted row
            (15, "GM0363", "5.2"): None,  # empty on both sides: nothing
        }
    )
    ctx = checks.Context(REGISTRY, checks.load_rulebook(), table, (15,))
    found = {f.indicators[0]: f for f in checks.check_input_sheets(ctx, [ams], 15)}
    assert "1" not in found and "5.2" not in found
    assert found["2"].rule == "source-empty-one-side"
    assert found["2"].source == "ams.csv, rij 3, kolom 3"
    assert found["10.3"].rule == "source-value-differs"
    assert found["10.3"].message == (
        "Totaaloverzicht: 16; invoerblad van Amsterdam: 56. Het cijfer 16 van het "
        "Totaaloverzicht staat in het invoerblad bij 10.2: mogelijk een verschoven rij."
    )
    assert found["10.2"].rule == "source-empty-one-side"
    assert found["12"].rule == "source-row-missing"
    assert found["12"].message == (
        "Het invoerblad van Amsterdam heeft geen rij voor 12. Uitstroom Totaal cumulatief; "
        "het Totaaloverzicht geeft 1."
    )


META_15 = load_monitor(ROOT / "monitors", 15)


@pytest.mark.parametrize(
    ("header", "previous", "other"),
    [
        ("Invoer mei", None, None),
        ("Mei", None, None),
        ("Invoer april", None, None),  # the month the quarter ends in
        ("Invoer t/m 30 april 2024", "Vorige monitor (14 - feb 24)", None),
        (
            "Invoer februari",
            None,
            "its header 'Invoer februari' is the input month of another quarter (monitor 15 "
            "ends in april)",
        ),
        (
            "Invoer t/m 31 januari 2024",
            None,
            "its header 'Invoer t/m 31 januari 2024' names the period ending 2024-01-31, "
            "monitor 14's",
        ),
        (
            "Invoer mei",
            "Vorige monitor (13 - nov 23)",
            "its header 'Vorige monitor (13 - nov 23)' shows monitor 13 as the previous one "
            "(for monitor 15 that is monitor 14)",
        ),
    ],
)
def test_a_sheet_of_another_quarter_is_one_problem_naming_both(tmp_path, header, previous, other):
    def edit(rows):
        rows[0][2] = header
        if previous:
            for row in rows:
                row.insert(3, previous if row is rows[0] else "")

    path = edited(tmp_path, "amsterdam.csv", edit)
    sheet = read_input_sheet(path, REGISTRY, "GM0363", display="ams.csv")
    assert sheet.problems == ()
    problem = quarter_problem(sheet, META_15)
    if other is None:
        assert problem is None
        return
    cell = "row 1, column 4" if "Vorige" in other else "row 1, column 3"
    assert str(problem) == (
        f"ams.csv, {cell}: is the input sheet of another quarter: {other}; monitor 15 covers "
        "2024-02-01 to 2024-04-30. None of its figures are used. Ask the municipality for its "
        "sheet of monitor 15 and put it in its place."
    )


def test_a_header_with_a_date_that_does_not_exist_is_the_sheets_problem(tmp_path):
    path = edited(
        tmp_path, "amsterdam.csv", lambda r: r[0].__setitem__(2, "Invoer t/m 31 april 2024")
    )
    sheet = read_input_sheet(path, REGISTRY, "GM0363", display="ams.csv")
    assert [str(p) for p in sheet.problems] == [
        "ams.csv, row 1, column 3: the value column's header 'Invoer t/m 31 april 2024' names "
        "a date that does not exist. Write the period's last day, e.g. 'Invoer t/m 31 juli 2024'."
    ]
    assert not sheet.usable and quarter_problem(sheet, META_15) is None
