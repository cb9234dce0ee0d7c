"""The office's quarter without copying by hand: `compile` writes the Totaaloverzicht from
the returned input sheets, `validate` says whether the table is up to date with them, a hand
edit never passes silently, and every municipality delivers or says why not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.package import read_package
from lvv_publish.sources import RECORD_SHEET, Project, cells_of, load_release

from ..conftest import copy_project
from ..cycle import deliver, fill_input_sheet, no_delivery, override, reopen, set_cell

runner = CliRunner()


def run(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--project", str(root)])
    return result.exit_code, result.output


def findings(root: Path, number: int = 16) -> list[dict]:
    code, output = run(root, "validate", str(number), "--format", "json")
    assert code in (0, 1), output
    return json.loads(output)["findings"]


def of(rule: str, found: list[dict]) -> list[dict]:
    return [f for f in found if f["rule"] == rule]


def repeat(municipality: str, code: str, previous: int | None) -> int | None:
    """Monitor 16 as monitor 15 (the sheet shows 15's figure beside each cell)."""
    return previous


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """13-15 published; `new 16` run: the six sheets sent out, none returned yet."""
    root = copy_project(tmp_path_factory.mktemp("compile") / "project")
    assert run(root, "new", "16")[0] == 0
    return root


@pytest.fixture
def started(base: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(base, tmp_path / "project"))


@pytest.fixture
def delivered(started: Path) -> Path:
    """Every municipality returned its sheet with monitor 15's figures; compiled."""
    deliver(started, 16, repeat)
    code, output = run(started, "compile", "16")
    assert code == 0, output
    return started


def test_compile_writes_the_sheets_into_the_table_as_delivered(started):
    def amsterdam_leaves_two_empty(municipality, code, previous):
        if municipality == "Amsterdam" and code in ("2.1", "5.1"):
            return None  # unknown stays unknown
        return previous

    deliver(started, 16, amsterdam_leaves_two_empty)
    code, output = run(started, "compile", "16")
    assert code == 0, output
    assert output.startswith("Compiled ")
    cells = cells_of(load_release(Project(started), 16).observations)
    published = cells_of(read_package(started / "datapackage/15").observations)
    for (monitor, mun, ind), value in cells.items():
        if monitor == 16:
            left_empty = mun == "GM0363" and ind in ("2.1", "5.1")
            assert value == (None if left_empty else published.get((15, mun, ind))), ind
        else:  # the earlier periods as last published
            assert value == published[(monitor, mun, ind)], (monitor, mun, ind)
    assert cells[(16, "GM0363", "5.1")] is None and published[(15, "GM0363", "5.1")] is not None
    # A satellite's places stay in its own column; the national capacity counts them under
    # its location (capacity_included_in), as the monitor's table does.
    assert cells[(16, "GM0114", "1")] == 30 and cells[(16, "GM0014", "1")] == 300
    code, output = run(started, "validate", "16")
    assert code == 0, output
    assert "table-not-compiled" not in output and "delivery-" not in output


def test_compile_is_deterministic_and_records_what_it_wrote(started, tmp_path):
    deliver(started, 16, repeat)
    other = Path(shutil.copytree(started, tmp_path / "other"))
    for root in (started, other):
        assert run(root, "compile", "16")[0] == 0
    table = "monitors/16/totaaloverzicht.xlsx"
    assert (started / table).read_bytes() == (other / table).read_bytes()
    again = run(started, "compile", "16")
    assert again[0] == 0 and "is up to date with the input sheets" in again[1]
    book = load_workbook(started / table)
    assert book[RECORD_SHEET].sheet_state == "veryHidden"
    record = {r[0]: r[1] for r in book[RECORD_SHEET].iter_rows(min_row=2, values_only=True)}
    assert record["16/GM0363/1"] == 360 and record["14/GM0363/1"] == 360
    assert book.sheetnames[0] == "Totaaloverzicht"  # what Excel opens


def test_validate_names_every_problem_of_every_sheet_in_one_run(started, base):
    # The sheet of last quarter sent again: new 15 never ran here, so make one that says so.
    def bad(municipality, code, previous):
        if municipality == "Amsterdam" and code == "2":
            return "veel"
        if municipality == "Amsterdam" and code == "4":
            return -3
        if municipality == "Groningen" and code == "5":
            return "1.062"
        return previous

    deliver(started, 16, bad)
    sheet = started / "monitors/16/invoer/rotterdam.xlsx"
    book = load_workbook(sheet)
    book.active.cell(1, 4).value = "Invoer t/m 30 april 2024"  # monitor 15's quarter
    book.save(sheet)
    (started / "monitors/16/invoer/utrecht.xlsx").unlink()
    found = findings(started)
    errors = [f for f in found if f["severity"] == "error"]
    by_rule = {r: of(r, errors) for r in {f["rule"] for f in errors}}
    invalid = by_rule["input-sheet-invalid"]
    assert [(f["municipality"], f["indicators"], f["source"]) for f in invalid] == [
        (
            "Amsterdam",
            ["2"],
            "monitors/16/invoer/amsterdam.xlsx, sheet 'Cijfers per Gemeente', cell D3",
        ),
        (
            "Amsterdam",
            ["4"],
            "monitors/16/invoer/amsterdam.xlsx, sheet 'Cijfers per Gemeente', cell D7",
        ),
        (
            "Groningen",
            ["5"],
            "monitors/16/invoer/groningen.xlsx, sheet 'Cijfers per Gemeente', cell D8",
        ),
    ]
    assert "-3 is negative" in invalid[1]["message"]
    assert "If it is 1062, write it without the thousands separator" in invalid[2]["message"]
    (other,) = by_rule["input-sheet-other-quarter"]
    assert other["municipality"] == "Rotterdam"
    assert (
        "names the period ending 2024-04-30, monitor 15's; monitor 16 covers 2024-05-01 "
        "to 2024-07-31" in other["message"]
    )
    (missing,) = by_rule["delivery-missing"]
    assert missing["municipality"] == "Utrecht"
    assert "monitors/16/invoer/utrecht.xlsx: file not found" in missing["message"]
    assert "geen_levering" in missing["message"]
    # Nothing else blocks: the other sheets compare as before, Rotterdam's figures unused.
    assert set(by_rule) == {
        "input-sheet-invalid", "input-sheet-other-quarter", "delivery-missing",
        "table-not-compiled",
    }  # fmt: skip
    code, output = run(started, "compile", "16")
    assert code == 1 and "nothing was written" in output
    assert "5 problem(s) in its input sheets" in output
    for f in invalid + [other, missing]:
        assert f["message"] in output


def test_geen_levering_instead_of_a_blocking_error_and_stated_where_it_shows(started):
    deliver(started, 16, repeat)
    (started / "monitors/16/invoer/eindhoven.xlsx").unlink()
    assert of("delivery-missing", findings(started))
    reason = "Eindhoven kon door een systeemwissel geen cijfers aanleveren."
    no_delivery(started, 16, "GM0772", reason)
    assert run(started, "compile", "16")[0] == 0
    found = findings(started)
    assert [f for f in found if f["severity"] == "error"] == []
    (info,) = of("no-delivery", found)
    assert info["message"] == f"Eindhoven heeft voor monitor 16 geen cijfers aangeleverd: {reason}"
    cells = cells_of(load_release(Project(started), 16).observations)
    assert all(v is None for (m, mun, _), v in cells.items() if m == 16 and mun == "GM0772")
    # A sheet that turns up after all contradicts the record: one of them is wrong.
    deliver(started, 16, repeat)
    shutil.copy(
        started / "monitors/16/invoer/emmen.xlsx", started / "monitors/16/invoer/eindhoven.xlsx"
    )
    fill_input_sheet(started / "monitors/16/invoer/eindhoven.xlsx", lambda code, prev: 1)
    assert of("no-delivery-has-figures", findings(started))


def test_a_whole_municipality_empty_in_a_transcribed_table_blocks_the_release(tmp_path):
    # The case: Eindhoven's column of the monitor left empty, its sheet complete.
    root = copy_project(tmp_path / "project", with_packages=False)
    table = root / "monitors/15/totaaloverzicht.csv"
    rows = [line.split(",") for line in table.read_text().splitlines()]
    eindhoven_15 = rows[1].index("15 - mei 24", rows[0].index("Eindhoven"))
    for row in rows[2:]:
        row[eindhoven_15] = ""
    table.write_text("\n".join(",".join(r) for r in rows) + "\n")
    (empty,) = [f for f in findings(root, 15) if f["severity"] == "error"]
    assert (empty["rule"], empty["municipality"]) == ("delivery-empty", "Eindhoven")
    assert "the Totaaloverzicht has no figure of Eindhoven for monitor 15" in empty["message"]
    code, output = run(root, "release", "15")
    assert code == 2 and "delivery-empty" in output
    assert not (root / "datapackage/15").exists()


def test_a_hand_edit_never_passes_silently_and_is_kept_only_as_an_override(delivered):
    table = delivered / "monitors/16/totaaloverzicht.xlsx"
    set_cell(table, "Amsterdam", 16, "1", 370)
    (edited,) = of("table-edited", findings(delivered))
    assert edited["source"] == "monitors/16/totaaloverzicht.xlsx, sheet 'Totaaloverzicht', cell D3"
    assert "370 was typed into the table; compiled it is 360" in edited["message"]
    assert "16/GM0363/1" in edited["message"] and "--discard-edits" in edited["message"]
    before = table.read_bytes()
    code, output = run(delivered, "compile", "16")
    assert code == 1 and "1 figure(s) were typed in by hand" in output
    assert "cell D3 (16/GM0363/1): 370 in the table, 360 compiled" in output
    assert table.read_bytes() == before  # never overwritten silently
    # Recorded, it passes and is published as a data-quality note.
    override(delivered, 16, "16/GM0363/1", 370, "Amsterdam opende na inzending tien plaatsen.")
    found = findings(delivered)
    assert not of("table-edited", found)
    (note,) = of("override", found)
    assert note["severity"] == "info"
    assert note["message"] == (
        "1 in het Totaaloverzicht is 370, niet 360 volgens het invoerblad. Amsterdam opende "
        "na inzending tien plaatsen (vastgelegd door Programmabureau LVV)."
    )
    assert "1 override(s) applied." in run(delivered, "compile", "16")[1]


def test_discard_edits_puts_back_the_compiled_figures(delivered):
    table = delivered / "monitors/16/totaaloverzicht.xlsx"
    set_cell(table, "Amsterdam", 16, "1", 370)
    code, output = run(delivered, "compile", "16", "--discard-edits")
    assert code == 0 and "put back:" in output and "370 in the table, 360 compiled" in output
    assert cells_of(load_release(Project(delivered), 16).observations)[(16, "GM0363", "1")] == 360
    assert not [f for f in findings(delivered) if f["severity"] == "error"]


def test_a_sheet_that_changed_after_compile_makes_the_table_out_of_date(delivered):
    deliver(delivered, 16, lambda m, code, prev: prev + 1 if m == "Utrecht" and prev else prev)
    (stale,) = of("table-not-compiled", findings(delivered))
    assert "figure(s) differ from the input sheets" in stale["message"]
    assert "run `lvv-publish compile 16`" in stale["message"]
    assert run(delivered, "compile", "16")[0] == 0
    assert not of("table-not-compiled", findings(delivered))


def test_compile_refuses_a_transcribed_table_and_changing_an_approved_one(delivered, tmp_path):
    root = copy_project(tmp_path / "bundled", with_packages=False)
    code, output = run(root, "compile", "15")
    assert code == 1 and "is transcribed (compiled: false)" in output
    assert run(delivered, "approve", "16", "--by", "Programmabureau LVV")[0] == 0
    assert "is up to date" in run(delivered, "compile", "16")[1]
    deliver(delivered, 16, lambda m, code, prev: prev + 1 if m == "Utrecht" and prev else prev)
    code, output = run(delivered, "compile", "16")
    assert code == 1 and "monitor 16 is approved" in output
    reopen(delivered, 16)
    assert run(delivered, "compile", "16")[0] == 0


def test_monitor_yaml_refuses_overrides_it_cannot_place(started):
    path = started / "monitors/16/monitor.yaml"
    text = path.read_text()
    for entry, message in [
        ("13/GM0363/1", "is of monitor 13, which this monitor does not carry"),
        ("16/GM9999/1", "names GM9999, which the registry lacks"),
        ("16/GM0363/99", "names 99, which the registry lacks"),
    ]:
        block = yaml.safe_dump(
            [{"figure": entry, "value": 1, "reason": "x", "by": "y"}], sort_keys=False
        )
        path.write_text(text.replace("overrides: []\n", "overrides:\n" + block))
        code, output = run(started, "validate", "16")
        assert code == 1 and message in output, output


def test_a_table_typed_over_by_hand_is_refused_in_twenty_lines_and_a_count(started):
    # The routine before compile: the office typed the whole column over from the sheets.
    deliver(started, 16, repeat)
    table = started / "monitors/16/totaaloverzicht.xlsx"
    for code in ("1", "2", "2.1", "2.2", "3", "4", "5"):
        for municipality in ("Amsterdam", "Eindhoven", "Groningen", "Rotterdam"):
            set_cell(table, municipality, 16, code, 7)
    code, output = run(started, "approve", "16", "--by", "Programmabureau LVV")
    assert code == 2
    assert output.startswith("Error: monitor 16 was not approved: 29 finding(s) block it.")
    assert output.count("\n  [error] ") == 20 and "[error] table-edited" in output
    assert output.endswith("\n  … and 9 more: `lvv-publish validate 16` lists them all.\n")


def test_a_bad_cell_after_compiling_is_that_problem_and_not_an_out_of_date_table(delivered):
    fill_input_sheet(
        delivered / "monitors/16/invoer/amsterdam.xlsx",
        lambda code, previous: "veel" if code == "2" else previous,
    )
    errors = [f for f in findings(delivered) if f["severity"] == "error"]
    assert [(f["rule"], f["indicators"]) for f in errors] == [("input-sheet-invalid", ["2"])]
    # A sheet of another quarter: its own error, not the whole municipality out of date.
    sheet = delivered / "monitors/16/invoer/utrecht.xlsx"
    book = load_workbook(sheet)
    book.active.cell(1, 4).value = "Invoer t/m 30 april 2024"
    book.save(sheet)
    rules = sorted(f["rule"] for f in findings(delivered) if f["severity"] == "error")
    assert rules == ["input-sheet-invalid", "input-sheet-other-quarter"]


def test_validate_and_compile_agree_on_a_table_without_a_record(started):
    # A table compiled by hand the old way (no record sheet) that holds what the sheets and
    # the published figures give, and an override of an earlier monitor since.
    deliver(started, 16, repeat)
    assert run(started, "compile", "16")[0] == 0
    table = started / "monitors/16/totaaloverzicht.xlsx"
    book = load_workbook(table)
    del book[RECORD_SHEET]
    book.save(table)
    override(started, 16, "14/GM0363/1", 999, "Amsterdam telde in februari anders.")
    rules = {f["rule"] for f in findings(started) if f["severity"] == "error"}
    assert rules == {"table-not-compiled"}  # the override is not in the table yet
    code, output = run(started, "compile", "16")
    assert code == 0, output
    errors = [f["rule"] for f in findings(started) if f["severity"] == "error"]
    assert errors == ["revision-unexplained"]  # 14's figure is revised now: it needs a note


def test_compile_makes_a_missing_or_unreadable_table_anew(delivered):
    table = delivered / "monitors/16/totaaloverzicht.xlsx"
    before = table.read_bytes()
    table.unlink()
    assert run(delivered, "compile", "16")[0] == 0
    assert table.read_bytes() == before
    set_cell(table, "Amsterdam", 16, "1", "n.b.")
    code, output = run(delivered, "compile", "16")
    assert code == 1 and "'n.b.' is not a whole number" in output
    assert run(delivered, "compile", "16", "--discard-edits")[0] == 0
    assert table.read_bytes() == before
    book = load_workbook(table)
    book[RECORD_SHEET].cell(5, 2).value = "x"
    book.save(table)
    code, output = run(delivered, "validate", "16")
    assert code == 1 and f"the record sheet '{RECORD_SHEET}' of compile was changed" in output


def test_monitor_yaml_refuses_what_compile_cannot_do_right(started):
    path = started / "monitors/16/monitor.yaml"
    text = path.read_text()
    path.write_text(text.replace("invoer/eindhoven.xlsx", "invoer/amsterdam.xlsx"))
    code, output = run(started, "validate", "16")
    assert code == 1 and "input_sheets names invoer/amsterdam.xlsx for two municipalities" in output
    path.write_text(text.replace("totaaloverzicht: totaaloverzicht.xlsx", "totaaloverzicht: t.csv"))
    code, output = run(started, "validate", "16")
    assert code == 1 and "a compiled Totaaloverzicht is an Excel workbook (.xlsx)" in output
    path.write_text(text)
    no_delivery(started, 16, "GM0772", "Eindhoven leverde niets:\n\n===\n- niets")
    from lvv_publish.sources import load_monitor

    (entry,) = load_monitor(started / "monitors", 16).geen_levering
    assert entry.reason == "Eindhoven leverde niets: === - niets"  # one line on the site
