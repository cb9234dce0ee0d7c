"""The typer app of ``lvv-publish``, its options and what every command shares.

The commands are in the modules beside this one, in the order of the quarter (start,
review, publish); ``lvv_publish.cli`` imports them so that they register with ``app``.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import LvvError

if TYPE_CHECKING:
    from ..sources import Project

# The stages (pandas, frictionless, MkDocs) are imported inside each command, so
# that `--help`, `--version` and completion start in a fraction of a second (issue 11).

_ASKS_HELP = "lvv-publish.asks-help"


class _PanelGroup(TyperGroup):
    """Plain (Click) help with the commands in the quarter's sections ("1. Start" …), as the
    Rich help showed them: Rich's help panels cost 60 ms of imports, about half of what
    `--help` took (issue 22: `--help` within 0.15 s)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta[_ASKS_HELP] = "--help" in args
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        panels: dict[str, list[tuple[str, str]]] = {}
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, cmd) for name, cmd in commands if cmd is not None and not cmd.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        for name, cmd in shown:
            panel = getattr(cmd, "rich_help_panel", None) or "Commands"
            panels.setdefault(panel, []).append((name, cmd.get_short_help_str(limit)))
        for panel, rows in panels.items():
            with formatter.section(panel):
                formatter.write_dl(rows)


app = typer.Typer(
    name="lvv-publish",
    cls=_PanelGroup,
    help="Publish the LVV Monitor as a Frictionless data package and a versioned MkDocs site.",
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lvv-publish {__version__}")
        raise typer.Exit()


# The stages each of these commands imports (the rest import little): imported by the
# callback below with the garbage collector off, in a process of our own.
_STAGES = {
    "release": "lvv_publish.publish.steps",
    "build": "lvv_publish.publish.steps",
    "validate": "lvv_publish.publish.validation",
}
# Set by main(): not in a program (or test) that runs ``app`` within itself.
_own_process = False


def _import_stages(command: str | None) -> None:
    """Import a command's stages with the garbage collector off, then freeze them.

    Importing pandas, frictionless and MkDocs creates hundreds of thousands of objects that live
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
    # Click runs this before the command reads its own options: `release --help` needs no
    # stage (it took 3 s).
    if not ctx.meta.get(_ASKS_HELP):
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
# The highest monitor number a command takes: four a year, so ten thousand is 2500 years of
# quarters; a larger number is a typo (and made dates overflow).
MAX_MONITOR = 9999
# A published monitor (release, validate, diff …) and the next one (new, compile, approve).
MonitorArgument = Annotated[
    int,
    typer.Argument(min=1, max=MAX_MONITOR, help="Monitor number, e.g. 15 (= mei 2024)."),
]
NextMonitorArgument = Annotated[
    int, typer.Argument(min=1, max=MAX_MONITOR, help="Monitor number, e.g. 16.")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]
SiteUrlOption = Annotated[
    str | None,
    typer.Option(help="Public address of the site (default: LVV_SITE_URL or publication.yaml)."),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat warnings as blocking, like errors.")
]


def project_of(folder: Path | None) -> Project:
    """The project of a command: the one ``--project`` names or, without it, the one the
    current folder is in (``sources.find_project``: from any subfolder)."""
    from ..sources import find_project

    return find_project(folder if folder is not None else Path.cwd())


def fail(exc: Exception, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(exc)
    code = exc.exit_code if isinstance(exc, LvvError) else 1
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the ``lvv-publish`` script and of ``python -m lvv_publish``."""
    # At exit Python collects garbage over every object that is left, pandas' and MkDocs'
    # modules included: a quarter of a second after a release (issue 11). Frozen
    # objects are skipped by those collections; the process ends and frees them all the
    # same. Only here, in a process of our own: not when ``app`` runs inside another program.
    global _own_process
    _own_process = True
    atexit.register(gc.freeze)
    app(prog_name="lvv-publish")
