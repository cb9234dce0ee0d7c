"""The whole site's size against its host's limits (issue 22): GitHub Pages publishes a site
of at most 1 GB, and git warns about a file over 50 MB and refuses one over 100 MB.

``build --all`` and ``release`` print ``site_size`` of ``site/`` after their swap, with a
warning when the site or a file comes near a limit. The limits are in one place,
``site/downloads/download.py`` (the site-wide files keep within them); ``docs/site.md``
states them and how the site keeps within them.
"""

from __future__ import annotations

import heapq
import os
from dataclasses import dataclass
from pathlib import Path

from .. import site as _site
from ..site import PAGES_SITE_LIMIT

# The largest files a report names.
LARGEST = 5


@dataclass(frozen=True)
class SiteSize:
    """What ``site/`` holds: ``size`` in bytes over ``files`` files; ``largest``, its
    largest files (path from ``site/``, bytes), largest first; ``warnings``, one sentence
    per limit it comes near (empty when it keeps well within them)."""

    size: int
    files: int
    largest: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]


def site_size(
    site: Path, *, site_warning: int | None = None, file_warning: int | None = None
) -> SiteSize:
    """Measure ``site`` (every regular file below it; a symbolic link is not followed) and
    judge it against the limits (``site_warning`` and ``file_warning`` in bytes; by default
    ``site.SITE_WARNING`` and ``site.FILE_WARNING``)."""
    site_warning = _site.SITE_WARNING if site_warning is None else site_warning
    file_warning = _site.FILE_WARNING if file_warning is None else file_warning
    sizes = _files(site)
    total = sum(n for _, n in sizes)
    largest = tuple(heapq.nsmallest(LARGEST, sizes, key=lambda s: (-s[1], s[0])))
    warnings = []
    if total > site_warning:
        warnings.append(
            f"the site is {megabytes(total)}, over {megabytes(site_warning)}: GitHub Pages "
            f"publishes at most {megabytes(PAGES_SITE_LIMIT)}. `lvv-publish docs site` (the "
            "host's limits) says what takes the room."
        )
    big = [(p, n) for p, n in sizes if n > file_warning]
    for name, n in sorted(big, key=lambda s: (-s[1], s[0])):
        warnings.append(
            f"{name} is {megabytes(n)}, over {megabytes(file_warning)}: git warns about a "
            "file this large and refuses one over 100 MB."
        )
    return SiteSize(total, len(sizes), largest, tuple(warnings))


def _files(site: Path) -> list[tuple[str, int]]:
    """Every regular file below ``site`` (symbolic links not followed) with its size, as (path
    from ``site``, bytes). ``os.scandir`` rather than ``os.walk`` with ``Path``: a directory
    entry knows its type without a system call and is cheap to name, which matters over the
    138,000 files of a 350 x 40 site (``benchmarks/paired.py`` times the release that
    measures it)."""
    root = os.fspath(site)
    cut = len(os.path.join(root, ""))
    sizes: list[tuple[str, int]] = []
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    sizes.append((entry.path, entry.stat(follow_symlinks=False).st_size))
    return [(path[cut:].replace(os.sep, "/"), size) for path, size in sizes]


def megabytes(size: int) -> str:
    """``size`` bytes in MB (10^6 bytes, as GitHub states its limits): ``'912.4 MB'``;
    under 1 MB in kB (``'12.3 kB'``)."""
    if size < 1_000_000:
        return f"{size / 1e3:.1f} kB"
    return f"{size / 1e6:.1f} MB"
