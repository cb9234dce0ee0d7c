"""Build stamps: build --all rebuilds only versions whose inputs changed; an unchanged
release builds nothing (stamps.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish import resources
from lvv_publish.cli import app
from lvv_publish.publish import STAMP_NAME, build, build_all, stamps, version_stamp
from lvv_publish.sources import Project

from ..conftest import copy_project

runner = CliRunner()


def mtimes(root: Path) -> dict[str, int]:
    """Modification times of the files (a folder's changes when a staging folder comes and
    goes next to its contents)."""
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled project with 13, 14 and 15 published and built."""
    root = copy_project(tmp_path_factory.mktemp("stamps") / "project")
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_every_built_version_carries_its_stamp(built):
    project = Project(built)
    for n in (13, 14, 15):
        stamp = (built / "site" / str(n) / STAMP_NAME).read_text()
        assert stamps.is_current(project.site_dir(n), version_stamp(project, n, None)), stamp


def _edit_slides(project: Project, number: int) -> None:
    path = project.monitors / str(number) / "monitor.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  slides: ") == 1
    path.write_text(text.replace("  slides: ", "  slides: Bewerkt - "), encoding="utf-8")


def test_stamps_follow_the_inputs_of_each_version(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    before = {n: version_stamp(project, n, None) for n in (13, 14, 15)}
    # A version's own monitor.yaml reaches that version only: a field its pages use (the
    # source's slides), not a comment, and not a published text (which the pages take from
    # the package: tests/publish/test_texts.py).
    _edit_slides(project, 14)
    after = {n: version_stamp(project, n, None) for n in (13, 14, 15)}
    assert [after[n] == before[n] for n in (13, 14, 15)] == [True, False, True]
    with (project.monitors / "14" / "monitor.yaml").open("a") as f:
        f.write("# a comment\n")
    assert version_stamp(project, 14, None) == after[14]
    # An earlier package reaches every later version (history, changelog, downloads).
    descriptor = project.package_dir(13) / "datapackage.json"
    descriptor.write_text(descriptor.read_text() + "\n")
    again = {n: version_stamp(project, n, None) for n in (13, 14, 15)}
    assert all(again[n] != after[n] for n in (13, 14, 15))
    # So does the site address.
    assert version_stamp(project, 13, "https://example.org/") != again[13]


def test_build_all_with_nothing_changed_rebuilds_nothing(built):
    before = mtimes(built / "site")
    result = build_all(Project(built))
    assert result.numbers == (13, 14, 15)
    assert result.built == ()
    assert mtimes(built / "site") == before


def test_build_all_rebuilds_the_version_whose_input_changed(tmp_path):
    root = copy_project(tmp_path / "p")
    project = Project(root)
    build_all(project)
    site13 = mtimes(root / "site/13")
    _edit_slides(project, 14)
    assert build_all(project).built == (14,)
    assert mtimes(root / "site/13") == site13
    assert build_all(project).built == ()


def test_a_template_change_rebuilds_every_version(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "p")
    project = Project(root)
    build_all(project)
    templates = tmp_path / "templates"
    shutil.copytree(resources.templates_dir(), templates)
    home = templates / "home.md.j2"
    home.write_text(home.read_text() + "\nGewijzigde sjabloontekst.\n")
    monkeypatch.setattr(resources, "templates_dir", lambda: templates)
    stamps.tool_digest.cache_clear()
    try:  # in this process (one job): the templates are patched here, not in a worker's
        assert build_all(project, jobs=1).built == (13, 14, 15)
    finally:
        stamps.tool_digest.cache_clear()
    for n in ("13", "14", "15"):
        assert "Gewijzigde sjabloontekst." in (root / "site" / n / "index.html").read_text()


def test_an_unchanged_release_builds_no_site(built, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("built a site for an unchanged release")

    monkeypatch.setattr(build, "build_site", refuse)
    before = mtimes(built)
    result = runner.invoke(app, ["release", "15", "--project", str(built)])
    assert result.exit_code == 0, result.output
    assert "nothing was rewritten" in result.output
    assert mtimes(built) == before
