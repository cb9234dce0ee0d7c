"""The downloads folder (``/<N>/downloads/``): every file read back as its readers would.

pandas, DuckDB and frictionless read the program CSVs with the recipes the page and the docs
show; the ``.excel.csv`` files read back to the same values; openpyxl reads the workbook;
the real ``sha256sum`` checks ``SHA256SUMS``; LibreOffice opens the Excel CSVs in a Dutch
locale. Without ``soffice`` the LibreOffice test is skipped, unless
``LVV_REQUIRE_BROWSER=1`` (as in CI).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.dutch import decimal_text
from lvv_publish.errors import LvvError
from lvv_publish.site.contexts import kilobytes
from lvv_publish.site.downloads import RECIPES, Release, spreadsheet_text, vintage_table
from lvv_publish.site.downloads.excel import DIVISION_SLASH, EN_DASH

from ..conftest import ROOT, copy_project

runner = CliRunner()
REQUIRED = os.environ.get("LVV_REQUIRE_BROWSER") == "1"
TABLES = ("observations", "indicators", "municipalities", "monitors", "rules", "findings")
MUNICIPALITIES = ("amsterdam", "eindhoven", "emmen", "groningen", "rotterdam", "utrecht")
PANDAS = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@pytest.fixture(scope="module")
def project(released_clone) -> Path:
    """A fresh clone (committed packages 13, 14, 15) after `release 15`."""
    return released_clone


@pytest.fixture(scope="module")
def folder(project) -> Path:
    return project / "site/15/downloads"


@pytest.fixture(scope="module")
def site_folder(project) -> Path:
    """The site-wide downloads (``/downloads/``): the vintage file of every release."""
    return project / "site/downloads"


@pytest.fixture(scope="module")
def workdir(folder, site_folder, tmp_path_factory) -> Path:
    """A reader's folder: this release's downloads and the site-wide vintage file."""
    mine = tmp_path_factory.mktemp("reader") / "downloads"
    shutil.copytree(folder, mine)
    for path in site_folder.iterdir():
        if path.name != "SHA256SUMS" and not path.name.startswith("."):
            shutil.copy2(path, mine / path.name)
    return mine


@pytest.fixture(scope="module")
def descriptor(folder) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def fields(descriptor: dict, name: str) -> list[dict]:
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]["fields"]


# --- what is there -----------------------------------------------------------------------


def test_the_folder_holds_every_download_at_its_stable_address(project, folder):
    expected = {"index.html", "SHA256SUMS", "datapackage.json", "lvv-monitor.xlsx"}
    expected |= {"citeer.json", "citeer.bib"}
    for name in (*TABLES, "totaaloverzicht"):
        expected |= {f"{name}.csv", f"{name}.excel.csv"}
    for slug in MUNICIPALITIES:
        expected |= {f"gemeenten/{slug}.csv", f"gemeenten/{slug}.excel.csv"}
    assert files_in(folder) == expected
    latest = project / "site/latest/downloads"
    assert files_in(latest) == expected
    for name in expected - {"index.html"}:  # the page: a redirect to 15's (site/latest.py)
        assert (latest / name).read_bytes() == (folder / name).read_bytes(), name
    # The vintage file is one for the whole site, not a copy per version (issue 11).
    for version in ("13", "14", "15", "latest"):
        assert "alle-uitgaven.csv" not in files_in(project / f"site/{version}/downloads")
    codes = pd.read_csv(folder / "indicators.csv", dtype=str)["code"]
    assert files_in(project / "site/downloads") == {
        ".lvv-build.json",
        ".lvv-releases.json",
        "SHA256SUMS",
        "alle-uitgaven.csv",
        "alle-uitgaven.csv.gz",
        "alle-uitgaven.excel.csv",
        "reeksen.csv",
        "reeksen.csv.gz",
        "reeksen.excel.csv",
        "reeksen.xlsx",
        *(f"reeks-{c.replace('.', '-')}.csv" for c in codes),
    }
    # The record counts the vintage file's rows as they were written (not its lines).
    record = json.loads((project / "site/downloads/.lvv-releases.json").read_text())
    vintage = pd.read_csv(project / "site/downloads/alle-uitgaven.csv", dtype=str)
    assert record["rows"] == len(vintage) > 0


def test_tidy_csvs_are_the_package_files_byte_for_byte(project, folder):
    for name in (*TABLES, "datapackage"):
        suffix = ".json" if name == "datapackage" else ".csv"
        assert (folder / f"{name}{suffix}").read_bytes() == (
            project / "datapackage/15" / f"{name}{suffix}"
        ).read_bytes()
    # and the figures are the committed ones: releasing did not change the CSV format. (The
    # indicators, rules and findings are metadata a reviewed change may correct: issue 10
    # changed kinds, rule messages and findings, published as a correction.)
    for name in ("observations", "municipalities", "monitors"):
        committed = ROOT / "datapackage/15" / f"{name}.csv"
        assert (folder / f"{name}.csv").read_bytes() == committed.read_bytes(), name


@pytest.mark.parametrize("where", ["folder", "site_folder"])
def test_sha256sums_covers_every_file_and_sha256sum_accepts_it(where, request):
    folder = request.getfixturevalue(where)
    if shutil.which("sha256sum") is None:
        pytest.fail("sha256sum (GNU coreutils) is missing")
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    # not the page, nor the records of what was built (dot-files)
    listed_not = {"SHA256SUMS", "index.html", ".lvv-build.json", ".lvv-releases.json"}
    assert listed == files_in(folder) - listed_not
    done = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK\n") == len(listed)


def test_a_damaged_file_fails_the_check(folder, tmp_path):
    copy = tmp_path / "downloads"
    shutil.copytree(folder, copy)
    (copy / "gemeenten/emmen.csv").write_bytes(b"x")
    done = subprocess.run(
        ["sha256sum", "--check", "SHA256SUMS"], cwd=copy, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "gemeenten/emmen.csv: FAILED" in done.stdout


def test_the_page_lists_every_file_with_size_hash_and_description(folder):
    listing = html.unescape((folder / "index.html").read_text(encoding="utf-8"))
    for name in files_in(folder) - {"index.html"}:
        data = (folder / name).read_bytes()
        assert f'href="{name}"' in listing, name
        assert hashlib.sha256(data).hexdigest() in listing, name
        size = decimal_text(Fraction(len(data), 1000), 1) + " kB"  # half-up
        assert f"<code>{name}</code></a> ({size}): " in listing, name
    for heading in ("Voor Excel en LibreOffice", "Voor programma's", "Per gemeente"):
        assert heading in listing
    # and the site-wide vintage file, by links that resolve from /<N>/downloads/ (where
    # /latest/downloads/ sends the reader) to /downloads/
    page = folder / "index.html"
    site_wide = ["alle-uitgaven.csv", "alle-uitgaven.excel.csv", "reeksen.csv", "SHA256SUMS"]
    site_wide += ["alle-uitgaven.csv.gz", "reeksen.csv.gz"]
    for name in site_wide:
        assert f'href="../../downloads/{name}"' in listing, name
        assert (page.parent / "../../downloads" / name).resolve().is_file(), name


def test_kilobytes_are_written_the_dutch_way():
    assert kilobytes(30745) == "30,7 kB"
    assert kilobytes(271) == "0,3 kB"
    assert kilobytes(1_234_567) == "1234,6 kB"


# --- for programs: the recipes -----------------------------------------------------------


def test_every_code_column_is_a_string_in_the_table_schemas(descriptor):
    codes = {"code", "parent", "indicator", "indicators", "municipality_code", "location"}
    codes |= {"capacity_included_in", "sum_of", "id", "rule", "check"}
    seen = set()
    for res in descriptor["resources"]:
        for f in res["schema"]["fields"]:
            if f["name"] in codes:
                assert f["type"] == "string", (res["name"], f["name"])
                seen.add(f["name"])
    assert {"code", "parent", "indicator", "municipality_code"} <= seen


def test_guessing_readers_get_the_codes_wrong(folder):
    """Why the recipes exist: inferred types turn the parent code 2 into 2.0."""
    guessed = pd.read_csv(folder / "indicators.csv")
    assert guessed["parent"].dtype == "float64"
    assert 2.0 in set(guessed["parent"].dropna())
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{folder / 'indicators.csv'}')")
    assert dict((r[0], r[1]) for r in described.fetchall())["parent"] == "DOUBLE"


def run_recipe(key: str, folder: Path, monkeypatch) -> dict:
    monkeypatch.chdir(folder)
    namespace: dict = {"__name__": "recipe"}
    exec(compile(RECIPES[key].code, f"recipe {key}", "exec"), namespace)
    return namespace


def test_pandas_recipe_reads_every_column_in_its_schema_type(folder, monkeypatch):
    ns = run_recipe("pandas", folder, monkeypatch)
    inds, obs = ns["indicators"], ns["observations"]
    assert str(inds["parent"].dtype) == "string"
    assert str(inds["code"].dtype) == "string"
    child = inds[inds["code"] == "2.1"].iloc[0]
    assert child["parent"] == "2"
    # joining parent to code now works: every parent is a code
    assert set(inds["parent"].dropna()) <= set(inds["code"])
    assert str(obs["indicator"].dtype) == "string"
    assert {"1", "2.1", "9.1.4", "12"} <= set(obs["indicator"])
    assert str(obs["value"].dtype) == "Int64"
    assert obs["value"].isna().sum() == 18
    assert str(obs["revised"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(obs["peildatum"])
    findings = ns["read"]("findings")
    assert str(findings["left_value"].dtype) == "Float64"


def test_pandas_recipe_for_the_derived_tables(workdir, monkeypatch):
    ns = run_recipe("pandas-wide", workdir, monkeypatch)
    totaal, amsterdam, uitgaven = ns["totaal"], ns["amsterdam"], ns["uitgaven"]
    assert str(totaal["indicator"].dtype) == "string"
    assert list(totaal["indicator"][:3]) == ["1", "2", "2.1"]
    assert str(totaal["Amsterdam 15 - mei 24"].dtype) == "Int64"
    assert list(amsterdam.columns[2:]) == [
        "Monitor 13 - nov 23",
        "Monitor 14 - feb 24",
        "Monitor 15 - mei 24",
    ]
    assert str(amsterdam["indicator"].dtype) == "string"
    assert str(uitgaven["indicator"].dtype) == "string"
    assert str(uitgaven["release"].dtype) == "string"
    assert str(uitgaven["value"].dtype) == "Int64"
    assert str(uitgaven["revised"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(uitgaven["release_date"])


def test_frictionless_recipe_keeps_codes_as_text(folder, monkeypatch):
    ns = run_recipe("frictionless", folder, monkeypatch)
    inds = ns["indicators"]
    assert "9.1.4" in inds.index
    assert inds.loc["2.1", "parent"] == "2"
    row = next(r for r in ns["rows"] if r["indicator"] == "2.1")
    assert row["indicator"] == "2.1"
    assert isinstance(row["peildatum"], dt.date)


def test_duckdb_recipe_gives_the_codes_as_varchar(workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    statements = [s.strip() for s in RECIPES["duckdb"].code.split(";") if s.strip()]
    assert len(statements) == 3
    con = duckdb.connect()
    types = {}
    for sql in statements:
        rel = con.sql(sql)
        types.update(dict(zip(rel.columns, rel.dtypes, strict=True)))
        if "indicators.csv" in sql:
            parents = dict(rel.select("code, parent").fetchall())
            assert parents["2.1"] == "2"
        if "alle-uitgaven.csv" in sql:
            assert len(rel.fetchall()) == 2 * 234 + 2 * 468 + 702  # 13 and 14 corrected
    assert str(types["indicator"]) == "VARCHAR"
    assert str(types["parent"]) == "VARCHAR"
    assert str(types["published_value"]) == "BIGINT"
    assert str(types["previous_value"]) == "BIGINT"
    assert str(types["peildatum"]) == "DATE"


def test_the_recipes_are_on_the_page_and_in_the_docs(folder):
    docs = (ROOT / "docs/site.md").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", (folder / "index.html").read_text()))
    for key, recipe in RECIPES.items():
        assert recipe.code in docs, f"docs/site.md lacks the {key} recipe as it stands"
        for line in recipe.code.splitlines():
            assert line in text, (key, line)


# --- for Excel ---------------------------------------------------------------------------


def read_excel_csv(path: Path, columns: list[dict], titles: dict[str, str]) -> pd.DataFrame:
    """An .excel.csv read the way its format says, back to the tidy names and types."""
    frame = pd.read_csv(
        path,
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={titles[f["name"]]: PANDAS[f["type"]] for f in columns if f["type"] in PANDAS},
        true_values=["ja"],
        false_values=["nee"],
        keep_default_na=False,
        na_values=[""],
    )
    frame = frame.rename(columns={t: n for n, t in titles.items()})
    for f in columns:
        if f["type"] == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%d-%m-%Y")
        elif f["type"] == "string":  # labels that looked like dates carry en dashes
            frame[f["name"]] = frame[f["name"]].str.replace(EN_DASH, "-")
    return frame


def read_tidy(path: Path, columns: list[dict]) -> pd.DataFrame:
    return pd.read_csv(
        path,
        dtype={f["name"]: PANDAS[f["type"]] for f in columns if f["type"] in PANDAS},
        parse_dates=[f["name"] for f in columns if f["type"] == "date"],
        keep_default_na=False,
        na_values=[""],
    )


def test_excel_csvs_hold_the_same_values_as_the_tidy_csvs(folder, descriptor):
    for name in TABLES:
        cols = fields(descriptor, name)
        titles = {f["name"]: f["title"] for f in cols}
        raw = (folder / f"{name}.excel.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        header = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
        assert header == ";".join(titles.values()), name
        got = read_excel_csv(folder / f"{name}.excel.csv", cols, titles)
        want = read_tidy(folder / f"{name}.csv", cols)
        pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=name)
    text = (folder / "findings.excel.csv").read_text(encoding="utf-8-sig")
    assert ";77,4;" in text or ",4;" in text  # decimals with a comma
    obs = (folder / "observations.excel.csv").read_text(encoding="utf-8-sig")
    assert "13;31-10-2023;Amsterdam;GM0363;2.1;42;nee;" in obs
    assert "15 \u2013 mei 24" in (folder / "monitors.excel.csv").read_text(encoding="utf-8-sig")


def test_wide_and_vintage_excel_csvs_match_their_program_csvs(workdir):
    pairs = ["totaaloverzicht", "alle-uitgaven", *(f"gemeenten/{s}" for s in MUNICIPALITIES)]
    for name in pairs:
        tidy = pd.read_csv(workdir / f"{name}.csv", dtype=str, keep_default_na=False)
        excel = pd.read_csv(
            workdir / f"{name}.excel.csv",
            sep=";",
            encoding="utf-8-sig",
            dtype=str,
            keep_default_na=False,
        )
        assert len(excel) == len(tidy), name
        if name == "alle-uitgaven":
            excel.columns = list(tidy.columns)  # Dutch titles, same order
            excel["revised"] = excel["revised"].map({"ja": "true", "nee": "false"})
            for col in ("release_date", "peildatum"):
                excel[col] = pd.to_datetime(excel[col], format="%d-%m-%Y").dt.strftime("%Y-%m-%d")
        else:
            assert list(excel.columns[2:]) == list(tidy.columns[2:]), name
            assert list(excel.columns[:2]) == ["Indicator", "Naam"]
            excel.columns = list(tidy.columns)
        pd.testing.assert_frame_equal(excel, tidy, obj=name)


def test_spreadsheet_text_keeps_labels_text_and_refuses_what_cannot_be():
    assert spreadsheet_text("13 - nov 23") == "13 \u2013 nov 23"
    assert spreadsheet_text("9.1.4") == "9.1.4"
    # A finding's formula that reads as 8 December: a division slash keeps it text.
    assert spreadsheet_text("8 / 12") == "8 \u2215 12"
    assert spreadsheet_text("9.1.4 / 9.1") == "9.1.4 / 9.1"
    assert spreadsheet_text("Amsterdam 13 - nov 23") == "Amsterdam 13 - nov 23"
    for bad in ("2.100", "nov 23", "1.070.000"):
        with pytest.raises(LvvError, match="would not stay text in a Dutch spreadsheet"):
            spreadsheet_text(bad)


# --- the derived tables ------------------------------------------------------------------


def test_totaaloverzicht_is_the_slide_as_the_monitor_published_it(folder):
    """Compared with the transcribed slide itself (monitors/15/totaaloverzicht.csv)."""
    slide = pd.read_csv(ROOT / "monitors/15/totaaloverzicht.csv", header=None, dtype=str)
    municipalities = slide.iloc[0].ffill()
    labels = slide.iloc[1]
    wide = pd.read_csv(folder / "totaaloverzicht.csv", dtype=str, keep_default_na=False)
    rows = {r["indicator"]: r for _, r in wide.iterrows()}
    checked = 0
    for _, line in slide.iloc[2:].iterrows():
        code = re.match(r"\d+(\.\d+)*", line[0]).group(0)
        for col in range(1, slide.shape[1]):
            header = f"{municipalities[col]} {labels[col]}"
            want = "" if pd.isna(line[col]) else line[col]
            assert rows[code][header] == want, (code, header)
            checked += 1
    assert checked == 39 * 18
    assert list(wide.columns[:2]) == ["indicator", "name"]
    assert rows["9.1.4"]["name"] == "Hasa - afgewezen in rechte vast"


def test_each_municipality_file_is_its_columns_of_the_totaaloverzicht(folder):
    wide = pd.read_csv(folder / "totaaloverzicht.csv", dtype=str, keep_default_na=False)
    for slug in MUNICIPALITIES:
        mine = pd.read_csv(folder / f"gemeenten/{slug}.csv", dtype=str, keep_default_na=False)
        name = slug.capitalize()
        for label in ("13 - nov 23", "14 - feb 24", "15 - mei 24"):
            assert list(mine[f"Monitor {label}"]) == list(wide[f"{name} {label}"]), slug
        assert list(mine["indicator"]) == list(wide["indicator"])


def test_vintage_file_holds_every_release(site_folder):
    vintage = pd.read_csv(site_folder / "alle-uitgaven.csv", dtype=str, keep_default_na=False)
    counts = vintage["release"].value_counts().to_dict()
    # The committed 13 and 14 were corrected (13.1.0, 14.1.0: no figure changed): every
    # version is a release of its own.
    assert counts == {"13.0.0": 234, "13.1.0": 234, "14.0.0": 468, "14.1.0": 468, "15.0.0": 702}
    # By release date: the corrections are dated after 15.0.0's release.
    assert list(dict.fromkeys(vintage["release"])) == [
        "13.0.0", "14.0.0", "15.0.0", "13.1.0", "14.1.0",
    ]  # fmt: skip
    first = vintage[vintage["release"] == "13.0.0"]
    assert set(first["previous_release"]) == {""}
    again = vintage[(vintage["release"] == "15.0.0") & (vintage["monitor"] == "13")]
    assert set(again["previous_release"]) == {"14.0.0"}
    assert (again["previous_value"] == again["value"]).all()  # 13's figures were not revised
    assert set(vintage["revised"]) == {"false"}


def test_vintage_compares_each_release_with_the_one_before(project):
    """A correction (15.1.0) of a release: changed, newly known and unchanged figures."""
    from lvv_publish.package import read_package

    pkg15 = read_package(project / "datapackage/15")
    pkg14 = read_package(project / "datapackage/14")
    obs = pkg15.observations
    corrected = obs.copy()
    unknown = corrected["value"].isna()
    amsterdam_2 = (corrected["monitor"] == 15) & (corrected["municipality"] == "Amsterdam")
    amsterdam_2 &= corrected["indicator"] == "2"
    corrected.loc[amsterdam_2, "value"] = 1063
    corrected.loc[unknown.idxmax(), "value"] = 5  # a figure that was unknown becomes known
    releases = [
        ("15.1.0", dt.date(2026, 12, 1), corrected),  # given in any order, as plain tuples
        Release("15.0.0", dt.date(2026, 11, 22), obs),
        Release("14.0.0", dt.date(2026, 11, 22), pkg14.observations),
    ]
    table = vintage_table([Release(*r) for r in releases])
    assert list(dict.fromkeys(table["release"])) == ["14.0.0", "15.0.0", "15.1.0"]
    last = table[table["release"] == "15.1.0"]
    revised = last[last["revised"]]
    assert len(revised) == 2
    row = revised[revised["indicator"] == "2"].iloc[0]
    assert (row["value"], row["previous_release"], row["previous_value"]) == (1063, "15.0.0", 1062)
    became_known = revised[revised["indicator"] != "2"].iloc[0]
    assert became_known["value"] == 5 and pd.isna(became_known["previous_value"])
    with pytest.raises(LvvError, match="name a version twice"):
        vintage_table([Release(*releases[1]), Release(*releases[1])])


def test_vintage_follows_the_time_each_version_was_published(project):
    """A correction of 14 published between 15.0.0 and 15.1.0, on the same day, sorts there
    (by day and version it sorted before 15.0.0, and 15.0.0's rows compared with it)."""
    from lvv_publish.package import read_package

    amsterdam = ZoneInfo("Europe/Amsterdam")
    day = dt.date(2026, 12, 1)

    def at(hour: int, minute: int) -> dt.datetime:
        return dt.datetime(2026, 12, 1, hour, minute, tzinfo=amsterdam)

    obs14 = read_package(project / "datapackage/14").observations
    obs15 = read_package(project / "datapackage/15").observations
    corrected14 = obs14.copy()
    emmen = (corrected14["municipality"] == "Emmen") & (corrected14["indicator"] == "1")
    corrected14.loc[emmen, "value"] += 1
    releases = [
        Release("15.1.0", day, obs15, at(16, 40)),
        Release("14.1.0", day, corrected14, at(12, 0)),
        Release("15.0.0", day, obs15, at(9, 0)),
        Release("14.0.0", day, obs14),  # published before times were recorded: first
    ]
    table = vintage_table(releases)
    assert list(dict.fromkeys(table["release"])) == ["14.0.0", "15.0.0", "14.1.0", "15.1.0"]
    first = table.drop_duplicates("release")
    assert dict(zip(first["release"], first["published"].fillna(""), strict=True)) == {
        "14.0.0": "",
        "15.0.0": "2026-12-01T09:00:00+01:00",
        "14.1.0": "2026-12-01T12:00:00+01:00",
        "15.1.0": "2026-12-01T16:40:00+01:00",
    }
    key = ["monitor", "municipality", "indicator"]
    emmen_14 = table[(table[key] == [14, "Emmen", "1"]).all(axis=1)].set_index("release")
    assert emmen_14.loc["15.0.0", "previous_release"] == "14.0.0"  # not the later 14.1.0
    assert not emmen_14.loc["15.0.0", "revised"]
    assert emmen_14.loc["14.1.0", "previous_release"] == "15.0.0"
    assert emmen_14.loc["14.1.0", "revised"]
    assert emmen_14.loc["15.1.0", "previous_release"] == "14.1.0"
    assert emmen_14.loc["15.1.0", "revised"]  # 15 still says what 15.0.0 published


# --- the workbook ------------------------------------------------------------------------


def test_workbook_is_for_people(folder):
    wb = load_workbook(folder / "lvv-monitor.xlsx")
    assert wb.sheetnames == [
        "Toelichting",
        "Totaaloverzicht",
        "Cijfers",
        "Indicatoren",
        "Gemeenten",
        "Monitors",
        "Bevindingen",
        "Regels",
    ]
    ws = wb["Cijfers"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Monitor",
        "Peildatum",
        "Gemeente",
        "CBS-code",
        "Indicator",
        "Naam indicator",
        "Waarde",
        "Herzien",
        "Eerder gepubliceerd",
    )
    assert len(rows) == 703
    by_key = {(r[0], r[2], r[4]): r for r in rows[1:]}
    row = by_key[(15, "Amsterdam", "9.1.4")]
    assert row[5] == "Hasa - afgewezen in rechte vast"
    assert isinstance(row[6], int) and row[7] == "nee"
    assert row[1] == dt.datetime(2024, 4, 30)
    assert ws["B2"].is_date and ws["B2"].number_format == "dd-mm-yyyy"
    assert ws["E2"].data_type == "s"  # codes are text cells
    assert sum(1 for r in rows[1:] if r[6] is None) == 18  # unknown stays empty, not 0
    assert {r[7] for r in rows[1:]} == {"nee"}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I703"
    assert ws.column_dimensions["F"].width > ws.column_dimensions["A"].width
    inds = list(wb["Indicatoren"].iter_rows(values_only=True))
    assert inds[0][:5] == ("Code", "Naam", "Soort", "Toelichting soort", "Bovenliggende indicator")
    assert {r[5] for r in inds[1:]} <= {"ja", "nee", None}
    findings = list(wb["Bevindingen"].iter_rows(values_only=True))
    assert any(isinstance(r[9], float) and not r[9].is_integer() for r in findings[1:])


def test_workbook_totaaloverzicht_has_the_slides_shape(folder):
    ws = load_workbook(folder / "lvv-monitor.xlsx")["Totaaloverzicht"]
    assert ws["A1"].value == "Indicatoren"
    assert ws["C1"].value == "Amsterdam" and ws["F1"].value == "Eindhoven"
    assert "C1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]][:5] == [
        "Code",
        "Naam",
        "13 - nov 23",
        "14 - feb 24",
        "15 - mei 24",
    ]
    assert [c.value for c in ws[3]][:5] == ["1", "Capaciteit actueel", 360, 360, 360]
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == "A2:T41"
    assert ws.max_row == 41


