"""Starting a project and a monitor: ``init``, ``new``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..errors import LvvError
from .app import (
    DebugOption,
    NextMonitorArgument,
    ProjectOption,
    app,
    fail,
    project_of,
)

# The group of these commands in `lvv-publish --help`, in the order of the quarter.
PANEL = "1. Start"


@app.command("init", rich_help_panel=PANEL)
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project (created if needed).")],
    debug: DebugOption = False,
) -> None:
    """Create a new, empty publication project from the bundled defaults.

    Writes monitors/publication.yaml, registry/indicators.yaml, registry/municipalities.yaml,
    a README for the programme office and a .gitignore. Refuses to overwrite a project.
    """
    try:
        from ..scaffold import init_project

        written = init_project(folder.resolve())
    except LvvError as exc:
        fail(exc, debug)
    typer.echo(f"Created a publication project in {folder.resolve()}:")
    for path in written:
        typer.echo(f"  {path.relative_to(folder.resolve())}")
    typer.echo(
        "Next: edit monitors/publication.yaml (site_url, contact), then "
        "`lvv-publish new N --peildatum YYYY-MM-DD` for the first monitor."
    )


@app.command("new", rich_help_panel=PANEL)
def new_command(
    number: NextMonitorArgument,
    project: ProjectOption = None,
    peildatum: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Last day of the monitor's quarter (default: three months after the latest "
            "release's peildatum; required for the first monitor of a project).",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Start the next monitor from the latest release: monitors/N/ with workbooks to fill in.

    Writes monitor.yaml (a draft, periods rolled forward), totaaloverzicht.xlsx (earlier
    periods filled from the published data, the new column empty) and invoer/<slug>.xlsx
    per municipality. Nothing existing is overwritten.
    """
    try:
        from ..scaffold import new_monitor

        created = new_monitor(
            project_of(project),
            number,
            peildatum=peildatum.date() if peildatum else None,
        )
    except LvvError as exc:
        fail(exc, debug)
    meta = created.meta
    typer.echo(
        f"Started monitor {number} ({meta.title}, peildatum {meta.peildatum.isoformat()}, "
        f"periods {', '.join(p.label for p in meta.periods)}) in {created.folder}:"
    )
    for path in created.files:
        typer.echo(f"  {path.relative_to(created.folder)}")
    typer.echo(
        f"Send each municipality its sheet from invoer/ and put the returned sheets there; "
        f"then `lvv-publish validate {number}`, `lvv-publish compile {number}`, "
        f"`lvv-publish diff {number}`, `lvv-publish approve {number} --by NAME` and "
        f"`lvv-publish release {number}` (`lvv-publish docs releasing`)."
    )
