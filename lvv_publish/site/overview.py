"""Contexts of the national overview and the reading guide (``landelijk``, ``leeswijzer``).

The overview reproduces the monitor's own slides from the data: Kerncijfers, Instroom/
Bezetting/Uitstroom, Perspectiefbepaling, Resultaat Vertrek en Verblijf, Uitstroomredenen and
the Hasa results. Every number is computed here from the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from . import charts, figures
from .charts import Chart
from .figures import NationalFigure, Total
from .formatting import number, percent
from ..package import PublishedPackage
from .pages import FindingView, ReleaseInfo, _slug, finding_views, slug
from .tables import Cell, DataTable


@dataclass(frozen=True)
class Table:
    """A table for a page: ``units`` per column (``text``, ``number``, ``percent``)."""

    headers: list[str]
    units: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None


@dataclass(frozen=True)
class OverviewContext:
    """Context of ``overview.md.j2``.

    ``f``: the named national figures (see figures.national_figures); the tables and charts
    per section; ``narrative``: findings where the monitor's text disagrees with its table.
    """

    release: ReleaseInfo
    f: dict[str, NationalFigure]
    locations: Table
    occupancy_chart: Chart
    perspective: Table
    results: Table
    results_chart: Chart
    reasons: Table
    reasons_chart: Chart
    hasa: Table
    hasa_chart: Chart
    narrative: list[FindingView]
    semi_sum_findings: list[FindingView]
    # The largest rises and falls per municipality from the previous monitor to this one
    # (compare.movers, set by site.render_pages from the default comparison).
    rises: list[Any] = field(default_factory=list)
    falls: list[Any] = field(default_factory=list)

    @property
    def turned(self) -> bool:
        """Show the widest tables turned (a column per municipality): only for a few."""
        return len(self.results.rows) <= TURN_MAX

    @cached_property
    def tables(self) -> dict[str, DataTable]:
        """The per-municipality tables, sortable and filterable, by section."""
        return {
            name: data_table(t, f"landelijk-{name}")
            for name, t in (
                ("locaties", self.locations),
                ("perspectief", self.perspective),
                ("resultaat", self.results),
                ("redenen", self.reasons),
                ("hasa", self.hasa),
            )
        }

    @property
    def charts(self) -> list[Chart]:
        """The page's charts in the order it shows them."""
        return [self.occupancy_chart, self.results_chart, self.reasons_chart, self.hasa_chart]


# A bar per municipality stays readable up to this many; with more, the charts show the
# largest (the tables below them hold every municipality).
CHART_GROUPS = 20
# Up to this many municipalities the widest tables are shown turned (a column each).
TURN_MAX = 8


def _largest(weights: dict[str, Any], n: int = CHART_GROUPS) -> set[str] | None:
    """The ``n`` groups with the largest weight (unknown or text counts as none; ties by
    name), or None when there are no more than ``n``: then every group is shown."""
    if len(weights) <= n:
        return None

    def weight(g: str) -> float:
        w = weights[g]
        return w if isinstance(w, int | float) and not isinstance(w, bool) else 0

    ranked = sorted(weights, key=lambda g: (-weight(g), g))
    return set(ranked[:n])


def _largest_note(keep: set[str] | None, what: str) -> str:
    return "" if keep is None else f": de {len(keep)} gemeenten met de meeste {what}"


def _only(rows: list[dict[str, Any]], keep: set[str] | None) -> list[dict[str, Any]]:
    return rows if keep is None else [r for r in rows if r["group"] in keep]


def _cell_text(value: Any, unit: str) -> str:
    """A cell as ``_macros.cell`` writes it, for a DataTable (plain text)."""
    if isinstance(value, str):
        return value
    if unit == "percent":
        text = percent(value, 1)
    elif unit == "number":
        text = number(value)
    else:
        return str(value)
    if value is not None and getattr(value, "partial", False):
        text += f" ({value.note})"
    return text


def data_table(t: Table, name: str) -> DataTable:
    """An overview table as a sortable table filtered by municipality (its first column),
    each municipality linking to its page; the national total stays last."""
    rows = [
        [Cell(str(r[0]), f"gemeenten/{slug(str(r[0]))}.md")]
        + [Cell(_cell_text(v, u)) for v, u in zip(r[1:], t.units[1:], strict=True)]
        for r in t.rows
    ]
    return DataTable(
        name=name,
        headers=t.headers,
        numeric=[u != "text" for u in t.units],
        rows=rows,
        filters={"data-lvv-filter-text": "0", "data-lvv-filter-label": "Gemeente"},
        sortable=True,
        total=[Cell(_cell_text(v, u)) for v, u in zip(t.total, t.units, strict=True)]
        if t.total
        else None,
        download=("downloads/totaaloverzicht.csv", "totaaloverzicht.csv"),
    )


