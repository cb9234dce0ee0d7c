"""A page per indicator (``indicator/<code>.md``, issue 20): every municipality and the
national total (NL01) over every monitor of the long series as this version sees it
(``SiteInputs.long_series``), with its definition, two charts, a table and links to the
indicator's rows of the series as CSV (this version's in the table builder; the newest,
site-wide, at ``/downloads/reeks-<code>.csv``); and the index of those pages
(``indicator/index.md``).

The charts stay legible at 350 municipalities: one shows the national total alone, the
other at most ``MAX_LINES`` municipalities (all of them while they are that few, else those
with the highest figure in the newest monitor, and its title says so). The table holds
every municipality. An incomplete national total (a part unknown) is shown in the table as
the sum of the known parts, marked and with its unknown municipalities named; the chart
leaves it out (a partial sum drawn on a line reads as a fall).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pandas as pd

from ...models import slug
from ...package import PublishedPackage
from .. import charts
from ..downloads import NATIONAL_CODE, indicator_series_name, monitor_labels
from ..formatting import unknown as _unknown
from ..tables import INTERACTIVE
from ..vegalite import Chart
from .release import ReleaseInfo, anchor

# Lines in the chart of municipalities: a line each for 350 is unreadable, and the palette
# has ten colours.
MAX_LINES = 8
# The folder of the pages (``indicatoren.md`` is already ``indicatoren/index.html``).
FOLDER = "indicator/"


def page_name(code: str) -> str:
    """An indicator's page and file name: ``9.1.4`` -> ``9-1-4``."""
    return code.replace(".", "-")


def page_path(code: str) -> str:
    """The Markdown source of an indicator's page, from the version's root."""
    return f"{FOLDER}{page_name(code)}.md"


@dataclass(frozen=True)
class SeriesCell:
    """One figure of the table: ``value`` (None = unknown), ``revised`` (differs from the
    value first published) and, for the national total, ``incomplete`` (a part unknown:
    ``value`` is the sum of the known parts)."""

    value: int | None
    revised: bool = False
    incomplete: bool = False


@dataclass(frozen=True)
class SeriesRow:
    """A row of the table: ``name``, ``target`` (the municipality's page as a Markdown
    source path from the version's root, None for one without a page in this version) and
    ``cells`` per monitor (None: not part of the LVV in that monitor, "n.v.t.")."""

    name: str
    target: str | None
    cells: list[SeriesCell | None]


@dataclass(frozen=True)
class IncompleteTotal:
    """A national total with unknown parts: the ``monitor``, its ``label`` and the
    ``municipalities`` whose figure is unknown (names)."""

    monitor: int
    label: str
    municipalities: list[str]


@dataclass(frozen=True)
class IndicatorContext:
    """Context of ``indicator.md.j2``: one indicator over time.

    ``release``: the release; ``code``, ``name``, ``kind``, ``unit``, ``definition`` and
    ``definition_note`` of the indicator (its package's ``indicators`` table); ``anchor``:
    its definition on ``indicatoren.md``; ``monitors``: every monitor of the series (the
    table's columns), ``labels`` their labels; ``rows``: a row per municipality;
    ``national``: the national total (NL01), None when the series has none;
    ``incomplete``: the national totals with unknown parts; ``charts``: the national total
    and the municipalities over time (a chart with nothing to draw left out);
    ``national_drawn``: whether the national total has a chart (not when no total is
    complete); ``chart_note``: which municipalities the second chart shows, when not all;
    ``csv_file``: the site-wide file of the indicator's rows of ``reeksen.csv`` (the newest
    figures), its name in ``/downloads/``; ``revised_count``: how many figures of the table
    are revised;
    ``unknown_count``: how many are unknown; ``table_query``: the query string of the table
    builder (``/<N>/tabel/``) with this indicator, Nederland and the municipalities of the
    table (the charted ones where there are more than ``MAX_LINES``), in every monitor;
    ``all_query``: the table builder's query of every row of this indicator: Nederland and
    every municipality in every monitor (its CSV is the indicator's lines of this version's
    long series).
    """

    release: ReleaseInfo
    code: str
    name: str
    kind: str
    unit: str
    definition: str | None
    definition_note: str | None
    anchor: str
    monitors: list[int]
    labels: list[str]
    rows: list[SeriesRow]
    national: SeriesRow | None
    incomplete: list[IncompleteTotal] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    national_drawn: bool = False
    chart_note: str | None = None
    csv_file: str = ""
    revised_count: int = 0
    unknown_count: int = 0
    table_query: str = ""
    all_query: str = ""

    @property
    def interactive(self) -> bool:
        """Whether the table gets a filter and sorting headers (as ``tables.INTERACTIVE``)."""
        return len(self.rows) + 1 >= INTERACTIVE


