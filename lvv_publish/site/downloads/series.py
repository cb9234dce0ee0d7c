"""The site-wide long series ``reeksen.csv``: the latest published value of every figure, and
the national totals computed from them, in one tidy file (issue 20).

**Latest published.** Each release publishes a data package; a correction replaces it with
a new version (``15.1.0`` after ``15.0.0``), and a later release repeats the monitors before
it (release 15 carries 13, 14 and 15), possibly revised. What is published *now* is the
current version of every release (its newest; the versions a correction replaced are
history, in ``alle-uitgaven.csv``). The latest published value of a figure (monitor,
municipality, indicator) is the one of the current version published last (the order of the
vintage file, ``Release.order``) that carries the figure: a later monitor's repetition or a
correction published later supersedes it. ``revised``: that value differs from the value the
figure was first published with, in any version.

**National totals** (``NL01``, ``Nederland``): per monitor and indicator, exactly as the site
computes its national figures (``site/figures.py``, ``PackageTable``): over the
municipalities in the LVV in that monitor, the capacity without the satellites whose places
count under their location (Emmen under Groningen), with the municipalities table of the
version the monitor's figures come from. An unknown part is never counted as zero: the total
is the sum of the known parts with ``compleet`` false and the unknown municipalities named in
``onbekend``. A total compares with another monitor's only when the same municipalities take
part in both (like for like); the rows of the municipalities show which do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook

from ...checks import KnownSum, Place, cell, known
from ...errors import LvvError
from ...models import table_schema
from ...package import csv_bytes
from ..figures import PackageTable
from .download import Download, Twin, site_wide_files
from .excel import excel_csv, excel_name
from .vintage import EXCEL_MAX_ROWS, SITE_DOWNLOADS, Release
from .workbook import saved, sheet_table

SERIES_NAME = "reeksen.csv"
SERIES_WORKBOOK = "reeksen.xlsx"
NATIONAL_CODE = "NL01"
NATIONAL_NAME = "Nederland"
SERIES_COLUMNS = table_schema("series").fields
# The workbook of the whole series only up to this many rows: at 350 municipalities × 40
# monitors (572,000 rows) writing it took 40 s of every release, most of one, for a sheet
# nobody reads whole; then the table builder's workbook of a selection serves Excel users.
WORKBOOK_MAX_ROWS = 100_000


def indicator_series_name(code: str) -> str:
    """The file of an indicator's rows of the long series: ``9.1.4`` -> ``reeks-9-1-4.csv``."""
    return f"reeks-{code.replace('.', '-')}.csv"


def series_downloads(releases: Sequence[Release]) -> list[Download]:
    """``reeksen.csv``, its Excel twin and its workbook, from every published version; and
    per indicator its lines of ``reeksen.csv`` (``indicator_series_name``)."""
    return series_files(series_table(list(releases)), max(releases, key=lambda r: r.order))


def series_files(table: pd.DataFrame, newest: Release) -> list[Download]:
    """``series_downloads`` from the ``series_table`` of the versions whose newest (the
    latest published) is ``newest``: the caller may let go of the versions first."""
    program = csv_bytes(table, f"{SITE_DOWNLOADS}/{SERIES_NAME}")
    return _whole_series(table, program, newest) + _per_indicator(table, program)


def _per_indicator(table: pd.DataFrame, program: bytes) -> list[Download]:
    """Per indicator, byte for byte the header and its lines of ``reeksen.csv`` (``program``,
    ``table`` written): one set for the whole site, at a stable address, instead of one per
    version (issue 22: 28 MB a version at 350 municipalities × 40 monitors). A version's own
    view of an indicator is its table builder's CSV (``/<N>/tabel/?i=<code>``).

    Taken from ``program``'s lines rather than written again per indicator (2.0 s of CPU at
    350 × 40, the lines 0.27 s, by hand); written again only where a text holds a line
    break, so that a row is more than one line."""
    lines = program.split(b"\n")
    by_line = len(lines) == len(table) + 2 and lines[-1] == b""
    out = []
    for code, positions in table.groupby("indicator", sort=False).indices.items():
        name = indicator_series_name(str(code))
        if by_line:
            data = b"".join([lines[0], b"\n", *(lines[i + 1] + b"\n" for i in positions)])
        else:
            data = csv_bytes(table.iloc[positions], f"{SITE_DOWNLOADS}/{name}")
        text = f"De regels van indicator {code} uit {SERIES_NAME}."
        out.append(Download(name, data, "indicator-series", text))
    return sorted(out, key=lambda d: d.path)


