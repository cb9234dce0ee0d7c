"""Publishing: ``release``, ``build``, ``serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import LvvError
from .app import (
    DebugOption,
    MonitorArgument,
    ProjectOption,
    SiteUrlOption,
    StrictOption,
    app,
    fail,
    project_of,
)

# The group of these commands in `lvv-publish --help`, in the order of the quarter.
PANEL = "3. Publish"


@app.command("release", rich_help_panel=PANEL)
def release_command(
    number: MonitorArgument,
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
    keep_source: Annotated[
        Path | None,
        typer.Option(
            "--keep-source",
            metavar="DIR",
            help="Keep the MkDocs project of every version this release builds in DIR/<N>/ "
            "(a new or empty folder): `mkdocs build -f DIR/<N>/mkdocs.yml` builds its pages "
            "bare, for comparing timings (benchmarks/scale.py).",
            file_okay=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Publish an approved monitor: write datapackage/N/ and build site/N/.

    Refuses a draft monitor and one whose validation has errors (with --strict, warnings
    too); nothing already published is touched then. A published monitor is immutable: the
    same input rewrites nothing, different figures are refused unless --correct is given.
    """
    from ..publish import release

    try:
        where = project_of(project)
        result = release(
            where,
            number,
            site_url=site_url,
            strict=strict,
            correct=correct,
            keep_source=keep_source,
        )
    except LvvError as exc:
        fail(exc, debug)
    if keep_source is not None:
        _say_kept(keep_source)
    counts = result.counts
    if not result.changed:
        typer.echo(
            f"Monitor {result.number} is published as version {result.version} with the same "
            f"input: nothing was rewritten ({result.package_dir}, {result.site_dir})."
        )
        _site_report(where.site)
        return
    if not result.package_written:
        typer.echo(
            f"Monitor {result.number} is published as version {result.version} with the same "
            f"input: the data package was not rewritten. Built: {', '.join(result.changed)}."
        )
        _site_report(where.site)
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
    _site_report(where.site)


def _say_kept(folder: Path) -> None:
    kept = sorted((p.parent.name for p in folder.glob("*/mkdocs.yml")), key=int)
    if not kept:
        typer.echo(f"No version was built, so {folder} holds no MkDocs project.")
    else:
        typer.echo(f"MkDocs projects kept in {folder}: {', '.join(kept)}.")


@app.command("build", rich_help_panel=PANEL)
def build_command(
    all_versions: Annotated[
        bool, typer.Option("--all", help="Every released version (required).")
    ] = False,
    project: ProjectOption = None,
    site_url: SiteUrlOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            help="Versions built at once, each in a process of its own (default: as many "
            "as the cores and the free memory allow).",
            show_default=False,
        ),
    ] = None,
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
    from ..publish import build_all

    try:
        where = project_of(project)
        result = build_all(where, site_url=site_url, jobs=jobs)
    except LvvError as exc:
        fail(exc, debug)
    kept = [n for n in result.numbers if n not in result.built]
    typer.echo(
        f"Versions {_numbers(result.numbers)} and latest (= {result.numbers[-1]}) are up to "
        f"date in {where.site}: rebuilt {_numbers(result.built) or 'none'}; "
        f"unchanged since their last build, kept: {_numbers(kept) or 'none'}."
    )
    _site_report(where.site)


def _site_report(site: Path) -> None:
    """The whole site's size and file count, and a warning on stderr for each of GitHub
    Pages' limits it comes near (``publish.site_size``)."""
    from ..publish import megabytes, site_size

    size = site_size(site)
    typer.echo(f"The whole site ({site}) is {megabytes(size.size)} in {size.files} files.")
    for warning in size.warnings:
        typer.echo(f"Warning: {warning}", err=True)


def _numbers(numbers: tuple[int, ...] | list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


@app.command("serve", rich_help_panel=PANEL)
def serve_command(
    project: ProjectOption = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")] = 8000,
) -> None:
    """Preview the built site (site/) on http://127.0.0.1:PORT/ until Ctrl-C."""
    try:
        root = project_of(project).site
    except LvvError as exc:
        fail(exc, False)
    if not (root / "versions.json").is_file():
        typer.echo(
            f"Error: {root} has no built site. Run `lvv-publish release N` or "
            "`lvv-publish build --all` first.",
            err=True,
        )
        raise typer.Exit(1)
    from ..site import preview_server

    try:
        server = preview_server(root, port)
    except OSError as exc:  # the port is taken, or below 1024 without the right
        typer.echo(
            f"Error: cannot serve on 127.0.0.1:{port} ({exc.strerror or exc}). "
            "Choose another port with --port.",
            err=True,
        )
        raise typer.Exit(1) from None
    typer.echo(f"Serving {root} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
