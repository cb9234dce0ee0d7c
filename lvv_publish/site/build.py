"""Build the MkDocs (Material) site of one release from its data package.

The page contexts (``pages.py``) are rendered with the Jinja2 templates in
``site_templates/`` to Markdown, and the Markdown and a generated ``mkdocs.yml`` are built
with MkDocs into ``site/<N>/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.plugins import BasePlugin

from .. import resources
from .lean import htmlspace
from .catalog import Download as CatalogDownload
from .catalog import dataset_jsonld
from .catalog.records import FORMATS
from .charts import Chart, chart_csv
from .compare import changelog_context, compare_context, comparison_pairs, pair_path
from .csp import secure_site, with_policy
from .downloads.files import Download, build_downloads
from ..errors import LvvError
from .lean.figurecolumns import figure_columns
from .figures import Ratio, national_figures
from .formatting import FILTERS
from ..models import Correction, MonitorMeta
from .narrative import narrative_context
from .overview import guide_context, municipality_charts, overview_context
from ..package import PublishedPackage
from .pages import (
    ChartPageContext,
    MethodContext,
    downloads_context,
    home_context,
    indicators_context,
    municipality_contexts,
    municipality_index,
    quality_context,
    release_info,
    rule_views,
    slug,
)
from .downloads.recipes import RECIPES
from .tables import DataTable, markdown_cell, table_json
from .lean.templatecache import template_cache
from .downloads.workbook import workbook_bytes, workbook_name

# How many of the largest rises and falls the national overview shows (the comparison more).
OVERVIEW_MOVERS = 5

# --- rendering and building --------------------------------------------------------------


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
    env.filters["table_cell"] = markdown_cell
    env.filters["slug"] = slug
    # A chart's data table on its own page: the columns that are not text are figures.
    env.filters["figure_columns"] = lambda units: figure_columns([u != "text" for u in units])
    # A YAML string (front matter, mkdocs.yml): JSON's quoting is valid YAML, so a name with
    # a colon, quote or newline stays one value. Titles there are printed by the theme
    # without escaping (MkDocs' Jinja has no autoescape): the templates apply |e first.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.globals["Ratio"] = Ratio
    return env


@dataclass(frozen=True)
class SiteInputs:
    """Everything one version of the site is built from.

    ``package``: the release's data package; ``previous``: the package of the release before
    it (for the changelog), if any; ``history``: observations of monitors this release does
    not carry, from earlier packages (for the time series); ``labels``: every monitor's label;
    ``corrections``: (release, correction) of this release and the earlier ones, oldest first.
    (The vintage file of every release is site-wide: ``publish.update_versions``.)
    """

    package: PublishedPackage
    meta: MonitorMeta
    pilot_start: dt.date
    previous: PublishedPackage | None = None
    history: pd.DataFrame | None = None
    labels: dict[int, str] = field(default_factory=dict)
    corrections: tuple[tuple[int, Correction], ...] = ()


def downloads(inputs: SiteInputs) -> list[Download]:
    """The files of the release's downloads folder (``/<N>/downloads/``)."""
    package = inputs.package
    workbook = (workbook_name(package), workbook_bytes(package))
    return build_downloads(package, workbook)


