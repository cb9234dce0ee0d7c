"""The long series of one version as a static script for the table page (``tabel/reeksen.js``).

The table page must work from ``file://``, where ``fetch`` reads nothing: its data is a
script, loaded with ``<script src>``, that sets ``window.LVV_SERIES``. At 350 municipalities
× 44 indicators × 40 monitors the series has some 616,000 rows (``reeksen.csv``: 38 MB), and
every version carries its own, so the rows are not written out. What the script holds:

- ``header``: the header line of ``reeksen.csv``;
- ``monitors`` (number, label, the CSV text of ``monitor,periode``), ``municipalities``
  (code, name, the CSV text of ``municipality_code,municipality``, whether its rows carry
  ``compleet``: the national total) and ``indicators`` (code, name, the CSV text of the
  code), each in the order of ``reeksen.csv``: its rows run by municipality, indicator,
  monitor (checked here), so a selection's rows in that order are reeksen's rows;
- ``values``: per municipality and indicator, one token per monitor: ``.`` no row, ``~``
  a row whose value is unknown, else the difference from the series' previous known value
  (zigzag, base 32, least significant group first: ``_CONTINUE`` characters then one of
  ``_LAST``). A series that grows by a few per quarter costs one character a figure;
- per row, by its position ``(municipality × indicators + indicator) × monitors + monitor``
  (a row's *place*): ``release`` its version, by default the monitor's most frequent one,
  ``releases_other`` the places that differ (place, version index; places as differences
  from the one before); ``revised`` the places of revised values (as differences);
  ``incomplete`` the national totals with an unknown part (place, ``onbekend``, its CSV
  text); ``renamed`` the rows whose municipality has another name than its other rows (place,
  name, the CSV text of ``municipality_code,municipality``).

The text in it is JSON with ``<``, ``>``, ``&`` and the line separators escaped, so it is
also safe in an HTML page. ``tests/site/test_table_data.py`` decodes it and compares every
line with ``csv_bytes`` of the series.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

import pandas as pd

from ...errors import LvvError
from ...package import PublishedPackage
from ..downloads import monitor_labels
from ..formatting import unknown

SCRIPT_VARIABLE = "LVV_SERIES"
_LAST = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
_CONTINUE = "WXYZabcdefghijklmnopqrstuvwxyz_-"
NO_ROW, UNKNOWN_VALUE = ".", "~"
_JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def csv_field(text: str) -> str:
    """``text`` as one field of a line written by pandas' ``to_csv`` (``csv_bytes``): the
    same writer (Python's csv, minimal quoting, ``\\n`` line ends) makes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text, "x"])
    return buffer.getvalue()[: -len(",x\n")]


def _varint(number: int) -> str:
    z = number * 2 if number >= 0 else -number * 2 - 1
    out = []
    while z >= 32:
        out.append(_CONTINUE[z & 31])
        z >>= 5
    out.append(_LAST[z])
    return "".join(out)


def _gaps(places: list[int]) -> list[int]:
    return [p - q for p, q in zip(places, [0, *places], strict=False)]


def _order(series: pd.DataFrame) -> tuple[list[str], list[str], list[int]]:
    """The municipalities, indicators and monitors in reeksen's order, checked."""
    muns = list(dict.fromkeys(series["municipality_code"].astype(str).tolist()))
    inds = list(dict.fromkeys(series["indicator"].astype(str).tolist()))
    mons = sorted({int(m) for m in series["monitor"].unique().tolist()})
    return muns, inds, mons


def _places(series: pd.DataFrame, muns: list[str], inds: list[str], mons: list[int]) -> pd.Series:
    mun = series["municipality_code"].astype(str).map({c: i for i, c in enumerate(muns)})
    ind = series["indicator"].astype(str).map({c: i for i, c in enumerate(inds)})
    mon = series["monitor"].astype(int).map({c: i for i, c in enumerate(mons)})
    places = (mun * len(inds) + ind) * len(mons) + mon
    if not places.is_monotonic_increasing or places.duplicated().any():
        raise LvvError(
            "tabel/reeksen.js: the series' rows do not run by municipality, indicator and "
            "monitor (downloads/series.py): the table page could not give reeksen's order."
        )
    return places.astype(int)


def _values(series: pd.DataFrame, places: pd.Series, size: int, per_series: int) -> str:
    tokens: list[str | int] = [NO_ROW] * size
    # Plain lists: iterating pandas' nullable columns goes value by value.
    for place, value in zip(places.tolist(), series["value"].tolist(), strict=True):
        tokens[place] = UNKNOWN_VALUE if unknown(value) else int(value)
    out = []
    for start in range(0, size, per_series):
        previous = 0
        for token in tokens[start : start + per_series]:
            if isinstance(token, str):
                out.append(token)
            else:
                out.append(_varint(token - previous))
                previous = token
    return "".join(out)


def _releases(series: pd.DataFrame, places: pd.Series) -> dict[str, Any]:
    names = sorted(set(series["release"].astype(str)), key=lambda v: tuple(map(int, v.split("."))))
    index = {v: i for i, v in enumerate(names)}
    release = series["release"].astype(str).map(index)
    default = {
        int(m): Counter(group.tolist()).most_common(1)[0][0]
        for m, group in release.groupby(series["monitor"].astype(int))
    }
    other = release != series["monitor"].astype(int).map(default)
    exceptions = []
    for place, rel in zip(_gaps(list(places[other])), release[other], strict=True):
        exceptions += [place, int(rel)]
    return {"releases": names, "default_release": default, "releases_other": exceptions}


def _national(series: pd.DataFrame, places: pd.Series, muns: list[str]) -> tuple[list, list[bool]]:
    """The rows of national totals with an unknown part; per municipality whether its rows
    carry ``compleet``. Refuses a series where ``compleet`` and ``onbekend`` disagree."""
    has = series["compleet"].notna()
    by_mun = has.groupby(series["municipality_code"].astype(str)).agg(["all", "any"])
    unknown = series["onbekend"].notna()
    if (by_mun["all"] != by_mun["any"]).any() or (unknown & ~has).any():
        raise LvvError("tabel/reeksen.js: compleet is given for some rows of a municipality only.")
    incomplete = has & ~series["compleet"].fillna(True).astype(bool)
    if (incomplete != unknown).any():
        raise LvvError("tabel/reeksen.js: a total is incomplete without naming its unknown parts.")
    rows = [
        [int(p), str(o), csv_field(str(o))]
        for p, o in zip(places[incomplete], series["onbekend"][incomplete], strict=True)
    ]
    complete = by_mun["all"].to_dict()  # one lookup per municipality, not a .loc each
    return rows, [bool(complete[c]) for c in muns]


def series_data(series: pd.DataFrame, package: PublishedPackage, number: int) -> dict[str, Any]:
    """The content of ``tabel/reeksen.js`` (see the module's doc) for version ``number``."""
    muns, inds, mons = _order(series)
    places = _places(series, muns, inds, mons)
    codes = series["municipality_code"].astype(str)
    names = series["municipality"].astype(str)
    name = names.groupby(codes).agg(lambda s: Counter(s).most_common(1)[0][0])
    renamed = names != codes.map(name)
    labels = monitor_labels(series)
    indicator_names = dict(
        zip(
            package.indicators["code"].astype(str),
            package.indicators["name"].astype(str),
            strict=True,
        )
    )
    incomplete, national = _national(series, places, muns)
    return {
        "release": number,
        "header": ",".join(csv_field(str(c)) for c in series.columns),
        "monitors": [[m, labels[m], f"{m},{csv_field(labels[m])}"] for m in mons],
        "municipalities": [
            [c, name[c], f"{csv_field(c)},{csv_field(name[c])}", national[i]]
            for i, c in enumerate(muns)
        ],
        "indicators": [[c, indicator_names.get(c, ""), csv_field(c)] for c in inds],
        "values": _values(series, places, len(muns) * len(inds) * len(mons), len(mons)),
        **_releases(series, places),
        "revised": _gaps(list(places[series["revised"].fillna(False).astype(bool)])),
        "incomplete": incomplete,
        "renamed": [
            [int(p), n, f"{csv_field(c)},{csv_field(n)}"]
            for p, c, n in zip(places[renamed], codes[renamed], names[renamed], strict=True)
        ],
    }


def series_script(series: pd.DataFrame, package: PublishedPackage, number: int) -> str:
    """``tabel/reeksen.js``: ``window.LVV_SERIES = {…};`` (keys sorted, compact: the same
    series gives the same bytes)."""
    data = json.dumps(
        series_data(series, package, number),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    for char, escaped in _JS_ESCAPES.items():
        data = data.replace(char, escaped)
    return (
        "// lvv-publish: the long series of this version for the table page (tabel/), in\n"
        "// the compact form of lvv_publish/site/contexts/tabledata.py. Generated: do not edit.\n"
        f"window.{SCRIPT_VARIABLE} = {data};\n"
    )
