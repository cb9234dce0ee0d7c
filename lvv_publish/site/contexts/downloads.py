"""The downloads page of a release (``downloads.md``): every file, its size and hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...dutch import decimal_text
from ...package import PublishedPackage
from ..downloads import Download, Recipe, download, series
from ..formatting import RECORDED, input_link
from .release import ReleaseInfo


@dataclass(frozen=True)
class DownloadFile:
    """One file of the downloads folder: ``name`` is its path there (``gemeenten/emmen.csv``),
    ``size`` its size in kB written the Dutch way (``30,7 kB``)."""

    name: str
    description: str
    bytes: int
    size: str
    sha256: str


@dataclass(frozen=True)
class DownloadGroup:
    title: str
    files: list[DownloadFile]


@dataclass(frozen=True)
class DownloadsContext:
    """Context of ``downloads.md.j2``: every file of ``/<N>/downloads/``.

    ``release``: the release; ``package_name``: the data package's name, which the file names
    start with; ``license_title`` and ``license_path``: its licence; ``groups``: the files by
    group, each with its size and SHA-256; ``recipes``: the code that reads the CSV files with
    the right types (``downloads.RECIPES``); ``file_count``: how many files there are;
    ``jsonld``: the schema.org Dataset of the release, as in ``HomeContext``;
    ``file_limit``: the largest site-wide file the site publishes (``50 MB``, from
    ``downloads.FILE_WARNING``); ``workbook_rows``: the most rows of the long series' workbook
    (``100.000``, from ``WORKBOOK_MAX_ROWS``). The page states both, so they come from the code
    that keeps to them.
    """

    release: ReleaseInfo
    package_name: str
    license_title: str
    license_path: str
    groups: list[DownloadGroup] = field(default_factory=list)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    file_count: int = 0
    jsonld: dict[str, Any] | None = None
    file_limit: str = ""
    workbook_rows: str = ""


# The groups of the downloads page, in order (keys as downloads.build_downloads sets them).
DOWNLOAD_GROUPS = (
    ("excel", "Voor Excel en LibreOffice"),
    ("programs", "Voor programma's"),
    ("municipalities", "Per gemeente"),
    ("package", "Het datapakket en de controlesommen"),
    ("versions", "Eerdere versies van deze uitgave (vóór een correctie)"),
    ("cite", "Citeren"),
)


def kilobytes(size: int) -> str:
    """``30,7 kB`` (1 kB = 1000 bytes), with a decimal comma."""
    return decimal_text(Fraction(size, 1000), 1) + " kB"


def downloads_context(
    package: PublishedPackage,
    info: ReleaseInfo,
    files: list[Download],
    recipes: dict[str, Recipe] | None = None,
) -> DownloadsContext:
    """The downloads (``downloads.build_downloads``) grouped for the page, with size and hash."""
    groups = []
    for key, title in DOWNLOAD_GROUPS:
        mine = [
            DownloadFile(
                name=f.path,
                description=f.description,
                bytes=len(f.data),
                size=kilobytes(len(f.data)),
                sha256=hashlib.sha256(f.data).hexdigest(),
            )
            for f in files
            if f.group == key
        ]
        if mine:
            groups.append(DownloadGroup(title, mine))
    lic = package.descriptor["licenses"][0]
    return DownloadsContext(
        release=info,
        package_name=str(package.descriptor["name"]),
        license_title=str(lic.get("title", lic.get("name"))),
        license_path=input_link(str(lic.get("path", "")), "license.path", RECORDED),
        groups=groups,
        recipes=dict(recipes or {}),
        file_count=len(files),
        # Read when called, so the page follows the limits the files were made under.
        file_limit=megabytes(download.FILE_WARNING),
        workbook_rows=download.thousands(series.WORKBOOK_MAX_ROWS),
    )


def megabytes(size: int) -> str:
    """``50 MB`` (1 MB = 10^6 bytes, as the host states its limits), with a decimal comma
    where the size is not whole megabytes (``12,5 MB``)."""
    value = Fraction(size, 1_000_000)
    return decimal_text(value, 0 if value.denominator == 1 else 1) + " MB"
