"""The text report of `lvv-publish validate`: readable at 80 columns, when piped, and narrower."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from lvv_publish.checks import report_summary, report_text
from lvv_publish.cli import app
from lvv_publish.models import Finding, Report
from lvv_publish.publish import validate_release
from lvv_publish.sources import Project

from ..conftest import ROOT
from .test_validate import GOLDEN

runner = CliRunner()
SUMMARY = "Monitor 15: 0 errors, 57 warnings, 19 info: valid (not with --strict)."


@pytest.fixture(scope="module")
def report15() -> Report:
    return validate_release(Project(ROOT), 15).report


def validate_output(*args: str, columns: str | None = None) -> str:
    """`validate 15` as CliRunner captures it: not a terminal, like a pipe or a CI log."""
    result = runner.invoke(
        app, ["validate", "15", "--project", str(ROOT), *args], env={"COLUMNS": columns}
    )
    assert result.exit_code == (1 if "--strict" in args else 0), result.output
    return result.output


def overlong(text: str, width: int) -> list[str]:
    """Lines wider than ``width`` that could have been broken (more than one word)."""
    return [line for line in text.splitlines() if len(line) > width and len(line.split()) > 1]


def finding_blocks(text: str) -> list[str]:
    """The blocks (separated by blank lines) that start with a severity tag."""
    return [b for b in text.split("\n\n") if re.match(r"\[(error|warning|info)\] ", b)]


def words(text: str) -> str:
    return " ".join(text.split())


def test_piped_output_is_the_golden_report_at_80_columns():
    """Not a terminal and no COLUMNS: 80 columns, no colour codes, exactly the golden file."""
    output = validate_output()
    assert output == GOLDEN.read_text(encoding="utf-8")
    assert "\x1b" not in output


def test_a_real_pipe_gives_the_same_bytes():
    """`validate 15 | less` in a 132-column terminal: stdout is a pipe, stdin and stderr are
    the terminal. rich would take the terminal's width from them; the pipe gets 80."""
    pty = pytest.importorskip("pty")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 132, 0, 0))
    assert os.get_terminal_size(terminal).columns == 132
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    script = Path(sys.executable).with_name("lvv-publish")
    try:
        result = subprocess.run(
            [str(script), "validate", "15", "--project", str(ROOT)],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=env,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_80_columns_summary_first_one_block_per_finding(report15):
    output = validate_output()
    lines = output.splitlines()
    assert lines[0] == SUMMARY
    assert lines[-1] == SUMMARY
    assert overlong(output, 80) == []
    # The only lines past 80 columns are ids too long to fit: a single token, never cut.
    ids = {f.id for f in report15.findings}
    assert {line.strip() for line in lines if len(line) > 80} <= ids
    assert max(len(line) for line in lines) < 100
    blocks = finding_blocks(output)
    assert len(blocks) == len(report15.findings) == 76
    for block, finding in zip(blocks, report15.findings, strict=True):
        header = block.splitlines()[0]
        assert header.startswith(f"[{finding.severity}] {finding.rule}")
        assert (finding.municipality or "landelijk") in header
        assert finding.message in words(block)
        assert finding.id in block.split()
        if finding.source:
            assert f"source: {finding.source}" in words(block)
    # Grouped by severity, in the order of the report.
    assert output.index("Warnings (57)") < output.index("Info (19)")
    assert "Errors" not in output


def test_a_narrow_terminal_still_gives_whole_words_and_blocks(report15):
    output = validate_output(columns="60")
    assert output.splitlines()[0].startswith("Monitor 15: 0 errors, 57 warnings, 19 info:")
    assert words(output).startswith(SUMMARY)
    assert overlong(output, 60) == []
    assert sum(len(line) > 60 for line in output.splitlines()) > 0  # some ids do not fit
    blocks = finding_blocks(output)
    assert len(blocks) == 76
    for block, finding in zip(blocks, report15.findings, strict=True):
        assert finding.message in words(block)
        assert finding.id in block.split()
    assert output != validate_output(columns="120")


def test_strict_changes_the_verdict_in_the_summary():
    output = validate_output("--strict")
    assert output.splitlines()[0] == (
        "Monitor 15: 0 errors, 57 warnings, 19 info: NOT valid with --strict."
    )


def test_a_terminal_gets_colour_at_its_own_width(report15):
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system="standard")
    report_text(report15, console)
    text = out.getvalue()
    assert "\x1b[" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert overlong(plain, 120) == []
    assert max(len(line) for line in plain.splitlines()) > 80  # the width is used
    assert plain.splitlines()[0] == SUMMARY


def _finding(severity: str) -> Finding:
    return Finding(
        rule="negative-value",
        check="negative-value",
        severity=severity,
        monitor=15,
        municipality_code="GM0363",
        municipality="Amsterdam",
        indicators=("3",),
        message="3 is −83; een aantal kan niet negatief zijn.",
    )


@pytest.mark.parametrize(
    ("severities", "strict", "summary"),
    [
        ((), False, "Monitor 15: 0 errors, 0 warnings, 0 info: valid (with --strict too)."),
        (("info",), True, "Monitor 15: 0 errors, 0 warnings, 1 info: valid with --strict."),
        (
            ("warning",),
            False,
            "Monitor 15: 0 errors, 1 warning, 0 info: valid (not with --strict).",
        ),
        (("warning",), True, "Monitor 15: 0 errors, 1 warning, 0 info: NOT valid with --strict."),
        (("error", "warning"), False, "Monitor 15: 1 error, 1 warning, 0 info: NOT valid."),
        (("error", "error"), True, "Monitor 15: 2 errors, 0 warnings, 0 info: NOT valid."),
    ],
)
def test_summary_says_counts_verdict_and_strict(severities, strict, summary):
    report = Report(monitor=15, findings=tuple(_finding(s) for s in severities))
    assert report_summary(report, strict=strict) == summary
