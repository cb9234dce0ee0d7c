"""The ``lvv-publish`` command line: parses, calls one library function, prints, exits."""

from __future__ import annotations

import atexit
import gc
import importlib
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import LvvError

if TYPE_CHECKING:
    from .sources import Project

# The stages (pandas, frictionless, altair, MkDocs) are imported inside each command, so
# that `--help`, `--version` and completion start in a fraction of a second (issue 11).

app = typer.Typer(
    name="lvv-publish",
    help="Publish the LVV Monitor as a Frictionless data package and a versioned MkDocs site.",
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell.
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lvv-publish {__version__}")
        raise typer.Exit()


# The stages each of these commands imports (the rest import little): imported by the
# callback below with the garbage collector off, in a process of our own.
_STAGES = {
    "release": "lvv_publish.publish",
    "build": "lvv_publish.publish",
    "validate": "lvv_publish.publish",
}
# Set by main(): not in a program (or test) that runs ``app`` within itself.
_own_process = False


def _import_stages(command: str | None) -> None:
    """Import a command's stages with the garbage collector off, then freeze them.

    Importing pandas, Altair and MkDocs creates hundreds of thousands of objects that live
    until the process ends; the collector walked them again and again while they were being
    imported, a tenth of a bundled release (issue 11). Frozen, it skips them from then on.
    """
    module = _STAGES.get(command or "")
    if not _own_process or module is None:
        return
    gc.disable()
    try:
        importlib.import_module(module)
        gc.freeze()
    finally:
        gc.enable()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version of lvv-publish and exit.",
        ),
    ] = False,
) -> None:
    """Publish the LVV Monitor as a Frictionless data package and a versioned MkDocs site."""
    _import_stages(ctx.invoked_subcommand)


ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        help="Project folder holding monitors/, datapackage/ and site/ (default: the project "
        "this folder is in, found as git finds its repository).",
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


def _project(folder: Path | None) -> Project:
    """The project of a command: the one ``--project`` names or, without it, the one the
    current folder is in (``sources.find_project``: from any subfolder)."""
    from .sources import find_project

    return find_project(folder if folder is not None else Path.cwd())


def _fail(exc: Exception, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(exc)
    code = exc.exit_code if isinstance(exc, LvvError) else 1
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code)


