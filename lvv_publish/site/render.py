"""Render the pages of a release: each page's context (``contexts/``) through its template.

``render_pages`` gives every file of the release's MkDocs source as text: the pages in
Markdown, per chart a bare HTML page with its data as CSV, and the long tables as JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import resources
from ..models import Correction, MonitorMeta, NextPublication, slug
from ..package import PublishedPackage
from .catalog import Download as CatalogDownload
from .catalog import dataset_jsonld
from .catalog.records import is_data
from .contexts import (
    TABLE_DATA,
    ChartPageContext,
    CompareContext,
    HomeContext,
    MethodContext,
    MunicipalitiesContext,
    NoComparisonContext,
    OverviewContext,
    ReleaseInfo,
    changelog_context,
    compare_context,
    comparison_pairs,
    downloads_context,
    guide_context,
    home_context,
    indicator_pages,
    indicator_path,
    indicators_context,
    municipality_charts,
    municipality_contexts,
    municipality_index,
    narrative_context,
    overview_context,
    pair_path,
    quality_context,
    release_info,
    rule_views,
    table_page,
)
from .downloads import (
    RECIPES,
    Download,
    build_downloads,
    citation,
    release_of,
    series_table,
    workbook_bytes,
    workbook_name,
)
from .figures import Ratio
from .formatting import FILTERS
from .lean import (
    aligned,
    collecting,
    figure_columns,
    passthrough,
    template_cache,
    without_end_tags,
)
from .national import national_figures
from .tables import DataTable, html_cell, page_url, table_json
from .vegalite import Chart, chart_csv, spec_script

# How many of the largest rises and falls the national overview shows (the comparison more).
OVERVIEW_MOVERS = 5


def environment(templates_dir: Path | None = None) -> Environment:
    """The Jinja2 environment of the site templates: one per folder and process, so every
    template is compiled once, not once per version built (issue 11)."""
    return _environment(templates_dir or resources.templates_dir())


@functools.cache
def _environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # templates write Markdown; free text goes through the |md filter
        bytecode_cache=template_cache(),
    )
    env.filters.update(FILTERS)
    env.filters["html_cell"] = html_cell
    env.filters["url"] = page_url
    env.filters["aligned"] = aligned
    env.filters["passthrough"] = passthrough
    env.filters["figures"] = lambda units: [u != "text" for u in units]
    env.filters["slug"] = slug
    # A chart's data table on its own page: the columns that are not text are figures.
    env.filters["figure_columns"] = lambda units: figure_columns([u != "text" for u in units])
    env.globals["Ratio"] = Ratio
    return env


@dataclass(frozen=True)
class SiteInputs:
    """Everything one version of the site is built from.

    ``package``: the release's data package; ``meta``: its ``monitor.yaml``; ``pilot_start``:
    the start of the LVV pilot; ``previous``: the package of the release before it (for the
    changelog), if any; ``history``: observations of monitors this release does not carry,
    from earlier packages (for the time series); ``labels``: every monitor's label;
    ``corrections``: (release, correction) of this release and the earlier ones, in the
    order they were published; ``next_publication``: the release calendar of
    ``publication.yaml``, shown on every page; ``series``: the long series as this version
    sees it (``downloads.series_table`` of every published version of the releases up to
    this one: for the newest version, the rows of ``reeksen.csv``), for the pages that show
    figures over time; None builds it from ``package`` and ``history`` alone. ``downloads``
    gives the release's downloads folder (``version_downloads``) when it is made elsewhere
    (a worker beside the build, at national scale); None makes it here.
    (The vintage file of every release is site-wide: ``publish.update_versions``.)
    """

    package: PublishedPackage
    meta: MonitorMeta
    pilot_start: dt.date
    previous: PublishedPackage | None = None
    history: pd.DataFrame | None = None
    labels: dict[int, str] = field(default_factory=dict)
    corrections: tuple[tuple[int, Correction], ...] = ()
    next_publication: NextPublication | None = None
    series: pd.DataFrame | None = None
    downloads: Callable[[], list[Download]] | None = None

    @functools.cached_property
    def long_series(self) -> pd.DataFrame:
        """``series``, or the series of ``package`` alone where none was given."""
        if self.series is not None:
            return self.series
        return series_table([release_of(self.package)])


def release_downloads(inputs: SiteInputs, site_url: str | None = None) -> list[Download]:
    """The files of the release's downloads folder (``/<N>/downloads/``); ``site_url`` gives
    the citation files the version's address."""
    if inputs.downloads is not None:
        return inputs.downloads()
    return version_downloads(inputs.package, inputs.meta.number, site_url)


