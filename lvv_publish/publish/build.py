"""Build the site of released versions: ``build --all``, and one version from its package.

A version is built from what is published (its data package, the earlier packages for the
changelog and the time series, its ``monitor.yaml``), never from edited inputs, and only
when its build stamp (``stamps.py``) shows its inputs changed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..errors import LvvError, PublishError
from ..models import MonitorMeta, publication_order
from ..package import (
    PublishedPackage,
    check_package,
    earlier_versions,
    read_package,
    recorded_corrections,
    with_texts,
)
from ..site import Download, SiteInputs, build_site, release_of, series_table
from ..sources import Project, load_monitor, load_publication
from .assets import AssetShelf
from .lock import locked
from .parallel import (
    Job,
    available_bytes,
    build_jobs,
    cpu_count,
    give_back_memory,
    plan_workers,
    worker_bytes,
)
from .rootfiles import Overlay, stage_root
from .stamps import is_current, is_whole, version_stamp, write_stamp
from .transaction import Moves, checkpoint, same_tree, staging, swap
from .versions import resolve_site_url


def site_inputs(
    project: Project,
    package: PublishedPackage,
    meta: MonitorMeta,
    staged: dict[int, PublishedPackage] | None = None,
) -> SiteInputs:
    """What the site of ``package`` is built from, including the earlier releases.

    ``staged`` holds packages that are about to replace the published ones (a correction).
    """
    staged = staged or {}
    earlier = {
        n: staged[n] if n in staged else read_package(project.package_dir(n))
        for n in project.released_numbers()
        if n < meta.number
    }
    carried = set(int(m) for m in package.observations["monitor"].unique())
    history_parts = []
    labels: dict[int, str] = {}
    taken: set[int] = set()
    for n in sorted(earlier, reverse=True):  # newest release first: its figures win
        pkg = earlier[n]
        labels.update(
            {
                int(m): str(lbl)
                for m, lbl in zip(pkg.monitors["monitor"], pkg.monitors["label"], strict=True)
                if int(m) not in labels
            }
        )
        monitors = set(int(m) for m in pkg.observations["monitor"].unique())
        new = monitors - carried - taken
        if new:
            history_parts.append(pkg.observations[pkg.observations["monitor"].isin(new)])
            taken |= new
    history = (
        pd.concat(history_parts, ignore_index=True)
        if history_parts
        else package.observations.iloc[0:0]
    )
    corrections = [
        (n, c) for n in sorted(earlier) for c in recorded_corrections(earlier[n].descriptor)
    ] + [(meta.number, c) for c in recorded_corrections(package.descriptor)]
    # In the order they were published, as the feed and the vintage file have them.
    corrections.sort(key=lambda nc: publication_order(nc[1].time, nc[1].version))
    pub = load_publication(project.monitors)
    releases = (
        [
            release_of(read_package(old))
            for pkg in [*(earlier[n] for n in sorted(earlier)), package]
            for old in earlier_versions(pkg.path)
        ]
        + [release_of(earlier[n]) for n in sorted(earlier)]
        + [release_of(package)]
    )
    return SiteInputs(
        package=package,
        meta=meta,
        pilot_start=pub.pilot_start,
        next_publication=pub.next_publication,
        previous=earlier[max(earlier)] if earlier else None,
        history=history,
        labels=labels,
        corrections=tuple(corrections),
        series=series_table(releases),
    )


def has_site(project: Project, number: int) -> bool:
    """Is ``site/<N>/`` there whole: its folder, its stamp (which names the asset set its
    pages load: without it, ``site/assets/`` would not keep that set) and that set
    (``site/assets/<set>/``, which may have been removed by hand)?"""
    folder = project.site_dir(number)
    return folder.is_dir() and is_whole(folder)


def check_source_folder(folder: Path | None) -> None:
    """Refuse a ``--keep-source`` folder with files in it: they are not ours to replace."""
    if folder is None:
        return
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PublishError(
            f"{folder}: --keep-source needs a new or empty folder, and this one exists with "
            "files in it; name another folder, or empty this one."
        )


def build_version(project: Project, number: int, *, site_url: str | None = None) -> bool:
    """(Re)build ``site/<N>/`` from ``datapackage/<N>/`` and ``monitors/<N>/monitor.yaml``;
    True if it was built.

    A version whose build stamp (``stamps.py``) shows it was built from exactly the current
    inputs is not built again; a rebuilt version that comes out the same is left as it is
    (same files, same modification times). ``site/assets/`` gets the version's asset set
    (``assets.py``) in the same swap.
    """
    site_url = resolve_site_url(project, site_url)
    with ExitStack() as stack:
        job = version_job(project, number, site_url, stack)
        if job is None:
            return False
        build_job(project, job, site_url)
        shelf = AssetShelf(project, stack)
        moves = version_moves(project, [job], shelf)
        overlay = Overlay(sites={number: job.stage})
        moves += shelf.moves(overlay.site_dir(project, n) for n in overlay.with_sites(project))
        if moves:
            swap(moves, project.root)
    return True


def version_job(
    project: Project,
    number: int,
    site_url: str | None,
    stack: ExitStack,
    staged: dict[int, Path] | None = None,
) -> Job | None:
    """The staging folder (closed by ``stack``) and stamp to build ``site/<N>/`` with, or
    None when its stamp shows it was built from exactly the current inputs; ``staged``:
    package folders about to replace (or join) the published ones, by number."""
    staged = staged or {}
    stamp = version_stamp(project, number, site_url, staged)
    if is_current(project.site_dir(number), stamp):
        return None
    return Job(number, stack.enter_context(staging(project.site_dir(number))), stamp, staged)


def build_job(project: Project, job: Job, site_url: str | None) -> None:
    """Build ``job``'s version into its staging folder, with its stamp (``parallel.py``)."""
    staged = {n: read_package(folder, validate=False) for n, folder in job.staged.items()}
    assets = build_version_into(
        project, job.number, job.stage, site_url, staged, job.source, job.downloads
    )
    write_stamp(job.stage, job.stamp, assets)
    checkpoint(f"version-built-{job.number}")