@dataclass(frozen=True)
class IndicatorLink:
    """An indicator on the index: ``code``, ``name``, ``kind`` and its page's ``target``."""

    code: str
    name: str
    kind: str
    target: str


@dataclass(frozen=True)
class IndicatorIndexContext:
    """Context of ``indicator_index.md.j2``: ``release`` and ``indicators``, a link to the
    page of every indicator; ``municipalities``: how many municipalities the series has."""

    release: ReleaseInfo
    indicators: list[IndicatorLink]
    municipalities: int


def _opt(value: object) -> str | None:
    return None if _unknown(value) else str(value)


def _false(flag: object) -> bool:
    """A boolean of the series that is known and false (``compleet``)."""
    return not _unknown(flag) and not bool(flag)


def _value(value: object) -> int | None:
    return None if _unknown(value) else int(value)  # type: ignore[call-overload]


def indicator_pages(
    series: pd.DataFrame, package: PublishedPackage, info: ReleaseInfo
) -> tuple[IndicatorIndexContext, list[IndicatorContext]]:
    """The index and a page per indicator of ``package`` from ``series``
    (``SiteInputs.long_series``)."""
    pages_of = {str(c): f"gemeenten/{slug(str(n))}.md" for c, n in _names(package).items()}
    names = dict(
        zip(series["municipality_code"].tolist(), series["municipality"].tolist(), strict=False)
    )
    monitors = sorted(int(m) for m in series["monitor"].unique())
    labels = monitor_labels(series)
    by_indicator = dict(iter(series.groupby("indicator", sort=False)))
    pages, links = [], []
    for _, ind in package.indicators.iterrows():
        code = str(ind["code"])
        rows = by_indicator.get(code, series.iloc[0:0])
        pages.append(_context(info, ind, rows, monitors, labels, names, pages_of))
        links.append(IndicatorLink(code, str(ind["name"]), str(ind["kind"]), page_path(code)))
    muns = series.loc[series["municipality_code"] != NATIONAL_CODE, "municipality_code"]
    return IndicatorIndexContext(info, links, muns.nunique()), pages


def _names(package: PublishedPackage) -> dict[str, str]:
    muns = package.municipalities
    return {str(c): str(n) for c, n in zip(muns["code"], muns["name"], strict=True)}


def _context(
    info: ReleaseInfo,
    ind: pd.Series,
    rows: pd.DataFrame,
    monitors: list[int],
    labels: dict[int, str],
    names: dict[str, str],
    pages_of: dict[str, str],
) -> IndicatorContext:
    code = str(ind["code"])
    table: dict[str, dict[int, SeriesCell]] = {}
    incomplete = []
    # Plain lists: iterating pandas' string and nullable columns goes value by value.
    columns = ("municipality_code", "monitor", "value", "revised", "compleet", "onbekend")
    for place, monitor, value, revised, compleet, onbekend in zip(
        *(rows[c].tolist() for c in columns), strict=True
    ):
        complete = not _false(compleet)
        cell = SeriesCell(_value(value), bool(revised), not complete)
        table.setdefault(str(place), {})[int(monitor)] = cell
        if place == NATIONAL_CODE and not complete:
            unknown = (_opt(onbekend) or "").split("; ")
            incomplete.append(
                IncompleteTotal(
                    int(monitor), labels[int(monitor)], [names.get(u, u) for u in unknown]
                )
            )
    out = [
        SeriesRow(names[c], pages_of.get(c), [cells.get(n) for n in monitors])
        for c, cells in table.items()
        if c != NATIONAL_CODE
    ]
    national = (
        SeriesRow(names[NATIONAL_CODE], None, [table[NATIONAL_CODE].get(n) for n in monitors])
        if NATIONAL_CODE in table
        else None
    )
    shown = [c for row in [*out, *([national] if national else [])] for c in row.cells if c]
    chart_list, note, charted = _charts(code, str(ind["name"]), rows, labels, names)
    return IndicatorContext(
        release=info,
        code=code,
        name=str(ind["name"]),
        kind=str(ind["kind"]),
        unit=str(ind["unit"]),
        definition=_opt(ind["definition"]),
        definition_note=_opt(ind["definition_note"]),
        anchor=anchor(code),
        monitors=monitors,
        labels=[labels[n] for n in monitors],
        rows=out,
        national=national,
        incomplete=incomplete,
        charts=chart_list,
        national_drawn=any(c.id.endswith("-nederland") for c in chart_list),
        chart_note=note,
        csv_file=indicator_series_name(code),
        revised_count=sum(1 for c in shown if c.revised),
        unknown_count=sum(1 for c in shown if c.value is None),
        table_query=_table_query(code, list(table), charted, monitors),
        all_query=_table_query(code, list(table), list(table), monitors),
    )


