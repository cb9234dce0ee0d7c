"""The quarterly cycle on a temporary copy: new 16 with a seventh municipality that joins in
16, fill in, approve, release; revisions with and without a note; immutability; corrections.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.package import read_package, validate_package

from ..conftest import copy_project
from ..cycle import (
    NEWCOMER,
    amsterdam_capacity_15_is_370,
    deliver,
    leaves_after,
    note_the_revision_of_amsterdam_15,
    override,
    register_newcomer,
    reopen,
    repeat_with_newcomer,
)
from ..htmltables import page

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def files(root: Path, *tops: str) -> dict[str, tuple[bytes, int]]:
    """Every file under ``tops``: its bytes and modification time."""
    out = {}
    for top in tops:
        for p in sorted((root / top).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(root))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def contents(snapshot: dict[str, tuple[bytes, int]]) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot.items()}


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    """Monitors 13-15 published (sites built); Nijmegen registered with first_monitor 16;
    `new 16` run, the input sheets returned and compiled, and the monitor approved; 16 not
    released yet."""
    root = copy_project(tmp_path_factory.mktemp("cycle") / "project")
    invoke("release", "15", "--project", str(root))
    register_newcomer(root)
    invoke("new", "16", "--project", str(root))
    deliver(root, 16, repeat_with_newcomer)
    invoke("compile", "16", "--project", str(root))
    invoke("approve", "16", "--by", "Programmabureau LVV", "--date", "2024-09-15", "-p", str(root))
    return root


def copy_of(root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(root, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def released(started, tmp_path_factory) -> tuple[Path, dict[str, tuple[bytes, int]]]:
    """``started`` with monitor 16 released; and the files of 13-15 from before that."""
    root = copy_of(started, tmp_path_factory.mktemp("released16"))
    before = files(
        root, *(f"datapackage/{n}" for n in (13, 14, 15)), *(f"site/{n}" for n in (13, 14, 15))
    )
    output = invoke("release", "16", "--project", str(root))
    assert output.startswith("Released monitor 16 (version 16.0.0): 741 observations")
    return root, before


def test_release_16_publishes_the_newcomer_as_the_latest_version(released):
    root, _ = released
    assert validate_package(root / "datapackage/16/datapackage.json") == []
    package = read_package(root / "datapackage/16")
    obs = package.observations
    newcomer = obs[obs["municipality_code"] == NEWCOMER["code"]]
    assert sorted(newcomer["monitor"].unique()) == [16]  # no rows in 14 and 15: not unknown
    assert newcomer["value"].notna().all()
    muns = package.municipalities.set_index("code")
    assert muns.loc[NEWCOMER["code"], "first_monitor"] == 16
    assert pd.isna(muns.loc["GM0363", "first_monitor"])
    versions = json.loads((root / "site/versions.json").read_text())
    assert versions[0] == {"version": "16", "title": "16: augustus 2024", "aliases": ["latest"]}
    assert [v["version"] for v in versions] == ["16", "15", "14", "13"]
    latest = json.loads((root / "site/latest/downloads/datapackage.json").read_text())
    assert latest["name"] == "lvv-monitor-16" and latest["version"] == "16.0.0"
    # 16's rows appended to the vintage file: the record counts them with the others
    record = json.loads((root / "site/downloads/.lvv-releases.json").read_text())
    vintage = pd.read_csv(root / "site/downloads/alle-uitgaven.csv", dtype=str)
    assert record["rows"] == len(vintage) and "16.0.0" in set(vintage["release"])
    tables, text = page(root / "site/16/gemeenten/nijmegen/index.html")
    assert "Nijmegen is deel van de LVV sinds monitor 16" in text
    capacity = next(r for r in _headed(tables, "Code") if r[0] == "1")
    assert capacity[3:] == ["n.v.t.", "n.v.t.", "40", "n.v.t."]
    assert "onbekend" not in " ".join(capacity)


def _headed(tables: list[list[list[str]]], first: str) -> list[list[str]]:
    """The table whose first header is ``first`` (a page's charts and their tables come
    before some of its tables: issue 20)."""
    return next(t for t in tables if t[0][0] == first)


def test_national_figures_count_the_newcomer_and_compare_like_for_like(released):
    root, _ = released
    tables, text = page(root / "site/16/index.html")
    assert "Monitor 16 telt Nijmegen mee, dat sinds monitor 16 deel is van de LVV" in text
    # The headline figures do not compare 16 with 15 as if nothing changed (issue 20).
    assert "Niet te vergelijken met monitor 15: Nijmegen doet sinds monitor 16 mee." in text
    locations = {r[0]: r for r in _headed(tables, "Locatie")}
    assert locations["Nijmegen"][1] == "40"
    assert locations["Totaal"][1] == "1110"  # 1070 + Nijmegen's 40
    tables, text = page(root / "site/16/vergelijking/index.html")
    assert "Niet meegeteld: Nijmegen (deel van de LVV sinds monitor 16)" in text
    national = {r[0]: r for r in tables[0][1:]}
    # Monitor 16 repeats 15 for the six: like for like, nothing changed.
    assert national["1"][3:6] == ["1070", "1070", "0"]
    # Per municipality: the whole table is the page's JSON (the page holds its first rows).
    data = json.loads((root / "site/16/tabellen/vergelijking-15-16.json").read_text())
    values = data["values"]
    rows = [
        [values[str(i)][c] if str(i) in values else c for i, c in enumerate(row)]
        for row in data["rows"]
    ]
    per_municipality = [r for r in rows if r[0][0] == "Nijmegen" and r[1][0] == "1"]
    assert per_municipality == [
        [
            ["Nijmegen", "gemeenten/nijmegen/"],
            ["1", "indicatoren/#i-1"],
            "Capaciteit actueel",
            "n.v.t.",
            "40",
            "n.v.t.",
            "n.v.t.",
        ]
    ]
    _, text = page(root / "site/16/wijzigingen/index.html")
    assert "Nijmegen deel van de LVV sinds monitor 16" in text


def test_releasing_16_leaves_every_file_of_13_to_15_byte_identical(released):
    root, before = released
    after = files(
        root, *(f"datapackage/{n}" for n in (13, 14, 15)), *(f"site/{n}" for n in (13, 14, 15))
    )
    assert contents(after) == contents(before)


def test_an_unchanged_release_16_rewrites_no_file(released, tmp_path):
    root = copy_of(released[0], tmp_path)
    before = files(root, "datapackage", "site")
    output = invoke("release", "16", "--project", str(root))
    assert output.startswith("Monitor 16 is published as version 16.0.0 with the same input")
    assert "nothing was rewritten" in output
    assert files(root, "datapackage", "site") == before  # same bytes, same mtimes


def revise_amsterdam_15(root: Path) -> None:
    """Amsterdam revises its indicator 2 of monitor 15 (1062 → 1070): an override in 16's
    monitor.yaml, compiled into the table, after taking back 16's approval."""
    reopen(root, 16)
    override(root, 16, "15/GM0363/2", 1070, "Amsterdam telde twee aanmeldingen dubbel.")
    invoke("compile", "16", "--project", str(root))


