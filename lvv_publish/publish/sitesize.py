"""The whole site's size against its host's limits (issue 22): GitHub Pages publishes a site
of at most 1 GB, and git warns about a file over 50 MB and refuses one over 100 MB.

``build --all`` and ``release`` print ``site_size`` of ``site/`` after their swap, with a
warning when the site or a file comes near a limit. The limits are in one place,
``site/downloads/download.py`` (the site-wide files keep within them); ``docs/site.md``
states them and how the site keeps within them.
"""

from __future__ import annotations

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
    sizes: list[tuple[str, int]] = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                continue
            sizes.append((path.relative_to(site).as_posix(), path.stat().st_size))
    total = sum(n for _, n in sizes)
    largest = tuple(sorted(sizes, key=lambda s: (-s[1], s[0]))[:LARGEST])
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


def megabytes(size: int) -> str:
    """``size`` bytes in MB (10^6 bytes, as GitHub states its limits): ``'912.4 MB'``;
    under 1 MB in kB (``'12.3 kB'``)."""
    if size < 1_000_000:
        return f"{size / 1e3:.1f} kB"
    return f"{size / 1e6:.1f} MB"
