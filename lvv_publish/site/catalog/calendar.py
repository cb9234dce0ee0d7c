"""The release calendar: ``site/kalender.ics``, one event on the day of the next release.

Written with icalendar from ``next_publication`` in ``publication.yaml``, and the same bytes
for the same input: the event's UID is made from the publication's name and the date, and its
DTSTAMP is when the newest version was published, not when the file was written.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from ...dutch import date as dutch_date
from ...models import NextPublication, Publication


def _line(text: str) -> str:
    """Free text as one line without control characters: icalendar escapes the text of
    SUMMARY and DESCRIPTION, but refuses a line break in an ``X-`` property such as the
    calendar's name, and a calendar reader shows one line anyway."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def announcement(title: str, nxt: NextPublication) -> str:
    """One Dutch sentence on the next release, with the earlier date and the reason when it
    moved: ``De volgende uitgave van LVV Monitor verschijnt op 15 maart 2027.``"""
    text = f"De volgende uitgave van {title} verschijnt op {dutch_date(nxt.date)}."
    if nxt.previous_date is not None:
        text += f" Eerder aangekondigd: {dutch_date(nxt.previous_date)}. Reden: {nxt.reason}"
    return text


def release_calendar(pub: Publication, stamp: dt.datetime, site_url: str | None) -> str | None:
    """``kalender.ics`` for the next release of ``pub``, or None when none is announced.
    ``stamp``: when the newest version was published (the event's DTSTAMP)."""
    nxt = pub.next_publication
    if nxt is None:
        return None
    cal = Calendar()
    cal.add("prodid", "-//lvv-publish//LVV Monitor//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _line(f"{pub.title}: uitgaven"))
    event = Event()
    event.add("uid", f"{pub.name}-{nxt.date.isoformat()}@lvv-publish")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", nxt.date)
    event.add("dtend", nxt.date + dt.timedelta(days=1))
    event.add("summary", _line(f"Nieuwe uitgave {pub.title}"))
    event.add("description", _line(announcement(pub.title, nxt)))
    event.add("transp", "TRANSPARENT")
    if site_url:
        event.add("url", f"{site_url.rstrip('/')}/latest/")
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")
