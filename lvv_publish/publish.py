"""The release pipeline: monitor → observations → data package → site, published atomically.

Everything is built in staging folders next to its destination first; only when every stage
has succeeded are the staging folders moved into place. A failure at any point leaves
``datapackage/`` and ``site/`` exactly as they were.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .downloads import release_of
from .errors import LvvError, PublishError
from .models import Finding, MonitorMeta
from .package import PublishedPackage, read_package, validate_package, write_package
from .project import Project
from .site import SiteInputs, build_site
from .sources.monitor import load_monitor, load_publication
from .validate import validate_release


@dataclass(frozen=True)
class ReleaseResult:
    number: int
    package_dir: Path
    site_dir: Path
    observations: int
    unknown: int
    counts: dict[str, int]


def release(
    project: Project, number: int, *, site_url: str | None = None, strict: bool = False
) -> ReleaseResult:
    """Publish monitor ``number``: write ``datapackage/<N>/`` and build ``site/<N>/``.

    Refuses a monitor that is not approved, and one whose validation has errors (or, with
    ``strict``, warnings); the message lists what to fix.
    """
    validation = validate_release(project, number)
    data, report = validation.data, validation.report
    meta = data.monitor
    yaml_path = project.rel(project.monitors / str(number) / "monitor.yaml")
    if meta.status != "approved":
        raise PublishError(
            f"{yaml_path}: monitor {number} has status '{meta.status}'; only an approved "
            "monitor is released. Set status: approved with approval: {date, by} once the "
            "figures are approved."
        )
    blocking = report.blocking(strict=strict)
    if blocking:
        raise PublishError(refusal(yaml_path, number, blocking))
    site_url = site_url or os.environ.get("LVV_SITE_URL") or data.publication.site_url
    released = released_numbers(project)
    with ExitStack() as stack:
        pkg_stage = stack.enter_context(_staging(project.package_dir(number)))
        site_stage = stack.enter_context(_staging(project.site_dir(number)))
        descriptor = write_package(data, pkg_stage)
        errors = validate_package(descriptor)
        if errors:  # a bug in our writer, not in the input: stop before publishing anything
            raise LvvError(
                "the data package did not pass frictionless validation:\n  " + "\n  ".join(errors)
            )
        package = read_package(pkg_stage, validate=False)
        build_site(site_inputs(project, package, meta), site_stage, site_url=site_url)
        moves = [(pkg_stage, project.package_dir(number)), (site_stage, project.site_dir(number))]
        built = {number: site_stage}
        # Earlier versions stay as they are; missing ones (a fresh clone) are built now, from
        # their own packages, in the same all-or-nothing move.
        for other in released:
            if other < number and not project.site_dir(other).is_dir():
                stage = stack.enter_context(_staging(project.site_dir(other)))
                _build_version_into(project, other, stage, site_url)
                moves.append((stage, project.site_dir(other)))
                built[other] = stage
        newest = max([*released, number])
        if newest in built or project.site_dir(newest).is_dir():
            latest = stack.enter_context(_staging(project.site / "latest"))
            shutil.rmtree(latest)
            shutil.copytree(built.get(newest, project.site_dir(newest)), latest)
            moves.append((latest, project.site / "latest"))
        _swap(moves)
    # A later version without a site (rare: its package was released on another machine)
    # depends on this package, so it is built after the move.
    for other in released:
        if other > number and not project.site_dir(other).is_dir():
            build_version(project, other, site_url=site_url)
    update_versions(project, copy_latest=any(o > number for o in released))
    obs = data.observations
    return ReleaseResult(
        number=number,
        package_dir=project.package_dir(number),
        site_dir=project.site_dir(number),
        observations=len(obs),
        unknown=int(obs["value"].isna().sum()),
        counts=report.counts,
    )


def released_numbers(project: Project) -> list[int]:
    """Numbers of the monitors with a published data package, oldest first."""
    return project.released_numbers()


def site_inputs(project: Project, package: PublishedPackage, meta: MonitorMeta) -> SiteInputs:
    """What the site of ``package`` is built from, including the earlier releases."""
    earlier = {
        n: read_package(project.package_dir(n))
        for n in released_numbers(project)
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
    return SiteInputs(
        package=package,
        meta=meta,
        pilot_start=load_publication(project.monitors).pilot_start,
        previous=earlier[max(earlier)] if earlier else None,
        history=history,
        labels=labels,
        # Every release up to and including this one, for the vintage download.
        releases=tuple(release_of(p) for p in (*(earlier[n] for n in sorted(earlier)), package)),
    )


def build_version(project: Project, number: int, *, site_url: str | None = None) -> Path:
    """(Re)build ``site/<N>/`` from ``datapackage/<N>/`` and ``monitors/<N>/monitor.yaml``."""
    site_url = (
        site_url or os.environ.get("LVV_SITE_URL") or load_publication(project.monitors).site_url
    )
    with _staging(project.site_dir(number)) as stage:
        _build_version_into(project, number, stage, site_url)
        _swap([(stage, project.site_dir(number))])
    return project.site_dir(number)


def _build_version_into(project: Project, number: int, out: Path, site_url: str | None) -> None:
    package = read_package(project.package_dir(number))
    meta = load_monitor(project.monitors, number)
    build_site(site_inputs(project, package, meta), out, site_url=site_url)


def build_all(project: Project, *, site_url: str | None = None) -> list[int]:
    """Rebuild the site of every released version, then the version index and ``latest``."""
    numbers = released_numbers(project)
    if not numbers:
        raise LvvError(
            f"{project.rel(project.datapackage)}: no released data packages; run "
            "`lvv-publish release N` first."
        )
    for number in numbers:
        build_version(project, number, site_url=site_url)
    update_versions(project)
    return numbers


def update_versions(project: Project, *, copy_latest: bool = True) -> None:
    """Write ``site/versions.json`` (mike's format), ``site/latest/`` and ``site/index.html``.

    Material's version selector reads ``../versions.json``; ``latest`` is a copy of the newest
    version, so that ``/latest/downloads/…`` is a stable address. ``copy_latest=False`` when
    the caller has already moved ``latest`` into place.
    """
    numbers = [n for n in released_numbers(project) if project.site_dir(n).is_dir()]
    if not numbers:
        return
    newest = numbers[-1]
    versions = []
    for n in reversed(numbers):
        title = load_monitor(project.monitors, n).title.removeprefix("LVV Monitor ").strip()
        versions.append(
            {
                "version": str(n),
                "title": f"{n}: {title}",
                "aliases": ["latest"] if n == newest else [],
            }
        )
    if copy_latest:
        with _staging(project.site / "latest") as stage:
            shutil.rmtree(stage)
            shutil.copytree(project.site_dir(newest), stage)
            _swap([(stage, project.site / "latest")])
    _write_atomic(project.site / "versions.json", json.dumps(versions, indent=2) + "\n")
    _write_atomic(project.site / "index.html", REDIRECT)


REDIRECT = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>LVV Monitor</title>
<meta http-equiv="refresh" content="0; url=latest/">
<link rel="canonical" href="latest/">
</head>
<body>
<p><a href="latest/">Naar de nieuwste uitgave van de LVV Monitor</a></p>
</body>
</html>
"""


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def refusal(yaml_path: str, number: int, blocking: tuple[Finding, ...]) -> str:
    """The message of a refused release: what blocks it and how to fix it."""
    lines = [f"monitor {number} was not released: {len(blocking)} finding(s) block it."]
    unexplained = [f for f in blocking if f.rule == "revision-unexplained"]
    for f in blocking:
        where = ", ".join(x for x in (f.municipality, f"monitor {f.monitor}") if x)
        lines.append(f"  [{f.severity}] {f.rule} ({where}): {f.message}")
    if unexplained:
        keys = ", ".join(f.source or "" for f in unexplained)
        lines.append(
            f"Revised figures need a note in {yaml_path} under notes, e.g.\n"
            f"  notes:\n  - text: <why these figures changed>\n    covers: [{keys}]"
        )
    else:
        lines.append(f"Run `lvv-publish validate {number}` for the full report.")
    return "\n".join(lines)


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A fresh folder next to ``target`` (same file system, so the final move is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".{target.name}.staging-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def _swap(moves: list[tuple[Path, Path]]) -> None:
    """Move each staging folder onto its target, all or nothing.

    Old targets are renamed aside first and removed only when every move has succeeded; on
    a failure the moves done so far are undone and the old folders put back.
    """
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for stage, target in moves:
            old: Path | None = None
            if target.exists():
                old = target.parent / f".{target.name}.old-{os.getpid()}"
                target.rename(old)
            done.append((stage, target, old))
            stage.rename(target)
    except OSError:
        for stage, target, old in reversed(done):
            if target.exists() and not stage.exists():
                target.rename(stage)
            if old is not None and old.exists():
                old.rename(target)
        raise
    for _, _, old in done:
        if old is not None and old.exists():
            shutil.rmtree(old)
