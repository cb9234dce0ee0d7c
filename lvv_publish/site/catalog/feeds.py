"""The Atom feed of releases and corrections, the root sitemap and ``robots.txt``.

An entry is dated when its version was published: the recorded time, or midnight UTC of the
day for versions published before the time was recorded.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from ...dutch import date as dutch_date
from ...models import Correction, Publication, PublishedTime
from .calendar import announcement
from .records import ReleaseRecord


def atom_time(time: PublishedTime) -> dt.datetime:
    """Atom dates are date-times: the recorded time, else midnight UTC of the day."""
    return time.at or dt.datetime.combine(time.day, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of the feed: a release (``order`` 0) or its ``order``-th correction,
    published at ``time``."""

    time: PublishedTime
    number: int
    order: int
    id: str
    title: str
    link: str
    summary: str


def feed_entries(records: Sequence[ReleaseRecord], site_url: str) -> list[FeedEntry]:
    """One entry per release and one per correction, the last published first (a correction
    of an older release published after a newer release comes before it)."""
    base = site_url.rstrip("/")
    entries = []
    for rec in records:
        root = f"{base}/{rec.number}/"
        summary = (
            f"Monitor {rec.number} met peildatum {dutch_date(rec.peildatum)}: de cijfers van "
            f"{dutch_date(rec.period_start)} tot en met {dutch_date(rec.period_end)}."
        )
        entries.append(
            FeedEntry(rec.published, rec.number, 0, root, f"Uitgave: {rec.title}", root, summary)
        )
        for order, c in enumerate(rec.corrections, start=1):
            entries.append(
                FeedEntry(
                    time=c.time,
                    number=rec.number,
                    order=order,
                    id=f"{root}#versie-{c.version}",
                    title=f"Correctie: {rec.title}, versie {c.version}",
                    link=root,
                    summary="\n".join([c.reason, *(f"- {x}" for x in change_lines(c))]),
                )
            )
    return sorted(entries, key=lambda e: (e.time.key(), e.number, e.order), reverse=True)


def change_lines(c: Correction) -> list[str]:
    """What a correction changed, a line per figure (``Emmen, indicator 3, monitor 15: 40 →
    41``) and per other change."""

    def shown(value: int | None) -> str:
        return "leeg" if value is None else str(value)

    return [
        f"{x.municipality}, indicator {x.indicator}, monitor {x.monitor}: "
        f"{shown(x.before)} → {shown(x.after)}"
        for x in c.changes
    ] + list(c.other_changes)


def atom_feed(records: Sequence[ReleaseRecord], pub: Publication, site_url: str) -> str:
    """The Atom feed of ``feed_entries`` (feedgen writes and escapes the XML)."""
    base = site_url.rstrip("/")
    entries = feed_entries(records, site_url)
    fg = FeedGenerator()
    fg.id(f"{base}/feed.xml")
    fg.title(f"{pub.title}: uitgaven en correcties")
    nxt = pub.next_publication
    # The release calendar: the next release in the feed's subtitle, the calendar beside it.
    fg.subtitle(pub.description + (f" {announcement(pub.title, nxt)}" if nxt else ""))
    fg.author({"name": pub.publisher})
    fg.link(href=f"{base}/feed.xml", rel="self")
    fg.link(href=f"{base}/latest/", rel="alternate")
    if nxt is not None:
        fg.link(href=f"{base}/kalender.ics", rel="related", type="text/calendar")
    fg.language("nl")
    fg.rights(pub.license.title)
    fg.generator("lvv-publish")  # without a version: the feed changes only with the data
    fg.updated(atom_time(entries[0].time))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e.id)
        fe.title(e.title)
        fe.link(href=e.link)
        fe.published(atom_time(e.time))
        fe.updated(atom_time(e.time))
        fe.summary(e.summary)
    return fg.atom_str(pretty=True).decode("utf-8")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
# The protocol's limit of addresses per sitemap (sitemaps.org; its other limit, 50 MB, is
# some 7 MB at 50,000 of ours). Past it, ``sitemap.xml`` is an index of parts.
SITEMAP_URLS = 50_000
# The parts of an index: ``sitemap-1.xml``, ``sitemap-2.xml`` …
SITEMAP_PART = re.compile(r"sitemap-[1-9][0-9]*\.xml")


def sitemaps(
    records: Sequence[ReleaseRecord],
    site_url: str,
    root_pages: Sequence[str] = (),
    *,
    per_file: int | None = None,
) -> dict[str, str]:
    """The root sitemap, ``{file name: text}``: every page of every version at the address
    the page declares canonical: under its number, the newest as well. ``latest/``'s pages
    send the reader to the newest version and name its ``<N>/`` address as canonical, so it
    is left out: one rule for the pages and the sitemap. ``root_pages``: the site's own pages
    outside the versions (``toegankelijkheid/``), dated as the newest version.

    One file, ``sitemap.xml``, while the addresses are at most ``per_file`` (the protocol's
    ``SITEMAP_URLS``); past it (some 44 versions of 350 municipalities), ``sitemap.xml`` is
    an index of ``sitemap-1.xml`` … with ``per_file`` addresses each in the same order, each
    dated as the newest address of all: a new version's addresses come first and move every
    other one a place on, so every part changes with it."""
    per_file = per_file or SITEMAP_URLS
    base = site_url.rstrip("/")
    urls = [
        (f"{base}/{rec.number}/{page}", rec.modified)
        for rec in reversed(records)
        for page in rec.pages
    ]
    newest = max((rec.modified for rec in records), key=lambda t: t.key())
    urls += [(f"{base}/{page}", newest) for page in root_pages]
    if len(urls) <= per_file:
        return {SITEMAP: _urlset(urls)}
    parts = [urls[i : i + per_file] for i in range(0, len(urls), per_file)]
    files = {f"sitemap-{k}.xml": _urlset(part) for k, part in enumerate(parts, start=1)}
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for name in files:
        entry = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{base}/{name}"
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest.value.isoformat()
    return {SITEMAP: _xml(index), **files}


def _urlset(urls: Sequence[tuple[str, PublishedTime]]) -> str:
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc, time in urls:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = time.value.isoformat()
    return _xml(urlset)


def _xml(root: ET.Element) -> str:
    ET.register_namespace("", SITEMAP_NS)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def robots_txt(site_url: str | None) -> str:
    """Everything may be crawled; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/{SITEMAP}")
    return "\n".join(lines) + "\n"
