"""Build the MkDocs (Material) site of one release from its data package.

The page contexts (``pages.py``) are rendered with the Jinja2 templates in
``site_templates/`` to Markdown, and the Markdown and a generated ``mkdocs.yml`` are built
with MkDocs into ``site/<N>/``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .errors import LvvError
from .figures import Ratio
from .formatting import FILTERS
from .models import MonitorMeta
from .package import PublishedPackage
from .pages import (
    MethodContext,
    downloads_context,
    home_context,
    indicators_context,
    municipality_contexts,
    municipality_links,
    quality_context,
    release_info,
    rule_views,
)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"


# --- rendering and building --------------------------------------------------------------


def environment(templates_dir: Path | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir or TEMPLATES_DIR)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # templates write Markdown; values are escaped with |e where needed
    )
    env.filters.update(FILTERS)
    env.globals["Ratio"] = Ratio
    return env


def render_pages(
    package: PublishedPackage, meta: MonitorMeta, templates_dir: Path | None = None
) -> dict[str, str]:
    """Render every page of the release to Markdown: ``{relative path: text}``."""
    env = environment(templates_dir)
    info = release_info(package, meta)
    pages = {
        "index.md": env.get_template("home.md.j2").render(ctx=home_context(package, info)),
        "indicatoren.md": env.get_template("indicators.md.j2").render(
            ctx=indicators_context(package, info)
        ),
        "downloads.md": env.get_template("downloads.md.j2").render(
            ctx=downloads_context(package, info)
        ),
    }
    pages["datakwaliteit.md"] = env.get_template("quality.md.j2").render(
        ctx=quality_context(package, info)
    )
    pages["methode.md"] = env.get_template("method.md.j2").render(
        ctx=MethodContext(release=info, rules=rule_views(package))
    )
    muns = municipality_contexts(package, info)
    pages["gemeenten/index.md"] = env.get_template("municipalities.md.j2").render(
        release=info, municipalities=muns
    )
    for m in muns:
        pages[f"gemeenten/{m.slug}.md"] = env.get_template("municipality.md.j2").render(ctx=m)
    return pages


def build_site(
    package: PublishedPackage,
    meta: MonitorMeta,
    out_dir: Path,
    *,
    site_url: str | None = None,
    templates_dir: Path | None = None,
) -> None:
    """Render the pages of ``package`` and build them with MkDocs into ``out_dir``."""
    templates_dir = templates_dir or TEMPLATES_DIR
    if not templates_dir.is_dir():
        raise LvvError(f"{templates_dir}: site templates not found.")
    pages = render_pages(package, meta, templates_dir)
    env = environment(templates_dir)
    with tempfile.TemporaryDirectory(prefix="lvv-site-") as tmp:
        root = Path(tmp)
        docs = root / "docs"
        for rel, text in pages.items():
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        downloads = docs / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        for res in package.descriptor["resources"]:
            shutil.copyfile(package.path / res["path"], downloads / res["path"])
        shutil.copyfile(package.path / "datapackage.json", downloads / "datapackage.json")
        assets = templates_dir / "assets"
        if assets.is_dir():
            shutil.copytree(assets, docs / "assets")
        info = release_info(package, meta)
        config = env.get_template("mkdocs.yml.j2").render(
            release=info,
            site_url=site_url,
            municipalities=municipality_links(package),
        )
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        _mkdocs_build(root / "mkdocs.yml", out_dir, meta.approval.date if meta.approval else None)


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
    try:
        cfg = load_config(str(config_file), site_dir=str(out_dir))
        build(cfg)
    except MkDocsException as exc:
        raise LvvError(f"MkDocs could not build the site: {exc}") from exc
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