@app.command("release")
def release_command(
    number: Annotated[int, typer.Argument(min=1, help="Monitor number, e.g. 15 (= mei 2024).")],
    project: ProjectOption = None,
    site_url: SiteUrlOption = None,
    strict: StrictOption = False,
    correct: Annotated[
        str | None,
        typer.Option(
            "--correct",
            metavar="REASON",
            help="Publish a correction of an already published monitor (version N.1.0, "
            "N.2.0, …), with the reason in a sentence; the previous version stays downloadable.",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Publish an approved monitor: write datapackage/N/ and build site/N/.

    Refuses a draft monitor and one whose validation has errors (with --strict, warnings
    too); nothing already published is touched then. A published monitor is immutable: the
    same input rewrites nothing, different figures are refused unless --correct is given.
    """
    from .publish import release

    try:
        result = release(
            _project(project), number, site_url=site_url, strict=strict, correct=correct
        )
    except LvvError as exc:
        _fail(exc, debug)
    counts = result.counts
    if not result.changed:
        typer.echo(
            f"Monitor {result.number} is published as version {result.version} with the same "
            f"input: nothing was rewritten ({result.package_dir}, {result.site_dir})."
        )
        return
    if not result.package_written:
        typer.echo(
            f"Monitor {result.number} is published as version {result.version} with the same "
            f"input: the data package was not rewritten. Built: {', '.join(result.changed)}."
        )
        return
    what = "Corrected" if result.correction else "Released"
    typer.echo(
        f"{what} monitor {result.number} (version {result.version}): {result.observations} "
        f"observations ({result.unknown} unknown) in {result.package_dir}, site in "
        f"{result.site_dir}. Published findings: {counts['warning']} warnings, "
        f"{counts['info']} info."
    )
    if result.correction:
        c = result.correction
        other = f" and {'; '.join(c.other_changes)}" if c.other_changes else ""
        typer.echo(
            f"The correction changed {len(c.changes)} figure(s){other}; version "
            f"{c.previous_version} stays in {result.package_dir}/versies/{c.previous_version}/."
        )


@app.command("validate")
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
    from .checks import report_json, report_text
    from .publish import validate_release

    try:
        report = validate_release(_project(project), number).report
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
        bool, typer.Option("--all", help="Every released version (required).")
    ] = False,
    project: ProjectOption = None,
    site_url: SiteUrlOption = None,
    debug: DebugOption = False,
) -> None:
    """Bring the site of every released version up to date from monitors/ and datapackage/.

    Writes site/<N>/ for each data package in datapackage/ whose inputs changed since it was
    last built (package, monitor.yaml, publication.yaml, site address, tool and templates;
    recorded in site/<N>/.lvv-build.json), site/latest/ (the newest), site/versions.json for
    the version selector, site/index.html and the root files.
    """
    if not all_versions:
        typer.echo("Error: say which versions to build: --all.", err=True)
        raise typer.Exit(2)
    from .publish import build_all

    try:
        where = _project(project)
        result = build_all(where, site_url=site_url)
    except LvvError as exc:
        _fail(exc, debug)
    kept = [n for n in result.numbers if n not in result.built]
    typer.echo(
        f"Versions {_numbers(result.numbers)} and latest (= {result.numbers[-1]}) are up to "
        f"date in {where.site}: rebuilt {_numbers(result.built) or 'none'}; "
        f"unchanged since their last build, kept: {_numbers(kept) or 'none'}."
    )


def _numbers(numbers: tuple[int, ...] | list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project (created if needed).")],
    debug: DebugOption = False,
) -> None:
    """Create a new, empty publication project from the bundled defaults.

    Writes monitors/publication.yaml, registry/indicators.yaml, registry/municipalities.yaml,
    a README for the programme office and a .gitignore. Refuses to overwrite a project.
    """
    try:
        from .scaffold import init_project

        written = init_project(folder.resolve())
    except LvvError as exc:
        _fail(exc, debug)
    typer.echo(f"Created a publication project in {folder.resolve()}:")
    for path in written:
        typer.echo(f"  {path.relative_to(folder.resolve())}")
    typer.echo(
        "Next: edit monitors/publication.yaml (site_url, contact), then "
        "`lvv-publish new N --peildatum YYYY-MM-DD` for the first monitor."
    )


@app.command("new")
def new_command(
    number: Annotated[int, typer.Argument(min=1, help="Number of the monitor to start, e.g. 16.")],
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
        from .scaffold import new_monitor

        created = new_monitor(
            _project(project),
            number,
            peildatum=peildatum.date() if peildatum else None,
        )
    except LvvError as exc:
        _fail(exc, debug)
    meta = created.meta
    typer.echo(
        f"Started monitor {number} ({meta.title}, peildatum {meta.peildatum.isoformat()}, "
        f"periods {', '.join(p.label for p in meta.periods)}) in {created.folder}:"
    )
    for path in created.files:
        typer.echo(f"  {path.relative_to(created.folder)}")
    typer.echo(
        f"Fill in totaaloverzicht.xlsx, then `lvv-publish validate {number}`, "
        f"`lvv-publish approve {number} --by NAME` and `lvv-publish release {number}`."
    )


@app.command("approve")
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
        from .scaffold import approve_monitor

        path = approve_monitor(_project(project), number, by=by, on=day, note=note)
    except LvvError as exc:
        _fail(exc, debug)
    typer.echo(
        f"Approved monitor {number} on {day.isoformat()} by {by} ({path}). "
        f"Publish it with `lvv-publish release {number}`."
    )


@app.command("serve")
def serve_command(
    project: ProjectOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
) -> None:
    """Preview the built site (site/) on http://127.0.0.1:PORT/ until Ctrl-C."""
    try:
        root = _project(project).site
    except LvvError as exc:
        _fail(exc, False)
    if not (root / "versions.json").is_file():
        typer.echo(
            f"Error: {root} has no built site. Run `lvv-publish release N` or "
            "`lvv-publish build --all` first.",
            err=True,
        )
        raise typer.Exit(1)
    from .site import preview_server

    server = preview_server(root, port)
    typer.echo(f"Serving {root} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    """Entry point of the ``lvv-publish`` script and of ``python -m lvv_publish``."""
    # At exit Python collects garbage over every object that is left, pandas', Altair's and
    # MkDocs' modules included: a quarter of a second after a release (issue 11). Frozen
    # objects are skipped by those collections; the process ends and frees them all the
    # same. Only here, in a process of our own: not when ``app`` runs inside another program.
    global _own_process
    _own_process = True
    atexit.register(gc.freeze)
    app(prog_name="lvv-publish")
