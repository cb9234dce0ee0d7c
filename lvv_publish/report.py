"""Present a validation Report: tables per severity for people, JSON for machines."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from .models import SEVERITIES, Report

TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}


def report_json(report: Report) -> str:
    """The report as JSON: monitor, valid, counts and every finding with its id."""
    data = {
        "monitor": report.monitor,
        "valid": report.valid,
        "counts": report.counts,
        "findings": [{"id": f.id, **f.model_dump(mode="json")} for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def report_text(report: Report, console: Console | None = None) -> None:
    """Print one table per severity, then the counts."""
    console = console or Console(soft_wrap=False)
    for severity in SEVERITIES:
        rows = [f for f in report.findings if f.severity == severity]
        if not rows:
            continue
        table = Table(title=f"{TITLES[severity]} ({len(rows)})", title_justify="left", expand=True)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Monitor", justify="right")
        table.add_column("Municipality")
        table.add_column("Indicators")
        table.add_column("Message", ratio=1)
        for f in rows:
            rule = f.rule if f.rule == f.check else f"{f.rule} ({f.check})"
            table.add_row(
                rule,
                "" if f.monitor is None else str(f.monitor),
                f.municipality or "landelijk",
                ", ".join(f.indicators),
                f.message,
            )
        console.print(table)
    counts = report.counts
    verdict = "valid" if report.valid else "NOT valid"
    console.print(
        f"Monitor {report.monitor}: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info: {verdict}."
    )