def render_pages(
    inputs: SiteInputs,
    templates_dir: Path | None = None,
    files: list[Download] | None = None,
    site_url: str | None = None,
) -> dict[str, str]:
    """Render every file of the release's site source: ``{relative path: text}``.

    The pages in Markdown, and per chart a bare HTML page (``grafieken/<id>/index.html``,
    for embedding) with its data as CSV. ``files`` are the downloads (``downloads(inputs)``);
    made here when not given. ``site_url`` makes the addresses in the pages' schema.org
    description and in the charts' embed snippets absolute.
    """
    env = environment(templates_dir)
    package = inputs.package
    if files is None:
        files = downloads(inputs)
    info = release_info(package, inputs.meta, inputs.pilot_start, site_url)
    pairs = comparison_pairs(info)
    compared = {(a, b): compare_context(package, info, a, b) for a, b in pairs}
    overview = overview_context(package, info)
    if info.previous is not None and (info.previous, info.number) in compared:
        latest = compared[(info.previous, info.number)]
        overview = replace(
            overview, rises=latest.rises[:OVERVIEW_MOVERS], falls=latest.falls[:OVERVIEW_MOVERS]
        )
    downloads_ctx = downloads_context(package, info, files, RECIPES)
    # The schema.org description names the data files of the downloads folder itself (not
    # the per-municipality ones), as the catalogue does.
    distributions = [
        CatalogDownload(
            f.path, len(f.data), hashlib.sha256(f.data).hexdigest(), None, f.description
        )
        for f in files
        if "/" not in f.path and Path(f.path).suffix in FORMATS
    ]

    def jsonld(page_to_root: str) -> dict[str, Any]:
        root = f"{site_url.rstrip('/')}/{info.number}/" if site_url else page_to_root
        approved = inputs.meta.approval.date if inputs.meta.approval else info.peildatum
        return dataset_jsonld(package, approved, distributions, root)

    def render(template: str, **context: object) -> str:
        return env.get_template(template).render(**context)

    quality = quality_context(package, info)
    tables: list[DataTable] = list(quality.tables.values())
    pages = {
        "index.md": render(
            "home.md.j2", ctx=replace(home_context(package, info), jsonld=jsonld("./"))
        ),
        "landelijk.md": render("overview.md.j2", ctx=overview),
        "tekst.md": render(
            "narrative.md.j2",
            ctx=narrative_context(
                package.observations, package.municipalities, info, inputs.meta.narrative
            ),
        ),
        "leeswijzer.md": render("guide.md.j2", **vars(guide_context(package, info))),
        "indicatoren.md": render("indicators.md.j2", ctx=indicators_context(package, info)),
        "downloads.md": render(
            "downloads.md.j2",
            ctx=replace(downloads_ctx, jsonld=jsonld("../")),
        ),
        "datakwaliteit.md": render("quality.md.j2", ctx=quality),
        "methode.md": render(
            "method.md.j2",
            ctx=MethodContext(
                release=info,
                rules=rule_views(package),
                figures=list(
                    national_figures(
                        package.observations, package.municipalities, info.monitors
                    ).values()
                ),
            ),
        ),
        "wijzigingen.md": render(
            "changelog.md.j2",
            ctx=changelog_context(
                package,
                info,
                [n.text for n in inputs.meta.notes],
                inputs.previous,
                inputs.corrections,
            ),
        ),
    }
    if not pairs:
        pages["vergelijking/index.md"] = render("compare_none.md.j2", release=info)
    for (a, b), ctx in compared.items():
        pages[pair_path(a, b, info)] = render("compare.md.j2", ctx=ctx)
        if ctx.table is not None:
            tables.append(ctx.table)
    tables += overview.tables.values()
    labels = {**inputs.labels, **info.monitor_labels}
    history = inputs.history if inputs.history is not None else package.observations.iloc[0:0]
    charts = municipality_charts(package, history, labels)
    muns = municipality_contexts(package, info)
    index = municipality_index(package, info)
    tables.append(index)
    pages["gemeenten/index.md"] = render("municipalities.md.j2", release=info, table=index)
    shown: list[tuple[Chart, str, str]] = [
        (c, "landelijk/", "Landelijk overzicht") for c in overview.charts
    ]
    for m in muns:
        pages[f"gemeenten/{m.slug}.md"] = render(
            "municipality.md.j2", ctx=replace(m, charts=charts[m.slug])
        )
        shown += [(c, f"gemeenten/{m.slug}/", m.name) for c in charts[m.slug]]
    for chart, page, title in shown:
        folder = info.chart_path(chart.id)
        back = "../" * folder.count("/")
        pages[f"{folder}index.html"] = render(
            "chart.html.j2", ctx=ChartPageContext(info, chart, back + page, title)
        )
        pages[f"{folder}{info.chart_file(chart.id)}.csv"] = chart_csv(chart)
    for table in tables:
        if table.paged:
            pages[table.json_path] = table_json(table)
    return pages


def build_site(
    inputs: SiteInputs,
    out_dir: Path,
    *,
    site_url: str | None = None,
    templates_dir: Path | None = None,
) -> None:
    """Render the pages of a release and build them with MkDocs into ``out_dir``."""
    with tempfile.TemporaryDirectory(prefix="lvv-site-") as tmp:
        root = Path(tmp)
        write_site_source(inputs, root, site_url=site_url, templates_dir=templates_dir)
        meta = inputs.meta
        _mkdocs_build(root / "mkdocs.yml", out_dir, meta.approval.date if meta.approval else None)
    _drop_unused_theme_files(out_dir)
    secure_site(out_dir)
    if not site_url:
        # A sitemap lists absolute addresses: without site_url MkDocs writes an empty one.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (out_dir / name).unlink(missing_ok=True)


