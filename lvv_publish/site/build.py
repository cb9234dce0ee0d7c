"""Build one version of the site: its MkDocs project written and built into ``site/<N>/``.

The pages come from ``render.py``; MkDocs (Material) turns them into HTML, with our plugin
(``_BuildPlugin``) for the template cache, the long tables put back after Markdown
(``lean/passthrough.py``) and pages without the theme's indentation. Every page then gets a
Content-Security-Policy (``csp.py``) and, in a version built for publication, the addresses
of the asset set the whole site shares (``assets.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import BasePlugin

from .. import resources
from ..errors import LvvError
from .assets import ASSETS, assets_digest, shared_references
from .contexts import release_info
from .csp import with_policy
from .formatting import site_address
from .lean import Stash, collecting, compact, template_cache, without_end_tags
from .mkdocs_config import config_yaml, mkdocs_config
from .render import SiteInputs, release_downloads, render_pages
from .standalone import html_environment


def build_site(
    inputs: SiteInputs,
    out_dir: Path,
    *,
    site_url: str | None = None,
    templates_dir: Path | None = None,
    keep_source: Path | None = None,
    share_assets: bool = False,
) -> str | None:
    """Render the pages of a release and build them with MkDocs into ``out_dir``.

    The MkDocs project lives in a temporary folder, or in ``keep_source`` (a new folder),
    where it stays: ``mkdocs build -f <keep_source>/mkdocs.yml`` builds the same pages bare,
    without what this function adds (issue 22: the benchmark's minimum).

    ``share_assets``: the pages load the scripts and styles from the shared set at the
    site's root (``assets.py``) and the name of that set is returned; the set is still in
    ``out_dir/assets/``, for the caller to move there. Otherwise the version keeps its own
    and None is returned.
    """
    with tempfile.TemporaryDirectory(prefix="lvv-site-") as tmp:
        root = keep_source or Path(tmp)
        stash = Stash()
        with collecting(stash):
            write_site_source(inputs, root, site_url=site_url, templates_dir=templates_dir)
        meta = inputs.meta
        build_date = meta.approval.date if meta.approval else None
        _mkdocs_build(root / "mkdocs.yml", out_dir, build_date, stash)
        if keep_source:
            _fill_source(root / "docs", stash)
    _drop_unused_theme_files(out_dir)
    shared = assets_digest(out_dir / ASSETS) if share_assets else None
    _finish_pages(out_dir, shared)
    if not site_url:
        # A sitemap lists absolute addresses: without site_url MkDocs writes an empty one.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (out_dir / name).unlink(missing_ok=True)
    return shared


def _finish_pages(out_dir: Path, shared: str | None) -> None:
    """Every HTML page of the built version (the theme's and the charts' own) with its
    Content-Security-Policy and, when ``shared`` names the asset set, its addresses sent
    there: one pass, so each page is read and written once."""
    for path in sorted(out_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if shared is not None:
            text = shared_references(text, shared)
        path.write_text(with_policy(text), encoding="utf-8")


def _fill_source(docs: Path, stash: Stash) -> None:
    """The kept pages whole, as ``render_pages`` gives them: a bare build has no plugin to
    put the long tables back."""
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        filled = stash.fill(text)
        if filled != text:
            path.write_text(filled, encoding="utf-8")


def write_site_source(
    inputs: SiteInputs,
    root: Path,
    *,
    site_url: str | None = None,
    templates_dir: Path | None = None,
) -> None:
    """Write the MkDocs project of a release (``mkdocs.yml``, ``docs/``, ``overrides/``)
    into ``root``; ``build_site`` builds it (``release --keep-source`` keeps it)."""
    templates_dir = templates_dir or resources.templates_dir()
    package, meta = inputs.package, inputs.meta
    # Asked for by the last pages rendered (``render_pages``), then written here: once.
    files = functools.cache(functools.partial(release_downloads, inputs, site_url))
    pages = render_pages(inputs, templates_dir, files, site_url)
    docs = root / "docs"
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for f in files():
        path = docs / "downloads" / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)
    shutil.copytree(templates_dir / "assets", docs / "assets")
    shutil.copytree(templates_dir / "overrides", root / "overrides")
    info = release_info(package, meta, inputs.pilot_start, site_url, inputs.next_publication)
    config = mkdocs_config(info, site_url)
    (root / "mkdocs.yml").write_text(config_yaml(config), encoding="utf-8")


# The search languages the site loads (mkdocs_config.py: search lang nl): Material's search
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
    site_url = site_address(site_url)
    prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
    page = html_environment(templates_dir).get_template("not-found.html.j2")
    return with_policy(page.render(latest=f"{prefix}/latest/"))


class _BuildPlugin(BasePlugin):  # type: ignore[type-arg]
    """What lvv-publish adds to MkDocs' build (``_mkdocs_build`` puts it in the loaded
    config): the compiled-template cache for the theme's environment (templatecache.py), the
    blocks the pages' Markdown left out put back (passthrough.py), and pages without the
    theme's indentation (htmlspace.py) or the table end tags HTML lets them leave out
    (endtags.py)."""

    def __init__(self, stash: Stash) -> None:
        self.stash = stash

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> None:
        env.bytecode_cache = template_cache()

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return without_end_tags(compact(self.stash.fill(output)))

    def on_post_template(self, output: str, /, *, template_name: str, config: Any) -> str:
        # 404.html carries the theme's markup too; sitemap.xml is left as MkDocs writes it.
        return without_end_tags(compact(output)) if template_name.endswith(".html") else output


def _mkdocs_build(
    config_file: Path, out_dir: Path, build_date: dt.date | None, stash: Stash
) -> None:
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
        cfg.plugins["lvv-publish"] = _BuildPlugin(stash)
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