def _cell(obs: pd.DataFrame, monitor: int, mun: str, code: str) -> int | None:
    return figures.value(obs, monitor, mun, code)


def _ratio(num: int | None, den: int | None) -> float | None:
    if num is None or not den:
        return None
    return num / den


def _municipalities(package: PublishedPackage) -> list[tuple[str, str]]:
    return [
        (str(c), str(n))
        for c, n in zip(package.municipalities["code"], package.municipalities["name"], strict=True)
    ]


def _indicator_names(package: PublishedPackage) -> dict[str, str]:
    return dict(zip(package.indicators["code"], package.indicators["name"], strict=True))


def _national_row(label: str, totals: list[Total | float | None]) -> list[Any]:
    return [label, *totals]


def overview_context(package: PublishedPackage, info: ReleaseInfo) -> OverviewContext:
    obs, muns = package.observations, package.municipalities
    n = info.number
    f = figures.national_figures(obs, muns, info.monitors)
    names = _indicator_names(package)
    # Only the municipalities that are part of the LVV in this monitor have a row.
    active = set(figures.in_lvv(muns, n)["code"])
    municipalities = [(c, name) for c, name in _municipalities(package) if c in active]
    satellite_of = {
        str(c): str(loc)
        for c, loc, role in zip(muns["code"], muns["location"], muns["role"], strict=True)
        if role == "satelliet"
    }
    name_of = dict(municipalities)

    def t(code: str) -> Total:
        return figures.total(obs, muns, n, code)

    # Instroom, bezetting en uitstroom: the monitor's table, Emmen inside Groningen's capacity.
    loc_by_code = {loc.code: loc for loc in figures.locations(obs, muns, n)}
    rows = []
    for code, name in municipalities:
        if code in satellite_of:
            capacity: Any = f"valt onder de capaciteit van {name_of[satellite_of[code]]}"
            occupancy: Any = f"zie {name_of[satellite_of[code]]}"
        else:
            capacity = _cell(obs, n, code, "1")
            occupancy = loc_by_code[code].occupancy.value
        rows.append(
            [
                name,
                capacity,
                _cell(obs, n, code, "2"),
                _cell(obs, n, code, "2.1"),
                _cell(obs, n, code, "2.2"),
                _cell(obs, n, code, "12"),
                occupancy,
            ]
        )
    locations = Table(
        headers=[
            "Gemeente",
            "Capaciteit",
            "Toegelaten (vanaf start LVV)",
            "Toegelaten deze periode",
            "Actueel aantal deelnemers",
            "Uitgestroomd (vanaf start LVV)",
            "Bezetting",
        ],
        units=["text", "number", "number", "number", "number", "number", "percent"],
        rows=rows,
        total=["Totaal", t("1"), t("2"), t("2.1"), t("2.2"), t("12"), f["bezetting_pct"].value],
    )
    keep = _largest({loc.code: loc.capacity.value for loc in loc_by_code.values()})
    occupancy_chart = charts.occupancy(
        "bezetting",
        f"Bezetting per locatie, monitor {n}" + _largest_note(keep, "capaciteit"),
        pd.DataFrame(
            [
                {
                    "location": loc.name
                    + (f" (met {', '.join(loc.members)})" if loc.members else ""),
                    "current": loc.current.value if not loc.current.partial else None,
                    "capacity": loc.capacity.value if not loc.capacity.partial else None,
                }
                for loc in loc_by_code.values()
                if keep is None or loc.code in keep
            ]
        ),
    )

    # Perspectiefbepaling per gemeente.
    persp_rows = []
    for code, name in municipalities:
        cur, det = _cell(obs, n, code, "2.2"), _cell(obs, n, code, "5")
        persp_rows.append(
            [
                name,
                cur,
                _cell(obs, n, code, "4"),
                det,
                _cell(obs, n, code, "5.1"),
                _cell(obs, n, code, "5.2"),
                _cell(obs, n, code, "5.3"),
                _ratio(det, cur),
            ]
        )
    perspective = Table(
        headers=[
            "Gemeente",
            "Lopende trajecten (2.2)",
            "In onderzoek (4)",
            "Perspectief bepaald (5)",
            "Terugkeer (5.1)",
            "Doormigratie (5.2)",
            "Verblijf (5.3)",
            "Perspectief bepaald (%)",
        ],
        units=["text", "number", "number", "number", "number", "number", "number", "percent"],
        rows=persp_rows,
        total=[
            "Totaal",
            t("2.2"),
            t("4"),
            t("5"),
            t("5.1"),
            t("5.2"),
            t("5.3"),
            f["perspectief_bepaald_pct"].value,
        ],
    )

    # Resultaat vertrek en verblijf per gemeente: shares of the total outflow (12).
    categories = [(c, lbl) for c, lbl in figures.OUTFLOW_CATEGORIES]
    res_rows, comp = [], []
    for code, name in municipalities:
        total_out = _cell(obs, n, code, "12")
        values = [_cell(obs, n, code, c) for c, _ in categories]
        res_rows.append([name, total_out, *values, *[_ratio(v, total_out) for v in values]])
        for (c, lbl), v in zip(categories, values, strict=True):
            comp.append({"group": name, "category": f"{lbl} ({c})", "value": v, "total": total_out})
    results = Table(
        headers=[
            "Gemeente",
            "Uitstroom (12)",
            *[f"{lbl.capitalize()} ({c})" for c, lbl in categories],
            *[f"{lbl.capitalize()} (%)" for _, lbl in categories],
        ],
        units=["text", "number", *["number"] * len(categories), *["percent"] * len(categories)],
        rows=res_rows,
        total=[
            "Totaal",
            t("12"),
            *[t(c) for c, _ in categories],
            *[
                f[f"{name}_pct"].value
                for name in ("duurzaam", "semi_duurzaam", "niet_duurzaam", "overleden")
            ],
        ],
    )
    keep = _largest({str(r[0]): r[1] for r in res_rows})
    results_chart = charts.composition(
        "resultaat",
        f"Resultaat vertrek en verblijf per gemeente, monitor {n}"
        + _largest_note(keep, "uitstroom"),
        pd.DataFrame(_only(comp, keep)),
        what="de uitstroom per gemeente naar resultaat, als aandeel van de totale uitstroom (12)",
        category_title="Resultaat",
        group_title="Gemeente",
        normalize=True,
    )

    # Uitstroomredenen: every sub-reason of 8, 9 and 10, and 11.
    reason_codes = [c for c in names if c.split(".")[0] in ("8", "9", "10") and c.count(".") == 1]
    reason_codes.append("11")
    reason_rows, reason_data = [], []
    for code, name in municipalities:
        values = [_cell(obs, n, code, c) for c in reason_codes]
        reason_rows.append([name, *values])
        for c, v in zip(reason_codes, values, strict=True):
            reason_data.append({"group": name, "category": f"{c} {names[c]}", "value": v})
    reasons = Table(
        headers=["Gemeente", *[f"{c} {names[c]}" for c in reason_codes]],
        units=["text", *["number"] * len(reason_codes)],
        rows=reason_rows,
        total=["Totaal", *[t(c) for c in reason_codes]],
    )
    keep = _largest({str(r[0]): sum(int(v or 0) for v in r[1:]) for r in reason_rows})
    reasons_chart = charts.composition(
        "uitstroomredenen",
        f"Uitstroomredenen per gemeente, monitor {n}" + _largest_note(keep, "uitstroom"),
        pd.DataFrame(_only(reason_data, keep)),
        what="de uitstroom sinds de start per gemeente naar reden (aantallen)",
        category_title="Reden",
        group_title="Gemeente",
        normalize=False,
        scheme="tableau20",
    )

    # Hasa results per gemeente.
    hasa_codes = ["9.1.2", "9.1.4", "9.1.3", "9.1.5", "9.1.1"]
    hasa_rows, hasa_data = [], []
    for code, name in municipalities:
        filed = _cell(obs, n, code, "9.1")
        values = [_cell(obs, n, code, c) for c in hasa_codes]
        pending = _cell(obs, n, code, "9.1.1")
        granted = _cell(obs, n, code, "9.1.2")
        decided = None if filed is None or pending is None else filed - pending
        hasa_rows.append([name, filed, *values, _ratio(granted, decided)])
        for c, v in zip(hasa_codes, values, strict=True):
            hasa_data.append({"group": name, "category": names[c], "value": v})
    hasa = Table(
        headers=[
            "Gemeente",
            "Ingediend (9.1)",
            *[f"{names[c]} ({c})" for c in hasa_codes],
            "Ingewilligd van beslist (%)",
        ],
        units=["text", "number", *["number"] * len(hasa_codes), "percent"],
        rows=hasa_rows,
        total=[
            "Totaal",
            t("9.1"),
            *[t(c) for c in hasa_codes],
            f["hasa_ingewilligd_van_beslist_pct"].value,
        ],
    )
    keep = _largest({str(r[0]): r[1] for r in hasa_rows})
    hasa_chart = charts.composition(
        "hasa",
        f"Resultaten Hasa's per gemeente, monitor {n}" + _largest_note(keep, "Hasa's"),
        pd.DataFrame(_only(hasa_data, keep)),
        what="de stand op de peildatum van de ingediende Hasa's per gemeente (aantallen)",
        category_title="Stand",
        group_title="Gemeente",
        normalize=False,
    )
    narrative = [
        v for v in finding_views(package) if v.rule.startswith("narrative") and v.monitor == n
    ]
    semi_sum_findings = [
        v
        for v in finding_views(package)
        if v.rule == "sum-mismatch" and v.monitor == n and v.indicators[:1] == ["9"]
    ]
    return OverviewContext(
        release=info,
        semi_sum_findings=semi_sum_findings,
        f=f,
        locations=locations,
        occupancy_chart=occupancy_chart,
        perspective=perspective,
        results=results,
        results_chart=results_chart,
        reasons=reasons,
        reasons_chart=reasons_chart,
        hasa=hasa,
        hasa_chart=hasa_chart,
        narrative=narrative,
    )