def approve_16(root: Path) -> None:
    invoke("approve", "16", "--by", "Programmabureau LVV", "--date", "2024-09-16", "-p", str(root))


def test_a_revised_15_figure_in_16_needs_a_note(started, tmp_path):
    root = copy_of(started, tmp_path)
    revise_amsterdam_15(root)
    approving = ["approve", "16", "--by", "Programmabureau LVV", "--project", str(root)]
    result = runner.invoke(app, approving)
    assert result.exit_code == 2
    assert "monitor 16 was not approved: 1 finding(s) block it." in result.output
    assert "revision-unexplained" in result.output
    assert "covers: [15/GM0363/2]" in result.output
    assert not (root / "datapackage/16").exists()
    note_the_revision_of_amsterdam_15(root)
    approve_16(root)
    invoke("release", "16", "--project", str(root))
    obs = read_package(root / "datapackage/16").observations.set_index(
        ["monitor", "municipality_code", "indicator"]
    )
    revised = obs.loc[(15, "GM0363", "2")]
    assert bool(revised["revised"]) is True
    assert int(revised["value"]) == 1070 and int(revised["published_value"]) == 1062
    assert int(obs["revised"].sum()) == 1
    _, text = page(root / "site/16/wijzigingen/index.html")
    assert "gepubliceerd 1062, nu 1070" in text
    assert "Amsterdam heeft de instroom van monitor 15 gecorrigeerd." in text


