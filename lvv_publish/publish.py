"""The release pipeline: monitor → observations → data package → site, published atomically.

Everything is built in staging folders next to its destination first; only when every stage
has succeeded are the staging folders moved into place. A failure at any point leaves
``datapackage/`` and ``site/`` exactly as they were.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import LvvError, PublishError
from .models import MonitorMeta, Registry
from .package import ReleaseData, read_package, validate_package, write_package
from .registry import load_registry
from .site import build_site
from .sources.monitor import load_monitor, load_publication, monitor_dir
from .sources.totaaloverzicht import read_totaaloverzicht


@dataclass(frozen=True)
class Project:
    """The folders of an lvv-publish project."""

    root: Path

    @property
    def monitors(self) -> Path:
        return self.root / "monitors"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def package_dir(self, number: int) -> Path:
        return self.datapackage / str(number)

    def site_dir(self, number: int) -> Path:
        return self.site / str(number)

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, for messages."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def read_observations(project: Project, meta: MonitorMeta, registry: Registry) -> pd.DataFrame:
    """Read the Totaaloverzicht of ``meta`` into tidy observations."""
    path = monitor_dir(project.monitors, meta.number) / meta.totaaloverzicht
    return read_totaaloverzicht(path, meta, registry, display=project.rel(path))


def load_release(project: Project, number: int) -> ReleaseData:
    """Load everything release ``number`` would publish, without writing anything."""
    registry = load_registry()
    meta = load_monitor(project.monitors, number)
    observations = read_observations(project, meta, registry)
    carried: dict[int, MonitorMeta | None] = {}
    for period in meta.periods:
        if period.monitor == number:
            carried[period.monitor] = meta
        elif (project.monitors / str(period.monitor) / "monitor.yaml").is_file():
            carried[period.monitor] = load_monitor(project.monitors, period.monitor)
        else:
            carried[period.monitor] = None
    return ReleaseData(
        monitor=meta,
        carried=carried,
        observations=observations,
        registry=registry,
        publication=load_publication(project.monitors),
    )


@dataclass(frozen=True)
class ReleaseResult:
    number: int
    package_dir: Path
    site_dir: Path
    observations: int
    unknown: int


def release(project: Project, number: int, *, site_url: str | None = None) -> ReleaseResult:
    """Publish monitor ``number``: write ``datapackage/<N>/`` and build ``site/<N>/``."""
    data = load_release(project, number)
    meta = data.monitor
    if meta.status != "approved":
        raise PublishError(
            f"{project.rel(project.monitors / str(number) / 'monitor.yaml')}: monitor {number} "
            f"has status '{meta.status}'; only an approved monitor is released. Set "
            "status: approved with approval: {date, by} once the figures are approved."
        )
    site_url = site_url or os.environ.get("LVV_SITE_URL") or data.publication.site_url
    with (
        _staging(project.package_dir(number)) as pkg_stage,
        _staging(project.site_dir(number)) as site_stage,
    ):
        descriptor = write_package(data, pkg_stage)
        errors = validate_package(descriptor)
        if errors:  # a bug in our writer, not in the input: stop before publishing anything
            raise LvvError(
                "the data package did not pass frictionless validation:\n  " + "\n  ".join(errors)
            )
        package = read_package(pkg_stage, validate=False)
        build_site(package, meta, site_stage, site_url=site_url)
        _swap([(pkg_stage, project.package_dir(number)), (site_stage, project.site_dir(number))])
    obs = data.observations
    return ReleaseResult(
        number=number,
        package_dir=project.package_dir(number),
        site_dir=project.site_dir(number),
        observations=len(obs),
        unknown=int(obs["value"].isna().sum()),
    )


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
