"""Published history never changes (issue 19): each version records when it was published,
to the second, and the vintage file, the feed, the changelogs and the catalogue follow that.

The user's case: release 15.0.0, then 16.0.0, then on the same day, later, a correction of
15 (15.1.0). Ordered by day and version, the correction sorted before 16.0.0 and rewrote
16.0.0's rows of the vintage file; ordered by time it comes after everything before it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.errors import LvvError
from lvv_publish.models import PublishedTime, publication_order
from lvv_publish.publish import build_all, publication_time, release, versions
from lvv_publish.site.formatting import when
from lvv_publish.sources import Project

from ..conftest import RELEASE_15_AT, clock_at, copy_project, epoch
from ..cycle import (
    amsterdam_capacity_15_is_370,
    deliver,
    register_newcomer,
    repeat_with_newcomer,
)
from ..htmltables import page
from ..site.test_catalog import REQUIRED_SHAPES, results, shapes
from ..test_cli import snapshot

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SITE_URL = "https://example.org/lvv"
RELEASE_16_AT = dt.datetime(2026, 12, 1, 10, 15, 0, tzinfo=AMSTERDAM)
CORRECTION_AT = dt.datetime(2026, 12, 1, 16, 40, 0, tzinfo=AMSTERDAM)  # the same day, later
REASON = "Amsterdam meldde na publicatie een capaciteit van 370 plaatsen."
# Amsterdam's capacity in monitor 15: 360 as 15.0.0 and 16.0.0 published it.
AMSTERDAM_15_CAPACITY = ("15", "GM0363", "1")

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def descriptor(root: Path, number: int) -> dict:
    return json.loads((root / f"datapackage/{number}/datapackage.json").read_text())


def rows_of(table: pd.DataFrame, release_: str) -> pd.DataFrame:
    key = ["monitor", "municipality_code", "indicator"]
    mine = table[table["release"] == release_]
    return mine[(mine[key] == list(AMSTERDAM_15_CAPACITY)).all(axis=1)]


@pytest.fixture(scope="module")
def released_16(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """13 and 14 (committed), 15.0.0 (22 November 2026, 14:03:12), and 16, approved on
    1 December 2026 and released that day at 10:15 through the command line, its time given
    by ``SOURCE_DATE_EPOCH``."""
    root = copy_project(tmp_path_factory.mktemp("history") / "project")
    register_newcomer(root)
    invoke("new", "16", "--project", str(root))
    deliver(root, 16, repeat_with_newcomer)
    invoke("compile", "16", "--project", str(root))
    invoke("approve", "16", "--by", "Programmabureau LVV", "--date", "2026-12-01", "-p", str(root))
    args = ("release", "16", "--project", str(root), "--site-url", SITE_URL)
    invoke(*args, env={"SOURCE_DATE_EPOCH": epoch(RELEASE_16_AT)})
    return root


def test_source_date_epoch_is_the_time_and_a_release_again_keeps_it(released_16, tmp_path):
    assert descriptor(released_16, 16)["published"] == "2026-12-01T10:15:00+01:00"
    assert descriptor(released_16, 15)["published"] == "2026-11-22T14:03:12+01:00"
    root = tmp_path / "project"
    shutil.copytree(released_16, root)
    before = (root / "datapackage/16/datapackage.json").read_bytes()
    args = ("release", "16", "--project", str(root), "--site-url", SITE_URL)
    output = invoke(*args, env={"SOURCE_DATE_EPOCH": epoch(CORRECTION_AT)})
    assert "nothing was rewritten" in output
    assert (root / "datapackage/16/datapackage.json").read_bytes() == before


def test_a_correction_later_that_day_leaves_every_earlier_row_as_it_was(
    released_16, tmp_path, monkeypatch
):
    root = tmp_path / "project"
    shutil.copytree(released_16, root)
    vintage = root / "site/downloads/alle-uitgaven.csv"
    before = vintage.read_bytes().splitlines(keepends=True)
    amsterdam_capacity_15_is_370(root)

    def made_anew(*args, **kwargs):
        raise AssertionError("the vintage file was made anew, not appended")

    with monkeypatch.context() as m:  # the correction comes last: its rows are appended
        m.setattr(versions, "vintage_downloads", made_anew)
        result = release(
            Project(root), 15, correct=REASON, site_url=SITE_URL, clock=clock_at(CORRECTION_AT)
        )
    assert result.version == "15.1.0"
    after = vintage.read_bytes().splitlines(keepends=True)
    assert after[: len(before)] == before  # every row of every earlier version, byte for byte
    header, added = after[0], after[len(before) :]
    new = pd.read_csv(io.BytesIO(header + b"".join(added)), dtype=str, keep_default_na=False)
    assert set(new["release"]) == {"15.1.0"}
    assert set(new["release_date"]) == {"2026-12-01"}
    assert set(new["published"]) == {"2026-12-01T16:40:00+01:00"}
    # The correction is compared with the version published last before it: 16.0.0.
    row = rows_of(new, "15.1.0").iloc[0]
    assert (row["value"], row["revised"]) == ("370", "true")
    assert (row["previous_release"], row["previous_value"]) == ("16.0.0", "360")
    # ...and 16.0.0 still says what it published, compared with 15.0.0: no revision.
    table = pd.read_csv(vintage, dtype=str, keep_default_na=False)
    row = rows_of(table, "16.0.0").iloc[0]
    assert (row["value"], row["revised"], row["previous_release"]) == ("360", "false", "15.0.0")
    assert set(table.loc[table["release"] == "16.0.0", "published"]) == {
        "2026-12-01T10:15:00+01:00"
    }
    # Versions published before times were recorded have none: 13 and 14 (and their
    # corrections), in the file as before.
    timeless = table.loc[table["published"] == "", "release"]
    assert set(timeless) == {"13.0.0", "13.1.0", "14.0.0", "14.1.0"}
    # Made anew from every package: the same bytes.
    shutil.rmtree(root / "site/downloads")
    build_all(Project(root), site_url=SITE_URL)
    assert vintage.read_bytes() == b"".join(after)


@pytest.fixture(scope="module")
def corrected(released_16, tmp_path_factory) -> Path:
    """``released_16`` with 15 corrected on 1 December 2026 at 16:40."""
    root = tmp_path_factory.mktemp("corrected") / "project"
    shutil.copytree(released_16, root)
    amsterdam_capacity_15_is_370(root)
    release(Project(root), 15, correct=REASON, site_url=SITE_URL, clock=clock_at(CORRECTION_AT))
    return root


def test_the_package_records_the_correction_time_and_keeps_the_release_time(corrected):
    desc = descriptor(corrected, 15)
    assert desc["version"] == "15.1.0"
    assert desc["published"] == RELEASE_15_AT.isoformat()  # when 15.0.0 was published
    correction = desc["corrections"][-1]
    assert (correction["date"], correction["published"]) == (
        "2026-12-01",
        "2026-12-01T16:40:00+01:00",
    )
    # The committed corrections of 13 and 14 have no time, and get none.
    assert "published" not in descriptor(corrected, 14)["corrections"][-1]
    kept = json.loads((corrected / "datapackage/15/versies/15.0.0/datapackage.json").read_text())
    assert kept["published"] == RELEASE_15_AT.isoformat() and "corrections" not in kept


def test_the_feed_puts_the_correction_first_with_its_time(corrected):
    feed = feedparser.parse((corrected / "site/feed.xml").read_bytes())
    assert not feed.bozo
    entries = [(e.id, e.updated, e.published) for e in feed.entries[:3]]
    assert entries == [
        (f"{SITE_URL}/15/#versie-15.1.0", "2026-12-01T16:40:00+01:00", "2026-12-01T16:40:00+01:00"),
        (f"{SITE_URL}/16/", "2026-12-01T10:15:00+01:00", "2026-12-01T10:15:00+01:00"),
        # The committed corrections of 13 and 14: a day, at midnight UTC.
        (f"{SITE_URL}/14/#versie-14.1.0", "2026-11-24T00:00:00+00:00", "2026-11-24T00:00:00+00:00"),
    ]
    assert feed.feed.updated == "2026-12-01T16:40:00+01:00"


def test_the_pages_show_when_it_was_published(corrected):
    _, text = page(corrected / "site/15/index.html")
    assert "Gecorrigeerd op 1 december 2026" in text  # the notice: the day (issue 20)
    _, text = page(corrected / "site/15/wijzigingen/index.html")
    assert "Versie 15.1.0 (1 december 2026, 16:40)" in text
    _, text = page(corrected / "site/16/wijzigingen/index.html")
    # Oldest first, in the order they were published: 13.1.0 and 14.1.0 (a day), then 15.1.0.
    shown = [
        text.index("Uitgave 13, versie 13.1.0 (24 november 2026)"),
        text.index("Uitgave 14, versie 14.1.0 (24 november 2026)"),
        text.index("Uitgave 15, versie 15.1.0 (1 december 2026, 16:40)"),
    ]
    assert shown == sorted(shown)
    _, text = page(corrected / "site/15/downloads/index.html")
    assert "Versie 15.0.0, zoals die op 22 november 2026, 14:03 gepubliceerd was" in text


def test_the_catalogue_dates_each_version_to_the_second(corrected):
    g = Graph().parse(corrected / "site/catalog.ttl", format="turtle")

    def dated(number: int, prop: URIRef) -> Literal:
        value = g.value(URIRef(f"{SITE_URL}/{number}/#dataset"), prop)
        assert isinstance(value, Literal)
        return value

    assert dated(15, DCTERMS.issued) == Literal(RELEASE_15_AT.isoformat(), datatype=XSD.dateTime)
    assert dated(15, DCTERMS.modified) == Literal(
        "2026-12-01T16:40:00+01:00", datatype=XSD.dateTime
    )
    assert dated(16, DCTERMS.issued) == dated(16, DCTERMS.modified)
    assert dated(14, DCTERMS.modified) == Literal("2026-11-24", datatype=XSD.date)
    series = URIRef(f"{SITE_URL}/#reeks")
    assert g.value(series, DCTERMS.modified) == dated(15, DCTERMS.modified)


def test_the_catalogue_with_times_and_days_is_valid_dcat_ap_nl(corrected):
    g = Graph().parse(corrected / "site/catalog.ttl", format="turtle")
    for name in REQUIRED_SHAPES:  # skipped without the shapes (LVV_DCAT_SHAPES)
        assert results(g, shapes(name)) == [], name


def test_an_unchanged_release_after_the_correction_rewrites_nothing(corrected, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(corrected, root)
    packages = {p: p.read_bytes() for p in (root / "datapackage").rglob("*") if p.is_file()}
    for number in (15, 16):
        later = clock_at(CORRECTION_AT + dt.timedelta(days=3))
        result = release(Project(root), number, site_url=SITE_URL, clock=later)
        assert result.changed == (), number
    assert {p: p.read_bytes() for p in (root / "datapackage").rglob("*") if p.is_file()} == packages


# --- the clock ---------------------------------------------------------------------------


def test_the_publication_time_is_amsterdam_time_to_the_second(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    summer = dt.datetime(2024, 5, 20, 12, 3, 12, 999_999, tzinfo=dt.UTC)
    assert publication_time(clock_at(summer)).isoformat() == "2024-05-20T14:03:12+02:00"
    winter = dt.datetime(2024, 11, 20, 12, 3, 12, tzinfo=dt.UTC)
    assert publication_time(clock_at(winter)).isoformat() == "2024-11-20T13:03:12+01:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(summer))
    assert publication_time().isoformat() == "2024-05-20T14:03:12+02:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    with pytest.raises(LvvError, match="SOURCE_DATE_EPOCH='gisteren' is not a time"):
        publication_time()
    with pytest.raises(LvvError, match="without a time zone"):
        publication_time(clock_at(dt.datetime(2024, 5, 20, 14, 3)))


def test_on_one_day_versions_without_a_time_come_first():
    """They were published before lvv-publish recorded times, so before any that has one."""
    day = dt.date(2026, 12, 1)
    early = dt.datetime(2026, 12, 1, 0, 0, 1, tzinfo=AMSTERDAM)
    timeless, timed = PublishedTime(day), PublishedTime(day, early)
    assert publication_order(timeless, "16.0.0") < publication_order(timed, "15.1.0")
    assert publication_order(timed, "15.1.0") < publication_order(
        PublishedTime(day, early), "16.0.0"
    )
    assert publication_order(PublishedTime(dt.date(2026, 11, 30), None), "17.0.0") < (
        publication_order(timeless, "13.0.0")
    )


def test_the_pages_write_the_time_the_dutch_way():
    at = dt.datetime(2024, 5, 20, 14, 3, 12, tzinfo=AMSTERDAM)
    assert when(PublishedTime(at.date(), at)) == "20 mei 2024, 14:03"
    assert when(PublishedTime(dt.date(2024, 5, 20))) == "20 mei 2024"  # no time recorded


def test_a_version_dated_before_a_published_one_is_refused(released_16, tmp_path):
    # SOURCE_DATE_EPOCH left set to an old time (or a clock set back): the correction would
    # sort before 16.0.0, which it follows, and rewrite 16.0.0's rows of the vintage file.
    root = Path(shutil.copytree(released_16, tmp_path / "project"))
    amsterdam_capacity_15_is_370(root)
    before = {p: p.read_bytes() for p in (root / "datapackage").rglob("*") if p.is_file()}
    back = dt.datetime(2026, 11, 30, 9, 0, 0, tzinfo=AMSTERDAM)
    result = runner.invoke(
        app,
        ["release", "15", "--project", str(root), "--correct", REASON],
        env={"SOURCE_DATE_EPOCH": epoch(back)},
    )
    assert result.exit_code == 2, result.output
    assert (
        f"the publication time 2026-11-30T09:00:00+01:00 (SOURCE_DATE_EPOCH is set to "
        f"{epoch(back)}: unset it) is before that of version 16.0.0 (2026-12-01T10:15:00+01:00)"
    ) in result.output
    assert {p: p.read_bytes() for p in (root / "datapackage").rglob("*") if p.is_file()} == before


LATE_CORRECTION_AT = dt.datetime(2026, 12, 1, 23, 30, 0, tzinfo=AMSTERDAM)  # 2 Dec in Kiritimati


def test_a_correction_is_the_same_in_every_time_zone(released_16, tmp_path, monkeypatch):
    """Dates and times are Amsterdam's, whatever zone the machine is in: the same correction
    made at the same moment on a machine in Los Angeles and one in Kiritimati (where it is
    already the next day) gives the same files."""
    trees = []
    try:
        for zone in ("America/Los_Angeles", "Pacific/Kiritimati"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            root = tmp_path / zone.replace("/", "-") / "project"
            shutil.copytree(released_16, root)
            amsterdam_capacity_15_is_370(root)
            release(
                Project(root),
                15,
                correct=REASON,
                site_url=SITE_URL,
                clock=clock_at(LATE_CORRECTION_AT),
            )
            trees.append(snapshot(root))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert trees[0] == trees[1]
    vintage = (root / "site/downloads/alle-uitgaven.csv").read_text(encoding="utf-8")
    assert "\n15.1.0,2026-12-01," in vintage and "2026-12-01T23:30:00+01:00" in vintage
