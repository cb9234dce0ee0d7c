"""The ``lvv-publish`` command line: parses, calls one library function, prints, exits."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .errors import LvvError
from .publish import Project, build_all, release
from .report import report_json, report_text
from .serve import preview_server
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
SiteUrlOption = Annotated[
    str | None,
    typer.Option(help="Public address of the site (default: LVV_SITE_URL or publication.yaml)."),
]
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
    site_url: SiteUrlOption = None,
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
    try:
        report = validate_release(Project(project.resolve()), number).report
    except LvvError as exc:
        _fail(exc, debug)
    if output_format == "json":
        typer.echo(report_json(report))
    else:
        report_text(report, strict=strict)
    raise typer.Exit(1 if report.blocking(strict=strict) else 0)


@app.command("build")
def build_command(
    all_versions: Annotated[
        bool, typer.Option("--all", help="Rebuild every released version (required).")
    ] = False,
    project: ProjectOption = Path("."),
    site_url: SiteUrlOption = None,
    debug: DebugOption = False,
) -> None:
    """Rebuild the site of every released version from monitors/ and datapackage/.

    Writes site/<N>/ for each data package in datapackage/, site/latest/ (the newest),
    site/versions.json for the version selector and site/index.html.
    """
    if not all_versions:
        typer.echo("Error: say which versions to build: --all.", err=True)
        raise typer.Exit(2)
    try:
        numbers = build_all(Project(project.resolve()), site_url=site_url)
    except LvvError as exc:
        _fail(exc, debug)
    typer.echo(
        f"Built versions {', '.join(str(n) for n in numbers)} and latest "
        f"(= {numbers[-1]}) in {project.resolve() / 'site'}."
    )


@app.command("serve")
def serve_command(
    project: ProjectOption = Path("."),
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
) -> None:
    """Preview the built site (site/) on http://127.0.0.1:PORT/ until Ctrl-C."""
    root = project.resolve() / "site"
    if not (root / "versions.json").is_file():
        typer.echo(
            f"Error: {root} has no built site. Run `lvv-publish release N` or "
            "`lvv-publish build --all` first.",
            err=True,
        )
        raise typer.Exit(1)
    server = preview_server(root, port)
    typer.echo(f"Serving {root} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:  # pragma: no cover - entry point for python -m
    sys.exit(app())
