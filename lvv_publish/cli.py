"""The ``lvv-publish`` command line: parses, calls one library function, prints, exits."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .errors import LvvError
from .publish import Project, release
from .report import report_json, report_text
from .validate import validate_release

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
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat warnings as blocking, like errors.")
]


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
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Publish an approved monitor: write datapackage/N/ and build site/N/.

    Refuses a draft monitor and one whose validation has errors (with --strict, warnings
    too); nothing already published is touched then.
    """
    try:
        result = release(Project(project.resolve()), number, site_url=site_url, strict=strict)
    except LvvError as exc:
        _fail(exc, debug)
    counts = result.counts
    typer.echo(
        f"Released monitor {result.number}: {result.observations} observations "
        f"({result.unknown} unknown) in {result.package_dir}, site in {result.site_dir}. "
        f"Published findings: {counts['warning']} warnings, {counts['info']} info."
    )


@app.command("validate")
def validate_command(
    number: Annotated[int, typer.Argument(help="Monitor number, e.g. 15 (= mei 2024).")],
    project: ProjectOption = Path("."),
    output_format: Annotated[
        str,
        typer.Option("--format", help="text (tables per severity) or json (for machines)."),
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
    try:
        report = validate_release(Project(project.resolve()), number).report
    except LvvError as exc:
        _fail(exc, debug)
    if output_format == "json":
        typer.echo(report_json(report))
    else:
        report_text(report)
    raise typer.Exit(1 if report.blocking(strict=strict) else 0)


def main() -> None:  # pragma: no cover - entry point for python -m
    sys.exit(app())
