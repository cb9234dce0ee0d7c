"""Starting things: init a project, new N from the latest release, approve; the CLI's basics."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from lvv_publish import __version__
from lvv_publish.cli import app
from lvv_publish.package import read_package
from lvv_publish.scaffold import ROUTINE_DOCS, next_period, title_of
from lvv_publish.sources import cells_of, load_monitor

from ..conftest import ROOT, copy_project
from ..cycle import deliver
from ..test_workflows import lint_workflows

runner = CliRunner()


def test_version_and_python_dash_m():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"lvv-publish {__version__}\n"
    proc = subprocess.run(
        [sys.executable, "-m", "lvv_publish", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout == f"lvv-publish {__version__}\n"
    meta = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in meta  # one version, in lvv_publish/__init__.py


def test_shell_completion_is_on(monkeypatch):
    # Without this, typer's --show-completion is a flag that asks shellingham for the shell
    # among the test's parent processes (and "bash" an argument it never reads): a run
    # started without a shell above it failed with "Shell  not supported". Typer's own test
    # switch makes the option take the shell named here.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0, (result.output, repr(result.exception))
    assert "_LVV_PUBLISH_COMPLETE" in result.output


@pytest.mark.parametrize(
    ("number", "start", "end", "label", "title"),
    [
        (16, dt.date(2024, 5, 1), None, "16 - aug 24", "LVV Monitor augustus 2024"),
        (15, dt.date(2024, 2, 1), None, "15 - mei 24", "LVV Monitor mei 2024"),
        (14, dt.date(2023, 11, 1), None, "14 - feb 24", "LVV Monitor februari 2024"),
        (
            17,
            dt.date(2024, 8, 1),
            dt.date(2024, 10, 31),
            "17 - nov 24",
            "LVV Monitor november 2024",
        ),
    ],
)
def test_periods_roll_forward_like_the_monitor_labels_them(number, start, end, label, title):
    period = next_period(number, start, end)
    assert period.label == label
    assert title_of(period) == title
    if end is None:  # a quarter: the bundled monitors' own dates
        assert (period.end - period.start).days in (88, 89, 90, 91)


def test_init_creates_an_empty_project_and_never_overwrites(tmp_path):
    target = tmp_path / "office"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    for name in (
        "monitors/publication.yaml",
        "registry/indicators.yaml",
        "registry/municipalities.yaml",
        "README.md",
        ".gitignore",
    ):
        assert (target / name).is_file(), name
    assert not list((target / "monitors").glob("*/"))  # empty: no monitor yet
    readme = (target / "README.md").read_text()
    assert "lvv-publish new N" in readme and "--correct" in readme
    before = (target / "registry/indicators.yaml").read_bytes()
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 1
    assert "init does not overwrite a project" in again.output
    assert (target / "registry/indicators.yaml").read_bytes() == before


def test_init_writes_workflows_that_deploy_and_validate_and_pass_the_linters(tmp_path):
    target = tmp_path / "office"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    folder = target / ".github" / "workflows"
    assert sorted(p.name for p in folder.iterdir()) == ["pages.yml", "validate.yml"]
    lint_workflows(folder)
    pages = (folder / "pages.yml").read_text(encoding="utf-8")
    validate = (folder / "validate.yml").read_text(encoding="utf-8")
    # The tool that wrote them, unless the repository variable chooses another.
    for text in (pages, validate):
        assert f"'lvv-publish=={__version__}'" in text and "vars.LVV_PUBLISH" in text
        assert "@LVV_PUBLISH_VERSION@" not in text
    assert "lvv-publish build --all" in pages and "actions/deploy-pages@" in pages
    assert "lvv-publish validate" in validate and "pull_request" in validate
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/pages.yml" in readme and ".github/workflows/validate.yml" in readme


def test_init_puts_the_routines_docs_in_the_project_and_their_links_hold(tmp_path):
    target = tmp_path / "office"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    docs = target / "docs"
    names = sorted(p.name for p in docs.iterdir())
    assert names == sorted(f"{t}.md" for t in ROUTINE_DOCS)
    for path in docs.iterdir():
        assert path.read_bytes() == (ROOT / "docs" / path.name).read_bytes()
        for link in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            assert (docs / link).is_file(), f"{path.name} links to {link}"
    assert "lvv-publish docs" in (target / "README.md").read_text(encoding="utf-8")


def test_new_needs_a_peildatum_in_a_project_without_releases(tmp_path):
    target = tmp_path / "office"
    runner.invoke(app, ["init", str(target)])
    result = runner.invoke(app, ["new", "1", "--project", str(target)])
    assert result.exit_code == 1
    assert "--peildatum YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["new", "1", "--project", str(target), "--peildatum", "2024-07-31"])
    assert result.exit_code == 0, result.output
    meta = load_monitor(target / "monitors", 1)
    assert [(p.label, p.start, p.end) for p in meta.periods] == [
        ("1 - aug 24", dt.date(2024, 5, 1), dt.date(2024, 7, 31))
    ]


HOSTILE_NAME = 'Emmen"\n!!python/object/apply:os.system ["touch pwned"]\nnumber: 99 # x'


def test_new_writes_monitor_yaml_with_a_serializer_whatever_the_names_hold(tmp_path):
    """A municipality's name and an earlier period's label with a quote, a line break and a
    ``!!python`` tag stay text: monitor.yaml holds exactly the fields new meant."""
    target = tmp_path / "office"
    runner.invoke(app, ["init", str(target)])
    registry = target / "registry/municipalities.yaml"
    text = registry.read_text(encoding="utf-8")
    assert text.count("name: Emmen\n") == 1
    registry.write_text(text.replace("name: Emmen\n", f"name: {json.dumps(HOSTILE_NAME)}\n"))
    result = runner.invoke(app, ["new", "1", "--project", str(target), "--peildatum", "2024-07-31"])
    assert result.exit_code == 0, result.output
    text = (target / "monitors/1/monitor.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)  # a python tag would make safe_load refuse
    assert data["number"] == 1
    assert "GM0114" in data["input_sheets"]
    assert not (target / "pwned").exists()
    # the name is in a comment, on one line
    assert [line for line in text.splitlines() if "touch pwned" in line] == [
        '#   GM0114: Emmen" !!python/object/apply:os.system ["touch pwned"] number: 99 # x'
    ]


@pytest.fixture
def started(tmp_path) -> Path:
    """A copy of the project (packages 13-15 published) with `new 16` run in it."""
    root = copy_project(tmp_path / "project")
    result = runner.invoke(app, ["new", "16", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_new_16_rolls_the_periods_forward_as_a_draft(started):
    meta = load_monitor(started / "monitors", 16)
    assert meta.status == "draft" and meta.approval is None
    assert meta.title == "LVV Monitor augustus 2024"
    assert meta.peildatum == dt.date(2024, 7, 31)
    assert [p.label for p in meta.periods] == ["14 - feb 24", "15 - mei 24", "16 - aug 24"]
    assert meta.periods[-1].start == dt.date(2024, 5, 1)
    assert meta.changes == () and meta.notes == ()
    assert meta.totaaloverzicht == "totaaloverzicht.xlsx"
    assert sorted(meta.input_sheets.values()) == [
        f"invoer/{slug}.xlsx"
        for slug in ("amsterdam", "eindhoven", "emmen", "groningen", "rotterdam", "utrecht")
    ]


def test_new_totaaloverzicht_has_the_published_figures_and_an_empty_new_column(started):
    wb = load_workbook(started / "monitors/16/totaaloverzicht.xlsx")
    ws = wb["Totaaloverzicht"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("Indicatoren", "Amsterdam", None, None, "Eindhoven")
    assert rows[1][1:4] == ("14 - feb 24", "15 - mei 24", "16 - aug 24")
    published = read_package(started / "datapackage/15").observations
    cells = cells_of(published)
    labels = [r[0] for r in rows[2:]]
    assert labels[0] == "1. Capaciteit actueel" and len(labels) == 39
    codes = [label.split(" ")[0].rstrip(".") for label in labels]
    municipalities = ["GM0363", "GM0772", "GM0114", "GM0014", "GM0599", "GM0344"]
    for r, code in enumerate(codes, start=2):
        for k, mun in enumerate(municipalities):
            col = 1 + 3 * k
            assert rows[r][col] == cells[(14, mun, code)], (code, mun, 14)
            assert rows[r][col + 1] == cells[(15, mun, code)], (code, mun, 15)
            assert rows[r][col + 2] is None  # monitor 16: to be filled in
    # An unknown published figure stays empty, not 0.
    assert cells[(15, "GM0363", "5.2")] is None
    assert rows[codes.index("5.2") + 2][2] is None
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "whole"
    assert validations[0].operator == "greaterThanOrEqual" and validations[0].allow_blank


def test_new_input_sheets_lock_labels_and_accept_only_counts(started):
    wb = load_workbook(started / "monitors/16/invoer/rotterdam.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == [
        "Hoofdindicator",
        "Subindicator",
        "Subindicator",
        "Invoer t/m 31 juli 2024",
        "Vorige monitor (15 - mei 24)",
        "Invoer toelichting",
    ]
    assert ws.protection.sheet is True
    rows = list(ws.iter_rows(min_row=2))
    assert rows[0][0].value == "1. Capaciteit actueel" and rows[0][0].protection.locked
    capacity_15 = read_package(started / "datapackage/15").observations.query(
        "monitor == 15 and municipality_code == 'GM0599' and indicator == '1'"
    )["value"]
    assert rows[0][4].value == int(capacity_15.iloc[0]) == 45
    assert not rows[0][3].protection.locked and not rows[0][5].protection.locked
    sub_sub = next(r for r in rows if r[2].value and str(r[2].value).startswith("9.1.4"))
    assert sub_sub[0].value is None and sub_sub[1].value is None
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "whole" and validation.formula1 == "0"
    assert validation.allow_blank and validation.errorStyle == "stop"
    assert f"D2:D{len(rows) + 1}" in str(validation.sqref)


def test_new_refuses_a_wrong_number_an_existing_monitor_and_a_second_draft(started):
    result = runner.invoke(app, ["new", "18", "--project", str(started)])
    assert result.exit_code == 1
    assert "the latest release is monitor 15; the next monitor is 16, not 18." in result.output
    result = runner.invoke(app, ["new", "16", "--project", str(started)])
    assert result.exit_code == 1
    assert "monitors/16: already exists" in result.output


def test_validate_reads_what_new_wrote_and_release_refuses_the_draft(started):
    result = runner.invoke(app, ["validate", "16", "--project", str(started), "--format", "json"])
    assert result.exit_code == 1, result.output
    errors = [f for f in json.loads(result.output)["findings"] if f["severity"] == "error"]
    # The untouched input sheets: no municipality delivered. Nothing else is wrong.
    assert {f["rule"] for f in errors} == {"delivery-empty"}
    assert sorted(f["municipality"] for f in errors) == [
        "Amsterdam", "Eindhoven", "Emmen", "Groningen", "Rotterdam", "Utrecht",
    ]  # fmt: skip
    result = runner.invoke(app, ["release", "16", "--project", str(started)])
    assert result.exit_code == 2
    assert "monitor 16 has status 'draft'" in result.output


def test_approve_sets_status_and_approval_and_keeps_the_comments(started):
    deliver(started, 16, lambda municipality, code, previous: previous)
    assert runner.invoke(app, ["compile", "16", "-p", str(started)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "approve",
            "16",
            "--by",
            "Programmabureau LVV",
            "--date",
            "2024-09-15",
            "-p",
            str(started),
        ],
    )
    assert result.exit_code == 0, result.output
    text = (started / "monitors/16/monitor.yaml").read_text()
    assert "# The quarterly routine" in text
    meta = load_monitor(started / "monitors", 16)
    assert meta.status == "approved"
    assert meta.approval is not None
    assert (meta.approval.date, meta.approval.by) == (dt.date(2024, 9, 15), "Programmabureau LVV")
    again = runner.invoke(app, ["approve", "16", "--by", "x", "-p", str(started)])
    assert again.exit_code == 2
    assert "already approved" in again.output
    data = yaml.safe_load(text)
    assert data["approval"] == {"date": dt.date(2024, 9, 15), "by": "Programmabureau LVV"}


def test_approve_dates_today_in_amsterdam_whatever_the_machines_zone(started, monkeypatch):
    """At 22:30 UTC on 30 September it is 1 October in Amsterdam (and 30 September in Los
    Angeles): the approval is dated 1 October."""
    deliver(started, 16, lambda municipality, code, previous: previous)
    assert runner.invoke(app, ["compile", "16", "-p", str(started)]).exit_code == 0
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        moment = dt.datetime(2024, 9, 30, 22, 30, tzinfo=dt.UTC)  # 00:30 on 1 Oct in Amsterdam
        env = {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}
        result = runner.invoke(app, ["approve", "16", "--by", "x", "-p", str(started)], env=env)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert result.exit_code == 0, result.output
    meta = load_monitor(started / "monitors", 16)
    assert meta.approval is not None and meta.approval.date == dt.date(2024, 10, 1)
