"""The national overview (``landelijk.md``): the monitor's own slides rebuilt from the data.

Kerncijfers, Instroom/Bezetting/Uitstroom, Perspectiefbepaling, Resultaat Vertrek en Verblijf,
Uitstroomredenen and the Hasa results. What each table shows is ``pages.yaml``'s
``overview``; every number is computed here from the package, by formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ...package import PublishedPackage
from .. import charts, figures
from ..figures import PackageTable
from ..formula_tables import Municipalities, Table, data_table, formula_table
from ..layout import LAYOUT, TableColumn
from ..national import NationalFigure, national_figures
from ..tables import DataTable
from ..vegalite import Chart
from .release import FindingView, ReleaseInfo, finding_views

# A bar per municipality stays readable up to this many; with more, the charts show the
# largest (the tables below them hold every municipality).
CHART_GROUPS = 20
# Up to this many municipalities the widest tables are shown turned (a column each).
TURN_MAX = 8


@dataclass(frozen=True)
class OverviewContext:
    """Context of ``overview.md.j2``.

    ``release``: the release; ``f``: the named national figures (``figures.yaml``); per
    section its table and chart: ``locations`` with ``occupancy_chart``, ``perspective``,
    ``results`` with ``results_chart``, ``reasons`` with ``reasons_chart``, ``hasa`` with
    ``hasa_chart``; ``narrative``: findings where the monitor's text disagrees with its
    table; ``semi_sum_findings``: where the parts of the semi-durable outflow do not add up;
    ``rises`` and ``falls``: the largest rises and falls per municipality from the previous
    monitor to this one (``compare.movers``, from the default comparison).
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


def largest(weights: dict[str, Any], n: int = CHART_GROUPS) -> set[str] | None:
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


def _occupancy(package: PublishedPackage, n: int) -> Chart:
    locs = figures.locations(package.observations, package.municipalities, n)
    keep = largest({loc.code: loc.capacity.value for loc in locs})
    rows = [
        {
            "location": loc.name + (f" (met {', '.join(loc.members)})" if loc.members else ""),
            "current": loc.current.value if not loc.current.partial else None,
            "capacity": loc.capacity.value if not loc.capacity.partial else None,
        }
        for loc in locs
        if keep is None or loc.code in keep
    ]
    return charts.occupancy(
        "bezetting",
        f"Bezetting per locatie, monitor {n}" + _largest_note(keep, "capaciteit"),
        rows,
    )


def _results(muns: Municipalities) -> tuple[Table, Chart]:
    """Resultaat vertrek en verblijf: the outflow by result, counts and shares."""
    total, categories = LAYOUT.outflow.total, LAYOUT.outflow.categories
    columns = [
        TableColumn(header=f"Uitstroom ({total})", formula=total),
        *(
            TableColumn(header=f"{c.label.capitalize()} ({c.code})", formula=c.code)
            for c in categories
        ),
        *(
            TableColumn(header=f"{c.label.capitalize()} (%)", formula=f"{c.code} / {total}")
            for c in categories
        ),
    ]
    table = formula_table(columns, muns)
    comp = [
        {"group": row[0], "category": f"{c.label} ({c.code})", "value": v, "total": row[1]}
        for row in table.rows
        for c, v in zip(categories, row[2 : 2 + len(categories)], strict=True)
    ]
    keep = largest({str(r[0]): r[1] for r in table.rows})
    chart = charts.composition(
        "resultaat",
        f"Resultaat vertrek en verblijf per gemeente, monitor {muns.monitor}"
        + _largest_note(keep, "uitstroom"),
        _only(comp, keep),
        what="de uitstroom per gemeente naar resultaat, als aandeel van de totale uitstroom "
        f"({total})",
        category_title="Resultaat",
        group_title="Gemeente",
        normalize=True,
    )
    return table, chart


def _reasons(muns: Municipalities, names: dict[str, str]) -> tuple[Table, Chart]:
    """Uitstroomredenen: every sub-reason of the outflow categories (``pages.yaml``)."""
    spec = LAYOUT.overview.reasons
    codes = [c for c in names if c.split(".")[0] in spec.children_of and c.count(".") == 1]
    codes += list(spec.also)
    table = formula_table([TableColumn(header=f"{c} {names[c]}", formula=c) for c in codes], muns)
    data = [
        {"group": row[0], "category": f"{c} {names[c]}", "value": v}
        for row in table.rows
        for c, v in zip(codes, row[1:], strict=True)
    ]
    keep = largest({str(r[0]): sum(int(v or 0) for v in r[1:]) for r in table.rows})
    chart = charts.composition(
        "uitstroomredenen",
        f"Uitstroomredenen per gemeente, monitor {muns.monitor}" + _largest_note(keep, "uitstroom"),
        _only(data, keep),
        what="de uitstroom sinds de start per gemeente naar reden (aantallen)",
        category_title="Reden",
        group_title="Gemeente",
        normalize=False,
        scheme="tableau20",
    )
    return table, chart


def _hasa(muns: Municipalities, names: dict[str, str]) -> tuple[Table, Chart]:
    """Resultaten Hasa's: the state on the peildatum of the Hasa's filed."""
    spec = LAYOUT.overview.hasa
    columns = [
        TableColumn(header=f"Ingediend ({spec.filed})", formula=spec.filed),
        *(TableColumn(header=f"{names[c]} ({c})", formula=c) for c in spec.results),
        TableColumn(header="Ingewilligd van beslist (%)", formula=spec.granted_of_decided),
    ]
    table = formula_table(columns, muns)
    data = [
        {"group": row[0], "category": names[c], "value": v}
        for row in table.rows
        for c, v in zip(spec.results, row[2 : 2 + len(spec.results)], strict=True)
    ]
    keep = largest({str(r[0]): r[1] for r in table.rows})
    chart = charts.composition(
        "hasa",
        f"Resultaten Hasa's per gemeente, monitor {muns.monitor}" + _largest_note(keep, "Hasa's"),
        _only(data, keep),
        what="de stand op de peildatum van de ingediende Hasa's per gemeente (aantallen)",
        category_title="Stand",
        group_title="Gemeente",
        normalize=False,
    )
    return table, chart


def overview_context(package: PublishedPackage, info: ReleaseInfo) -> OverviewContext:
    obs, n = package.observations, info.number
    table = PackageTable(obs, package.municipalities)
    muns = Municipalities.of(table, figures.in_lvv(package.municipalities, n), n)
    names = dict(zip(package.indicators["code"], package.indicators["name"], strict=True))
    results, results_chart = _results(muns)
    reasons, reasons_chart = _reasons(muns, names)
    hasa, hasa_chart = _hasa(muns, names)
    views = [v for v in finding_views(package) if v.monitor == n]
    return OverviewContext(
        release=info,
        f=national_figures(obs, package.municipalities, info.monitors),
        locations=formula_table(LAYOUT.overview.locations, muns),
        occupancy_chart=_occupancy(package, n),
        perspective=formula_table(LAYOUT.overview.perspective, muns),
        results=results,
        results_chart=results_chart,
        reasons=reasons,
        reasons_chart=reasons_chart,
        hasa=hasa,
        hasa_chart=hasa_chart,
        narrative=[v for v in views if v.rule.startswith("narrative")],
        semi_sum_findings=[
            v
            for v in views
            if v.rule == "sum-mismatch" and v.indicators[:1] == [LAYOUT.overview.semi_durable]
        ],
    )