def _whole_series(table: pd.DataFrame, program: bytes, created: Release) -> list[Download]:
    """``reeksen.csv`` by the site-wide policy (``download.site_wide_files``), with its Excel
    twin and its workbook."""
    titles = {c.name: c.title for c in SERIES_COLUMNS}
    text = (
        "De reeksen: van elk cijfer van elke monitor de laatst gepubliceerde waarde, met de "
        "landelijke totalen (NL01) zoals de site ze telt"
    )
    stamp = created.at.isoformat() if created.at else f"{created.date.isoformat()}T00:00:00Z"
    twins = [
        Twin(
            excel_name(SERIES_NAME),
            lambda: excel_csv(table, titles),
            "voor Excel",
            EXCEL_MAX_ROWS - 1,
            says_why=True,
        ),
        Twin(
            SERIES_WORKBOOK,
            lambda: _workbook(table, titles, stamp),
            "werkmap",
            min(WORKBOOK_MAX_ROWS, EXCEL_MAX_ROWS - 1),  # a worksheet, too
        ),
    ]
    return site_wide_files(SERIES_NAME, program, len(table), "series", text, twins)


def monitor_labels(series: pd.DataFrame) -> dict[int, str]:
    """Monitor -> its label (``15 - mei 24``), as the series' ``periode`` gives it."""
    first = series.drop_duplicates("monitor")
    return {int(m): str(p) for m, p in zip(first["monitor"], first["periode"], strict=True)}


def current_versions(releases: list[Release]) -> list[Release]:
    """The newest version of every release (by number), in the order they were published."""
    newest: dict[int, Release] = {}
    for rel in sorted(releases, key=lambda r: r.order):
        newest[int(rel.version.split(".")[0])] = rel
    return sorted(newest.values(), key=lambda r: r.order)


def series_table(releases: list[Release]) -> pd.DataFrame:
    """The rows of ``reeksen.csv`` (see the module's doc): per municipality, indicator and
    monitor, then the national totals; each in the order the packages list them.

    A release needs it twice from the same versions: for the newest version's pages
    (``publish.site_inputs``) and for the site-wide files (``series_downloads``), and at 350
    municipalities × 40 monitors it takes seconds. So the last table made is kept, keyed by
    the content of its versions (their descriptors' digests), and given again as a copy
    (pandas copies on write: neither caller sees what the other changes)."""
    key = tuple(sorted((r.version, r.digest) for r in releases))
    known = all(digest is not None for _, digest in key)
    if known and key in _LAST_TABLE:
        return _LAST_TABLE[key].copy(deep=False)
    frame = _series_table(releases)
    _LAST_TABLE.clear()
    if known:
        _LAST_TABLE[key] = frame.copy(deep=False)
    return frame


# The last series table made, by its versions and their digests (``series_table``).
_LAST_TABLE: dict[tuple[tuple[str, str | None], ...], pd.DataFrame] = {}


def _series_table(releases: list[Release]) -> pd.DataFrame:
    ordered = sorted(releases, key=lambda r: r.order)
    current = current_versions(ordered)
    keys = _FigureKeys([*ordered, *current])
    latest, figures = _latest(current, keys)
    value = latest["value"]
    before = pd.Series(_first_values(ordered, keys, figures), index=latest.index)
    latest["revised"] = (value.isna() != before.isna()) | (value != before).fillna(False)
    latest["periode"] = latest["monitor"].map(_labels(current))
    national = _national(latest, current)
    frame = pd.concat([_ranked(latest), national], ignore_index=True)
    frame = frame.reindex(columns=[c.name for c in SERIES_COLUMNS])
    for col in SERIES_COLUMNS:
        frame[col.name] = col.cast(frame[col.name])
    return frame


_FIGURE_COLUMNS = ["monitor", "municipality_code", "municipality", "indicator", "value"]


class _FigureKeys:
    """A figure (monitor, municipality, indicator) as one whole number, the same in every
    version. At 350 municipalities x 40 monitors the versions hold 1.6 million figures:
    stacked whole and keyed by pandas (an index of three levels) they took 280 MB of a
    release; their numbers take 13 MB (issue 22)."""

    def __init__(self, releases: list[Release]) -> None:
        places: dict[str, int] = {}
        codes: dict[str, int] = {}
        parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for rel in releases:
            if rel.version not in parts:
                obs = rel.observations
                parts[rel.version] = (
                    obs["monitor"].to_numpy(dtype=np.int64),
                    _ids(obs["municipality_code"].astype(str), places),
                    _ids(obs["indicator"].astype(str), codes),
                )
        # Numbered once every municipality and indicator has its number.
        self._keys = {
            version: (monitor * len(places) + place) * len(codes) + code
            for version, (monitor, place, code) in parts.items()
        }

    def of(self, release: Release) -> np.ndarray:
        return self._keys[release.version]


def _ids(values: pd.Series, ids: dict[str, int]) -> np.ndarray:
    """Each value's number in ``ids`` (a new value gets the next one)."""
    codes, uniques = pd.factorize(values)
    numbers = np.array([ids.setdefault(u, len(ids)) for u in uniques.tolist()], dtype=np.int64)
    return numbers[codes]