def version_downloads(
    package: PublishedPackage, number: int, site_url: str | None = None
) -> list[Download]:
    """The files of the downloads folder of release ``number`` as ``package`` holds it."""
    workbook = (workbook_name(package), workbook_bytes(package))
    return build_downloads(package, workbook, citation(package, number, site_url))


@dataclass(frozen=True)
class PageRenderer:
    """What every page of one release is rendered with; ``downloads`` gives the files of
    its downloads folder, asked for only by the pages that list them (``files``)."""

    env: Environment
    inputs: SiteInputs
    info: ReleaseInfo
    downloads: Callable[[], list[Download]]
    site_url: str | None

    @functools.cached_property
    def files(self) -> list[Download]:
        return self.downloads()

    def render(self, template: str, ctx: object) -> str:
        page = self.env.get_template(template)
        if template.endswith(".md.j2"):
            return page.render(ctx=ctx)
        # A bare page (a chart's) is copied as it is, not built: nothing fills it.
        with collecting(None):
            return page.render(ctx=ctx)

    def jsonld(self, page_to_root: str) -> dict[str, Any]:
        """The schema.org Dataset of the release, for a page ``page_to_root`` below the root.

        It names the data files of the downloads folder itself (not the per-municipality
        ones), as the catalogue does."""
        info, site_url = self.info, self.site_url
        distributions = [
            CatalogDownload(
                f.path, len(f.data), hashlib.sha256(f.data).hexdigest(), None, f.description
            )
            for f in self.files
            if "/" not in f.path and is_data(f.path)
        ]
        root = f"{site_url.rstrip('/')}/{info.number}/" if site_url else page_to_root
        return dataset_jsonld(self.inputs.package, distributions, root)


def _release_pages(r: PageRenderer, overview: OverviewContext, home: HomeContext) -> dict[str, str]:
    """The pages of the release as a whole."""
    package, info, meta = r.inputs.package, r.info, r.inputs.meta
    obs, muns = package.observations, package.municipalities
    method = MethodContext(
        release=info,
        rules=rule_views(package),
        figures=list(national_figures(obs, muns, info.monitors).values()),
    )
    changelog = changelog_context(
        package, info, [n.text for n in meta.notes], r.inputs.previous, r.inputs.corrections
    )
    downloads_page = downloads_context(package, info, r.files, RECIPES)
    return {
        "index.md": r.render("home.md.j2", replace(home, jsonld=r.jsonld("./"))),
        "landelijk.md": r.render("overview.md.j2", overview),
        "tekst.md": r.render("narrative.md.j2", narrative_context(obs, muns, info, meta.narrative)),
        "leeswijzer.md": r.render("guide.md.j2", guide_context(package, info)),
        "indicatoren.md": r.render("indicators.md.j2", indicators_context(package, info)),
        "downloads.md": r.render(
            "downloads.md.j2", replace(downloads_page, jsonld=r.jsonld("../"))
        ),
        "methode.md": r.render("method.md.j2", method),
        "wijzigingen.md": r.render("changelog.md.j2", changelog),
    }


def _comparisons(r: PageRenderer) -> dict[tuple[int, int], CompareContext]:
    package, info = r.inputs.package, r.info
    return {(a, b): compare_context(package, info, a, b) for a, b in comparison_pairs(info)}


def _overview(r: PageRenderer, compared: dict[tuple[int, int], CompareContext]) -> OverviewContext:
    """The national overview, with the largest movers of the default comparison."""
    info = r.info
    overview = overview_context(r.inputs.package, info)
    if info.previous is not None and (info.previous, info.number) in compared:
        latest = compared[(info.previous, info.number)]
        overview = replace(
            overview, rises=latest.rises[:OVERVIEW_MOVERS], falls=latest.falls[:OVERVIEW_MOVERS]
        )
    return overview


def _municipality_pages(
    r: PageRenderer,
) -> tuple[dict[str, str], list[tuple[Chart, str, str]], DataTable]:
    """The index of municipalities and a page each; their charts, with the page of each;
    the index's table."""
    package, info, inputs = r.inputs.package, r.info, r.inputs
    labels = {**inputs.labels, **info.monitor_labels}
    history = inputs.history if inputs.history is not None else package.observations.iloc[0:0]
    charts = municipality_charts(package, history, labels)
    index = municipality_index(package, info)
    pages = {
        "gemeenten/index.md": r.render("municipalities.md.j2", MunicipalitiesContext(info, index))
    }
    shown: list[tuple[Chart, str, str]] = []
    for m in municipality_contexts(package, info, inputs.long_series):
        page = slug(m.name)
        pages[f"gemeenten/{page}.md"] = r.render(
            "municipality.md.j2", replace(m, charts=charts[page])
        )
        shown += [(c, f"gemeenten/{page}/", m.name) for c in charts[page]]
    return pages, shown, index


