"""The site-wide vintage file ``alle-uitgaven.csv``: every figure of every published version.

One file for the whole site, at ``/downloads/`` (``vintage_downloads``): it grows with
releases × monitors × municipalities, and a copy in every version made the site grow with
the square of the number of releases (105 MB per version at 350 municipalities × 40 monitors,
issue 11). Each row says what the version before published for the same figure.

The versions are in the order they were published (``models.publication_order``: the time
where it was recorded), so a correction comes after every version published before it, and
the rows of those versions are the same after it as before.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from ...errors import LvvError
from ...models import PublishedTime, publication_order, table_schema
from ...package import PublishedPackage, csv_bytes, published_time
from .download import GZIP_SUFFIX, Download, Twin, Whole, Writing, site_wide_files, sums_of
from .excel import excel_csv, excel_name

VINTAGE_NAME = "alle-uitgaven.csv"
# The published files ``appended_vintage`` starts from (whichever of them exist).
VINTAGE_FILES = (VINTAGE_NAME, VINTAGE_NAME + GZIP_SUFFIX, excel_name(VINTAGE_NAME))
# Rows of one Excel worksheet, its header row included.
EXCEL_MAX_ROWS = 1_048_576


class Release(NamedTuple):
    """One published version of a data package: ``("15.0.0", date, observations, at)``,
    ``at`` the time it was published (None where it was not recorded); its municipalities
    and monitors tables where the long series needs them (``series.py``); ``digest``, of
    its descriptor (which holds the hash of every file), names its content where known."""

    version: str
    date: dt.date
    observations: pd.DataFrame
    at: dt.datetime | None = None
    municipalities: pd.DataFrame | None = None
    monitors: pd.DataFrame | None = None
    digest: str | None = None

    @property
    def order(self) -> tuple[object, ...]:
        return publication_order(PublishedTime(self.date, self.at), self.version)


def release_of(package: PublishedPackage) -> Release:
    """The release ``package`` is: its version, when it was published and its figures."""
    desc = package.descriptor
    when = published_time(desc)
    return Release(
        str(desc["version"]),
        when.day,
        package.observations,
        when.at,
        package.municipalities,
        package.monitors,
        hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest(),
    )


VINTAGE_COLUMNS = table_schema("vintage").fields

# The site-wide downloads folder (``site/downloads/``, at ``/downloads/``).
SITE_DOWNLOADS = "downloads"


def vintage_downloads(releases: Sequence[Release]) -> list[Download]:
    """The files of the site-wide downloads folder: ``alle-uitgaven.csv`` with every figure of
    ``releases`` (every published version of every release), compressed
    (``alle-uitgaven.csv.gz``, always) and as it is while it keeps within the host's limit
    of a file (``FILE_WARNING``), its Excel twin while it fits in a worksheet and that
    limit, and ``SHA256SUMS``.

    Written one release at a time (``vintage_parts``), never as one table: at 350
    municipalities x 40 monitors the table, its 100 MB of text and their copies took the
    process making the site-wide files anew to 720 MiB; in parts, 393 MiB (that step alone in
    one process, measured by hand; the benchmark's ``--after-upgrade`` prints the whole
    release: 779 and 465 MiB, README). The bytes are those of ``vintage_table`` written whole
    (tested).
    """
    if not releases:
        raise LvvError(f"{VINTAGE_NAME} needs at least one release.")
    titles = {c.name: c.title for c in VINTAGE_COLUMNS}
    where = f"{SITE_DOWNLOADS}/{VINTAGE_NAME}"
    rows = sum(len(r.observations) for r in releases)
    program = Writing(packed=True)
    # Made only where it can be published: Excel opens at most EXCEL_MAX_ROWS rows.
    excel = Writing(packed=False) if rows <= EXCEL_MAX_ROWS - 1 else None
    versions: list[str] = []
    written = 0
    for part in vintage_parts(releases):
        first = program.empty
        if part.empty and not first:
            continue  # no rows, and the header line is there already
        # The header line once, before the first release's rows (or alone, without any).
        program.add(csv_bytes(part, where, header=first, rows_before=written))
        if excel is not None and excel.keeping:  # past the limit it is not published
            excel.add(excel_csv(part, titles, header=first))
        written += len(part)
        versions += [] if part.empty else [str(part["release"].iloc[0])]
    twin = None if excel is None else excel.kept()
    out = _vintage_files(program.whole(), rows, ", ".join(versions), lambda: twin)
    out.append(sums_of(out))
    return out


def _vintage_files(
    program: bytes | Whole, rows: int, versions: str, excel: Callable[[], bytes | None]
) -> list[Download]:
    """The vintage file ``program`` by the site-wide policy (``download.site_wide_files``),
    with its Excel twin ``excel``; described with the ``versions`` it holds."""
    text = (
        f"Elk cijfer van elke uitgave (versies {versions}), met wat de vorige uitgave "
        "publiceerde: zo ziet u wat wanneer gepubliceerd is"
    )
    twin = Twin(excel_name(VINTAGE_NAME), excel, "voor Excel", EXCEL_MAX_ROWS - 1, says_why=True)
    return site_wide_files(VINTAGE_NAME, program, rows, "vintage", text, [twin])


def appended_vintage(
    published: dict[str, bytes], rows: int, context: Sequence[Release], new: Sequence[Release]
) -> list[Download] | None:
    """``vintage_downloads`` of the releases already in ``published`` (the files as they
    are, ``rows`` rows) plus ``new``, by appending: the rows of ``new`` are computed against
    ``context``, the published releases that carry any of their monitors. Every release in
    ``new`` must come after every published one (``Release.order``); the caller checks.

    None when the vintage file is missing (neither as it is nor compressed). The file as it
    is comes from the compressed one where it is too large to be published as it is. (The
    descriptions are not published for the site-wide files: they stay empty here.)
    At 350 municipalities × 40 monitors this takes seconds where making the file anew takes
    fifteen (issue 11).
    """
    twin = excel_name(VINTAGE_NAME)
    if VINTAGE_NAME in published:
        before = published[VINTAGE_NAME]
    elif VINTAGE_NAME + GZIP_SUFFIX in published:
        before = gzip.decompress(published[VINTAGE_NAME + GZIP_SUFFIX])
    else:
        return None
    table = vintage_table([*context, *new])
    added = table[table["release"].isin({r.version for r in new})]
    total = rows + len(added)
    # The rows without their header line (and the Excel file's byte order mark with it).
    program = before + csv_bytes(added, f"{SITE_DOWNLOADS}/{VINTAGE_NAME}").split(b"\n", 1)[1]

    def excel() -> bytes | None:
        # Without its twin while it had rows to spare, the file was too large for one:
        # appending makes it larger still.
        if twin not in published:
            return None
        titles = {c.name: c.title for c in VINTAGE_COLUMNS}
        return published[twin] + excel_csv(added, titles).split(b"\r\n", 1)[1]

    out = _vintage_files(program, total, "", excel)
    out.append(sums_of(out))
    return out


def vintage_table(releases: list[Release]) -> pd.DataFrame:
    """Every figure of every release, oldest release first, compared with the release before
    (``vintage_parts``, as one table)."""
    return pd.concat(list(vintage_parts(releases)), ignore_index=True)


# A figure: the same monitor, municipality and indicator in every release.
_FIGURE = ["monitor", "municipality_code", "indicator"]
_PUBLISHED = ["monitor", "peildatum", "municipality", "municipality_code", "indicator", "value"]


def vintage_parts(releases: Sequence[Release]) -> Iterator[pd.DataFrame]:
    """The rows of the vintage file, one release at a time, in the order they were published
    (``Release.order``; ``releases`` in any order).

    ``revised`` and ``previous_value`` compare with ``previous_release``: the latest release
    published earlier that published the same monitor, municipality and indicator. An
    unknown figure that becomes known, or the reverse, counts as revised.

    Only the figures' keys, values and releases are joined into one table for that
    comparison; each release's rows are made when they are reached, and let go by the
    caller (``vintage_downloads``).
    """
    ordered = sorted(releases, key=lambda r: r.order)
    seen = [r.version for r in ordered]
    if len(set(seen)) != len(seen):
        raise LvvError(f"the releases for {VINTAGE_NAME} name a version twice: {seen}.")
    if not ordered:
        return
    figures = [r.observations.loc[:, [*_FIGURE, "value"]] for r in ordered]
    narrow = pd.concat([f.assign(_release=i) for i, f in enumerate(figures)], ignore_index=True)
    del figures
    before = narrow.groupby(_FIGURE, sort=False)[["_release", "value"]].shift(1)
    del narrow
    names = np.array([*seen, None], dtype=object)  # by number; None: no release before
    start = 0
    for rel in ordered:
        end = start + len(rel.observations)
        earlier = before.iloc[start:end]
        start = end
        part = rel.observations.loc[:, _PUBLISHED].reset_index(drop=True)
        part = part.assign(
            release=rel.version,
            release_date=rel.date,
            published=None if rel.at is None else rel.at.isoformat(timespec="seconds"),
        )
        which = earlier["_release"].fillna(len(seen)).to_numpy(dtype="int64")
        part["previous_release"] = names[which]
        part["previous_value"] = earlier["value"].reset_index(drop=True)
        value, previous = part["value"], part["previous_value"]
        changed = (value.isna() != previous.isna()) | (value != previous).fillna(False)
        part["revised"] = part["previous_release"].notna() & changed
        part = part.loc[:, [c.name for c in VINTAGE_COLUMNS]]
        for col in VINTAGE_COLUMNS:
            part[col.name] = col.cast(part[col.name])
        yield part
