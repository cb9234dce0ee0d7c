"""The long series ``site/downloads/reeksen.csv`` (issue 20): the latest published value of
every figure, and the national totals (NL01) as the site computes them, read back as a
journalist would (pandas and DuckDB with their defaults, openpyxl, the Excel twin)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from lvv_publish.package import csv_bytes, read_package
from lvv_publish.site.downloads import (
    NATIONAL_CODE,
    SERIES_NAME,
    Release,
    release_of,
    series_downloads,
    series_table,
)
from lvv_publish.site.figures import total

from ..conftest import ROOT

AMSTERDAM, EMMEN, GRONINGEN = "GM0363", "GM0114", "GM0014"


@pytest.fixture(scope="module")
def project(released_clone) -> Path:
    """A fresh clone (committed packages 13, 14, 15 and their versions) after `release 15`."""
    return released_clone


@pytest.fixture(scope="module")
def series(project) -> pd.DataFrame:
    """reeksen.csv as pandas reads it with its defaults (no dtype given)."""
    return pd.read_csv(project / "site/downloads" / SERIES_NAME)


def _row(frame: pd.DataFrame, monitor: int, code: str, indicator: str) -> pd.Series:
    rows = frame[
        (frame["monitor"] == monitor)
        & (frame["municipality_code"] == code)
        & (frame["indicator"] == indicator)
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_national_capacity_is_the_sites_not_the_obvious_sum(project, series):
    """Indicator 1 of monitor 15 sums to 1100 over the municipalities, but Emmen's places
    count under Groningen: NL01 is 1070, the site's national figure."""
    pkg = read_package(project / "datapackage/15")
    site = total(pkg.observations, pkg.municipalities, 15, "1")
    national = _row(series, 15, NATIONAL_CODE, "1")
    muns = series[
        (series["monitor"] == 15)
        & (series["indicator"] == "1")
        & (series["municipality_code"] != NATIONAL_CODE)
    ]
    assert muns["value"].sum() == 1100
    assert national["value"] == site.value == 1070
    assert national["municipality"] == "Nederland"
    assert bool(national["compleet"]) and pd.isna(national["onbekend"])


def test_a_total_with_an_unknown_part_is_incomplete_and_names_it(series):
    """Amsterdam's 5.2 of monitor 15 is unknown: empty in its row, never zero, and the
    national total says it is incomplete and names GM0363."""
    amsterdam = _row(series, 15, AMSTERDAM, "5.2")
    assert pd.isna(amsterdam["value"])
    national = _row(series, 15, NATIONAL_CODE, "5.2")
    assert not bool(national["compleet"])
    assert national["onbekend"] == AMSTERDAM
    known = series[
        (series["monitor"] == 15)
        & (series["indicator"] == "5.2")
        & ~series["municipality_code"].isin([NATIONAL_CODE, AMSTERDAM])
    ]
    assert national["value"] == known["value"].sum()


def test_every_national_total_is_the_sites(project, series):
    """Every NL01 row of the monitors release 15 carries equals the site's national total
    over the package of 15, with the same unknown municipalities."""
    pkg = read_package(project / "datapackage/15")
    names = dict(zip(pkg.municipalities["name"], pkg.municipalities["code"], strict=True))
    national = series[series["municipality_code"] == NATIONAL_CODE]
    checked = 0
    for row in national.itertuples(index=False):
        site = total(pkg.observations, pkg.municipalities, int(row.monitor), str(row.indicator))
        value = None if pd.isna(row.value) else int(row.value)
        assert value == site.value, row
        unknown = sorted({names[name] for name, _ in site.unknown})
        assert ("; ".join(unknown) or None) == (None if pd.isna(row.onbekend) else row.onbekend)
        assert bool(row.compleet) == (not unknown)
        checked += 1
    assert checked == pkg.indicators.shape[0] * 3  # every indicator in monitors 13, 14, 15


def test_codes_read_as_text_with_the_readers_defaults(project, series):
    """pandas and DuckDB, without types given, read the codes as text: indicator 2 stays
    "2" (not 2.0), so it matches indicators.csv's code column read as text."""
    for name in ("indicator", "municipality_code", "periode"):
        assert pd.api.types.is_string_dtype(series[name].dtype), name
    assert {"1", "2", "2.1", "9.1.4"} <= set(series["indicator"])
    assert all(isinstance(v, str) for v in series["indicator"])
    path = project / "site/downloads" / SERIES_NAME
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{path}')")
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    assert types["indicator"] == types["municipality_code"] == types["periode"] == "VARCHAR"
    assert types["monitor"] in ("BIGINT", "INTEGER")
    first = duckdb.sql(
        f"SELECT indicator FROM read_csv_auto('{path}') WHERE indicator = '2' LIMIT 1"
    ).fetchall()
    assert first == [("2",)]


