"""Readers: the bundled Totaaloverzicht, CSV and XLSX alike, and their error messages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from lvv_publish.errors import SourceError
from lvv_publish.sources import load_monitor, load_registry, released_monitors
from lvv_publish.sources.totaaloverzicht import read_totaaloverzicht

from ..conftest import FIXTURES, OBSERVATION_NAMES, REGISTRY_DIR, ROOT

MONITORS = ROOT / "monitors"


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY_DIR, display="registry")


@pytest.fixture(scope="module")
def meta15():
    return load_monitor(MONITORS, 15)


def seed_cells() -> dict[tuple[int, str, str], int | None]:
    """The slide's 702 cells, parsed straight from the text of the deck."""
    lines = (FIXTURES / "seed_monitor15_totaaloverzicht.txt").read_text().splitlines()
    names = lines[0].split("\t")
    periods = lines[1].split("\t")
    cells = {}
    municipality = None
    for line in lines[2:]:
        fields = line.split("\t")
        code = re.match(r"\d+(?:\.\d+)*", fields[0])[0]
        for col in range(1, 19):
            municipality = names[col] or municipality if col % 3 == 1 else municipality
            monitor = int(periods[col].split(" - ")[0])
            text = fields[col].strip()
            cells[(monitor, municipality, code)] = int(text) if text else None
    return cells


def read(path: Path, meta, registry) -> pd.DataFrame:
    return read_totaaloverzicht(path, meta, registry)


def test_every_cell_of_the_slide_is_read_exactly(registry, meta15):
    obs = read(MONITORS / "15" / "totaaloverzicht.csv", meta15, registry)
    seed = seed_cells()
    assert len(seed) == 702
    assert len(obs) == 702
    got = {
        (int(r.monitor), r.municipality, r.indicator): (None if pd.isna(r.value) else int(r.value))
        for r in obs.itertuples()
    }
    assert got == seed
    # empty means unknown: 18 empty cells on the slide, none turned into 0
    assert sum(v is None for v in got.values()) == 18
    assert got[(15, "Amsterdam", "9.3")] is None
    assert got[(15, "Amsterdam", "10.2")] is None
    assert got[(13, "Eindhoven", "9.1.3")] is None


def test_observations_follow_the_contract(registry, meta15):
    obs = read(MONITORS / "15" / "totaaloverzicht.csv", meta15, registry)
    assert list(obs.columns) == OBSERVATION_NAMES
    assert str(obs["value"].dtype) == "Int64"
    row = obs[(obs.monitor == 14) & (obs.municipality_code == "GM0599") & (obs.indicator == "1")]
    assert row.iloc[0].to_dict() == {
        "monitor": 14,
        "peildatum": pd.Timestamp("2024-01-31").date(),
        "municipality": "Rotterdam",
        "municipality_code": "GM0599",
        "indicator": "1",
        "value": 45,
        "revised": False,
        "published_value": None,
    }


def test_monitors_13_and_14_are_the_columns_of_monitor_15(registry):
    assert released_monitors(MONITORS) == [13, 14, 15]
    full = read(MONITORS / "15" / "totaaloverzicht.csv", load_monitor(MONITORS, 15), registry)
    for number in (13, 14):
        meta = load_monitor(MONITORS, number)
        assert meta.reconstructed and meta.reconstruction_note
        part = read(MONITORS / str(number) / "totaaloverzicht.csv", meta, registry)
        expected = full[full["monitor"] <= number].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, expected)