def _indicator_pages(r: PageRenderer) -> tuple[dict[str, str], list[tuple[Chart, str, str]]]:
    """The index of indicators and a page each; their charts, with the page of each."""
    index, indicators = indicator_pages(r.inputs.long_series, r.inputs.package, r.info)
    pages = {"indicator/index.md": r.render("indicator_index.md.j2", index)}
    shown: list[tuple[Chart, str, str]] = []
    for ctx in indicators:
        path = indicator_path(ctx.code)
        pages[path] = r.render("indicator.md.j2", ctx)
        title = f"{ctx.code} {ctx.name}"
        shown += [(c, path.removesuffix(".md") + "/", title) for c in ctx.charts]
    return pages, shown


def _chart_pages(r: PageRenderer, shown: list[tuple[Chart, str, str]]) -> dict[str, str]:
    """Per chart its bare page (for embedding), its data as CSV and its spec as a script
    (``grafiek.js``), which the page that shows the chart loads too."""
    pages = {}
    for chart, page, title in shown:
        folder = r.info.chart_path(chart.id)
        back = "../" * folder.count("/")
        # Copied by MkDocs as it is: its table's end tags go here (lean/endtags.py).
        pages[f"{folder}index.html"] = without_end_tags(
            r.render("chart.html.j2", ChartPageContext(r.info, chart, back + page, title))
        )
        pages[f"{folder}{r.info.chart_file(chart.id)}.csv"] = chart_csv(chart)
        pages[r.info.chart_spec(chart.id)] = spec_script(chart)
    return pages


def render_pages(
    inputs: SiteInputs,
    templates_dir: Path | None = None,
    files: Callable[[], list[Download]] | None = None,
    site_url: str | None = None,
) -> dict[str, str]:
    """Render every file of the release's site source: ``{relative path: text}``.

    The pages in Markdown, the table page's data script (``tabel/reeksen.js``), and per
    chart a bare HTML page (``grafieken/<id>/index.html``, for embedding) with its data as
    CSV and its spec as a script (``grafiek.js``). ``files`` gives the downloads
    (``release_downloads``; made here when not given), asked for last, by the pages that
    list them: made in a worker beside this process (at national scale), they have every
    other page's time. ``site_url`` makes the addresses in the pages' schema.org
    description and in the charts' embed snippets absolute.
    """
    info = release_info(
        inputs.package, inputs.meta, inputs.pilot_start, site_url, inputs.next_publication
    )
    if files is None:
        files = functools.partial(release_downloads, inputs, site_url)
    r = PageRenderer(environment(templates_dir), inputs, info, files, site_url)
    compared = _comparisons(r)
    overview = _overview(r, compared)
    quality = quality_context(inputs.package, info)
    home = home_context(inputs.package, info, inputs.long_series)
    pages = {"datakwaliteit.md": r.render("quality.md.j2", quality)}
    builder, pages[TABLE_DATA] = table_page(inputs.long_series, inputs.package, info)
    pages["tabel.md"] = r.render("table.md.j2", builder)
    if not compared:
        pages["vergelijking/index.md"] = r.render("compare_none.md.j2", NoComparisonContext(info))
    for (a, b), ctx in compared.items():
        pages[pair_path(a, b, info)] = r.render("compare.md.j2", ctx)
    municipality_pages, shown, index = _municipality_pages(r)
    pages |= municipality_pages
    indicator_files, indicator_charts = _indicator_pages(r)
    pages |= indicator_files
    shown = [
        (home.chart, "", info.title),
        *((c, "landelijk/", "Landelijk overzicht") for c in overview.charts),
        *shown,
        *indicator_charts,
    ]
    pages |= _chart_pages(r, shown)
    tables: list[DataTable] = [
        *quality.tables.values(),
        *(ctx.table for ctx in compared.values() if ctx.table is not None),
        *overview.tables.values(),
        index,
    ]
    for table in tables:
        if table.paged:
            pages[table.json_path] = table_json(table)
    # Last, the pages that list the downloads (above); first in the source, as always.
    return _release_pages(r, overview, home) | pages
