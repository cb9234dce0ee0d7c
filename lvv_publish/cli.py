"""The ``lvv-publish`` command line: parses, calls one library function, prints, exits."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .errors import LvvError
from .publish import Project, release

app = typer.Typer(
    name="lvv-publish",
    help="Publish the LVV Monitor as a Frictionless data package and a versioned MkDocs site.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main() -> None:
    """Publish the LVV Monitor as a Frictionless data package and a versioned MkDocs site."""


ProjectOption = Annotated[
    Path,
    typer.Option(
        "--project",
        "-p",
        help="Project folder holding monitors/, datapackage/ and site/.",
        file_okay=False,
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]


def _fail(exc: Exception, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(exc)
    code = exc.exit_code if isinstance(exc, LvvError) else 1
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code)


@app.command("release")
def release_command(
    number: Annotated[int, typer.Argument(help="Monitor number, e.g. 15 (= mei 2024).")],
    project: ProjectOption = Path("."),
    site_url: Annotated[
        str | None,
        typer.Option(
            help="Public address of the site (default: LVV_SITE_URL or publication.yaml)."
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Publish an approved monitor: write datapackage/N/ and build site/N/."""
    try:
        result = release(Project(project.resolve()), number, site_url=site_url)
    except LvvError as exc:
        _fail(exc, debug)
    typer.echo(
        f"Released monitor {result.number}: {result.observations} observations "
        f"({result.unknown} unknown) in {result.package_dir}, site in {result.site_dir}."
    )


def main() -> None:  # pragma: no cover - entry point for python -m
    sys.exit(app())
