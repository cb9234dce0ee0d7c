"""Stage 4, show: the versioned MkDocs site of a release, built from its data package.

One documented context dataclass per page (``contexts/``), rendered with the templates of
``site_templates/`` (``render.py``) and built with MkDocs (``build.py``). The figures are
formulas of the one expression language over the package (``figures.py``, with what the
pages show in ``lvv_publish/data/pages.yaml``: ``layout.py``); the charts are Vega-Lite
specs (``charts.py``). The downloads (``downloads/``), the catalogue for portals and search
engines (``catalog/``), the Content-Security-Policy (``csp.py``), the asset set the versions
share (``assets.py``) and the preview server (``serve.py``) have modules of their own; code
that only makes pages lighter and builds faster lives in ``lean/``.
"""

from .assets import ASSETS
from .build import build_site, not_found_page
from .catalog import root_files
from .csp import with_policy
from .downloads import (
    FILE_WARNING,
    GZIP_SUFFIX,
    PAGES_SITE_LIMIT,
    SITE_DOWNLOADS,
    SITE_WARNING,
    SUMS_NAME,
    VINTAGE_FILES,
    VINTAGE_NAME,
    Download,
    Release,
    appended_vintage,
    deterministic_xlsx,
    release_of,
    series_downloads,
    series_files,
    series_table,
    sums_of,
    vintage_downloads,
)
from .latest import LATEST, root_redirect, write_latest
from .render import (
    SiteInputs,
    environment,
    release_downloads,
    render_pages,
    version_downloads,
)
from .serve import preview_server

__all__ = [
    "ASSETS",
    "FILE_WARNING",
    "LATEST",
    "GZIP_SUFFIX",
    "PAGES_SITE_LIMIT",
    "SITE_DOWNLOADS",
    "SITE_WARNING",
    "SUMS_NAME",
    "VINTAGE_FILES",
    "VINTAGE_NAME",
    "Download",
    "Release",
    "SiteInputs",
    "appended_vintage",
    "deterministic_xlsx",
    "build_site",
    "release_downloads",
    "environment",
    "not_found_page",
    "preview_server",
    "release_of",
    "render_pages",
    "root_redirect",
    "write_latest",
    "root_files",
    "series_downloads",
    "series_files",
    "series_table",
    "sums_of",
    "version_downloads",
    "vintage_downloads",
    "with_policy",
]
