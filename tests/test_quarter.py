"""The office's quarter with only the installed wheel (a fresh virtual environment, no source
tree on the path), every command run from a folder inside the project: init → new → the
municipalities return their sheets, with problems → one validate names them all → fixes →
compile → diff → approve → release."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .cycle import fill_input_sheet, first_quarter, no_delivery, override, set_cell
from .test_workflows import lint_workflows


class Tool:
    """``lvv-publish`` of the installed wheel, run in ``cwd`` as a user runs it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        # Only the tool's own environment: nothing of this repository on the path.
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def __call__(self, cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(self.bin / "lvv-publish"), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return result


@pytest.fixture(scope="module")
def tool(installed_tool: Path) -> Tool:
    return Tool(installed_tool)


def next_quarter(code: str, previous: int | None) -> int | None:
    """Two more trajecten admitted and running; the rest as before."""
    if previous is None:
        return first_quarter(code, previous)
    return previous + 2 if code in ("2", "2.1", "2.2", "4") else previous


def test_the_quarter_with_only_the_installed_wheel(tool, tmp_path):
    tool(tmp_path, "init", "office")
    office = tmp_path / "office"
    lint_workflows(office / ".github" / "workflows")
    assert "releasing" in tool(office / "docs", "docs").stdout
    assert (office / "docs/releasing.md").is_file()

    # Quarter 1: everyone delivers; from the monitors folder.
    tool(office / "monitors", "new", "1", "--peildatum", "2024-07-31")
    invoer = office / "monitors/1/invoer"
    for sheet in invoer.glob("*.xlsx"):
        fill_input_sheet(sheet, first_quarter)
    tool(invoer, "compile", "1")
    tool(invoer, "approve", "1", "--by", "Programmabureau LVV", "--date", "2024-08-15")
    tool(office / "registry", "release", "1")

    # Quarter 2: Amsterdam types text and a negative number, Rotterdam sends last quarter's
    # sheet again, Utrecht sends nothing, Eindhoven returns its sheet blank.
    tool(office, "new", "2")
    folder = office / "monitors/2"
    for sheet in (folder / "invoer").glob("*.xlsx"):
        fill_input_sheet(sheet, next_quarter)

    def amsterdam(code: str, previous: int | None) -> object:
        return {"1": "tien", "3": -3}.get(code, next_quarter(code, previous))

    fill_input_sheet(folder / "invoer/amsterdam.xlsx", amsterdam)
    shutil.copy(office / "monitors/1/invoer/rotterdam.xlsx", folder / "invoer/rotterdam.xlsx")
    (folder / "invoer/utrecht.xlsx").unlink()
    fill_input_sheet(folder / "invoer/eindhoven.xlsx", lambda code, previous: None)

    checked = tool(folder, "validate", "2", "--format", "json", ok=False)
    assert checked.returncode == 1
    errors = [f for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]
    sheet = "sheet 'Cijfers per Gemeente'"
    assert {(f["rule"], f["municipality"], f["source"]) for f in errors} >= {
        ("input-sheet-invalid", "Amsterdam", f"monitors/2/invoer/amsterdam.xlsx, {sheet}, cell D2"),
        ("input-sheet-invalid", "Amsterdam", f"monitors/2/invoer/amsterdam.xlsx, {sheet}, cell D6"),
        ("input-sheet-other-quarter", "Rotterdam", f"monitors/2/invoer/rotterdam.xlsx, {sheet}, cell D1"),
        ("delivery-missing", "Utrecht", None),
        ("delivery-empty", "Eindhoven", None),
    }  # fmt: skip
    other = next(f for f in errors if f["rule"] == "input-sheet-other-quarter")
    assert (
        "ending 2024-07-31, monitor 1's; monitor 2 covers 2024-08-01 to 2024-10-31"
        in (other["message"])
    )
    # The text report of the same run names every one with its file and cell.
    report = tool(folder, "validate", "2", ok=False).stdout
    for f in errors:
        assert f["id"].split("/")[0] in report
    assert "amsterdam.xlsx, sheet 'Cijfers per Gemeente', cell D6" in report
    refused = tool(folder, "compile", "2", ok=False)
    assert refused.returncode == 1 and "nothing was written" in refused.stderr
    assert refused.stderr.count("\n  - ") == 5

    # The fixes: Amsterdam and Rotterdam send their sheets again, Utrecht sends its sheet,
    # Eindhoven delivered nothing this quarter, and monitor.yaml says why.
    fill_input_sheet(folder / "invoer/amsterdam.xlsx", next_quarter)
    for name in ("rotterdam", "utrecht"):
        shutil.copy(folder / "invoer/groningen.xlsx", folder / f"invoer/{name}.xlsx")
    reason = "Eindhoven kon door een systeemwissel geen cijfers aanleveren."
    no_delivery(office, 2, "GM0772", reason)
    compiled = tool(folder / "invoer", "compile", "2").stdout
    assert compiled.startswith("Compiled ")
    assert tool(folder, "validate", "2").returncode == 0

    # A figure typed into the table by hand is reported, and kept only as an override.
    set_cell(folder / "totaaloverzicht.xlsx", "Amsterdam", 2, "1", 15)
    edited = tool(folder, "validate", "2", "--format", "json", ok=False)
    assert edited.returncode == 1
    (edit,) = [f for f in json.loads(edited.stdout)["findings"] if f["severity"] == "error"]
    assert edit["rule"] == "table-edited"
    assert edit["source"] == "monitors/2/totaaloverzicht.xlsx, sheet 'Totaaloverzicht', cell C3"
    assert "15 was typed into the table; compiled it is 10" in edit["message"]
    override(
        office, 2, "2/GM0363/1", 15, "Amsterdam opende na inzending vijf plaatsen.", "J. Jansen"
    )
    assert tool(folder, "validate", "2").returncode == 0

    diff = tool(folder, "diff", "2").stdout
    assert diff.startswith("Releasing monitor 2 publishes 234 new figures")
    assert "1 override(s), 1 municipality(ies) without delivery" in diff
    markdown = tool(folder, "diff", "2", "--format", "markdown").stdout
    assert markdown.startswith("## lvv-publish diff 2\n")
    assert "| 2 | Amsterdam | 1 |" in markdown and reason in markdown
    approved = tool(folder, "approve", "2", "--by", "Programmabureau LVV", "--date", "2024-11-15")
    assert "Releasing monitor 2 publishes 234 new figures" in approved.stdout
    tool(folder, "release", "2")

    # Published: the override as a data-quality note, the missing delivery where readers see.
    findings = (office / "datapackage/2/findings.csv").read_text(encoding="utf-8")
    assert "override/2/GM0363/1" in findings and "(vastgelegd door J. Jansen)" in findings
    home = (office / "site/2/index.html").read_text(encoding="utf-8")
    assert "Niet alle gemeenten leverden cijfers" in home and reason in home
    page = (office / "site/2/gemeenten/eindhoven/index.html").read_text(encoding="utf-8")
    assert "Geen cijfers aangeleverd" in page and reason in page
    table = load_workbook(folder / "totaaloverzicht.xlsx")["Totaaloverzicht"]
    assert table["C3"].value == 15  # Amsterdam, indicator 1, monitor 2: the override
