"""The release calendar: ``next_publication`` in publication.yaml on every page, on the home
page, in the Atom feed and in ``site/kalender.ics``."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import feedparser
import pytest
import yaml
from icalendar import Calendar
from pydantic import ValidationError
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.models import NextPublication, Publication
from lvv_publish.site.catalog import CALENDAR, release_calendar

from ..conftest import ROOT, copy_project

SITE_URL = "https://example.org/lvv"
HOSTILE = "Vertraagde levering <script>alert(1)</script> & *nadruk* [x](javascript:alert(1))"
NEXT = {"date": "2027-03-16", "previous_date": "2027-03-02", "reason": HOSTILE}

runner = CliRunner()


def publication(**changes: object) -> Publication:
    data = yaml.safe_load((ROOT / "monitors" / "publication.yaml").read_text(encoding="utf-8"))
    return Publication.model_validate({**data, **changes})


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 15 with a site URL and a next release that moved, with a hostile reason."""
    root = copy_project(tmp_path_factory.mktemp("calendar") / "project")
    path = root / "monitors" / "publication.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, "next_publication": NEXT}), encoding="utf-8")
    result = runner.invoke(app, ["release", "15", "--project", str(root), "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    return root


def test_a_moved_date_needs_the_previous_date_and_a_reason():
    assert NextPublication(date=dt.date(2027, 3, 2)).previous_date is None
    with pytest.raises(ValidationError):
        NextPublication(date=dt.date(2027, 3, 16), previous_date=dt.date(2027, 3, 2))
    with pytest.raises(ValidationError):
        NextPublication(date=dt.date(2027, 3, 16), reason="later")
    with pytest.raises(ValidationError):
        NextPublication(date=dt.date(2027, 3, 2), previous_date=dt.date(2027, 3, 2), reason="x")
    with pytest.raises(ValidationError):  # strict: a date, not a loose string
        publication(next_publication={"date": "volgende week"})


def test_the_calendar_holds_the_date_and_is_the_same_for_the_same_input():
    pub = publication(next_publication=NEXT)
    stamp = dt.datetime(2026, 12, 1, 16, 40, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    text = release_calendar(pub, stamp, SITE_URL)
    assert text is not None
    assert release_calendar(pub, stamp, SITE_URL) == text
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2027, 3, 16)
    assert event.decoded("dtend") == dt.date(2027, 3, 17)
    assert event.decoded("dtstamp") == stamp
    assert str(event["uid"]) == "lvv-monitor-2027-03-16@lvv-publish"
    assert "2 maart 2027" in str(event["description"])
    assert HOSTILE in str(event["description"])
    assert release_calendar(publication(), stamp, SITE_URL) is None
    # Free text with line breaks and control characters: one line, read back as written.
    pub = publication(title="LVV\nMonitor\x00", next_publication={**NEXT, "reason": "a\r\nb"})
    (event,) = Calendar.from_ical(release_calendar(pub, stamp, SITE_URL)).walk("VEVENT")
    assert str(event["summary"]) == "Nieuwe uitgave LVV Monitor"
    assert str(event["description"]).endswith("Reden: a b")


def test_kalender_ics_is_at_the_root_with_the_date(moved):
    cal = Calendar.from_ical((moved / "site" / CALENDAR).read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2027, 3, 16)
    assert str(event["url"]) == f"{SITE_URL}/latest/"
    # Not the time of the build: when the newest version was published.
    assert event.decoded("dtstamp").year == 2026


def test_every_page_shows_the_moved_date_with_its_reason_escaped(moved):
    site = moved / "site"
    pages = [site / v / p for v in ("13", "15") for p in ("index.html", "methode/index.html")]
    pages += [site / "15" / "404.html", site / "15" / "gemeenten" / "amsterdam" / "index.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('class="md-copyright lvv-footer"') :]
        assert '<time datetime="2027-03-16">16 maart 2027</time>' in footer, page
        assert "eerder aangekondigd: 2 maart 2027" in footer, page
        assert html.escape(HOSTILE, quote=False) in footer, page
        assert "<script>alert" not in text, page
        assert "kalender.ics" in footer, page


def test_the_home_page_and_the_feed_say_it(moved):
    site = moved / "site"
    home = (site / "15" / "index.html").read_text(encoding="utf-8")
    main = home[home.index("<article") : home.index("</article>")]
    assert "De volgende uitgave verschijnt op <strong>16 maart 2027</strong>" in main
    assert "eerder\naangekondigd was 2 maart 2027" in main
    assert "<script>alert" not in main and 'href="javascript:' not in main
    assert 'href="../kalender.ics"' in main
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert "De volgende uitgave van LVV Monitor verschijnt op 16 maart 2027." in feed.feed.subtitle
    assert f"{SITE_URL}/kalender.ics" in [link.href for link in feed.feed.links]


def test_without_an_announced_date_there_is_no_calendar(released):
    site = released / "site"
    assert not (site / CALENDAR).exists()
    assert "Volgende uitgave" not in (site / "15" / "index.html").read_text(encoding="utf-8")