def build_version_into(
    project: Project,
    number: int,
    out: Path,
    site_url: str | None,
    staged: dict[int, PublishedPackage] | None = None,
    keep_source: Path | None = None,
    downloads: Callable[[], list[Download]] | None = None,
) -> str | None:
    """Build version ``number`` into ``out`` for publication: its pages load the asset set
    the site shares, whose name is returned (``site.build_site``); its MkDocs project kept
    in ``keep_source`` (``release --keep-source``) when given; its downloads folder from
    ``downloads`` when made elsewhere."""
    staged = staged or {}
    package = staged.get(number) or read_package(project.package_dir(number))
    # A published version's pages say what was published, not a monitor.yaml edited since.
    meta = with_texts(load_monitor(project.monitors, number), package.texts)
    inputs = replace(site_inputs(project, package, meta, staged), downloads=downloads)
    give_back_memory()  # what making the inputs freed: the pages are rendered next
    return build_site(inputs, out, site_url=site_url, keep_source=keep_source, share_assets=True)


def stage_versions(
    project: Project, todo: list[Job], site_url: str | None, jobs: int | None
) -> None:
    """Build the versions of ``todo`` into their staging folders, ``jobs`` at a time
    (None: as many as the cores and the memory allow, ``parallel.plan_workers``)."""
    if not todo:
        return
    workers = plan_workers(
        len(todo),
        worker_bytes(project, max(job.number for job in todo)),
        cpus=cpu_count(),
        available=available_bytes(),
        jobs=jobs,
    )
    build_jobs(build_job, project, todo, site_url, workers)


def version_moves(project: Project, todo: list[Job], shelf: AssetShelf) -> Moves:
    """The built versions of ``todo`` made ready to publish, their asset sets taken onto
    ``shelf`` (``assets.py``), and the moves of those that differ from what is published."""
    moves: Moves = []
    for job in todo:
        shelf.take(job.stage)
        if not same_tree(job.stage, project.site_dir(job.number)):
            moves.append((job.stage, project.site_dir(job.number)))
    return moves


@dataclass(frozen=True)
class BuildResult:
    """What ``build --all`` did: every released version, and those it (re)built."""

    numbers: tuple[int, ...]
    built: tuple[int, ...]


@locked
def build_all(
    project: Project, *, site_url: str | None = None, jobs: int | None = None
) -> BuildResult:
    """Bring the site of every released version up to date, with the version index,
    ``latest`` and the rest of what the whole site shares, in one swap.

    Every published package is checked first (hashes, ``ledger.py``). A version is rebuilt
    only when its inputs changed (``stamps.py``): a deploy where one version changed costs
    about one version. The versions to build are built ``jobs`` at a time in worker
    processes (``parallel.py``; None: as many as the cores and the memory allow).
    """
    numbers = project.released_numbers()
    if not numbers:
        raise LvvError(
            f"{project.rel(project.datapackage)}: no released data packages; run "
            "`lvv-publish release N` first."
        )
    for number in numbers:
        check_package(project.package_dir(number))
        for old in earlier_versions(project.package_dir(number)):
            check_package(old)
    site_url = resolve_site_url(project, site_url)
    # Every version and what the whole site shares, staged first and swapped in at once
    # (``rootfiles.py``): a failure anywhere leaves the published site as it was.
    with ExitStack() as stack:
        shelf = AssetShelf(project, stack)
        overlay = Overlay(assets=shelf)
        moves: Moves = []
        todo = [job for n in numbers if (job := version_job(project, n, site_url, stack))]
        stage_versions(project, todo, site_url, jobs)
        overlay.sites.update({job.number: job.stage for job in todo})
        moves += version_moves(project, todo, shelf)
        moves += stage_root(project, stack, site_url, overlay)[0]
        if moves:
            swap(moves, project.root)
    return BuildResult(tuple(numbers), tuple(overlay.sites))
