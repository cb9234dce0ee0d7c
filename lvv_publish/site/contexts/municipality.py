"""The page of each municipality (``gemeenten/<slug>.md``), its charts, and the index of
municipalities (``gemeenten/index.md``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...dutch import NOT_APPLICABLE
from ...models import slug
from ...package import PublishedPackage
from ...sources import cells_of
from .. import charts
from ..figures import in_lvv
from ..formatting import number
from ..layout import LAYOUT
from ..tables import Cell, DataTable
from ..vegalite import Chart
from .release import (
    NO_DELIVERY,
    FindingView,
    ReleaseInfo,
    anchor,
    finding_views,
    municipality_links,
)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator on a municipality page: ``code``, ``name``, ``kind``, its ``depth`` in
    the hierarchy (0 for a main indicator), the ``anchor`` of its definition, its ``values``
    per monitor of the release, the ``change`` between the last two and per value whether it
    is ``revised`` (differs from the value first published: the long series' ``revised``)."""

    code: str
    name: str
    kind: str
    depth: int
    anchor: str
    values: list[int | None]
    change: int | None
    revised: list[bool] = field(default_factory=list)


@dataclass(frozen=True)
class MunicipalityContext:
    """Context of ``municipality.md.j2``: one row per indicator, one column per monitor.

    ``release``: the release; ``name``, ``code`` (CBS), ``role`` (lvv-locatie or satelliet),
    ``note`` and ``location_name`` of the municipality; ``rows``: its indicators;
    ``unknown_count``: its empty cells; ``findings``: the findings about it; ``charts``: its
    time series; ``absent``: the monitors of the release in which it was not part of the LVV
    (before its ``first_monitor`` or after its ``last_monitor``, None when it has none), whose
    values are shown as "n.v.t.", not as unknown; ``no_delivery``: why it delivered nothing
    for the release's monitor (``geen_levering``), None when it did.
    """

    release: ReleaseInfo
    name: str
    code: str
    role: str
    note: str | None
    location_name: str
    rows: list[IndicatorRow]
    unknown_count: int
    findings: list[FindingView] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    absent: list[int] = field(default_factory=list)
    first_monitor: int | None = None
    last_monitor: int | None = None
    no_delivery: str | None = None

    @property
    def revised_count(self) -> int:
        """How many values of the table carry the mark of a revised value."""
        return sum(sum(r.revised) for r in self.rows)

    @property
    def change_applicable(self) -> bool:
        """Is there a previous monitor in which the municipality was part of the LVV too?"""
        monitors = self.release.monitors
        return len(monitors) > 1 and not {monitors[-1], monitors[-2]} & set(self.absent)


def _rows(
    inds: pd.DataFrame,
    cells: dict[tuple[int, str], int | None],
    monitors: tuple[int, ...],
    revised: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
) -> list[IndicatorRow]:
    rows = []
    for icode, name, kind in zip(inds["code"], inds["name"], inds["kind"], strict=True):
        icode = str(icode)
        if not any((n, icode) in cells for n in monitors):
            continue
        values = [cells.get((n, icode)) for n in monitors]
        last, before = values[-1], (values[-2] if len(values) > 1 else None)
        rows.append(
            IndicatorRow(
                code=icode,
                name=str(name),
                kind=str(kind),
                depth=icode.count("."),
                anchor=anchor(icode),
                values=values,
                change=None if last is None or before is None else last - before,
                revised=[(n, icode) in revised for n in monitors],
            )
        )
    return rows


