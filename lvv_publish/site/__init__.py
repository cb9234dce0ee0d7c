"""Stage 4, show: the versioned MkDocs site of a release, built from its data package."""

from .build import (
    SiteInputs,
    build_site,
    environment,
    not_found_page,
    render_pages,
    write_site_source,
)
from .catalog import root_files
from .csp import with_policy
from .downloads.files import (
    SITE_DOWNLOADS,
    Download,
    appended_vintage,
    release_of,
    vintage_downloads,
)
from .serve import preview_server

__all__ = [
    "SITE_DOWNLOADS",
    "Download",
    "SiteInputs",
    "appended_vintage",
    "build_site",
    "environment",
    "not_found_page",
    "preview_server",
    "release_of",
    "render_pages",
    "root_files",
    "vintage_downloads",
    "with_policy",
    "write_site_source",
]
