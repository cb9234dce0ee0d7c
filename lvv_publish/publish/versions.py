"""What the whole site shares: the version index and ``latest/``, the root pages, the
catalogue, feed and sitemap, and the site-wide downloads (the vintage file of every release).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import LvvError
from ..models import PublishedTime, publication_order, web_address
from ..package import earlier_versions, published_time, read_package
from ..site import (
    SITE_DOWNLOADS,
    Download,
    appended_vintage,
    not_found_page,
    release_of,
    root_files,
    vintage_downloads,
    with_policy,
)
from ..sources import Project, load_monitor, load_publication
from .stamps import downloads_stamp, is_current, tool_digest, write_stamp
from .transaction import checkpoint, same_tree, staging, swap, write_atomic


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


def update_versions(
    project: Project, *, copy_latest: bool = True, site_url: str | None = None
) -> list[str]:
    """Write ``site/versions.json`` (mike's format), ``site/latest/``, ``site/index.html`` and
    ``site/404.html``, the catalogue, feed, sitemap and ``robots.txt`` of the whole site
    (``catalog.py``) and the site-wide ``site/downloads/`` (the vintage file of every
    release); return what was (re)written or removed.

    Material's version selector reads ``../versions.json``; ``latest`` is a copy of the newest
    version, so that ``/latest/downloads/…`` is a stable address. ``copy_latest=False`` when
    the caller has already moved ``latest`` into place. ``404.html`` is what GitHub Pages
    shows for any missing address. ``site_url`` as resolved by the caller: without one, the
    files that need absolute addresses are removed.
    """
    checkpoint("versions-index")
    numbers = [n for n in project.released_numbers() if project.site_dir(n).is_dir()]
    changed: list[str] = []
    if not numbers:
        return changed
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
    if copy_latest and not same_tree(project.site_dir(newest), project.site / "latest"):
        with staging(project.site / "latest") as stage:
            shutil.rmtree(stage)
            shutil.copytree(project.site_dir(newest), stage)
            swap([(stage, project.site / "latest")], project.root)
        changed.append(project.rel(project.site / "latest"))
    files: dict[str, str | None] = {
        "versions.json": json.dumps(versions, indent=2) + "\n",
        "index.html": with_policy(REDIRECT),
        "404.html": not_found_page(site_url),
        **root_files(project, numbers, site_url),
    }
    for name, text in files.items():
        path = project.site / name
        if text is None:
            if path.exists():
                path.unlink()
                changed.append(project.rel(path))
        elif write_atomic(path, text):
            changed.append(project.rel(path))
    if update_site_downloads(project):
        changed.append(project.rel(project.site / SITE_DOWNLOADS))
    return changed


def update_site_downloads(project: Project) -> bool:
    """Make ``site/downloads/`` from every published package, unless its stamp shows it was
    made from exactly these packages (at national scale the vintage file has millions of
    rows); True if it changed.

    When the packages since are new releases or corrections that come after every release
    in the file, their rows are appended (``downloads.appended_vintage``) instead of making
    the file anew; ``.lvv-releases.json`` records what the file holds for that.
    """
    target = project.site / SITE_DOWNLOADS
    releases = _published_releases(project)
    stamp = downloads_stamp({r.version: r.digest for r in releases})
    if is_current(target, stamp):
        return False
    record = {
        "tool": tool_digest(),
        "releases": {r.version: {"descriptor": r.digest, "monitors": r.monitors} for r in releases},
    }
    files = _appended_site_downloads(target, releases)
    if files is None:
        files = vintage_downloads([release_of(read_package(r.path)) for r in releases])
    rows = files[0].data.count(b"\n") - 1
    with staging(target) as stage:
        for f in files:
            (stage / f.path).write_bytes(f.data)
        text = json.dumps({**record, "rows": rows}, indent=1, sort_keys=True) + "\n"
        (stage / RELEASES_RECORD).write_text(text, encoding="utf-8")
        write_stamp(stage, stamp)
        if same_tree(stage, target):
            return False
        swap([(stage, target)], project.root)
    return True


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


def _published_releases(project: Project) -> list[_PublishedRelease]:
    """Every published version of every release (earlier versions of corrected ones too),
    from the descriptors and the small monitors tables, without reading the figures."""
    out = []
    for n in project.released_numbers():
        folder = project.package_dir(n)
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
    target: Path, releases: list[_PublishedRelease]
) -> list[Download] | None:
    """The site-wide downloads by appending the releases that are new since ``target`` was
    made, or None when that cannot give the bytes of making them anew."""
    try:
        record = json.loads((target / RELEASES_RECORD).read_text(encoding="utf-8"))
        published = {p.name: p.read_bytes() for p in target.iterdir() if not p.name.startswith(".")}
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
        [release_of(read_package(r.path)) for r in context],
        [release_of(read_package(r.path)) for r in new],
    )


def _order(release: _PublishedRelease) -> tuple[object, ...]:
    """The order of the vintage file: as published (``downloads.vintage_table``)."""
    return publication_order(release.time, release.version)


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