def _optional(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def revised_cells(series: pd.DataFrame | None) -> dict[str, set[tuple[int, str]]]:
    """Per municipality code, the (monitor, indicator) of its revised values in the long
    series (``SiteInputs.long_series``); none without a series."""
    out: dict[str, set[tuple[int, str]]] = {}
    if series is None:
        return out
    rows = series[series["revised"].fillna(False).astype(bool)]
    for m, mun, code in zip(
        rows["monitor"], rows["municipality_code"], rows["indicator"], strict=True
    ):
        out.setdefault(str(mun), set()).add((int(m), str(code)))
    return out


def municipality_contexts(
    package: PublishedPackage, info: ReleaseInfo, series: pd.DataFrame | None = None
) -> list[MunicipalityContext]:
    """A page's context per municipality; ``series``: the long series as this version sees
    it, for the marks of revised values."""
    muns = package.municipalities
    marks = revised_cells(series)
    names = dict(zip(muns["code"], muns["name"], strict=True))
    views = finding_views(package)
    members = {n: set(in_lvv(muns, n)["code"]) for n in info.monitors}
    # One pass over the observations: a filter per municipality grew as M² (issue 11).
    cells: dict[str, dict[tuple[int, str], int | None]] = {}
    for (m, mun, code), v in cells_of(package.observations).items():
        cells.setdefault(mun, {})[(m, code)] = v
    # Each municipality's findings, and why it delivered nothing, in one pass over them.
    found: dict[str, list[FindingView]] = {}
    silent: dict[str, str] = {}
    for f in views:
        if f.municipality is None:
            continue  # a national finding
        found.setdefault(f.municipality, []).append(f)
        if f.rule == NO_DELIVERY and f.monitor == info.number:
            silent.setdefault(f.municipality, f.message)
    out = []
    for m in muns.to_dict("records"):
        code = str(m["code"])
        rows = _rows(package.indicators, cells.get(code, {}), info.monitors, marks.get(code, set()))
        absent = [n for n in info.monitors if code not in members[n]]
        unknown = sum(
            1
            for r in rows
            for n, v in zip(info.monitors, r.values, strict=True)
            if v is None and n not in absent
        )
        out.append(
            MunicipalityContext(
                release=info,
                name=str(m["name"]),
                code=code,
                role=str(m["role"]),
                note=None if pd.isna(m["note"]) else str(m["note"]),
                location_name=str(names[m["location"]]),
                rows=rows,
                unknown_count=unknown,
                findings=found.get(str(m["name"]), []),
                no_delivery=silent.get(str(m["name"])),
                absent=absent,
                first_monitor=_optional(m["first_monitor"]),
                last_monitor=_optional(m["last_monitor"]),
            )
        )
    return out


@dataclass(frozen=True)
class MunicipalitiesContext:
    """Context of ``municipalities.md.j2``: ``release`` and ``table``, the municipality
    index (``municipality_index``)."""

    release: ReleaseInfo
    table: DataTable


def municipality_index(package: PublishedPackage, info: ReleaseInfo) -> DataTable:
    """The municipalities page: one row per municipality, linking to its page, with its
    role and key figures of the release's monitor (``pages.yaml``); sortable and filterable
    by name or code.

    All rows are in the page (a few hundred at national scale); a municipality not in the
    LVV in this monitor shows "n.v.t.".
    """
    cells = cells_of(package.observations)
    members = set(in_lvv(package.municipalities, info.number)["code"])
    columns = LAYOUT.municipality_index
    rows = []
    for link, code in zip(municipality_links(package), package.municipalities["code"], strict=True):
        role = (
            f"satellietlocatie van {link.location_name}"
            if link.role == "satelliet"
            else "LVV-locatie"
        )
        if code not in members:
            role += f", geen deel meer van de LVV na monitor {link.last_monitor}"
        rows.append(
            [Cell(link.name, f"gemeenten/{link.slug}.md"), Cell(str(code)), Cell(role)]
            + [
                Cell(
                    number(cells.get((info.number, str(code), c.code)))
                    if code in members
                    else NOT_APPLICABLE
                )
                for c in columns
            ]
        )
    return DataTable(
        name="gemeenten",
        headers=["Gemeente", "CBS-code", "Rol"]
        + [f"{c.label} (monitor {info.number})" for c in columns],
        numeric=[False, False, False] + [True] * len(columns),
        rows=rows,
        filters={
            "data-lvv-filter-text": "0 1",
            "data-lvv-filter-label": "Gemeente (naam of CBS-code)",
        },
        sortable=True,
        shown=max(len(rows), 1),
        interactive_from=0,  # the page is there to find a municipality
    )


# Per municipality code, per indicator: its (monitor, value) in the observations' order.
Series = dict[str, dict[str, list[tuple[int, int | None]]]]


def _by_municipality(obs: pd.DataFrame, wanted: list[str]) -> Series:
    """The observations of the ``wanted`` indicators in one pass: filtering the whole history
    per municipality grew as M² (issue 11), and a DataFrame per chart was most of the rest."""
    shown = obs[obs["indicator"].isin(wanted)]
    out: Series = {}
    for mun, ind, m, v in zip(
        shown["municipality_code"].to_numpy(),
        shown["indicator"].to_numpy(),
        shown["monitor"].to_numpy(),
        shown["value"].to_numpy(),
        strict=True,
    ):
        value = None if pd.isna(v) else int(v)
        out.setdefault(str(mun), {}).setdefault(str(ind), []).append((int(m), value))
    return out


def _points(
    mine: dict[str, list[tuple[int, int | None]]],
    codes: tuple[str, ...],
    labels: dict[int, str],
    names: dict[str, str],
) -> list[dict[str, object]]:
    """A trend's points: by monitor, then in the order of ``codes``."""
    place = {c: i for i, c in enumerate(dict.fromkeys(codes))}
    ordered = sorted(
        ((m, place[c], c, v) for c in place for m, v in mine.get(c, ())),
        key=lambda p: (p[0], p[1]),
    )
    return [
        {"monitor": m, "label": labels.get(m, str(m)), "series": f"{c} {names[c]}", "value": v}
        for m, _, c, v in ordered
    ]


def municipality_charts(
    package: PublishedPackage, history: pd.DataFrame, labels: dict[int, str]
) -> dict[str, list[Chart]]:
    """Per municipality (by slug): its time series over every monitor available, one chart
    per ``municipality_charts`` of ``pages.yaml``.

    ``history`` holds the observations of monitors this release does not carry, taken from
    the newest earlier release that carries them; ``labels`` names every monitor.
    """
    obs = (
        pd.concat([history, package.observations], ignore_index=True)
        if len(history)
        else (package.observations)
    )
    names = dict(zip(package.indicators["code"], package.indicators["name"], strict=True))
    muns = package.municipalities
    first = dict(zip(muns["code"], muns["first_monitor"], strict=True))
    wanted = list(dict.fromkeys(c for chart in LAYOUT.municipality_charts for c in chart.codes))
    by_code = _by_municipality(obs, wanted)
    out: dict[str, list[Chart]] = {}
    for code, name in zip(muns["code"], muns["name"], strict=True):
        code, name = str(code), str(name)
        mine = by_code.get(code, {})
        joined = (
            "" if pd.isna(first[code]) else f" (deel van de LVV sinds monitor {int(first[code])})"
        )
        words = {"name": name, "joined": joined}
        out[slug(name)] = [
            charts.trend(
                f"{slug(name)}-{spec.id}",
                spec.title.format(**words),
                _points(mine, spec.codes, labels, names),
                what=spec.what.format(**words),
            )
            for spec in LAYOUT.municipality_charts
        ]
    return out
