"""The public address of the site, and the site-wide downloads (the vintage file of every
release and the long series, ``reeksen.csv``), staged with the release that changes them
(``rootfiles.py`` stages the rest of what the whole site shares).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..errors import LvvError
from ..models import PublishedTime, publication_order, web_address
from ..package import earlier_versions, not_kept, published_time, read_package
from ..site import (
    GZIP_SUFFIX,
    SITE_DOWNLOADS,
    SUMS_NAME,
    VINTAGE_FILES,
    VINTAGE_NAME,
    Download,
    Release,
    appended_vintage,
    release_of,
    series_files,
    series_table,
    sums_of,
    version_downloads,
    vintage_downloads,
)
from ..sources import Project, load_publication
from .parallel import Beside, Pending, available_bytes, give_back_memory, worker_bytes_for
from .stamps import downloads_stamp, is_current, tool_digest, write_stamp
from .transaction import checkpoint, same_tree, staging, swap


def resolve_site_url(project: Project, site_url: str | None = None) -> str | None:
    """The public address: the argument, else ``LVV_SITE_URL``, else ``publication.yaml``
    (checked when it is read); an argument or variable that is not an http(s) address is
    refused before anything is built."""
    for given, source in (
        (site_url, "--site-url"),
        (os.environ.get("LVV_SITE_URL"), "LVV_SITE_URL"),
    ):
        if given:
            try:
                return web_address(given)
            except ValueError as exc:
                raise LvvError(
                    f"{source}: {exc}. Give the site's address, e.g. https://example.org/lvv."
                ) from None
    return load_publication(project.monitors).site_url


def update_site_downloads(project: Project) -> bool:
    """Make ``site/downloads/`` from every published package (``stage_site_downloads``) and
    move it into place; True if it changed."""
    with ExitStack() as stack:
        stage = stage_site_downloads(project, stack)
        if stage is None:
            return False
        swap([(stage, project.site / SITE_DOWNLOADS)], project.root)
    return True


def stage_site_downloads(
    project: Project, stack: ExitStack, packages: Mapping[int, Path] | None = None
) -> Path | None:
    """A staging folder (closed by ``stack``) with ``site/downloads/`` made from every
    published package, ``packages`` (by number) about to replace or join them; None when it
    would not change, or when its stamp shows it was made from exactly these packages (at
    national scale the vintage file has millions of rows).

    When the packages since are new releases or corrections that come after every release
    in the file, their rows are appended (``downloads.appended_vintage``) instead of making
    the file anew; ``.lvv-releases.json`` records what the file holds for that. The long
    series (``downloads.series_downloads``) is made anew from every version each time: a
    later version replaces values in it, so it cannot be appended to.
    """
    return begin_site_downloads(project, stack, packages, beside=False).result()


@dataclass
class SiteDownloads:
    """``site/downloads/`` in the making (``begin_site_downloads``): ``result()`` waits for
    it and gives its staging folder, or None when it does not change."""

    target: Path
    stage: Path | None = None
    make: Callable[[], None] | None = None  # made here, when the result is asked for
    beside: Pending[None] | None = None  # made in a worker
    # The new version's own downloads, made first in that worker (``begin_site_downloads``).
    version: Pending[list[Download]] | None = None

    @property
    def made_here(self) -> bool:
        """Still to be made in this process, from the packages (read again then)."""
        return self.make is not None

    def result(self) -> Path | None:
        if self.stage is None:
            return None
        if self.beside is not None:
            self.beside.result()
        elif self.make is not None:
            self.make()
        self.make = self.beside = None
        return None if same_tree(self.stage, self.target) else self.stage


def begin_site_downloads(
    project: Project,
    stack: ExitStack,
    packages: Mapping[int, Path] | None = None,
    *,
    beside: bool | None = None,
    version_of: tuple[Path, str | None] | None = None,
) -> SiteDownloads:
    """Start ``stage_site_downloads``: what it decides from the descriptors is decided here;
    the files are made in a worker process (``parallel.Beside``) while the caller builds the
    version's site, or here when the result is asked for. ``beside`` None: in a worker when
    the packages are large enough to repay starting one (``BESIDE_FROM``) and the memory
    holds one (a release at national scale; issue 22), else here.

    With a worker, it first makes the downloads folder of the version whose package and
    site address ``version_of`` gives (the release's own), which the pages that list its
    files need, rendered last (``SiteDownloads.version``; ``render.render_pages``): at
    350 x 40 its workbook and files took some 6 s of the release's own process."""
    packages = dict(packages or {})
    target = project.site / SITE_DOWNLOADS
    releases = _published_releases(project, packages)
    stamp = downloads_stamp({r.version: r.digest for r in releases})
    if is_current(target, stamp):
        return SiteDownloads(target)
    stage = stack.enter_context(staging(target))
    if beside is None:
        beside = _worth_a_worker(releases)
    what = (project, packages, releases, stamp, stage)
    if not beside:
        return SiteDownloads(target, stage, lambda: _make_site_downloads(*what))
    worker = Beside()
    stack.callback(worker.stop)  # before the staging folder goes: stack closes in reverse
    version = None
    if version_of is not None:
        version = worker.start("the version's downloads", _version_downloads_of, *version_of)
    made = worker.start("the site-wide downloads", _make_site_downloads, *what)
    return SiteDownloads(target, stage, beside=made, version=version)


def _version_downloads_of(folder: Path, site_url: str | None) -> list[Download]:
    """In a worker: the downloads folder of the version whose (just written and validated)
    package is in ``folder``."""
    with not_kept():
        package = read_package(folder, validate=False)
    made = version_downloads(package, package.number, site_url)
    del package
    give_back_memory()
    checkpoint("version-downloads-made")
    return made


# Package CSV (bytes on disk, every version in the file) from which the site-wide files are
# made in a worker. Measured on a 2-core machine (7 December 2026): what a worker imports
# costs 1.1 s of CPU, more than the whole step for the bundled monitors (0.37 s, 0.4 MB of
# packages); at 350 x 40 (73 MB) the step takes 10.8 s in a process of its own, hidden
# behind the version's build of some 25 s.
BESIDE_FROM = 20_000_000


def _worth_a_worker(releases: list[_PublishedRelease]) -> bool:
    size = sum(p.stat().st_size for r in releases for p in r.path.glob("*.csv"))
    if size < BESIDE_FROM:
        return False
    available = available_bytes()
    return available is None or available > 2 * worker_bytes_for(size)


def _make_site_downloads(
    project: Project,
    packages: dict[int, Path],
    releases: list[_PublishedRelease],
    stamp: dict[str, object],
    stage: Path,
) -> None:
    """Make the site-wide downloads of ``releases`` (as ``begin_site_downloads`` found
    them, with its ``stamp``) into ``stage``, a folder the caller made and removes: the
    files, their record and their stamp. In a worker, or in the calling process."""
    target = project.site / SITE_DOWNLOADS
    record = {
        "tool": tool_digest(),
        "releases": {r.version: {"descriptor": r.digest, "monitors": r.monitors} for r in releases},
    }
    # A staged package was written by the release and is being validated beside the build
    # (``steps.py``; nothing moves before its verdict): validating it here again with
    # frictionless cost a bundled release 0.4 s.
    staged = set(packages.values())
    read: dict[str, Release] = {}

    def release(r: _PublishedRelease) -> Release:
        # Each read once, when first needed: appending to the vintage file needs the newest
        # few only, and at 350 x 40 that was the largest moment of a worker (issue 22).
        if r.version not in read:
            with not_kept():
                package = read_package(r.path, validate=r.path not in staged)
            read[r.version] = release_of(package)
        return read[r.version]

    files = _appended_site_downloads(target, releases, release)
    if files is None:
        files = vintage_downloads([release(r) for r in releases])
    rows = _vintage_rows(files)
    # The long series holds the latest value of every figure: made anew from every version
    # (it cannot be appended to), listed in the same SHA256SUMS. Its files are written
    # without the versions it was made from.
    every = [release(r) for r in releases]
    table, newest = series_table(every), max(every, key=lambda r: r.order)
    del every
    read.clear()
    give_back_memory()
    files = [f for f in files if f.path != SUMS_NAME] + series_files(table, newest)
    files.append(sums_of(files))
    for f in files:
        (stage / f.path).write_bytes(f.data)
    text = json.dumps({**record, "rows": rows}, indent=1, sort_keys=True) + "\n"
    (stage / RELEASES_RECORD).write_text(text, encoding="utf-8")
    checkpoint("site-downloads-made")
    write_stamp(stage, stamp)


def _vintage_rows(files: list[Download]) -> int:
    """The rows of the vintage file among ``files`` (compressed, always there), as the code
    that wrote it counted them: not by unpacking it again (100 MB at 350 x 40), and a text
    with a line break in it is one row, not two."""
    (rows,) = [f.rows for f in files if f.path == VINTAGE_NAME + GZIP_SUFFIX]
    if rows is None:
        raise ValueError("the vintage file's rows were not counted where it was made")
    return rows


# What site/downloads/ holds: every release in its vintage file, by version, with the
# digest of its descriptor and its monitors; the tool that made it; its number of rows.
RELEASES_RECORD = ".lvv-releases.json"


@dataclass(frozen=True)
class _PublishedRelease:
    version: str
    time: PublishedTime
    path: Path
    digest: str
    monitors: list[int]


def _published_releases(project: Project, packages: Mapping[int, Path]) -> list[_PublishedRelease]:
    """Every published version of every release (earlier versions of corrected ones too),
    from the descriptors and the small monitors tables, without reading the figures;
    ``packages`` as in ``stage_site_downloads``."""
    out = []
    for n in sorted({*project.released_numbers(), *packages}):
        folder = packages.get(n, project.package_dir(n))
        for path in [*earlier_versions(folder), folder]:
            raw = (path / "datapackage.json").read_bytes()
            descriptor = json.loads(raw)
            with (path / "monitors.csv").open(encoding="utf-8", newline="") as f:
                monitors = sorted(int(row["monitor"]) for row in csv.DictReader(f))
            out.append(
                _PublishedRelease(
                    str(descriptor["version"]),
                    published_time(descriptor),
                    path,
                    hashlib.sha256(raw).hexdigest(),
                    monitors,
                )
            )
    return out


def _appended_site_downloads(
    target: Path,
    releases: list[_PublishedRelease],
    release: Callable[[_PublishedRelease], Release],
) -> list[Download] | None:
    """The site-wide downloads by appending the releases that are new since ``target`` was
    made (``release`` reads one), or None when that cannot give the bytes of making them
    anew."""
    try:
        record = json.loads((target / RELEASES_RECORD).read_text(encoding="utf-8"))
        # Only the files appending starts from: the folder holds some 90 MB at 350 x 40.
        published = {
            name: (target / name).read_bytes()
            for name in VINTAGE_FILES
            if (target / name).is_file()
        }
    except (OSError, ValueError):
        return None
    old = record.get("releases", {})
    if record.get("tool") != tool_digest():
        return None
    by_version = {r.version: r for r in releases}
    if any(
        v not in by_version or by_version[v].digest != o.get("descriptor") for v, o in old.items()
    ):
        return None  # a release left or changed: make the file anew
    new = [r for r in releases if r.version not in old]
    if not new:
        return None
    last = max((by_version[v] for v in old), key=_order, default=None)
    if last is not None and min(_order(r) for r in new) <= _order(last):
        return None  # a new release sorts between published ones: its rows are not last
    carried = {m for r in new for m in r.monitors}
    context = [by_version[v] for v in old if carried & set(by_version[v].monitors)]
    return appended_vintage(
        published,
        int(record.get("rows", -1)),
        [release(r) for r in context],
        [release(r) for r in new],
    )


def _order(release: _PublishedRelease) -> tuple[object, ...]:
    """The order of the vintage file: as published (``downloads.vintage_table``)."""
    return publication_order(release.time, release.version)
