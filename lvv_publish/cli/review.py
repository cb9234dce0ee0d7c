"""Checking a monitor before it is published: ``validate``, ``approve``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from ..errors import LvvError
from .app import DebugOption, ProjectOption, StrictOption, app, fail, project_of

# The group of these commands in `lvv-publish --help`, in the order of the quarter.
PANEL = "2. Review"


@app.command("validate", rich_help_panel=PANEL)
def validate_command(
    number: Annotated[int, typer.Argument(min=1, help="Monitor number, e.g. 15 (= mei 2024).")],
    project: ProjectOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="text (a summary, then one block per finding; 80 columns when piped) "
            "or json (for machines).",
        ),
    ] = "text",
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Check a monitor without publishing: rules, input sheets, revisions, narrative.

    Exit code 0 when there are no errors (with --strict: no warnings either), 1 otherwise.
    """
    if output_format not in ("text", "json"):
        typer.echo("Error: --format must be 'text' or 'json'.", err=True)
        raise typer.Exit(2)
    from ..checks import report_json, report_text
    from ..publish import validate_release

    try:
        report = validate_release(project_of(project), number).report
    except LvvError as exc:
        fail(exc, debug)
    if output_format == "json":
        typer.echo(report_json(report))
    else:
        report_text(report, strict=strict)
    raise typer.Exit(1 if report.blocking(strict=strict) else 0)


@app.command("approve", rich_help_panel=PANEL)
def approve_command(
    number: Annotated[int, typer.Argument(min=1, help="Monitor number, e.g. 16.")],
    by: Annotated[str, typer.Option("--by", help="Who approved the figures.")],
    project: ProjectOption = None,
    on: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="Date of the approval (default: today)."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note on the approval.")] = None,
    debug: DebugOption = False,
) -> None:
    """Mark a draft monitor approved (status and approval in monitor.yaml), after validating it.

    Refuses a monitor whose validation has errors; warnings are published as data-quality
    notes, so they do not block.
    """
    try:
        day = on.date() if on else date.today()
        from ..scaffold import approve_monitor

        path = approve_monitor(project_of(project), number, by=by, on=day, note=note)
    except LvvError as exc:
        fail(exc, debug)
    typer.echo(
        f"Approved monitor {number} on {day.isoformat()} by {by} ({path}). "
        f"Publish it with `lvv-publish release {number}`."
    )
