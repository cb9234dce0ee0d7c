"""The home page of a release (``index.md``): its key figures, outflow and locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...package import PublishedPackage
from ..downloads import monitor_labels
from ..figures import LocationOccupancy, location_figures, locations
from ..layout import LAYOUT
from ..national import NationalFigure
from ..national import national_figures as figures_of
from ..vegalite import Chart
from .headline import (
    Headline,
    headlines,
    home_chart,
    national_per_monitor,
    revised_figures,
    shown_over_time,
)
from .release import (
    NO_DELIVERY,
    SEVERITY_LABELS,
    FindingView,
    MunicipalityLink,
    ReleaseInfo,
    finding_views,
    municipality_links,
)

# Up to this many municipalities the home page lists them; more, and it links the index.
HOME_LIST_MAX = 12


@dataclass(frozen=True)
class KeyFigureRow:
    """One line of the key-figures table.

    ``label``: what the figure is; ``formula``: how it is computed (its formula as shown);
    ``decimals``: the decimals the monitor uses for it; ``cells``: the figure per monitor of
    the table's columns; ``revised``: per cell, whether a part of it differs from the value
    first published (the long series' ``revised``).
    """

    label: str
    formula: str
    decimals: int
    cells: list[NationalFigure]
    revised: list[bool] = field(default_factory=list)


@dataclass(frozen=True)
class OutflowRow:
    """One outflow category: ``label`` and indicator ``code``, its national ``count`` and its
    ``share`` of the outflow."""

    label: str
    code: str
    count: NationalFigure
    share: NationalFigure


@dataclass(frozen=True)
class HomeContext:
    """Context of ``home.md.j2``.

    ``headlines``: the headline figures that open the page (``pages.yaml``), each with its
    change and sparkline; ``chart``: the national figures over every published monitor;
    ``release``: the release; ``f``: the named national figures of the release's own monitor
    (``national.py``); ``key_rows``: the key figures (``pages.yaml``) with a
    column per monitor of ``key_columns`` (newest first); ``outflow``: the outflow by result;
    ``locations``: capacity and occupancy per LVV location (satellites counted with their
    location); ``location_total``: the national row of that table; ``municipalities``: every
    municipality of the release; ``national_findings``: the warnings about national figures;
    ``finding_counts``: the findings per severity; ``jsonld``: the schema.org Dataset of the
    release (``catalog.dataset_jsonld``), embedded in the page's head; ``no_delivery``: the
    municipalities that delivered nothing for the release's monitor, with the reason.
    """

    release: ReleaseInfo
    f: dict[str, NationalFigure]
    headlines: list[Headline]
    chart: Chart
    key_columns: list[int]
    key_rows: list[KeyFigureRow]
    outflow: list[OutflowRow]
    locations: list[LocationOccupancy]
    location_total: LocationOccupancy
    municipalities: list[MunicipalityLink]
    national_findings: list[FindingView] = field(default_factory=list)
    finding_counts: dict[str, int] = field(default_factory=dict)
    jsonld: dict[str, Any] | None = None
    no_delivery: list[FindingView] = field(default_factory=list)

    @property
    def revised_count(self) -> int:
        """How many figures of the key-figure table carry the mark of a revised value."""
        return sum(sum(r.revised) for r in self.key_rows)

    @property
    def lists_municipalities(self) -> bool:
        """List every municipality on the home page? Only a few: the index has them all."""
        return len(self.municipalities) <= HOME_LIST_MAX


def key_figure_rows(
    per_monitor: list[dict[str, NationalFigure]], revised: list[set[str]] | None = None
) -> list[KeyFigureRow]:
    """The key figures; ``revised``: per column, the names of its revised figures."""
    marks = revised or [set() for _ in per_monitor]
    return [
        KeyFigureRow(
            k.label,
            per_monitor[0][k.figure].formula,
            k.decimals,
            [f[k.figure] for f in per_monitor],
            [k.figure in r for r in marks],
        )
        for k in LAYOUT.key_figures
    ]


def home_context(package: PublishedPackage, info: ReleaseInfo, series: pd.DataFrame) -> HomeContext:
    """The home page; ``series``: the long series as this version sees it
    (``SiteInputs.long_series``), for the headline figures' trends and the revised marks."""
    obs, muns = package.observations, package.municipalities
    current = figures_of(obs, muns, info.monitors)
    per_monitor = [current]
    if info.previous is not None:
        per_monitor.append(figures_of(obs, muns, info.monitors[:-1]))
    over_time = national_per_monitor(series, muns, shown_over_time())
    labels = {**monitor_labels(series), **info.monitor_labels}
    columns = [info.number] + ([info.previous] if info.previous is not None else [])
    outflow = [
        OutflowRow(c.label, c.code, current[c.count], current[c.share])
        for c in LAYOUT.outflow.categories
    ]
    views = finding_views(package)
    return HomeContext(
        release=info,
        f=current,
        headlines=headlines(current, over_time, labels, info.number, muns),
        chart=home_chart(over_time, labels, info.number),
        key_columns=columns,
        key_rows=key_figure_rows(per_monitor, [revised_figures(series, n) for n in columns]),
        outflow=outflow,
        locations=locations(obs, muns, info.number),
        location_total=location_figures(obs, muns, info.number, "NL", "Totaal", []),
        municipalities=municipality_links(package),
        national_findings=[f for f in views if f.municipality is None and f.severity != "info"],
        finding_counts={s: sum(1 for f in views if f.severity == s) for s in SEVERITY_LABELS},
        no_delivery=[f for f in views if f.rule == NO_DELIVERY and f.monitor == info.number],
    )
