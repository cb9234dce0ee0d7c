"""The downloads of a release (``/<N>/downloads/``) and of the whole site (``/downloads/``).

The package's tidy CSVs for programs and their Dutch-Excel twins (``excel.py``), the
Totaaloverzicht and a table per municipality (``wide.py``), the Excel workbook
(``workbook.py``), ``SHA256SUMS`` (``download.py``), the recipes that read the CSVs with the
right types (``recipes.py``), the vintage file of every release (``vintage.py``) and the
long series with the national totals (``series.py``).
"""

from .citation import (
    BIBTEX_NAME,
    CSL_NAME,
    Citation,
    bibtex,
    bibtex_text,
    citation,
    csl_json,
    text_citation,
)
from .download import (
    FILE_WARNING,
    GZIP_SUFFIX,
    PAGES_SITE_LIMIT,
    SITE_WARNING,
    SUMS_NAME,
    Download,
    gzipped,
    sha256sums,
    sums_of,
)
from .excel import excel_csv, spreadsheet_text
from .files import build_downloads
from .recipes import RECIPES, Recipe
from .series import (
    NATIONAL_CODE,
    NATIONAL_NAME,
    SERIES_COLUMNS,
    SERIES_NAME,
    SERIES_WORKBOOK,
    current_versions,
    indicator_series_name,
    monitor_labels,
    series_downloads,
    series_files,
    series_table,
)
from .vintage import (
    EXCEL_MAX_ROWS,
    SITE_DOWNLOADS,
    VINTAGE_COLUMNS,
    VINTAGE_FILES,
    VINTAGE_NAME,
    Release,
    appended_vintage,
    release_of,
    vintage_downloads,
    vintage_table,
)
from .wide import WIDE_NAME, municipality_tables, wide_table
from .workbook import deterministic_xlsx, workbook_bytes, workbook_name

__all__ = [
    "BIBTEX_NAME",
    "CSL_NAME",
    "EXCEL_MAX_ROWS",
    "NATIONAL_CODE",
    "NATIONAL_NAME",
    "RECIPES",
    "SERIES_COLUMNS",
    "SERIES_NAME",
    "SERIES_WORKBOOK",
    "SITE_DOWNLOADS",
    "SUMS_NAME",
    "FILE_WARNING",
    "GZIP_SUFFIX",
    "PAGES_SITE_LIMIT",
    "SITE_WARNING",
    "gzipped",
    "VINTAGE_COLUMNS",
    "VINTAGE_FILES",
    "VINTAGE_NAME",
    "WIDE_NAME",
    "Citation",
    "Download",
    "Recipe",
    "Release",
    "appended_vintage",
    "bibtex",
    "bibtex_text",
    "build_downloads",
    "citation",
    "csl_json",
    "current_versions",
    "deterministic_xlsx",
    "excel_csv",
    "municipality_tables",
    "release_of",
    "series_downloads",
    "series_files",
    "monitor_labels",
    "series_table",
    "indicator_series_name",
    "sha256sums",
    "spreadsheet_text",
    "sums_of",
    "text_citation",
    "vintage_downloads",
    "vintage_table",
    "wide_table",
    "workbook_bytes",
    "workbook_name",
]