def _latest(current: list[Release], keys: _FigureKeys) -> tuple[pd.DataFrame, np.ndarray]:
    """Every figure's row in the current version published last that carries it, in the
    order of the versions and their rows (stacked, the last of each figure kept); and the
    figure of each row (``_FigureKeys``)."""
    if not current:
        raise LvvError(f"{SERIES_NAME}: there is no published release to make it from.")
    stacked = np.concatenate([keys.of(r) for r in current])
    kept = np.zeros(len(stacked), dtype=bool)
    _, last = np.unique(stacked[::-1], return_index=True)
    kept[len(stacked) - 1 - last] = True
    parts, start = [], 0
    for rel in current:
        rows = kept[start : start + len(rel.observations)]
        start += len(rel.observations)
        parts.append(rel.observations.loc[rows, _FIGURE_COLUMNS].assign(release=rel.version))
    frame = pd.concat(parts, ignore_index=True)
    frame["indicator"] = frame["indicator"].astype(str)
    frame["value"] = frame["value"].astype("Int64")
    return frame, stacked[kept]


def _first_values(
    ordered: list[Release], keys: _FigureKeys, wanted: np.ndarray
) -> pd.arrays.IntegerArray:
    """For each figure of ``wanted``, the value it was first published with: in the first
    version, in publication order, that carries it."""
    stacked = np.concatenate([keys.of(r) for r in ordered])
    values = pd.concat([r.observations["value"] for r in ordered], ignore_index=True)
    values = values.astype("Int64")
    figures, first = np.unique(stacked, return_index=True)
    at = first[np.searchsorted(figures, wanted)]
    return pd.arrays.IntegerArray(
        values.fillna(0).to_numpy(dtype=np.int64)[at], values.isna().to_numpy()[at]
    )


def _labels(current: list[Release]) -> dict[int, str]:
    """Monitor → its label, from the newest version that carries it (``monitors.csv``)."""
    labels: dict[int, str] = {}
    for rel in current:
        if rel.monitors is None:
            raise LvvError(f"{SERIES_NAME}: version {rel.version} is read without its monitors.")
        monitors = rel.monitors
        labels.update(
            zip(monitors["monitor"].astype(int), monitors["label"].astype(str), strict=True)
        )
    return labels


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Per municipality and indicator (in the order the packages list them), by monitor."""
    muns = {c: i for i, c in enumerate(dict.fromkeys(frame["municipality_code"].tolist()))}
    inds = {c: i for i, c in enumerate(dict.fromkeys(frame["indicator"].tolist()))}
    keys = pd.DataFrame(
        {
            "m": frame["municipality_code"].map(muns),
            "i": frame["indicator"].map(inds),
            "n": frame["monitor"],
        }
    )
    return frame.loc[keys.sort_values(["m", "i", "n"], kind="stable").index]


def _national(latest: pd.DataFrame, current: list[Release]) -> pd.DataFrame:
    """Per indicator and monitor the national total (``NL01``), as the site computes it."""
    rank = _rank(current)
    source = latest.groupby("monitor")["release"].agg(lambda s: max(s.tolist(), key=rank))
    by_version = {r.version: r for r in current}
    # Positions, not sub-tables: these take a copy of the whole series at once.
    groups = latest.groupby(["indicator", "monitor"], sort=False).indices
    rows = []
    for indicator in dict.fromkeys(latest["indicator"].tolist()):
        for monitor in sorted(source.index):
            at = groups.get((indicator, monitor))
            if at is None:
                continue
            parts = latest.take(at)
            rel = by_version[source[monitor]]
            if rel.municipalities is None:
                raise LvvError(f"{SERIES_NAME}: version {rel.version} has no municipalities.")
            table = PackageTable(latest, rel.municipalities)
            total = known(cell(indicator), table, Place(int(monitor)))
            assert isinstance(total, KnownSum)
            unknown = sorted({mun for _, mun, _ in total.unknown})
            members = set(table.members(int(monitor), indicator))
            used = parts[parts["municipality_code"].isin(members)]
            rows.append(
                {
                    "monitor": monitor,
                    "periode": parts["periode"].iloc[0],
                    "municipality_code": NATIONAL_CODE,
                    "municipality": NATIONAL_NAME,
                    "indicator": indicator,
                    "value": total.value,
                    "release": max(used["release"].tolist(), key=rank, default=rel.version),
                    "revised": bool(used["revised"].any()),
                    "compleet": not unknown,
                    "onbekend": "; ".join(unknown) or None,
                }
            )
    return pd.DataFrame(rows, columns=[c.name for c in SERIES_COLUMNS])


def _rank(current: list[Release]) -> Callable[[str], int]:
    """A version's place among ``current`` (later published: greater)."""
    return {r.version: i for i, r in enumerate(current)}.__getitem__


def _workbook(table: pd.DataFrame, titles: dict[str, str], created: str) -> bytes:
    """The series on one sheet (``Reeksen``), streamed and deterministic (``workbook.saved``)."""
    wb = Workbook(write_only=True)
    sheet_table(wb.create_sheet("Reeksen"), table.rename(columns=titles))
    return saved(wb, created)