def test_workbook_toelichting_says_source_licence_peildatum_citation_and_quality(folder):
    ws = load_workbook(folder / "lvv-monitor.xlsx")["Toelichting"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["Peildatum"] == dt.datetime(2024, 4, 30)
    assert ws["B3"].number_format == "dd-mm-yyyy"
    assert rows["Bron"] == "LVV Monitor mei 2024 (V0.1), Ministerie van Justitie en Veiligheid"
    assert rows["Licentie"].startswith("Creative Commons Zero v1.0 Universal")
    assert rows["Zo citeert u"] == (
        "Ministerie van Justitie en Veiligheid, LVV Monitor mei 2024 (monitor 15), "
        "versie 15.0.0 (peildatum 30 april 2024)."
    )
    assert "blad Bevindingen" in rows["Datakwaliteit"]
    assert "Datakwaliteit" in rows["Datakwaliteit"]


# --- LibreOffice -------------------------------------------------------------------------


def test_libreoffice_opens_the_excel_csvs_in_a_dutch_locale(workdir, descriptor, tmp_path):
    """soffice converts with the CSV filter: separator ; (59), quote " (34), UTF-8 (76),
    from line 1, standard column types, language nl-NL (1043), quoted fields not forced to
    text, special numbers (dates) detected: the import dialog's defaults in a Dutch locale."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if REQUIRED:
            pytest.fail("soffice (LibreOffice) is missing (LVV_REQUIRE_BROWSER=1)")
        pytest.skip("soffice (LibreOffice) is missing")
    names = ["observations", "indicators", "monitors", "findings", "totaaloverzicht"]
    names += ["alle-uitgaven", "reeksen"]
    sources = [workdir / f"{n}.excel.csv" for n in names]
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1043,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    def sheet(name: str) -> list[tuple]:
        return list(
            load_workbook(tmp_path / f"{name}.excel.xlsx").active.iter_rows(values_only=True)
        )

    for name in ("observations", "indicators", "monitors", "findings"):
        cols = fields(descriptor, name)
        rows = sheet(name)
        assert list(rows[0]) == [f["title"] for f in cols], name
        tidy = read_tidy(workdir / f"{name}.csv", cols)
        for i, f in enumerate(cols):
            for got, want in zip((r[i] for r in rows[1:]), tidy[f["name"]], strict=True):
                where = (name, f["name"], want)
                if pd.isna(want):
                    assert got is None, where
                elif f["type"] in ("integer", "number"):  # numbers are numbers
                    assert isinstance(got, int | float) and got == want, where
                elif f["type"] == "date":
                    assert isinstance(got, dt.datetime) and got == want, where
                elif f["type"] == "boolean":
                    assert got == ("ja" if want else "nee"), where
                elif re.fullmatch(r"\d+", want):  # a whole code: the number it names
                    assert got == int(want), where
                else:  # text stays text: 2.1, 9.1.4, 13 – nov 23
                    assert isinstance(got, str), where
                    assert got.replace(EN_DASH, "-").replace(DIVISION_SLASH, "/") == want, where
    codes = {r[4] for r in sheet("observations")[1:]}
    assert {"2.1", "9.1.4", "10.3"} <= codes
    wide = sheet("totaaloverzicht")
    assert wide[0][2] == "Amsterdam 13 - nov 23"
    assert [r[0] for r in wide[1:4]] == [1, 2, "2.1"]
    assert all(isinstance(v, int) or v is None for r in wide[1:] for v in r[2:])
    series = sheet("reeksen")
    assert series[0][:3] == ("Monitor", "Periode", "CBS-code")
    assert {r[1].replace(EN_DASH, "-") for r in series[1:]} == {
        "13 - nov 23",
        "14 - feb 24",
        "15 - mei 24",
    }
    assert {r[2] for r in series[1:]} >= {"GM0363", "NL01"}
    vintage = sheet("alle-uitgaven")
    assert vintage[1][:4] == ("13.0.0", dt.datetime(2026, 11, 22), 13, dt.datetime(2023, 10, 31))


# --- determinism -------------------------------------------------------------------------


def test_releasing_twice_gives_byte_identical_downloads(folder, tmp_path):
    other = copy_project(tmp_path / "again")
    result = runner.invoke(app, ["release", "15", "--project", str(other)])
    assert result.exit_code == 0, result.output
    again = other / "site/15/downloads"
    assert files_in(again) == files_in(folder)
    for name in files_in(folder):
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_vintage_file_too_long_for_excel_gets_no_excel_twin(project, monkeypatch):
    """Excel drops rows past 1,048,576 without a clear warning: no twin that loses figures."""
    from lvv_publish.package import read_package
    from lvv_publish.site.downloads import vintage

    releases = [vintage.release_of(read_package(project / "datapackage/15"))]
    rows = len(vintage_table(releases))
    names = {d.path for d in vintage.vintage_downloads(releases)}
    assert names == {
        "alle-uitgaven.csv",
        "alle-uitgaven.csv.gz",
        "alle-uitgaven.excel.csv",
        "SHA256SUMS",
    }
    monkeypatch.setattr(vintage, "EXCEL_MAX_ROWS", rows)
    files = {d.path: d for d in vintage.vintage_downloads(releases)}
    assert set(files) == {"alle-uitgaven.csv", "alle-uitgaven.csv.gz", "SHA256SUMS"}
    note = files["alle-uitgaven.csv"].description
    assert f"Met {rows:,} rijen te groot voor Excel".replace(",", ".") in note
    assert b"alle-uitgaven.excel.csv" not in files["SHA256SUMS"].data


def test_a_file_over_the_hosts_limit_is_published_compressed_only(project, monkeypatch):
    """No file of the site over 50 MB (GitHub, issue 22): past it the vintage file and the
    long series are there compressed only, with the same bytes inside; the Excel twins and
    the workbook go, the files per indicator stay. Tested with a small limit."""
    import gzip

    from lvv_publish.package import read_package
    from lvv_publish.site.downloads import download, series_downloads, vintage

    releases = [vintage.release_of(read_package(project / f"datapackage/{n}")) for n in (13, 15)]
    whole = {d.path: d.data for d in vintage.vintage_downloads(releases)}
    whole |= {d.path: d.data for d in series_downloads(releases)}
    capped = ["alle-uitgaven.csv", "alle-uitgaven.excel.csv", "reeksen.csv"]
    capped += ["reeksen.excel.csv", "reeksen.xlsx"]
    limit = min(len(whole[name]) for name in capped) - 1
    monkeypatch.setattr(download, "FILE_WARNING", limit)  # the one site-wide file policy
    small = {d.path: d.data for d in vintage.vintage_downloads(releases)}
    small |= {d.path: d.data for d in series_downloads(releases)}
    assert set(whole) - set(small) == set(capped)
    assert all(len(data) <= limit for name, data in small.items() if not name.endswith(".gz"))
    for name in ("alle-uitgaven.csv", "reeksen.csv"):
        packed = small[f"{name}.gz"]
        assert packed == whole[f"{name}.gz"]
        assert gzip.decompress(packed) == whole[name]
        # the same bytes every time: no time (bytes 4-7) and no file name (flag 3) in it
        assert packed[4:8] == b"\0\0\0\0" and packed[3] & 0x08 == 0
    assert any(name.startswith("reeks-") for name in small)


def test_the_vintage_file_is_made_again_only_when_a_package_changed(project):
    """Its stamp holds the tool and every package: an unchanged release leaves it alone, a
    correction (a new package version) makes it again."""
    from lvv_publish.publish import build_all, release
    from lvv_publish.sources import Project

    site_folder = project / "site/downloads"
    before = {p.name: p.stat().st_mtime_ns for p in site_folder.iterdir()}
    release(Project(project), 15)
    build_all(Project(project))
    assert {p.name: p.stat().st_mtime_ns for p in site_folder.iterdir()} == before
    copy = copy_project(project.parent / "corrected")
    shutil.copytree(project / "site", copy / "site")
    yaml_path = copy / "monitors/15/monitor.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace(
            "title: LVV Monitor mei 2024", "title: LVV Monitor mei 2024 (gecorrigeerd)", 1
        ),
        encoding="utf-8",
    )
    release(Project(copy), 15, correct="De titel was onvolledig.")
    vintage = pd.read_csv(copy / "site/downloads/alle-uitgaven.csv", dtype=str)
    assert "15.1.0" in set(vintage["release"])


@pytest.mark.parametrize("limit", [None, 1000])
def test_new_releases_are_appended_to_the_vintage_file_byte_for_byte(project, monkeypatch, limit):
    """A correction after the file was made appends its rows: the same bytes as making the
    file anew from every package (which a release that sorts between others still does).
    Also when the file is too large for the host (``limit``): then it is published
    compressed only, and the rows are appended to what it holds."""
    from lvv_publish import publish
    from lvv_publish.publish import versions
    from lvv_publish.site.downloads import download
    from lvv_publish.sources import Project

    copy = copy_project(project.parent / f"appended-{limit}")
    shutil.copytree(project / "site", copy / "site")
    if limit is not None:
        monkeypatch.setattr(download, "FILE_WARNING", limit)
        shutil.rmtree(copy / "site/downloads")
        publish.build_all(Project(copy))
        assert not (copy / "site/downloads/alle-uitgaven.csv").exists()
    totals = copy / "monitors/15/totaaloverzicht.csv"
    text = totals.read_text(encoding="utf-8")
    assert text.count("5.1 Terugkeer actueel,87,72,71,") == 1
    totals.write_text(
        text.replace("5.1 Terugkeer actueel,87,72,71,", "5.1 Terugkeer actueel,87,72,70,")
    )

    def made_anew(*args, **kwargs):
        raise AssertionError("the vintage file was made anew, not appended")

    with monkeypatch.context() as m:
        m.setattr(versions, "vintage_downloads", made_anew)
        publish.release(Project(copy), 15, correct="Terugkeer in Utrecht was 70.")
    appended = {p.name: p.read_bytes() for p in (copy / "site/downloads").iterdir()}
    table = pd.read_csv(copy / "site/downloads/alle-uitgaven.csv.gz", dtype=str)
    assert list(dict.fromkeys(table["release"]))[-1] == "15.1.0"
    revised = table[(table["release"] == "15.1.0") & (table["revised"] == "true")]
    assert len(revised) == 1 and revised.iloc[0]["previous_release"] == "15.0.0"
    # Made anew from every package: byte for byte the same, its record included.
    shutil.rmtree(copy / "site/downloads")
    publish.build_all(Project(copy))
    anew = {p.name: p.read_bytes() for p in (copy / "site/downloads").iterdir()}
    assert anew == appended


def test_the_series_workbook_is_made_only_up_to_its_row_bound(project, monkeypatch):
    """Past ``WORKBOOK_MAX_ROWS`` rows no ``reeksen.xlsx`` (issue 22: 40 s of a release at
    350 × 40); every other file of the long series is the same."""
    from lvv_publish.package import read_package
    from lvv_publish.site.downloads import series, series_downloads, vintage

    releases = [vintage.release_of(read_package(project / f"datapackage/{n}")) for n in (13, 15)]
    whole = {d.path: d.data for d in series_downloads(releases)}
    rows = whole["reeksen.csv"].count(b"\n") - 1
    assert "reeksen.xlsx" in whole
    monkeypatch.setattr(series, "WORKBOOK_MAX_ROWS", rows - 1)
    bounded = {d.path: d.data for d in series_downloads(releases)}
    assert set(whole) - set(bounded) == {"reeksen.xlsx"}
    assert all(bounded[name] == whole[name] for name in bounded)
    monkeypatch.setattr(series, "WORKBOOK_MAX_ROWS", rows)
    assert "reeksen.xlsx" in {d.path for d in series_downloads(releases)}


def test_the_site_wide_policy_makes_a_twin_only_where_it_is_published():
    """One policy for the vintage file and the long series (``download.site_wide_files``):
    a twin with too many rows is not even made, and every file that stays says why."""
    from lvv_publish.site.downloads.download import Twin, site_wide_files

    made = []
    twin = Twin("x.excel.csv", lambda: made.append(1) or b"a;b\r\n", "voor Excel", 4, True)
    files = site_wide_files("x.csv", b"a,b\n1,2\n", 5, "g", "Tekst", [twin])
    assert made == [] and [f.path for f in files] == ["x.csv.gz", "x.csv"]
    assert all("Met 5 rijen te groot voor Excel (hooguit 4 rijen" in f.description for f in files)
    files = site_wide_files("x.csv", b"a,b\n1,2\n", 4, "g", "Tekst", [twin])
    assert made == [1] and [f.path for f in files] == ["x.csv.gz", "x.csv", "x.excel.csv"]
    assert [f.description for f in files] == [
        "Tekst; met gzip ingepakt.",
        "Tekst.",
        "Tekst; voor Excel.",
    ]


def test_the_downloads_page_states_the_limits_the_files_are_made_under(project, monkeypatch):
    """The page's "kleiner dan 50 MB" and "tot 100.000 regels" come from the code that keeps
    the site-wide files within them, so the two cannot disagree: with other limits, the page
    states those."""
    from lvv_publish.package import read_package
    from lvv_publish.publish import site_inputs
    from lvv_publish.site import render_pages
    from lvv_publish.site.downloads import download, series
    from lvv_publish.sources import Project, load_monitor

    p = Project(project)
    inputs = site_inputs(p, read_package(p.package_dir(15)), load_monitor(p.monitors, 15))
    page = render_pages(inputs)["downloads.md"]
    assert page.count("kleiner is dan 50 MB") == 1 and "is dan 50 MB en in" in page
    assert "de werkmap tot 100.000 regels" in page
    monkeypatch.setattr(download, "FILE_WARNING", 12_500_000)
    monkeypatch.setattr(series, "WORKBOOK_MAX_ROWS", 2_000)
    page = render_pages(inputs)["downloads.md"]
    assert "50 MB" not in page and "100.000" not in page
    assert page.count("kleiner is dan 12,5 MB") == 1 and "is dan 12,5 MB en in" in page
    assert "de werkmap tot 2.000 regels" in page
