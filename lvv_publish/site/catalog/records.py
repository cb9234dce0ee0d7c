"""What each release holds, as the catalogue, the feed and the sitemap describe it.

``release_records`` reads a release's data package, its ``monitor.yaml`` and the files of
``site/<N>/downloads/``; everything else in ``catalog/`` is a pure function of these records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...models import Correction, PublishedTime
from ...package import first_published, read_monitors, recorded_corrections
from ...sources import Project, load_monitor

# The downloads described as distributions, by extension: (EU file type, IANA media type).
FORMATS = {
    ".csv": ("CSV", "text/csv"),
    ".json": ("JSON", "application/json"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
DESCRIPTOR = "datapackage.json"
# Files of the downloads folder that are not the data: how to cite it (downloads/citation.py).
NOT_DATA = frozenset({"citeer.json"})


def is_data(name: str) -> bool:
    """Is the file ``name`` of a downloads folder (no sub-folder) one of the data's files?"""
    return Path(name).suffix in FORMATS and name not in NOT_DATA


# Release number -> (package folder, site folder) staged to replace the published ones.
Staged = Mapping[int, tuple[Path, Path]]


@dataclass(frozen=True)
class Download:
    """One file of ``site/<N>/downloads/``."""

    name: str
    bytes: int
    sha256: str | None
    title: str | None = None
    description: str | None = None

    @property
    def media_type(self) -> str:
        return FORMATS[Path(self.name).suffix][1]


@dataclass(frozen=True)
class ReleaseRecord:
    """One release as the catalogue, the feed and the sitemap describe it.

    ``published``: when its first version was published (the approval date for a release
    published before the time was recorded); ``period_start``/``period_end``: the span of
    every monitor the release carries; ``pages``: the page addresses of its site, relative to
    the version's root (``downloads`` and ``pages`` are empty in the records of a site
    without an address, ``release_records(..., files=False)``).
    """

    number: int
    title: str
    description: str
    version: str
    published: PublishedTime
    period_start: dt.date
    period_end: dt.date
    peildatum: dt.date
    keywords: tuple[str, ...]
    corrections: tuple[Correction, ...]
    downloads: tuple[Download, ...]
    pages: tuple[str, ...]

    @property
    def modified(self) -> PublishedTime:
        """When its current version was published: the last correction's time, else
        ``published``."""
        return self.corrections[-1].time if self.corrections else self.published


def downloads_in(folder: Path, descriptor: dict[str, Any]) -> tuple[Download, ...]:
    """The files directly in ``folder`` that are data (by extension), named after the
    package's resources where they are one. Checksum files and sub-folders are left out."""
    resources = {r["path"]: r for r in descriptor.get("resources", [])}
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_file() or not is_data(path.name):
            continue
        data = path.read_bytes()
        res = resources.get(path.name, {})
        out.append(
            Download(
                name=path.name,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                title=res.get("title"),
                description=res.get("description"),
            )
        )
    return tuple(out)


def site_pages(version_dir: Path) -> tuple[str, ...]:
    """Every page of a built version, as addresses relative to its root (``""``,
    ``"gemeenten/amsterdam/"``); assets, downloads and the 404 page are not pages.

    A release lists the pages of every version (the sitemap), some 3,500 files each at 350
    municipalities: ``os.scandir``, not ``Path.rglob``, and neither ``assets/`` nor the
    folders below ``downloads/`` are entered."""
    pages = []
    folders = [(os.fspath(version_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not entered
                    skipped = prefix == "downloads/" or (not prefix and entry.name == "assets")
                    if not skipped:
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.name.endswith(".html") and entry.name != "404.html":
                    address = prefix if entry.name == "index.html" else prefix + entry.name
                    pages.append(address)
    return tuple(sorted(pages))


def release_records(
    project: Project,
    numbers: Sequence[int],
    staged: Staged | None = None,
    *,
    files: bool = True,
) -> list[ReleaseRecord]:
    """The records of the released ``numbers`` whose site has been built, oldest first.

    ``staged``: by number, the package and site folders about to be published in place of
    ``datapackage/<N>`` and ``site/<N>`` (a release describes itself before it is live).
    ``files=False``: without the downloads and pages (left empty), which only the files with
    absolute addresses need (catalogue, feed, sitemap): a site without an address has none,
    and at 350 municipalities x 40 versions listing them means reading some 47,000 pages'
    folders and every version's downloads on every release."""
    records = []
    for n in sorted(numbers):
        folder, site = (staged or {}).get(n, (project.package_dir(n), project.site_dir(n)))
        desc, monitors = read_monitors(folder)
        meta = load_monitor(project.monitors, n)
        records.append(
            ReleaseRecord(
                number=n,
                title=str(desc.get("title", meta.title)),
                description=str(desc.get("description", "")),
                version=str(desc["version"]),
                published=first_published(desc),
                period_start=min(monitors["period_start"]),
                period_end=max(monitors["period_end"]),
                peildatum=meta.peildatum,
                keywords=tuple(str(k) for k in desc.get("keywords", [])),
                corrections=recorded_corrections(desc),
                downloads=downloads_in(site / "downloads", desc) if files else (),
                pages=site_pages(site) if files else (),
            )
        )
    return records
