"""Catalogue and search metadata for the whole site: DCAT-AP-NL, Atom, sitemap, robots.txt,
and the schema.org ``Dataset`` on the pages of each version.

``records`` reads what each release holds; ``dcat``, ``feeds`` and ``schemaorg`` are pure
builders (records in, text out). ``root_files`` gives every file of the site's root at once;
without a site URL the files that need absolute addresses are ``None`` (to be removed),
because a wrong address is worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...sources import Project, load_publication
from ..formatting import site_address
from .accessibility import ACCESSIBILITY_PAGE, accessibility_facts, accessibility_page
from .calendar import announcement, release_calendar
from .dcat import ADMS, DCAT, SPDX, catalog_graph, catalog_jsonld, catalog_turtle
from .feeds import SITEMAP, SITEMAP_PART, atom_feed, atom_time, feed_entries, robots_txt, sitemaps
from .records import Download, ReleaseRecord, Staged, release_records
from .schemaorg import dataset_jsonld

__all__ = [
    "ACCESSIBILITY_PAGE",
    "ABSOLUTE_FILES",
    "ADMS",
    "DCAT",
    "SPDX",
    "CALENDAR",
    "Download",
    "accessibility_facts",
    "accessibility_page",
    "ReleaseRecord",
    "announcement",
    "atom_feed",
    "catalog_graph",
    "catalog_jsonld",
    "catalog_turtle",
    "dataset_jsonld",
    "feed_entries",
    "release_calendar",
    "release_records",
    "robots_txt",
    "root_files",
    "sitemaps",
]

ABSOLUTE_FILES = ("catalog.ttl", "catalog.jsonld", "feed.xml", SITEMAP)
# The release calendar: written whenever publication.yaml announces the next release.
CALENDAR = "kalender.ics"


def root_files(
    project: Project, numbers: Sequence[int], site_url: str | None, staged: Staged | None = None
) -> dict[str, str | None]:
    """The files at the root of ``site/``: ``{name: text}``, ``None`` for a file that must
    not exist (without a site URL there are no absolute addresses to give). ``staged`` as
    in ``release_records``."""
    site_url = site_address(site_url)
    files: dict[str, str | None] = {"robots.txt": robots_txt(site_url)}
    records = release_records(project, numbers, staged, files=bool(site_url))
    pub = load_publication(project.monitors)
    if records:
        # When the newest version was published (a correction included): the calendar's
        # DTSTAMP and the build date of the accessibility statement.
        stamp = max(atom_time(r.modified) for r in records)
        files[CALENDAR] = release_calendar(pub, stamp, site_url)
        files[ACCESSIBILITY_PAGE] = accessibility_page(pub, records[-1].number, stamp, site_url)
    else:
        files[CALENDAR] = None
    # The parts of an earlier sitemap index go, unless made again (``feeds.sitemaps``).
    files |= {p.name: None for p in project.site.glob("*.xml") if SITEMAP_PART.fullmatch(p.name)}
    if not site_url or not records:
        return {**files, **dict.fromkeys(ABSOLUTE_FILES)}
    graph = catalog_graph(records, pub, site_url)
    return {
        **files,
        "catalog.ttl": catalog_turtle(graph),
        "catalog.jsonld": catalog_jsonld(graph),
        "feed.xml": atom_feed(records, pub, site_url),
        **sitemaps(records, site_url, (ACCESSIBILITY_PAGE.removesuffix("index.html"),)),
    }