def test_periode_is_the_monitors_label(series):
    labels = dict(zip(series["monitor"], series["periode"], strict=True))
    assert labels == {13: "13 - nov 23", 14: "14 - feb 24", 15: "15 - mei 24"}


def test_in_the_site_downloads_sums_and_page(project):
    """In the site-wide downloads (swapped in with them), listed in SHA256SUMS with the right
    hash, and linked on the downloads page of a version."""
    folder = project / "site/downloads"
    sums = dict(
        reversed(line.split("  ", 1))
        for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    for name in ("reeksen.csv", "reeksen.excel.csv", "reeksen.xlsx"):
        assert sums[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    page = (project / "site/15/downloads/index.html").read_text(encoding="utf-8")
    for name in ("reeksen.csv", "reeksen.excel.csv", "reeksen.xlsx"):
        assert f'href="../../downloads/{name}"' in page


def test_excel_twin_and_workbook_read_back(project, series):
    folder = project / "site/downloads"
    excel = pd.read_csv(folder / "reeksen.excel.csv", sep=";", dtype=str, encoding="utf-8-sig")
    assert list(excel.columns)[:3] == ["Monitor", "Periode", "CBS-code"]
    assert len(excel) == len(series)
    national = excel[excel["CBS-code"] == NATIONAL_CODE].set_index(["Monitor", "Indicator"])
    assert national.loc[("15", "1"), "Compleet"] == "ja"
    assert national.loc[("15", "5.2"), ["Compleet", "Onbekend"]].tolist() == ["nee", AMSTERDAM]
    assert set(excel.loc[excel["CBS-code"] != NATIONAL_CODE, "Compleet"].dropna()) == set()
    wb = load_workbook(folder / "reeksen.xlsx")
    ws = wb["Reeksen"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Monitor", "Periode", "CBS-code", "Gemeente", "Indicator"]
    assert ws.max_row == len(series) + 1
    codes = [row[4] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(c, str) for c in codes) and "2" in codes


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, 1, hour, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_the_latest_published_value_wins(project):
    """A correction of 14 published after release 15 supersedes 15's repetition of monitor
    14; a correction of 15 supersedes 15.0.0; ``revised`` compares with the first value."""
    pkg14 = read_package(project / "datapackage/14/versies/14.0.0")
    pkg15 = release_of(read_package(project / "datapackage/15"))
    obs14, obs15 = pkg14.observations, pkg15.observations
    emmen = (obs14["municipality_code"] == EMMEN) & (obs14["indicator"] == "1")
    corrected14 = obs14.copy()
    corrected14.loc[emmen & (obs14["monitor"] == 14), "value"] = 31
    groningen = (obs15["municipality_code"] == GRONINGEN) & (obs15["indicator"] == "1")
    corrected15 = obs15.copy()
    corrected15.loc[groningen & (obs15["monitor"] == 15), "value"] = 101
    r14 = release_of(pkg14)
    day = dt.date(2026, 12, 1)
    releases = [
        Release("14.0.0", day, obs14, _at(8), r14.municipalities, r14.monitors),
        Release("15.0.0", day, obs15, _at(9), pkg15.municipalities, pkg15.monitors),
        Release("15.1.0", day, corrected15, _at(10), pkg15.municipalities, pkg15.monitors),
        Release("14.1.0", day, corrected14, _at(11), r14.municipalities, r14.monitors),
    ]
    table = series_table(releases[::-1])  # given in any order
    emmen14 = _row(table, 14, EMMEN, "1")
    assert (emmen14["value"], emmen14["release"], bool(emmen14["revised"])) == (31, "14.1.0", True)
    groningen15 = _row(table, 15, GRONINGEN, "1")
    assert (groningen15["value"], groningen15["release"]) == (101, "15.1.0")
    assert bool(groningen15["revised"])
    national15 = _row(table, 15, NATIONAL_CODE, "1")
    earlier = series_table([releases[0], releases[1]])
    before = _row(earlier, 15, NATIONAL_CODE, "1")["value"]
    shift = 101 - _row(earlier, 15, GRONINGEN, "1")["value"]
    assert national15["value"] == before + shift == 1070 + shift
    assert bool(national15["revised"]) and national15["release"] == "15.1.0"
    assert not bool(_row(table, 13, AMSTERDAM, "1")["revised"])
    # Published after 14.1.0, a correction of 15 repeats monitor 14 as 15 has it, and that
    # is then the latest publication of it (the order of alle-uitgaven.csv).
    later = [*releases[:2], releases[3], releases[2]._replace(at=_at(12))]
    repeated = _row(series_table(later), 14, EMMEN, "1")
    assert (repeated["value"], repeated["release"], bool(repeated["revised"])) == (
        30,
        "15.1.0",
        False,
    )
    first = series_downloads(releases)
    assert [f.data for f in first] == [f.data for f in series_downloads(releases[::-1])]


# Code columns of the CSVs for programs, and the one that readers still guess wrong.
CODE_COLUMNS = {"code", "parent", "indicator", "municipality_code", "location", "release"}
CODE_COLUMNS |= {"capacity_included_in", "previous_release"}
GUESSED_AS_NUMBER = {("indicators.csv", "parent")}


def _number_like(page_name: str) -> bool:
    """Whether an indicator code (``9-1`` for ``9.1``) reads as a number."""
    try:
        float(page_name.replace("-", "."))
    except ValueError:
        return False
    return True


def test_code_columns_read_as_text_in_every_csv_but_one(project):
    """pandas (``read_csv``) and DuckDB (``read_csv_auto``) with their defaults read every
    code column of every CSV for programs as text, because each holds a code that is no
    number (9.1.4, GM0363, 15.0.0), except ``indicators.csv``'s ``parent`` (2, 9.1: numbers
    to a guessing reader, quoted or not), for which the docs and the downloads page give the
    types (docs/data-contract.md, "Codes are text")."""
    folders = [project / "site/15/downloads", project / "site/downloads"]
    paths = [p for f in folders for p in sorted(f.glob("*.csv")) if ".excel." not in p.name]
    assert {"indicators.csv", "observations.csv", "reeksen.csv"} <= {p.name for p in paths}
    guessed = set()
    for path in paths:
        frame = pd.read_csv(path)
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv_auto('{path}')").fetchall()
        duck = {r[0]: r[1] for r in described}
        for name in CODE_COLUMNS & set(frame.columns):
            if frame[name].isna().all():
                continue  # an empty column has no type to guess (location of 13)
            text = pd.api.types.is_string_dtype(frame[name].dtype)
            assert text == (duck[name] == "VARCHAR"), (path.name, name, duck[name])
            if not text:
                guessed.add((path.name, name))
    # A file per indicator holds one code: one that looks like a number reads as one.
    per_indicator = {(p, n) for p, n in guessed if p.startswith("reeks-")}
    assert {n for _, n in per_indicator} == {"indicator"}
    assert {p for p, _ in per_indicator} == {
        p.name for p in paths if p.name.startswith("reeks-") and _number_like(p.stem[6:])
    }
    assert guessed - per_indicator == GUESSED_AS_NUMBER


def test_too_many_rows_for_excel_leaves_the_twins_out(project, monkeypatch):
    """Past a worksheet's rows Excel drops the rest unannounced: then only the CSV, which
    says why."""
    from lvv_publish.site.downloads import series as series_module

    releases = [release_of(read_package(project / f"datapackage/{n}")) for n in (13, 14, 15)]
    monkeypatch.setattr(series_module, "EXCEL_MAX_ROWS", 100)
    files = series_downloads(releases)
    whole = [f for f in files if f.group == "series"]
    assert [f.path for f in whole] == [f"{SERIES_NAME}.gz", SERIES_NAME]
    assert all("te groot voor Excel" in f.description for f in whole)
    # the file per indicator stays: a CSV, no Excel twin
    assert {f.group for f in files} == {"series", "indicator-series"}


def test_the_newest_versions_pages_see_the_rows_of_the_series(project):
    """The pages that show figures over time (home, indicator pages, table builder) are built
    from ``SiteInputs.series``: for the newest version, byte for byte ``reeksen.csv``."""
    from lvv_publish.package import csv_bytes, with_texts
    from lvv_publish.publish import site_inputs
    from lvv_publish.sources import Project, load_monitor

    proj = Project(project)
    package = read_package(proj.package_dir(15))
    inputs = site_inputs(proj, package, with_texts(load_monitor(proj.monitors, 15), package.texts))
    published = (project / "site/downloads" / SERIES_NAME).read_bytes()
    assert csv_bytes(inputs.long_series, f"downloads/{SERIES_NAME}") == published
    older = read_package(proj.package_dir(14))
    inputs14 = site_inputs(proj, older, with_texts(load_monitor(proj.monitors, 14), older.texts))
    assert set(inputs14.long_series["monitor"]) == {13, 14}


def _counting(monkeypatch) -> list[int]:
    """A list that grows by one each time the series is made, not taken from the kept one
    (``current_versions`` is the first step of making it, and called nowhere else)."""
    from lvv_publish.site.downloads import series as series_module

    made: list[int] = []
    real = series_module.current_versions
    monkeypatch.setattr(series_module, "current_versions", lambda rs: made.append(1) or real(rs))
    return made


def test_the_series_kept_is_given_again_only_for_the_same_content(project, monkeypatch):
    import uuid

    made = _counting(monkeypatch)
    # A content of their own (a digest no other test gives), so nothing kept before matches.
    releases = [
        release_of(read_package(project / f"datapackage/{n}"))._replace(digest=uuid.uuid4().hex)
        for n in (14, 15)
    ]
    first = series_table(releases)
    first.loc[first.index[0], "value"] = -1  # a caller that changes its copy
    again = series_table(releases[::-1])  # the same versions, in any order
    assert len(made) == 1
    assert again.loc[again.index[0], "value"] != -1
    unkept = [r._replace(digest=None) for r in releases]
    assert again.equals(series_table(unkept))
    # Another content under the same version numbers is made anew, and so is a table of
    # versions whose content is not known, every time.
    series_table([releases[0], releases[1]._replace(digest=uuid.uuid4().hex)])
    series_table(unkept)
    assert len(made) == 4


def test_a_release_makes_the_series_once(tmp_path, monkeypatch):
    """For the newest version's pages and for the site-wide files. (Once at most: a test
    before may have made the same series, from the same packages, in this process.)"""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    from ..conftest import RELEASE_15_AT, clock_at, copy_project

    made = _counting(monkeypatch)
    root = copy_project(tmp_path / "project", with_packages=False)
    release(Project(root), 15, clock=clock_at(RELEASE_15_AT))
    assert len(made) <= 1
    assert (root / "site/downloads" / SERIES_NAME).is_file()


@pytest.mark.parametrize("broken", [False, True])
def test_each_indicators_file_is_its_rows_of_the_series_also_with_a_line_break(broken):
    """``reeks-<code>.csv`` is taken from ``reeksen.csv``'s lines; where a text holds a line
    break (a row is then more than one line) each is written on its own, with the same rows.
    The byte-for-byte check against the published site is in test_indicator_pages.py."""
    import io

    from lvv_publish.site.downloads import series_files

    releases = [release_of(read_package(ROOT / f"datapackage/{n}")) for n in (13, 14, 15)]
    table = series_table(releases)
    if broken:
        table["municipality"] = table["municipality"].astype(object)
        table.loc[table["municipality_code"] == AMSTERDAM, "municipality"] = "Amster\ndam"
    files = {d.path: d.data for d in series_files(table, releases[-1])}
    whole = pd.read_csv(io.BytesIO(files[SERIES_NAME]), dtype=str, keep_default_na=False)
    assert (b'"Amster\ndam"' in files[SERIES_NAME]) is broken
    codes = whole["indicator"].unique()
    assert len(codes) > 30
    for code in codes:
        data = files[f"reeks-{code.replace('.', '-')}.csv"]
        mine = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        expected = whole[whole["indicator"] == code].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, expected)
        assert data.startswith(files[SERIES_NAME].split(b"\n", 1)[0] + b"\n")
    # Byte for byte what writing each indicator's rows on its own gives (as it was made).
    for code, positions in table.groupby("indicator", sort=False).indices.items():
        name = f"reeks-{str(code).replace('.', '-')}.csv"
        assert files[name] == csv_bytes(table.iloc[positions], f"downloads/{name}"), code