def write_site_source(
    inputs: SiteInputs,
    root: Path,
    *,
    site_url: str | None = None,
    templates_dir: Path | None = None,
) -> None:
    """Write the MkDocs project of a release (``mkdocs.yml``, ``docs/``, ``overrides/``)
    into ``root``; ``build_site`` builds it (and ``benchmarks/scale.py``, bare)."""
    templates_dir = templates_dir or resources.templates_dir()
    package, meta = inputs.package, inputs.meta
    files = downloads(inputs)
    pages = render_pages(inputs, templates_dir, files, site_url)
    env = environment(templates_dir)
    info = release_info(package, meta, inputs.pilot_start, site_url)
    docs = root / "docs"
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for f in files:
        path = docs / "downloads" / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)
    shutil.copytree(templates_dir / "assets", docs / "assets")
    shutil.copytree(templates_dir / "overrides", root / "overrides")
    config = env.get_template("mkdocs.yml.j2").render(
        release=info,
        site_url=site_url,
        pairs=[
            {"a": a, "b": b, "path": pair_path(a, b, info)}
            for a, b in comparison_pairs(info)
            if pair_path(a, b, info) != "vergelijking/index.md"
        ],
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# The search languages the site loads (mkdocs.yml.j2: search lang nl): Material's search
# worker imports the stemmer support and lunr.<lang>, nothing else of javascripts/lunr/.
_SEARCH_FILES = ("lunr.stemmer.support.min.js", "lunr.nl.min.js")


def _drop_unused_theme_files(out_dir: Path) -> None:
    """Remove theme files no page loads: the source maps (only a browser's developer tools
    ask for them) and the search support of other languages. 2.7 MB of every version."""
    assets = out_dir / "assets"
    for path in sorted(assets.glob("javascripts/**/*.map")) + sorted(
        assets.glob("stylesheets/*.map")
    ):
        path.unlink()
    lunr = assets / "javascripts" / "lunr"
    for path in sorted(lunr.glob("*.js")) + sorted(lunr.glob("min/*.js")):
        if path.name not in _SEARCH_FILES:
            path.unlink()


def not_found_page(site_url: str | None, templates_dir: Path | None = None) -> str:
    """The site's root ``404.html``: Dutch, without assets, linking to ``latest/``.

    The link is an absolute path: the path of ``site_url`` when known, else ``/latest/``; the
    page's script corrects it when the site turns out to live in a sub-folder.
    """
    prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir or resources.templates_dir())),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=True,
    )
    return with_policy(env.get_template("not-found.html.j2").render(latest=f"{prefix}/latest/"))


class _BuildPlugin(BasePlugin):  # type: ignore[type-arg]
    """What lvv-publish adds to MkDocs' build (``_mkdocs_build`` puts it in the loaded
    config): the compiled-template cache for the theme's environment (templatecache.py), and
    pages without the theme's indentation (htmlspace.py)."""

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> None:
        env.bytecode_cache = template_cache()

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return htmlspace.compact(output)

    def on_post_template(self, output: str, /, *, template_name: str, config: Any) -> str:
        # 404.html carries the theme's markup too; sitemap.xml is left as MkDocs writes it.
        return htmlspace.compact(output) if template_name.endswith(".html") else output


def _mkdocs_build(config_file: Path, out_dir: Path, build_date: dt.date | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    # A fixed build date keeps sitemap.xml(.gz) byte-identical between builds of one release.
    if build_date is not None:
        epoch = dt.datetime.combine(build_date, dt.time(), tzinfo=dt.UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # MkDocs reports what made a strict build fail through logging only: keep it for the error.
    warnings: list[str] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        # Absolute: MkDocs takes a relative site_dir as relative to the config file's folder
        # (a temporary one), and the pages would be built there and lost.
        cfg = load_config(str(config_file), site_dir=str(out_dir.absolute()))
        cfg.plugins["lvv-publish"] = _BuildPlugin()
        build(cfg)
    except MkDocsException as exc:
        detail = "".join(f"\n  {w}" for w in warnings)
        raise LvvError(f"MkDocs could not build the site: {exc}{detail}") from exc
    finally:
        logger.removeHandler(handler)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
