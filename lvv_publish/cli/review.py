"""From the returned sheets to an approved monitor: ``validate``, ``compile``, ``diff``,
``approve``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from ..errors import LvvError
from .app import (
    DebugOption,
    MonitorArgument,
    NextMonitorArgument,
    ProjectOption,
    StrictOption,
    app,
    fail,
    project_of,
)

# The group of these commands in `lvv-publish --help`, in the order of the quarter.
PANEL = "2. Check, compile, approve"


@app.command("validate", rich_help_panel=PANEL)
def validate_command(
    number: MonitorArgument,
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


@app.command("compile", rich_help_panel=PANEL)
def compile_command(
    number: NextMonitorArgument,
    project: ProjectOption = None,
    discard_edits: Annotated[
        bool,
        typer.Option(
            "--discard-edits",
            help="Put back the compiled figure where one was typed into the table by hand.",
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Write monitors/N/totaaloverzicht.xlsx from the municipalities' input sheets.

    The monitor's own period as delivered (an empty cell stays unknown), the earlier periods
    as last published, the overrides of monitor.yaml on top. Writes nothing while a sheet has
    a problem or a municipality has not delivered (it lists them all), or when a figure was
    typed into the table by hand (record it under overrides, or --discard-edits).
    """
    try:
        from ..scaffold import compile_monitor

        result = compile_monitor(project_of(project), number, discard_edits=discard_edits)
    except LvvError as exc:
        fail(exc, debug)
    own = (
        f"monitor {number}'s own period has {result.known} of {result.figures} figures known"
        f", {result.overrides} override(s) applied"
    )
    if not result.written:
        typer.echo(f"{result.shown} is up to date with the input sheets: {own}.")
        return
    typer.echo(f"Compiled {result.shown}: {result.changed} figure(s) changed; {own}.")
    for edit in result.discarded:
        typer.echo(f"  put back: {edit}")
    typer.echo(f"Next: `lvv-publish validate {number}`, then `lvv-publish diff {number}`.")


@app.command("diff", rich_help_panel=PANEL)
def diff_command(
    number: NextMonitorArgument,
    project: ProjectOption = None,
    output_format: Annotated[
        str,
        typer.Option("--format", help="text (for the terminal) or markdown."),
    ] = "text",
    debug: DebugOption = False,
) -> None:
    """Show what releasing monitor N would change compared with what is published.

    New figures, revisions of published figures with their notes, locations that join or
    leave, definitions changed since the latest release, overrides, municipalities without
    delivery. Writes nothing.
    """
    if output_format not in ("text", "markdown"):
        typer.echo("Error: --format must be 'text' or 'markdown'.", err=True)
        raise typer.Exit(2)
    from ..publish import diff_markdown, diff_text, release_diff

    try:
        diff = release_diff(project_of(project), number)
    except LvvError as exc:
        fail(exc, debug)
    typer.echo(diff_markdown(diff) if output_format == "markdown" else diff_text(diff), nl=False)


@app.command("approve", rich_help_panel=PANEL)
def approve_command(
    number: NextMonitorArgument,
    by: Annotated[str, typer.Option("--by", help="Who approved the figures.")],
    project: ProjectOption = None,
    on: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="Date of the approval (default: today in Amsterdam).",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note on the approval.")] = None,
    debug: DebugOption = False,
) -> None:
    """Mark a draft monitor approved (status and approval in monitor.yaml), after validating it.

    Refuses a monitor whose validation has errors; warnings are published as data-quality
    notes, so they do not block.
    """
    try:
        from ..publish import publication_time

        # Today where the LVV is published, whatever the machine's zone (a runner is UTC).
        day = on.date() if on else publication_time().date()
        from ..scaffold import approve_monitor

        path = approve_monitor(project_of(project), number, by=by, on=day, note=note)
    except LvvError as exc:
        fail(exc, debug)
    from ..publish import release_diff

    typer.echo(f"Approved monitor {number} on {day.isoformat()} by {by} ({path}).")
    try:
        typer.echo(release_diff(project_of(project), number).summary)
    except LvvError as exc:  # approved all the same: say why there is no summary
        typer.echo(f"(No summary of what releasing changes: {exc})", err=True)
    typer.echo(
        f"`lvv-publish diff {number}` shows the details. Publish it with "
        f"`lvv-publish release {number}`."
    )
