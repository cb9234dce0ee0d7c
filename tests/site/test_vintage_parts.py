"""The vintage file written one release at a time (issue 22): the same bytes as the table
written whole, in less memory. What the file says is tested in ``test_downloads.py``."""

from __future__ import annotations

import datetime as dt
import gzip
import random
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from lvv_publish.errors import LvvError
from lvv_publish.package import csv_bytes, read_package
from lvv_publish.site.downloads import Release, download, vintage, vintage_table
from lvv_publish.site.downloads.download import Writing, gzipped
from lvv_publish.site.downloads.excel import excel_csv

from ..conftest import ROOT

WHERE = "downloads/alle-uitgaven.csv"


@pytest.fixture(scope="module")
def releases() -> list[Release]:
    """13, 14 and 15 as published, a release without figures, and a correction of 15 that
    changes one figure and makes an unknown one known; given out of order."""
    packages = {n: read_package(ROOT / f"datapackage/{n}") for n in (13, 14, 15)}
    day = dt.date(2026, 11, 22)
    at = dt.datetime(2026, 11, 22, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    corrected = packages[15].observations.copy()
    corrected.loc[corrected.index[3], "value"] = 999
    corrected.loc[corrected["value"].isna().idxmax(), "value"] = 5
    empty = packages[14].observations.iloc[0:0]
    return [
        Release("15.1.0", dt.date(2026, 12, 1), corrected, at + dt.timedelta(days=9)),
        Release("15.0.0", day, packages[15].observations, at),
        Release("13.0.0", day, packages[13].observations),
        Release("14.0.0", day, packages[14].observations),
        Release("14.5.0", day, empty, at - dt.timedelta(hours=1)),  # no figures, in between
        Release("12.0.0", dt.date(2026, 1, 5), empty),  # no figures, first: the header alone
    ]


def whole_table(releases: list[Release]) -> pd.DataFrame:
    """The vintage table as it was made before it was written in parts: every release in
    one frame, each figure compared with its previous row (an independent oracle)."""
    ordered = sorted(releases, key=lambda r: r.order)
    columns = ["monitor", "peildatum", "municipality", "municipality_code", "indicator", "value"]
    frame = pd.concat(
        [
            r.observations.loc[:, columns].assign(
                release=r.version,
                release_date=r.date,
                published=None if r.at is None else r.at.isoformat(timespec="seconds"),
            )
            for r in ordered
        ],
        ignore_index=True,
    )
    grouped = frame.groupby(["monitor", "municipality_code", "indicator"], sort=False)
    frame["previous_release"] = grouped["release"].shift(1)
    frame["previous_value"] = grouped["value"].shift(1)
    value, before = frame["value"], frame["previous_value"]
    changed = (value.isna() != before.isna()) | (value != before).fillna(False)
    frame["revised"] = frame["previous_release"].notna() & changed
    frame = frame.loc[:, [c.name for c in vintage.VINTAGE_COLUMNS]]
    for col in vintage.VINTAGE_COLUMNS:
        frame[col.name] = col.cast(frame[col.name])
    return frame


def test_the_file_written_in_parts_is_the_table_written_whole(releases):
    table = vintage_table(releases)
    pd.testing.assert_frame_equal(table, whole_table(releases))
    assert table["revised"].sum() >= 2  # the correction's two figures at least
    titles = {c.name: c.title for c in vintage.VINTAGE_COLUMNS}
    whole = csv_bytes(table, WHERE)
    files = {d.path: d for d in vintage.vintage_downloads(releases)}
    assert files["alle-uitgaven.csv"].data == whole
    assert files["alle-uitgaven.csv.gz"].data == gzipped(whole)
    assert files["alle-uitgaven.excel.csv"].data == excel_csv(table, titles)
    assert whole.count(b"\n") == len(table) + 1  # one header line
    assert set(table["published"].dropna()) == {
        "2026-11-22T09:30:00+01:00",
        "2026-12-01T09:30:00+01:00",
    }
    # The description names the versions that hold figures, in the file's order.
    assert "(versies 13.0.0, 14.0.0, 15.0.0, 15.1.0)" in files["alle-uitgaven.csv"].description


def test_parts_come_in_the_order_published_one_per_release(releases):
    parts = list(vintage.vintage_parts(releases))
    assert [p["release"].iloc[0] if len(p) else "" for p in parts] == [
        "",
        "13.0.0",
        "14.0.0",
        "",
        "15.0.0",
        "15.1.0",
    ]
    with pytest.raises(LvvError, match="name a version twice"):
        list(vintage.vintage_parts([releases[1], releases[1]]))
    with pytest.raises(LvvError, match="at least one release"):
        vintage.vintage_downloads([])


def test_a_formula_in_a_later_release_is_refused_at_its_row_of_the_whole_file(releases):
    """The row an error names counts the rows of the releases before it (``rows_before``)."""
    obs = releases[1].observations.copy()
    obs["municipality"] = obs["municipality"].astype(object)
    obs.loc[obs.index[7], "municipality"] = "=1+1"
    hostile = [releases[2], Release("15.0.0", releases[1].date, obs)]
    row = len(releases[2].observations) + 7 + 2  # after the header, 1-based
    with pytest.raises(LvvError, match=rf"alle-uitgaven\.csv, row {row}, column 'municipality'"):
        vintage.vintage_downloads(hostile)


@pytest.mark.parametrize("cut", [1, 7, 4096, 100_003])
def test_gzip_in_pieces_is_gzip_of_the_whole(cut):
    rng = random.Random(cut)
    data = b"".join(
        f"{rng.randint(0, 999)},GM{rng.randint(1000, 9999)}\n".encode() for _ in range(40_000)
    )
    writing = Writing(packed=True)
    for start in range(0, len(data), cut):
        writing.add(data[start : start + cut])
    packed = writing.whole().packed
    assert packed == gzipped(data)
    assert gzip.decompress(packed) == data
    # No time, no file name, Unix (3) on every machine and Python; gzip.compress writes the
    # same deflate stream, with its own idea of the system from Python 3.13 on (255).
    assert packed[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
    theirs = gzip.compress(data, compresslevel=6, mtime=0)
    assert packed[10:] == theirs[10:] and packed[:9] == theirs[:9]


def test_a_file_in_pieces_is_kept_as_it_is_only_within_the_hosts_limit(monkeypatch):
    monkeypatch.setattr(download, "FILE_WARNING", 10)
    writing = Writing(packed=True)
    assert writing.empty
    writing.add(b"12345")
    writing.add(b"67890")
    assert writing.kept() == b"1234567890" and writing.keeping
    writing.add(b"x")
    assert writing.kept() is None and writing.whole().program is None
    assert not writing.keeping
    assert gzip.decompress(writing.whole().packed) == b"1234567890x"
    assert writing.whole() == writing.whole()  # finished: the same each time
    with pytest.raises(ValueError, match="finished"):
        writing.add(b"y")
    unpacked = Writing(packed=False)
    unpacked.add(b"abc")
    assert unpacked.kept() == b"abc"
    with pytest.raises(ValueError, match="no compressed form"):
        unpacked.whole()
