"""A published package is validated once; later reads check its hashes (ledger.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.errors import LvvError
from lvv_publish.package import ledger, read_package

from ..conftest import ROOT, copy_project

runner = CliRunner()


def _tamper(path: Path) -> None:
    """Change one byte of a CSV, keeping its size (a cell 1 becomes 2)."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n")
    assert ",1," in body
    path.write_text(header + "\n" + body.replace(",1,", ",2,", 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p")


def test_the_bundled_packages_are_recorded_as_validated():
    # The committed packages themselves (copy_project releases 15 afresh).
    entries = ledger.recorded(ROOT / "datapackage")
    for n in (13, 14, 15):
        digest = hashlib.sha256((ROOT / f"datapackage/{n}/datapackage.json").read_bytes())
        assert entries.get(digest.hexdigest()) == f"{n}/datapackage.json"


def test_a_recorded_package_is_read_without_frictionless(project, monkeypatch):
    def refuse(path):
        raise AssertionError(f"validated again: {path}")

    monkeypatch.setattr(ledger, "validate_package", refuse)
    assert read_package(project / "datapackage/14").number == 14


def test_an_unrecorded_package_is_validated_with_frictionless(project, monkeypatch):
    (project / "datapackage" / ledger.LEDGER_NAME).unlink()
    seen: list[Path] = []
    monkeypatch.setattr(ledger, "validate_package", lambda p: seen.append(p) or [])
    read_package(project / "datapackage/14")
    read_package(project / "datapackage/14")  # checked once per process while unchanged
    assert seen == [project / "datapackage/14/datapackage.json"]


def test_a_changed_file_of_a_recorded_package_is_caught_by_its_hash(project):
    target = project / "datapackage/14/observations.csv"
    _tamper(target)
    with pytest.raises(LvvError) as err:
        read_package(project / "datapackage/14")
    message = str(err.value)
    assert message.startswith(f"{target}: its SHA-256 is ")
    assert "the file was changed after the package was published and validated" in message
    assert "git checkout -- " in message


def test_a_changed_file_stops_build_and_validate_with_one_line(project):
    # 15 was checked against 14.0.0 (its revision base), kept in versies/ since 14.1.0.
    _tamper(project / "datapackage/14/versies/14.0.0/observations.csv")
    for args in (["build", "--all"], ["validate", "15"]):
        result = runner.invoke(app, [*args, "--project", str(project)])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ")
        assert "datapackage/14/versies/14.0.0/observations.csv: its SHA-256 is" in result.output
        assert "Traceback" not in result.output
    assert not (project / "site").exists()


def test_a_changed_file_of_the_current_version_stops_build(project):
    _tamper(project / "datapackage/14/observations.csv")
    result = runner.invoke(app, ["build", "--all", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "datapackage/14/observations.csv: its SHA-256 is" in result.output
    assert not (project / "site").exists()


def test_a_changed_file_of_an_unrecorded_package_fails_frictionless_validation(project):
    (project / "datapackage" / ledger.LEDGER_NAME).unlink()
    _tamper(project / "datapackage/13/observations.csv")
    with pytest.raises(LvvError, match="the data package is not valid"):
        read_package(project / "datapackage/13")


def test_release_records_the_package_it_publishes(tmp_path):
    root = copy_project(tmp_path / "p")
    shutil.rmtree(root / "datapackage/15")
    (root / "datapackage" / ledger.LEDGER_NAME).write_text("", encoding="utf-8")
    from lvv_publish.publish import release_package
    from lvv_publish.sources import Project

    release_package(Project(root), 15)
    digest = ledger.sha256_file(root / "datapackage/15/datapackage.json")
    assert ledger.recorded(root / "datapackage") == {digest: "15/datapackage.json"}