def test_a_changed_15_is_refused_and_published_as_a_correction(released, tmp_path):
    root = copy_of(released[0], tmp_path)
    amsterdam_capacity_15_is_370(root)
    before = files(root, "datapackage", "site")
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 2
    assert "monitor 15 is already published (version 15.0.0, datapackage/15)" in result.output
    assert "15/GM0363/1 (Amsterdam, indicator 1, monitor 15): 360 → 370" in result.output
    assert 'lvv-publish release 15 --correct "<why the figures or texts changed>"' in result.output
    assert files(root, "datapackage", "site") == before

    reason = "Amsterdam meldde na publicatie een capaciteit van 370 plaatsen."
    output = invoke("release", "15", "--project", str(root), "--correct", reason)
    assert output.startswith("Corrected monitor 15 (version 15.1.0)")
    descriptor = json.loads((root / "datapackage/15/datapackage.json").read_text())
    assert descriptor["version"] == "15.1.0"
    (correction,) = descriptor["corrections"]
    assert correction["reason"] == reason and correction["previous_version"] == "15.0.0"
    assert correction["changes"] == [
        {
            "monitor": 15,
            "municipality_code": "GM0363",
            "municipality": "Amsterdam",
            "indicator": "1",
            "before": 360,
            "after": 370,
            "change": "gewijzigd",
        }
    ]
    # The files of 15.0.0 are kept, in the package and at a stable download address.
    old = {k.split("/", 2)[2]: v[0] for k, v in before.items() if k.startswith("datapackage/15/")}
    kept = root / "datapackage/15/versies/15.0.0"
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == old
    served = root / "site/15/downloads/versies/15.0.0/observations.csv"
    assert served.read_bytes() == old["observations.csv"]
    # The correction notice on every page of 15, short (the date, how many figures changed, a
    # link); the reason in 15's changelog and in 16's.
    _, text = page(root / "site/15/index.html")
    assert "Gecorrigeerd op" in text and "Eén cijfer is veranderd." in text
    assert reason not in text
    tables, text = page(root / "site/15/wijzigingen/index.html")
    assert "Versie 15.1.0" in text and reason in text
    assert ["15", "Amsterdam", "1 Capaciteit actueel", "360", "370"] in tables[0]
    _, text = page(root / "site/16/wijzigingen/index.html")
    assert "Correcties van eerdere uitgaven" in text and reason in text
    vintage = pd.read_csv(root / "site/downloads/alle-uitgaven.csv", dtype=str)
    assert {"15.0.0", "15.1.0", "16.0.0"} <= set(vintage["release"])
    # Nothing else was rewritten: 16's package, the sites of 13 and 14.
    after = files(root, "datapackage", "site")
    for key in before:
        if key.startswith(
            ("datapackage/13", "datapackage/14", "datapackage/16", "site/13", "site/14")
        ):
            assert after[key] == before[key], key
    # Correcting again with the same input has nothing to correct.
    again = runner.invoke(app, ["release", "15", "--project", str(root), "--correct", "x"])
    assert again.exit_code == 2
    assert "nothing to correct" in again.output
    assert invoke("release", "15", "--project", str(root)).startswith(
        "Monitor 15 is published as version 15.1.0 with the same input"
    )


def test_correct_is_only_for_a_published_monitor(started, tmp_path):
    root = copy_of(started, tmp_path)
    result = runner.invoke(app, ["release", "16", "--project", str(root), "--correct", "x"])
    assert result.exit_code == 2
    assert "monitor 16 is not published yet: there is nothing to correct" in result.output


def test_a_location_that_leaves_after_16(released, tmp_path):
    root = copy_of(released[0], tmp_path)
    leaves_after(root, "GM0599", 16)  # Rotterdam
    # Registering the departure does not change the published release 16.
    before = files(root, "datapackage", "site")
    assert "nothing was rewritten" in invoke("release", "16", "--project", str(root))
    assert files(root, "datapackage", "site") == before
    invoke("new", "17", "--project", str(root))
    assert not (root / "monitors/17/invoer/rotterdam.xlsx").exists()
    deliver(root, 17, repeat_with_newcomer)
    invoke("compile", "17", "--project", str(root))
    invoke("approve", "17", "--by", "Programmabureau LVV", "--date", "2024-12-15", "-p", str(root))
    invoke("release", "17", "--project", str(root))
    package = read_package(root / "datapackage/17")
    obs = package.observations
    assert sorted(obs[obs["municipality_code"] == "GM0599"]["monitor"].unique()) == [15, 16]
    assert package.municipalities.set_index("code").loc["GM0599", "last_monitor"] == 16
    tables, text = page(root / "site/17/gemeenten/rotterdam/index.html")
    assert "Rotterdam is geen deel meer van de LVV na monitor 16" in text
    capacity = next(r for r in _headed(tables, "Code") if r[0] == "1")
    assert capacity[3:] == ["45", "45", "n.v.t.", "n.v.t."]
    _, text = page(root / "site/17/vergelijking/index.html")
    assert "Rotterdam (geen deel meer van de LVV in monitor 17)" in text
    _, text = page(root / "site/17/wijzigingen/index.html")
    assert "Rotterdam geen deel meer van de LVV na monitor 16" in text
    tables, text = page(root / "site/17/index.html")
    # No row in monitor 17's locations.
    assert "Rotterdam" not in [r[0] for r in _headed(tables, "Locatie")]
    assert "Rotterdam is geen deel meer van de LVV na monitor 16: de monitors tot en met" in text
    assert "Rotterdam: geen deel meer van de LVV na monitor 16" in text