def _table_query(code: str, places: list[str], charted: list[str], monitors: list[int]) -> str:
    """``i=2&g=NL01,GM0363&m=13,14,15``: the table builder's address of this indicator
    with Nederland and the municipalities of ``places``, only the ``charted`` ones where
    there are more than ``MAX_LINES``."""
    muns = [c for c in places if c != NATIONAL_CODE]
    if len(muns) > MAX_LINES:
        muns = [c for c in muns if c in set(charted)]
    places = [NATIONAL_CODE, *muns] if NATIONAL_CODE in places else muns
    parts = {"i": [code], "g": places, "m": [str(n) for n in monitors]}
    return "&".join(f"{k}={','.join(quote(v, safe='') for v in vs)}" for k, vs in parts.items())


def _charts(
    code: str, name: str, rows: pd.DataFrame, labels: dict[int, str], names: dict[str, str]
) -> tuple[list[Chart], str | None, list[str]]:
    """The national total over time, and at most ``MAX_LINES`` municipalities (their codes
    the third of the result)."""
    if rows.empty:
        return [], None, []
    page = page_name(code)
    frame = pd.DataFrame(
        {
            "monitor": rows["monitor"].astype(int).to_numpy(),
            "label": rows["monitor"].astype(int).map(labels).to_numpy(),
            "series": rows["municipality"].astype(str).to_numpy(),
            "code": rows["municipality_code"].astype(str).to_numpy(),
            # A partial sum is not drawn: the table shows it, marked.
            "value": [
                None if _unknown(v) or (c == NATIONAL_CODE and _false(k)) else int(v)
                for v, c, k in zip(
                    rows["value"].tolist(),
                    rows["municipality_code"].tolist(),
                    rows["compleet"].tolist(),
                    strict=True,
                )
            ],
        }
    ).sort_values("monitor", kind="stable")
    national = frame[frame["code"] == NATIONAL_CODE]
    muns = frame[frame["code"] != NATIONAL_CODE]
    out = []
    # A chart with nothing to draw is left out (the page says why).
    if national["value"].notna().any():
        out.append(
            charts.trend(
                f"indicator-{page}-nederland",
                f"{code} {name}: Nederland",
                national.to_dict("records"),
                what=f"het landelijke totaal van {code} {name}",
                series_title="Gebied",
                # the table gives the sum of the known parts, marked
                gaps_are="Onvolledig (een gemeente onbekend)",
            )
        )
    codes = list(dict.fromkeys(muns["code"]))
    note = None
    if len(codes) > MAX_LINES:
        newest = int(muns["monitor"].max())
        last = muns[muns["monitor"] == newest].dropna(subset=["value"])
        ranked = last.sort_values(["value", "series"], ascending=[False, True], kind="stable")
        codes = list(ranked["code"])[:MAX_LINES]
        note = (
            f"de {len(codes)} gemeenten met het hoogste cijfer in monitor {newest}; "
            "de tabel hieronder heeft ze allemaal"
        )
    if codes and muns["value"].notna().any():
        order = {c: i for i, c in enumerate(codes)}
        chosen = muns[muns["code"].isin(order)].sort_values(
            ["monitor", "code"], key=lambda s: s.map(order) if s.name == "code" else s
        )
        title = f"{code} {name} per gemeente" + (f": {note.split(';')[0]}" if note else "")
        out.append(
            charts.trend(
                f"indicator-{page}-gemeenten",
                title,
                chosen.to_dict("records"),
                what=f"{code} {name} per gemeente",
                series_title="Gemeente",
            )
        )
    return out, note, codes