def write_xlsx(csv_path: Path, xlsx_path: Path, *, sheet: str = "Totaaloverzicht") -> None:
    """Write the CSV grid to a real workbook, numbers as numbers, empty cells empty."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.reader(f):
            ws.append([int(v) if re.fullmatch(r"\d+", v) else (v or None) for v in row])
    wb.save(xlsx_path)


def test_xlsx_reads_back_to_the_same_table(tmp_path, registry, meta15):
    csv_path = MONITORS / "15" / "totaaloverzicht.csv"
    xlsx_path = tmp_path / "totaaloverzicht.xlsx"
    write_xlsx(csv_path, xlsx_path)
    pd.testing.assert_frame_equal(
        read(xlsx_path, meta15, registry), read(csv_path, meta15, registry)
    )


def test_xlsx_picks_the_totaaloverzicht_sheet(tmp_path, registry, meta15):
    csv_path = MONITORS / "15" / "totaaloverzicht.csv"
    xlsx_path = tmp_path / "book.xlsx"
    write_xlsx(csv_path, xlsx_path, sheet="Blad1")
    from openpyxl import load_workbook

    wb = load_workbook(xlsx_path)
    wb.create_sheet("Notities", 0)["A1"] = "niet de tabel"
    wb.save(xlsx_path)
    with pytest.raises(SourceError, match="Notities"):
        read(xlsx_path, meta15, registry)  # first sheet is not the table and none is named
    wb["Blad1"].title = "Totaaloverzicht"
    wb.save(xlsx_path)
    assert len(read(xlsx_path, meta15, registry)) == 702


def edited_csv(tmp_path: Path, edit) -> Path:
    rows = list(csv.reader((MONITORS / "15" / "totaaloverzicht.csv").open(encoding="utf-8")))
    edit(rows)
    path = tmp_path / "totaaloverzicht.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def _set(row: int, col: int, value: str):
    def edit(rows):
        rows[row][col] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _set(7, 0, "5. Perspectief gekozen actueel"),
            ", row 8, column 1: label '5. Perspectief gekozen actueel' is not a known label of "
            "indicator 5; if it is a new spelling, add it to label_variants of 5 in "
            "registry/indicators.yaml.",
        ),
        (
            _set(7, 0, "50. Perspectief bepaald actueel"),
            ", row 8, column 1: label '50. Perspectief bepaald actueel' has code 50, which is not "
            "in the registry.",
        ),
        (
            lambda rows: rows.append(list(rows[5])),
            ", row 42, column 1 (indicator 2.2): indicator 2.2 appears twice (also in row 6). "
            "Remove the duplicate row.",
        ),
        (
            _set(3, 2, "1.037"),
            ", row 4, column 3 (indicator 2): '1.037' is not a whole number (Amsterdam, monitor 14). "
            "If it is 1037, write it without the thousands separator: 1037.",
        ),
        (
            _set(2, 5, "n.b."),
            ", row 3, column 6 (indicator 1): 'n.b.' is not a whole number (Eindhoven, monitor 14). "
            "Enter a whole number, or leave the cell empty when the figure is unknown.",
        ),
        (
            lambda rows: [r.__delitem__(slice(16, 19)) for r in rows],
            ": has no column for Utrecht, monitor 13. Every municipality needs a column for every "
            "period the monitor carries in which it is part of the LVV (first_monitor/last_monitor "
            "in registry/municipalities.yaml).",
        ),
        (
            _set(0, 16, "Utrech"),
            ", row 1, column 17: unknown municipality 'Utrech'. Known: Amsterdam, Eindhoven, Emmen, "
            "Groningen, Rotterdam, Utrecht.",
        ),
        (
            _set(1, 3, "12 - aug 23"),
            ", row 2, column 4: period '12 - aug 23' is monitor 12, which monitor 15 does not carry "
            "(its periods: 13, 14, 15). Check the header, or the periods in monitor.yaml.",
        ),
    ],
)
def test_bad_input_is_an_error_that_says_where(tmp_path, registry, meta15, edit, message):
    path = edited_csv(tmp_path, edit)
    with pytest.raises(SourceError) as err:
        read(path, meta15, registry)
    assert str(err.value) == f"{path}{message}"


def test_xlsx_errors_name_sheet_and_cell(tmp_path, registry, meta15):
    xlsx_path = tmp_path / "totaaloverzicht.xlsx"
    write_xlsx(MONITORS / "15" / "totaaloverzicht.csv", xlsx_path)
    from openpyxl import load_workbook

    wb = load_workbook(xlsx_path)
    wb["Totaaloverzicht"]["D10"] = 12.5
    wb.save(xlsx_path)
    with pytest.raises(SourceError) as err:
        read(xlsx_path, meta15, registry)
    assert str(err.value) == (
        f"{xlsx_path}, sheet 'Totaaloverzicht', cell D10 (indicator 5.1): 12.5 is not a whole "
        "number (Amsterdam, monitor 15). Enter a whole number, or leave the cell empty when the "
        "figure is unknown."
    )


def test_not_utf8_says_how_to_fix(tmp_path, registry, meta15):
    path = tmp_path / "totaaloverzicht.csv"
    path.write_bytes((MONITORS / "15" / "totaaloverzicht.csv").read_text().encode("cp1252"))
    with pytest.raises(SourceError, match="Save it as 'CSV UTF-8"):
        read(path, meta15, registry)


def test_monitor_yaml_errors(tmp_path):
    (tmp_path / "16").mkdir()
    text = (MONITORS / "15" / "monitor.yaml").read_text()
    (tmp_path / "16" / "monitor.yaml").write_text(text.replace("number: 15", "number: 16"))
    with pytest.raises(SourceError, match="the last period must be monitor 16"):
        load_monitor(tmp_path, 16)
    (tmp_path / "16" / "monitor.yaml").write_text(text + "colour: red\n")
    with pytest.raises(SourceError, match="says number 15, but lies in the folder of monitor 16"):
        load_monitor(tmp_path, 16)
    (tmp_path / "15").mkdir()
    (tmp_path / "15" / "monitor.yaml").write_text(text + "colour: red\n")
    with pytest.raises(SourceError, match="colour: Extra inputs are not permitted"):
        load_monitor(tmp_path, 15)
    with pytest.raises(SourceError, match="`lvv-publish new 17` starts one"):
        load_monitor(tmp_path, 17)


def _with_membership(registry, code: str, **fields):
    """The registry with first_monitor/last_monitor set on one municipality."""
    muns = tuple(
        m.model_copy(update=fields) if m.code == code else m for m in registry.municipalities
    )
    return registry.model_copy(update={"municipalities": muns})


def test_a_municipality_before_its_first_monitor_has_no_rows_and_needs_no_column(
    tmp_path, registry, meta15
):
    joined = _with_membership(registry, "GM0344", first_monitor=15)  # Utrecht joins in 15

    def drop_utrecht_13_14(rows):
        for row in rows:
            del row[16:18]  # Utrecht's columns of 13 and 14
        rows[0][16] = "Utrecht"

    obs = read(edited_csv(tmp_path, drop_utrecht_13_14), meta15, joined)
    utrecht = obs[obs["municipality_code"] == "GM0344"]
    assert sorted(utrecht["monitor"].unique()) == [15]

    # An empty column of a monitor before it joined is accepted and skipped, not "unknown".
    def empty_utrecht_13(rows):
        for row in rows[2:]:
            row[16] = ""

    obs = read(
        edited_csv(tmp_path, empty_utrecht_13),
        meta15,
        _with_membership(registry, "GM0344", first_monitor=14),
    )
    assert sorted(obs[obs["municipality_code"] == "GM0344"]["monitor"].unique()) == [14, 15]


def test_a_figure_for_a_monitor_before_the_municipality_joined_is_an_error(
    tmp_path, registry, meta15
):
    joined = _with_membership(registry, "GM0344", first_monitor=14)
    with pytest.raises(SourceError) as err:
        read(edited_csv(tmp_path, lambda rows: None), meta15, joined)
    assert str(err.value) == (
        f"{tmp_path}/totaaloverzicht.csv, row 3, column 17 (indicator 1): holds '235' for "
        "Utrecht in monitor 13, when Utrecht was not part of the LVV (registry: first_monitor "
        "14). Leave the cell empty, or correct first_monitor/last_monitor in "
        "registry/municipalities.yaml."
    )
