"""Present a validation Report: a summary and a block per finding for people, JSON for machines."""

from __future__ import annotations

import json
import os
import re
import textwrap
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from ..models import SEVERITIES, Finding, NarrativeTally, Report

TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
PIPE_WIDTH = 80  # when not writing to a terminal: CI logs and files look the same everywhere
MIN_WIDTH = 40  # narrower than this, wrapping stops helping; lines just get longer
INDENT = "    "


@dataclass(frozen=True)
class Line:
    """One printed line; ``style`` is a rich style, used only on a terminal."""

    text: str
    style: str = ""


def report_json(report: Report) -> str:
    """The report as JSON: monitor, valid, counts and every finding with its id."""
    data = {
        "monitor": report.monitor,
        "valid": report.valid,
        "counts": report.counts,
        "narrative": report.narrative.model_dump(mode="json") if report.narrative else None,
        "findings": [{"id": f.id, **f.model_dump(mode="json")} for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_summary(report: Report, *, strict: bool = False) -> str:
    """One line: the counts per severity, the verdict, and what --strict does to it."""
    counts = report.counts
    parts = [
        _plural(counts["error"], "error"),
        _plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    if counts["error"]:
        verdict = "NOT valid"
    elif not counts["warning"]:
        verdict = "valid with --strict" if strict else "valid (with --strict too)"
    else:
        verdict = "NOT valid with --strict" if strict else "valid (not with --strict)"
    return f"Monitor {report.monitor}: {', '.join(parts)}: {verdict}."


def narrative_summary(tally: NarrativeTally) -> str:
    """``Text: 100/100 reproducible figures checked (104 stated, …).``: of the figures the
    monitor's text states that follow from the table, how many got a verdict."""
    return (
        f"Text: {tally.checked}/{tally.reproducible} reproducible figures checked "
        f"({tally.stated} stated, {tally.implied} implied; {tally.disagree} disagree with "
        f"their formula, {tally.cannot_check} cannot be checked)."
    )


def report_lines(report: Report, width: int = PIPE_WIDTH, *, strict: bool = False) -> list[Line]:
    """The text report: summary, then per severity one block per finding, then the summary again.

    Lines stay within ``width`` unless a single token (an id, a file path) is longer; tokens
    are never cut, so ids and paths can be copied and searched for.
    """
    width = max(width, MIN_WIDTH)
    summary = [
        Line(text, "bold")
        for text in _wrap(report_summary(report, strict=strict), width, INDENT, first="")
    ]
    # The text's figures, how many of them the check covers: after the summary at the top,
    # before it at the end (the summary stays the first and the last line).
    tally = (
        [Line(t) for t in _wrap(narrative_summary(report.narrative), width, INDENT, first="")]
        if report.narrative
        else []
    )
    lines = [*summary, *tally]
    for severity in SEVERITIES:
        findings = [f for f in report.findings if f.severity == severity]
        if not findings:
            continue
        lines += [Line(""), Line(f"{TITLES[severity]} ({len(findings)})", "bold underline")]
        for finding in findings:
            lines.append(Line(""))
            lines += _finding_lines(finding, width)
    return [*lines, Line(""), *tally, *summary]


def report_text(report: Report, console: Console | None = None, *, strict: bool = False) -> None:
    """Print the text report: wrapped to a terminal's width, 80 columns when piped."""
    console = console or _console()
    for line in report_lines(report, console.width, strict=strict):
        # Wrapping is done; soft_wrap stops rich from cutting ids and paths at the edge.
        console.print(Text(line.text, style=line.style), soft_wrap=True)


def _finding_lines(f: Finding, width: int) -> list[Line]:
    tag = f"[{f.severity}]"
    rule = f.rule if f.rule == f.check else f"{f.rule} ({f.check})"
    about = [rule]
    if f.monitor is not None:
        about.append(f"monitor {f.monitor}")
    about.append(f.municipality or "landelijk")
    if f.indicators:
        noun = "indicator" if len(f.indicators) == 1 else "indicators"
        about.append(f"{noun} {', '.join(f.indicators)}")
    header = _wrap(f"{tag} {' · '.join(about)}", width, " " * (len(tag) + 1), first="")
    lines = [Line(text, f"bold {COLOURS[f.severity]}") for text in header]
    lines += [Line(text) for text in _wrap(f.message, width, INDENT)]
    if f.source:
        lines += [Line(text, "dim") for text in _wrap(f"source: {f.source}", width, INDENT * 2)]
    lines += [Line(text, "dim") for text in _wrap(f"id: {f.id}", width, INDENT * 2)]
    return lines


def _wrap(text: str, width: int, indent: str, first: str = INDENT) -> list[str]:
    # No breaks inside words or at hyphens: rule codes, ids, paths and "−2" stay whole.
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _console() -> Console:
    """A console at the terminal's width, or COLUMNS (else 80) when the output is piped."""
    console = Console()
    if console.is_terminal:
        return console
    # rich would take the width of a terminal on stdin or stderr even when stdout is piped;
    # a pipe or a CI log gets a fixed width instead, so the output is the same everywhere.
    columns = os.environ.get("COLUMNS", "")
    return Console(
        width=int(columns) if re.fullmatch(r"[0-9]{1,4}", columns) and int(columns) else PIPE_WIDTH
    )