@dataclass(frozen=True)
class PeriodView:
    monitor: int
    label: str
    title: str | None
    start: Any
    end: Any
    peildatum: Any
    is_release: bool


@dataclass(frozen=True)
class GuideContext:
    """Context of ``guide.md.j2`` (Leeswijzer): the periods the release carries."""

    release: ReleaseInfo
    periods: list[PeriodView]


def guide_context(package: PublishedPackage, info: ReleaseInfo) -> GuideContext:
    periods = [
        PeriodView(
            monitor=int(r["monitor"]),
            label=str(r["label"]),
            title=None if pd.isna(r["title"]) else str(r["title"]),
            start=r["period_start"],
            end=r["period_end"],
            peildatum=r["peildatum"],
            is_release=int(r["monitor"]) == info.number,
        )
        for _, r in package.monitors.sort_values("monitor").iterrows()
    ]
    return GuideContext(release=info, periods=periods)


def municipality_charts(
    package: PublishedPackage, history: pd.DataFrame, labels: dict[int, str]
) -> dict[str, list[Chart]]:
    """Per municipality (by slug): its time series over every monitor available.

    ``history`` holds the observations of monitors this release does not carry, taken from
    the newest earlier release that carries them; ``labels`` names every monitor.
    """
    obs = (
        pd.concat([history, package.observations], ignore_index=True)
        if len(history)
        else (package.observations)
    )
    names = _indicator_names(package)
    out: dict[str, list[Chart]] = {}
    first = dict(
        zip(package.municipalities["code"], package.municipalities["first_monitor"], strict=True)
    )
    # Grouped once: filtering the whole history per municipality grew as M² (issue 11).
    shown = obs[obs["indicator"].isin(["1", "2", "2.2", "5", "12"])]
    by_code = dict(iter(shown.groupby("municipality_code", sort=False)))
    for code, name in _municipalities(package):
        mine = by_code.get(code, shown.iloc[0:0])
        slug = _slug(name)
        joined = (
            "" if pd.isna(first[code]) else f" (deel van de LVV sinds monitor {int(first[code])})"
        )

        def frame(codes: list[str], mine: pd.DataFrame = mine) -> pd.DataFrame:
            rows = []
            for r in mine[mine["indicator"].isin(codes)].sort_values("monitor").itertuples():
                rows.append(
                    {
                        "monitor": int(r.monitor),
                        "label": labels.get(int(r.monitor), str(r.monitor)),
                        "series": f"{r.indicator} {names[r.indicator]}",
                        "value": None if pd.isna(r.value) else int(r.value),
                    }
                )
            order = {f"{c} {names[c]}": i for i, c in enumerate(codes)}
            return pd.DataFrame(rows).sort_values(
                ["monitor", "series"], key=lambda s: s.map(order) if s.name == "series" else s
            )

        out[slug] = [
            charts.trend(
                f"{slug}-instroom-uitstroom",
                f"{name}: toegelaten en uitgestroomd sinds de start",
                frame(["2", "12"]),
                what=f"toegelaten (2) en uitgestroomd (12) sinds de start in {name}{joined}",
            ),
            charts.trend(
                f"{slug}-lopend",
                f"{name}: lopende trajecten en capaciteit",
                frame(["1", "2.2", "5"]),
                what=f"capaciteit (1), lopende trajecten (2.2) en trajecten met een bepaald "
                f"perspectief (5) in {name}{joined}",
            ),
        ]
    return out