def test_an_unchanged_release_after_a_correction_keeps_the_earlier_versions(released, tmp_path):
    root = copy_of(released[0], tmp_path)
    amsterdam_capacity_15_is_370(root)
    invoke("release", "15", "--project", str(root), "--correct", "Amsterdam: 370 plaatsen.")
    before = files(root, "datapackage", "site")
    output = invoke("release", "15", "--project", str(root))
    assert "nothing was rewritten" in output
    assert files(root, "datapackage", "site") == before
    assert (root / "site/15/downloads/versies/15.0.0/observations.csv").is_file()


def test_a_noted_revision_is_the_base_of_the_next_monitor(started, tmp_path):
    root = copy_of(started, tmp_path)
    revise_amsterdam_15(root)
    note_the_revision_of_amsterdam_15(root)
    approve_16(root)
    invoke("release", "16", "--project", str(root))
    invoke("new", "17", "--project", str(root))
    deliver(root, 17, repeat_with_newcomer)
    invoke("compile", "17", "--project", str(root))
    # new 17 fills monitor 15 with the revised figure that 16 published...
    obs = read_package(root / "datapackage/16").observations
    assert (
        int(
            obs.query("monitor == 15 and municipality_code == 'GM0363' and indicator == '2'")[
                "value"
            ].iloc[0]
        )
        == 1070
    )
    # ...and validate 17 checks against it: no revision to explain again.
    result = runner.invoke(app, ["validate", "17", "--project", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert [f for f in findings if f["rule"].startswith("revision")] == []


def test_correcting_an_older_release_leaves_the_later_ones_releasable(released, tmp_path):
    root = copy_of(released[0], tmp_path)
    amsterdam_capacity_15_is_370(root)
    invoke("release", "15", "--project", str(root), "--correct", "Amsterdam: 370 plaatsen.")
    # 16 (which carries 15 as 360) was checked against 15.0.0 and recorded it: unchanged, it
    # stays as it is.
    assert "nothing was rewritten" in invoke("release", "16", "--project", str(root))
    base = json.loads((root / "datapackage/16/datapackage.json").read_text())["revisionBase"]
    # 14's figures: the newest package that published them, the committed correction
    # 14.1.0 (dated after 15.0.0's release date).
    assert base == {"14": "14.1.0", "15": "15.0.0"}
    # The next monitor starts from the most recently published figures: 15's correction...
    invoke("new", "17", "--project", str(root))
    from openpyxl import load_workbook

    ws = load_workbook(root / "monitors/17/totaaloverzicht.xlsx")["Totaaloverzicht"]
    assert (ws.cell(1, 2).value, ws.cell(2, 2).value) == ("Amsterdam", "15 - mei 24")
    assert ws.cell(3, 2).value == 370  # 1. Capaciteit actueel, Amsterdam, monitor 15
    # ...which validate 17 checks against: nothing to explain.
    deliver(root, 17, repeat_with_newcomer)
    invoke("compile", "17", "--project", str(root))
    result = runner.invoke(app, ["validate", "17", "--project", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert [f for f in findings if f["rule"].startswith("revision")] == []
    _, text = page(root / "site/16/wijzigingen/index.html")
    assert "Correcties van eerdere uitgaven" in text and "Amsterdam: 370 plaatsen." in text


def test_init_in_a_repository_keeps_its_readme_and_gitignore(tmp_path):
    target = tmp_path / "repo"
    target.mkdir()
    (target / "README.md").write_text("# Ons project\n")
    (target / ".gitignore").write_text(".venv/\n")
    invoke("init", str(target))
    assert (target / "README.md").read_text() == "# Ons project\n"
    assert "lvv-publish new N" in (target / "README-lvv-publish.md").read_text()
    ignored = (target / ".gitignore").read_text()
    assert ignored.startswith(".venv/\n") and "\n/site/\n" in ignored
