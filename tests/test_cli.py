"""The command line: exit codes, the exact error text, and nothing published on failure."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import megabytes, site_size

from .conftest import ROOT, copy_project

runner = CliRunner()


def snapshot(root: Path) -> dict[str, str]:
    """Hash of every file under datapackage/ and site/."""
    out = {}
    for top in ("datapackage", "site"):
        base = root / top
        if base.exists():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_release_15_in_a_temporary_copy(project):
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 0, result.output
    size = site_size(project / "site")
    assert result.output == (
        f"Released monitor 15 (version 15.0.0): 702 observations (18 unknown) in "
        f"{project}/datapackage/15, "
        f"site in {project}/site/15. Published findings: 57 warnings, 19 info.\n"
        f"The whole site ({project}/site) is {megabytes(size.size)} in {size.files} files.\n"
    )
    assert (project / "datapackage/15/datapackage.json").is_file()
    assert (project / "site/15/index.html").is_file()
    assert not list(project.glob("datapackage/.*")) and not list(project.glob("site/.*"))


def test_draft_monitor_is_refused_and_nothing_is_touched(project):
    assert runner.invoke(app, ["release", "15", "--project", str(project)]).exit_code == 0
    before = snapshot(project)
    yaml_path = project / "monitors/15/monitor.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("status: approved", "status: draft"))
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: monitors/15/monitor.yaml: monitor 15 has status 'draft'; only an approved "
        "monitor is released. Set status: approved with approval: {date, by} once the figures "
        "are approved (`lvv-publish approve 15 --by NAME`).\n"
    )
    assert snapshot(project) == before


def test_bad_cell_exits_non_zero_with_file_cell_and_indicator(project):
    assert runner.invoke(app, ["release", "15", "--project", str(project)]).exit_code == 0
    before = snapshot(project)
    path = project / "monitors/15/totaaloverzicht.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[9] = lines[9].replace("5.1 Terugkeer actueel,87", "5.1 Terugkeer actueel,8x7")
    path.write_text("".join(lines))
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: monitors/15/totaaloverzicht.csv, row 10, column 2 (indicator 5.1): '8x7' is not "
        "a whole number (Amsterdam, monitor 13). Enter a whole number, or leave the cell empty "
        "when the figure is unknown.\n"
    )
    assert snapshot(project) == before


def test_unknown_monitor(project):
    result = runner.invoke(app, ["release", "16", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: monitors/16/monitor.yaml: file not found.")


def test_debug_shows_the_traceback(project):
    result = runner.invoke(app, ["release", "16", "--project", str(project), "--debug"])
    assert result.exit_code == 1
    assert "Traceback" in result.output


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert (command.callback.__doc__ or "").strip(), f"{name} has no help text"
        assert re.search(rf"lvv-publish {name}\b", readme), f"{name} is not in README.md"


def test_every_command_finds_the_project_from_a_subfolder(tmp_path, monkeypatch):
    """As git finds its repository: from monitors/15/invoer/ or site/15/, no --project."""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = copy_project(tmp_path / "project")
    release(Project(root), 15)
    monkeypatch.chdir(root / "monitors" / "15" / "invoer")
    result = runner.invoke(app, ["validate", "15", "--format", "json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["release", "15"])
    assert result.exit_code == 0 and "nothing was rewritten" in result.output, result.output
    monkeypatch.chdir(root / "site" / "15" / "gemeenten")
    result = runner.invoke(app, ["build", "--all"])
    assert result.exit_code == 0 and str(root / "site") in result.output, result.output
    result = runner.invoke(app, ["new", "16"])
    assert result.exit_code == 0, result.output
    assert (root / "monitors" / "16" / "monitor.yaml").is_file()
    # --project DIR works the same from a subfolder of the project.
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "15", "--project", str(root / "registry")])
    assert result.exit_code == 0, result.output


def test_outside_a_project_the_error_names_project_and_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "15"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path}: not inside an lvv-publish project (no monitors/publication.yaml "
        "here or in a folder above). Run the command in the project's folder or one of its "
        "subfolders, or pass --project DIR; `lvv-publish init DIR` starts a new project.\n"
    )


def test_help_lists_the_commands_by_the_quarters_steps():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    headings = [line for line in result.output.splitlines() if re.match(r"^\d\. .*:$", line)]
    assert headings == ["1. Start:", "2. Check, compile, approve:", "3. Publish:", "4. Help:"]
    publish = result.output.split("3. Publish:")[1].split("4. Help:")[0]
    assert [line.split()[0] for line in publish.strip().splitlines()] == [
        "release",
        "build",
        "serve",
    ]


def loaded_of(args: list[str], heavy: tuple[str, ...]) -> list[str]:
    """Which of the ``heavy`` libraries the command ``args`` imports, in a fresh process
    (this one has them all); the command must succeed."""
    code = (
        "import sys\n"
        "from lvv_publish.cli import app\n"
        f"try: app({args!r}, prog_name='lvv-publish')\n"
        "except SystemExit as exc: assert not exc.code, exc.code\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return ast.literal_eval(out.splitlines()[-1])


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_help_and_version_load_no_stage_library(argument):
    """`--help` and `--version` start in a fraction of a second (issue 22): they import
    none of pandas, MkDocs, frictionless, Altair or Rich (Rich's help alone took 60 ms)."""
    heavy = ("pandas", "mkdocs", "frictionless", "altair", "rich", "openpyxl", "jinja2")
    assert loaded_of([argument], heavy) == []


def test_validate_of_csv_input_sheets_loads_no_spreadsheet_library():
    """`validate 15` (issue 22: within 1.1x of `frictionless validate`) reads the bundled
    input sheets, CSV files: it does not import openpyxl (a tenth of a second), nor the site
    or publishing libraries."""
    heavy = ("openpyxl", "mkdocs", "frictionless", "altair", "jinja2")
    assert loaded_of(["validate", "15", "--project", str(ROOT)], heavy) == []


def test_keep_source_keeps_the_mkdocs_projects_that_build_bare(tmp_path):
    """`release 15 --keep-source DIR` (issue 22): the MkDocs project of every version the
    release builds stays in DIR/<N>/, and a bare `mkdocs build` of it makes the same pages."""
    root = copy_project(tmp_path / "project")
    kept = tmp_path / "source"
    args = ["release", "15", "--project", str(root), "--keep-source", str(kept)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"MkDocs projects kept in {kept}: 13, 14, 15." in result.output
    bare = tmp_path / "bare"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(kept / "15/mkdocs.yml"), "-d", str(bare)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )

    def pages(site: Path) -> set[str]:
        return {str(p.relative_to(site)) for p in site.rglob("*.html")}

    assert pages(bare) == pages(root / "site/15")
    assert len(pages(bare)) > 100
    # Unchanged: nothing is built, so nothing is kept, and the reader is told.
    again = runner.invoke(app, [*args[:4], "--keep-source", str(tmp_path / "again")])
    assert again.exit_code == 0, again.output
    assert "No version was built" in again.output


def test_keep_source_refuses_a_folder_with_files(project, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    before = snapshot(project)
    args = ["release", "15", "--project", str(project), "--keep-source", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2  # refused, as publishing refuses (errors.PublishError)
    assert "--keep-source needs a new or empty folder" in result.output
    assert str(folder) in result.output
    assert (folder / "notes.txt").read_text() == "keep me"
    assert snapshot(project) == before
