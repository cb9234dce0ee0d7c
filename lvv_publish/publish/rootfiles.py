"""What the whole site shares, staged with the versions that change it and swapped in with them.

A release (``steps.py``) and ``build --all`` (``build.py``) stage, besides the versions they
build: ``site/latest/`` (the newest version as redirects and downloads,
``site.write_latest``, so that ``/latest/…`` is a stable address), ``site/assets/`` (the
scripts and styles the versions share, ``assets.py``), the files at the root of
``site/`` (``versions.json``, mike's format, read by Material's version selector;
``index.html``; ``404.html``, what GitHub Pages shows for a missing address; ``robots.txt``,
``catalog.ttl``, ``catalog.jsonld``, ``feed.xml``, ``sitemap.xml`` (past 50,000 addresses
an index of ``sitemap-1.xml`` …), ``kalender.ics``; the
accessibility statement ``toegankelijkheid/index.html``), the site-wide ``site/downloads/``
(``versions.py``) and the record of validated packages, ``datapackage/validated.sha256``
(``package/ledger.py``).

They are made from the staged versions as if those were published already (``Overlay``),
so nothing is written where it is published until ``transaction.swap`` moves everything in
one journal: a failure or a kill at any step leaves the published tree as it was, and a
committed swap is complete. Each root file is staged as a file beside its target
(``.versions.json.staging-<pid>``) and moved in by a rename, atomic like the folders'; a file
that must go (no site URL: no catalogue) is a move without a stage. One mechanism, the
journal's moves, for folders and files, instead of a second one for a folder of root files.
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LvvError
from ..package import LEDGER_NAME, ledger_with
from ..site import (
    LATEST,
    SITE_DOWNLOADS,
    not_found_page,
    root_files,
    root_redirect,
    write_latest,
)
from ..sources import Project, load_monitor
from .assets import AssetShelf
from .transaction import Moves, checkpoint, same_tree, stage_text, staging, swap
from .versions import SiteDownloads, begin_site_downloads


@dataclass
class Overlay:
    """What is about to be published, by number: staged package and site folders; the
    staged package that frictionless validated, to be recorded in the ledger; and the
    shelf holding the asset sets taken out of the staged versions (``assets.py``)."""

    packages: dict[int, Path] = field(default_factory=dict)
    sites: dict[int, Path] = field(default_factory=dict)
    validated: tuple[int, Path] | None = None
    assets: AssetShelf | None = None

    def site_dir(self, project: Project, number: int) -> Path:
        return self.sites.get(number, project.site_dir(number))

    def with_sites(self, project: Project) -> list[int]:
        """The released versions, staged ones included, that have a site, in order."""
        released = sorted({*project.released_numbers(), *self.packages})
        return [n for n in released if self.site_dir(project, n).is_dir()]

    def package_dir(self, project: Project, number: int) -> Path:
        return self.packages.get(number, project.package_dir(number))


def update_versions(project: Project, *, site_url: str | None = None) -> list[str]:
    """Bring what the whole site shares up to date with what is published (``stage_root``),
    in one swap; return what was (re)written or removed. ``site_url`` as resolved by the
    caller: without one, the files that need absolute addresses are removed."""
    with ExitStack() as stack:
        moves, changed = stage_root(project, stack, site_url)
        if moves:
            swap(moves, project.root)
    return changed


def stage_root(
    project: Project,
    stack: ExitStack,
    site_url: str | None,
    overlay: Overlay | None = None,
    downloads: SiteDownloads | None = None,
) -> tuple[Moves, list[str]]:
    """Stage ``latest/``, the root files, the site-wide downloads and the ledger (see the
    module's doc) for the published versions with ``overlay`` in place; return the moves
    for ``swap`` (staging folders and files closed by ``stack``) and what they change.
    ``downloads``: the site-wide downloads begun earlier for the same ``overlay`` (a release
    begins them before it builds the version), waited for here."""
    overlay = overlay or Overlay()
    checkpoint("versions-index")
    moves: Moves = []
    numbers = overlay.with_sites(project)
    if numbers:
        moves += _stage_latest(project, stack, overlay.site_dir(project, numbers[-1]), numbers[-1])
        shelf = overlay.assets or AssetShelf(project, stack)
        moves += shelf.moves(overlay.site_dir(project, n) for n in numbers)
        for name, text in _root_texts(project, numbers, site_url, overlay).items():
            if "/" in name:
                _stage_page(stack, moves, project.site / name, text)
            else:
                _stage_file(stack, moves, project.site / name, text)
        if downloads is None:
            downloads = begin_site_downloads(project, stack, overlay.packages, beside=False)
        staged = downloads.result()
        if staged is not None:
            moves.append((staged, project.site / SITE_DOWNLOADS))
    if overlay.validated is not None:
        moves += stage_ledger(project, stack, *overlay.validated)
    checkpoint("root-staged")
    # The ledger is not published output people look at: it is not reported.
    changed = [project.rel(t) for _, t in moves if t.name != LEDGER_NAME]
    return moves, changed


def _stage_latest(project: Project, stack: ExitStack, newest: Path, number: int) -> Moves:
    """The move that brings ``site/latest/`` (``site.write_latest``) up to date with the
    newest version; none when it holds exactly those files already."""
    latest = project.site / LATEST
    stage = stack.enter_context(staging(latest))
    write_latest(newest, number, stage)
    return [] if same_tree(stage, latest) else [(stage, latest)]


def _root_texts(
    project: Project, numbers: list[int], site_url: str | None, overlay: Overlay
) -> dict[str, str | None]:
    newest = numbers[-1]
    versions = []
    for n in reversed(numbers):
        title = load_monitor(project.monitors, n).title.removeprefix("LVV Monitor ").strip()
        versions.append(
            {
                "version": str(n),
                "title": f"{n}: {title}",
                "aliases": [LATEST] if n == newest else [],
            }
        )
    folders = {n: (overlay.package_dir(project, n), overlay.site_dir(project, n)) for n in numbers}
    return {
        "versions.json": json.dumps(versions, indent=2) + "\n",
        "index.html": root_redirect(folders[newest][1], newest),
        "404.html": not_found_page(site_url),
        **root_files(project, numbers, site_url, folders),
    }


def stage_ledger(project: Project, stack: ExitStack, number: int, folder: Path) -> Moves:
    """The move that records the staged package ``folder`` of release ``number`` as
    validated in ``datapackage/validated.sha256``; none when it is recorded already."""
    moves: Moves = []
    ledger = ledger_with(folder, project.datapackage, str(number))
    if ledger is not None:
        _stage_file(stack, moves, project.datapackage / LEDGER_NAME, ledger)
    return moves


def _stage_page(stack: ExitStack, moves: Moves, target: Path, text: str | None) -> None:
    """A move for the folder of a root page (``toegankelijkheid/index.html``): staged whole
    beside it (``site/.toegankelijkheid.staging-<pid>``) and moved in like a version, so
    whatever a killed run leaves lies where recovery looks; none when it holds ``text``."""
    folder = target.parent
    if text is None:
        if folder.exists() or folder.is_symlink():
            moves.append((None, folder))
        return
    if (
        folder.is_dir()
        and not folder.is_symlink()
        and [p.name for p in folder.iterdir()] == [target.name]
        and target.is_file()
        and target.read_bytes() == text.encode("utf-8")
    ):
        return
    stage = stack.enter_context(staging(folder))
    (stage / target.name).write_text(text, encoding="utf-8")
    moves.append((stage, folder))


def _stage_file(stack: ExitStack, moves: Moves, target: Path, text: str | None) -> None:
    """A move for ``target``: to ``text`` (None: removed), unless it holds that already."""
    if text is None:
        if target.exists() or target.is_symlink():
            moves.append((None, target))
        return
    stage = stage_text(stack, target, text)
    if stage is not None:
        moves.append((stage, target))


# Release numbers are ASCII digits; other scripts' digits (``١٤``) look like one to Python's
# ``str.isdigit`` and ``int`` but not to a reader of the site's addresses.
_FOREIGN_DIGITS = re.compile(r"\d+")


def check_published_names(project: Project) -> None:
    """Refuse a folder of ``datapackage/`` or ``site/`` named with digits other than 0-9:
    it is not a release, but would read as one to some code and to people."""
    for top in (project.datapackage, project.site):
        if not top.is_dir():
            continue
        for path in sorted(top.iterdir()):
            name = path.name
            if _FOREIGN_DIGITS.fullmatch(name) and not name.isascii():
                raise LvvError(
                    f"{project.rel(path)}: is named with digits other than 0-9, so it is no "
                    f"release of lvv-publish (releases are {project.rel(top)}/13, "
                    f"{project.rel(top)}/14, …). Remove it or move it out of "
                    f"{project.rel(top)}/; nothing published was changed."
                )
