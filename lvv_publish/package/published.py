"""What is published: the versions of a release's package, when each was published, its
corrections, and the figures a new release is checked against (the revision base).

When: ``published`` in ``datapackage.json`` is the time the release's first version was
published, each correction records its own; packages published before lvv-publish recorded
times have the day only (``created``, the approval date, and a correction's ``date``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Correction, PublishedTime, publication_order
from ..sources import Cells, Project, cells_of
from .folders import VERSIONS_DIR
from .reader import read_monitors, read_package


def package_files(folder: Path) -> dict[str, bytes]:
    """Every file of a package folder (old versions in ``versies/`` excluded)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != VERSIONS_DIR
    }


@dataclass(frozen=True)
class PublishedVersion:
    """One published version of a release's package: ``datapackage/15/`` or an earlier one
    kept in ``datapackage/15/versies/15.0.0/``."""

    number: int
    version: str
    published: PublishedTime
    path: Path

    @property
    def order(self) -> tuple[object, ...]:
        return publication_order(self.published, self.version)


def earlier_versions(package_dir: Path) -> list[Path]:
    """The folders of the earlier versions of a corrected release (``versies/15.0.0/``),
    oldest first (by version number: 15.10.0 after 15.2.0)."""
    folder = package_dir / VERSIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_dir()),
        key=lambda p: tuple(int(x) for x in p.name.split(".")),
    )


def first_published(descriptor: dict[str, Any]) -> PublishedTime:
    """When the release's first version was published: ``published``, else the day of
    ``created`` (the approval date) for a release published before times were recorded."""
    value = descriptor.get("published")
    if value is not None:
        at = dt.datetime.fromisoformat(str(value))
        return PublishedTime(at.date(), at)
    return PublishedTime(dt.date.fromisoformat(str(descriptor["created"])[:10]))


def published_time(descriptor: dict[str, Any]) -> PublishedTime:
    """When this version of a package was published: its last correction's time, else the
    release's (``first_published``)."""
    corrections = recorded_corrections(descriptor)
    return corrections[-1].time if corrections else first_published(descriptor)


def _version_of(path: Path, number: int) -> PublishedVersion:
    descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    return PublishedVersion(number, str(descriptor["version"]), published_time(descriptor), path)


def revision_base(
    project: Project, number: int, monitors: tuple[int, ...]
) -> dict[int, PublishedVersion]:
    """Per earlier monitor that release ``number`` carries: the published figures it is
    checked against (a difference is a revision and needs a note).

    A release that is already published keeps the base it recorded (``revisionBase`` in its
    datapackage.json), so that correcting an older release later does not change what an
    unchanged re-release finds. Otherwise the base is the most recently published version of
    an earlier release that carries the monitor (a correction included): what ``new`` fills
    the workbook with.
    """
    datapackage = project.datapackage
    own = project.package_dir(number) / "datapackage.json"
    if own.is_file():
        recorded = json.loads(own.read_text(encoding="utf-8")).get("revisionBase")
        if recorded is not None:
            out = {}
            for monitor, version in recorded.items():
                release = int(version.split(".")[0])
                folder = datapackage / str(release)
                current = _version_of(folder, release)
                path = folder if current.version == version else folder / VERSIONS_DIR / version
                out[int(monitor)] = _version_of(path, release)
            return out
    releases = [n for n in project.released_numbers() if n < number]
    candidates = [_version_of(datapackage / str(n), n) for n in releases]
    carried = {v.number: {int(m) for m in read_monitors(v.path)[1]["monitor"]} for v in candidates}
    base = {}
    for monitor in monitors:
        if monitor == number:
            continue
        carrying = [v for v in candidates if monitor in carried[v.number]]
        if carrying:
            base[monitor] = max(carrying, key=lambda v: v.order)
    return base


def base_cells(
    project: Project, number: int, monitors: tuple[int, ...]
) -> tuple[dict[int, Cells], dict[int, str]]:
    """The cells of ``revision_base``: per earlier monitor, the published cells (of that
    monitor) and the package version they come from."""
    base = revision_base(project, number, monitors)
    read: dict[Path, Cells] = {}
    cells: dict[int, Cells] = {}
    for monitor, version in base.items():
        if version.path not in read:
            read[version.path] = cells_of(read_package(version.path).observations)
        cells[monitor] = {k: v for k, v in read[version.path].items() if k[0] == monitor}
    return cells, {monitor: version.version for monitor, version in base.items()}


def recorded_corrections(descriptor: dict[str, Any]) -> tuple[Correction, ...]:
    """The corrections a package's descriptor records, oldest first."""
    return tuple(Correction.model_validate(c) for c in descriptor.get("corrections", []))
