"""The data package: valid under the real frictionless validator, complete, deterministic."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lvv_publish.errors import LvvError
from lvv_publish.package import not_kept, read_monitors, read_package, validate_package
from lvv_publish.publish import release
from lvv_publish.sources import Project

from ..conftest import OBSERVATION_NAMES, RELEASE_15_AT, ROOT, clock_at, copy_project
from ..sources.test_sources import seed_cells

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def test_frictionless_cli_says_valid(released):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage/15/datapackage.json"],
        cwd=released,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


def test_every_slide_cell_is_in_observations_csv(released):
    with (released / "datapackage/15/observations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    got = {
        (int(r["monitor"]), r["municipality"], r["indicator"]): (
            int(r["value"]) if r["value"] != "" else None
        )
        for r in rows
    }
    assert len(rows) == 702
    assert got == seed_cells()


def test_descriptor_metadata_and_schema_come_from_the_contract(released):
    desc = json.loads((released / "datapackage/15/datapackage.json").read_text())
    assert desc["name"] == "lvv-monitor-15"
    assert desc["version"] == "15.0.0"
    assert desc["created"] == "2026-11-22T00:00:00Z"  # the approval date: deterministic
    assert desc["licenses"][0]["name"] == "CC0-1.0"
    assert desc["contributors"] and desc["keywords"] and desc["sources"]
    res = {r["name"]: r for r in desc["resources"]}
    assert list(res) == [
        "observations",
        "indicators",
        "municipalities",
        "monitors",
        "rules",
        "findings",
    ]
    obs = res["observations"]["schema"]
    # Against literals, not the schema file that produced them.
    assert [f["name"] for f in obs["fields"]] == OBSERVATION_NAMES
    assert [f["type"] for f in obs["fields"]] == [
        "integer",
        "date",
        "string",
        "string",
        "string",
        "integer",
        "boolean",
        "integer",
    ]
    assert obs["primaryKey"] == ["monitor", "municipality_code", "indicator"]
    assert {fk["fields"]: fk["reference"]["resource"] for fk in obs["foreignKeys"]} == {
        "monitor": "monitors",
        "indicator": "indicators",
        "municipality_code": "municipalities",
    }
    assert obs["missingValues"] == [""]
    findings = res["findings"]["schema"]
    assert {fk["fields"]: fk["reference"]["resource"] for fk in findings["foreignKeys"]} == {
        "rule": "rules",
        "check": "rules",
        "monitor": "monitors",
        "municipality_code": "municipalities",
    }
    value = next(f for f in obs["fields"] if f["name"] == "value")
    assert value["constraints"] == {"minimum": 0}
    for r in desc["resources"]:
        data = (released / "datapackage/15" / r["path"]).read_bytes()
        assert r["bytes"] == len(data)
        assert r["hash"].startswith("sha256:")


def test_indicators_resource_carries_definitions(released):
    pkg = read_package(released / "datapackage/15")
    inds = pkg.indicators.set_index("code")
    assert len(inds) == 39
    assert inds.loc["9.1.4", "label_variants"].count("afgewzen") == 2
    assert inds.loc["12", "sum_of"] == "8; 9; 10; 11"
    assert str(inds.loc["12", "definition"]) == "<NA>"
    assert "geen definitie" in inds.loc["12", "definition_note"]
    assert bool(inds.loc["9.1", "children_add_up"]) is True


def test_read_monitors_gives_what_read_package_gives(released):
    folder = released / "datapackage/15"
    descriptor, monitors = read_monitors(folder)
    pkg = read_package(folder)
    assert descriptor == pkg.descriptor
    pd.testing.assert_frame_equal(monitors, pkg.monitors)
    assert list(monitors["monitor"]) == [13, 14, 15]


def test_read_monitors_names_a_missing_package(tmp_path):
    with pytest.raises(LvvError, match=r"datapackage\.json: not found"):
        read_monitors(tmp_path)


def test_a_package_read_within_not_kept_is_read_again(released, tmp_path):
    """Kept packages share their frames between reads; within ``not_kept`` a package read
    anew is not kept, so the next read loads it again (and keeps it)."""
    folder = tmp_path / "15"
    shutil.copytree(released / "datapackage/15", folder)
    with not_kept():
        first = read_package(folder, validate=False)
        second = read_package(folder, validate=False)
    assert first.observations is not second.observations
    third = read_package(folder, validate=False)
    assert third.observations is not second.observations
    assert read_package(folder, validate=False).observations is third.observations
    with not_kept():  # what is kept already is still given
        assert read_package(folder, validate=False).observations is third.observations
    pd.testing.assert_frame_equal(first.observations, third.observations)


def test_release_is_byte_identical_and_matches_the_committed_package(tmp_path, released):
    again = copy_project(tmp_path / "again", with_packages=False)
    release(Project(again), 15, clock=clock_at(RELEASE_15_AT))  # the time of `released`
    for path in sorted((released / "datapackage/15").iterdir()):
        assert (again / "datapackage/15" / path.name).read_bytes() == path.read_bytes(), path.name
    # The committed 15 was released with 13 and 14 published (its revisionBase names them).
    # Its figures are what a fresh release gives; its metadata (indicators, rules, findings)
    # may differ until a reviewed change is published as a correction (issue 10 changed
    # kinds, rule messages and findings).
    fresh = copy_project(tmp_path / "fresh")
    shutil.rmtree(fresh / "datapackage/15")
    release(Project(fresh), 15)
    for name in ("observations.csv", "municipalities.csv", "monitors.csv"):
        path = ROOT / "datapackage/15" / name
        assert (fresh / "datapackage/15" / name).read_bytes() == path.read_bytes(), (
            f"{path} differs from a fresh release: release 15 again (after 13 and 14) and commit"
        )


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (lambda s: s.replace("GM0363,2,1011", "GM0363,99,1011"), "foreign-key"),
        (lambda s: s.replace("GM0363,2,1011", "GM0363,2,-1011"), "constraint-error"),
        (lambda s: s.replace("GM0363,2,1011", "GM0363,2,1012"), "hash-count"),
    ],
)
def test_the_validator_catches_a_broken_package(tmp_path, released, edit, error):
    pkg = tmp_path / "pkg"
    shutil.copytree(released / "datapackage/15", pkg)
    path = pkg / "observations.csv"
    path.write_text(edit(path.read_text()))
    if error != "hash-count":  # keep the checksum right so the row-level check is reached
        import hashlib

        desc = json.loads((pkg / "datapackage.json").read_text())
        data = path.read_bytes()
        desc["resources"][0]["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        desc["resources"][0]["bytes"] = len(data)
        (pkg / "datapackage.json").write_text(json.dumps(desc))
    errors = validate_package(pkg / "datapackage.json")
    assert any(error in e for e in errors), errors
