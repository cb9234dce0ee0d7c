"""One file of a downloads folder, and the folder's ``SHA256SUMS`` (``sha256sum``'s format);
the host's limits the site's files keep within, and a file compressed with gzip."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

SUMS_NAME = "SHA256SUMS"

# The host's limits (GitHub Pages), in one place: ``publish.site_size`` measures the whole
# site against them after every build, and the site-wide files keep within them.
# "Published GitHub Pages sites may be no larger than 1 GB."
PAGES_SITE_LIMIT = 1_000_000_000
# Warn at 90 % of it: a few more releases must still fit.
SITE_WARNING = 900_000_000
# git push warns about a file over 50 MB (GitHub refuses one over 100 MB): no file of the
# site is larger; a file that would be is published compressed only (``gzipped``).
FILE_WARNING = 50_000_000
GZIP_SUFFIX = ".gz"


def gzipped(data: bytes) -> bytes:
    """``data`` compressed with gzip, the same bytes for the same data: no time and no file
    name in the header (``gzip.compress`` writes none with ``mtime=0``)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


@dataclass(frozen=True)
class Download:
    """One file of the downloads folder: its path there, its bytes and what it holds."""

    path: str
    data: bytes
    group: str
    description: str


def sums_of(files: list[Download]) -> Download:
    """The ``SHA256SUMS`` of a downloads folder holding ``files``."""
    return Download(
        SUMS_NAME,
        sha256sums(files),
        "package",
        "SHA-256 van elk ander bestand in deze map, in het formaat van sha256sum.",
    )


def sha256sums(files: list[Download]) -> bytes:
    """``sha256sum``'s own format: ``<hex>  <path>``, one line per file, sorted by path."""
    lines = [f"{hashlib.sha256(f.data).hexdigest()}  {f.path}\n" for f in files]
    return "".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])).encode("utf-8")


@dataclass(frozen=True)
class Twin:
    """Another form of a site-wide file (its Excel CSV, its workbook): its path, its bytes
    (made only when it is published), what it adds to the description, and the most rows
    it may hold (a worksheet's; ``says_why``: the file says so when it has more)."""

    path: str
    data: Callable[[], bytes | None]
    suffix: str
    max_rows: int
    says_why: bool = False


def site_wide_files(
    name: str, program: bytes, rows: int, group: str, text: str, twins: Sequence[Twin] = ()
) -> list[Download]:
    """The one policy of a file for the whole site that grows with every release (the vintage
    file, the long series; issue 22): compressed always (``<name>.gz``), as it is while it
    keeps within ``FILE_WARNING``, and each twin while it holds the ``rows`` and keeps within
    that limit too (a twin whose ``data`` gives None is left out). ``program`` is the file as
    it is, with its header line; ``text`` describes it."""
    whole = [Download(name + GZIP_SUFFIX, gzipped(program), group, f"{text}; met gzip ingepakt.")]
    if len(program) <= FILE_WARNING:
        whole.append(Download(name, program, group, f"{text}."))
    out: list[Download] = []
    for twin in twins:
        if rows > twin.max_rows:
            if twin.says_why:
                # Excel opens at most 1,048,576 rows and drops the rest without a clear
                # warning: a twin would lose figures.
                whole = [
                    replace(
                        d,
                        description=f"{d.description} Met {thousands(rows)} rijen te groot "
                        f"voor Excel (hooguit {thousands(twin.max_rows)} rijen en een "
                        "kopregel): open het met een programma.",
                    )
                    for d in whole
                ]
            continue
        data = twin.data()
        if data is not None and len(data) <= FILE_WARNING:
            out.append(Download(twin.path, data, group, f"{text}; {twin.suffix}."))
    return whole + out


def thousands(count: int) -> str:
    """``1.638.000``: a count of rows in Dutch notation."""
    return f"{count:,}".replace(",", ".")
