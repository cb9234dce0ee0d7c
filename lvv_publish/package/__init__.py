"""Stage 3, write: a release's Frictionless data package, and reading a published one back.

The tables (``tables.py``) with Table Schemas from their schema files, ``datapackage.json``
(``descriptor.py``), the CSV writer (``writer.py``), the reader that checks a package before
it trusts a byte of it (``reader.py``), validation with the real frictionless validator
(``validation.py``, ``fdvalidate.py``) recorded once in the ledger (``ledger.py``), what is
published (``published.py``: versions, corrections, the revision base) and the spreadsheet
safety of every table (``cellsafety.py``).
"""

from .cellsafety import formula_like, neutralise, refuse_formula_like
from .descriptor import PROFILE, package_descriptor, package_id, resource_descriptor
from .fdvalidate import validate_package
from .folders import DESCRIPTOR, LEDGER_NAME, VERSIONS_DIR
from .ledger import check_package, ledger_with, record, recorded, sha256_file
from .published import (
    PublishedVersion,
    base_cells,
    earlier_versions,
    first_published,
    package_files,
    published_time,
    recorded_corrections,
    revision_base,
)
from .reader import PublishedPackage, not_kept, read_monitors, read_package
from .tables import (
    finding_table,
    indicator_table,
    monitor_table,
    municipality_table,
    rule_table,
)
from .texts import (
    PACKAGE_FORMAT,
    TEXT_FIELDS,
    TEXTS_FILE,
    package_format,
    read_texts,
    text_changes,
    texts_bytes,
    texts_of,
    with_texts,
)
from .validation import BackgroundValidation
from .writer import csv_bytes, write_package

__all__ = [
    "DESCRIPTOR",
    "LEDGER_NAME",
    "PACKAGE_FORMAT",
    "PROFILE",
    "TEXTS_FILE",
    "TEXT_FIELDS",
    "VERSIONS_DIR",
    "BackgroundValidation",
    "PublishedPackage",
    "PublishedVersion",
    "base_cells",
    "check_package",
    "csv_bytes",
    "earlier_versions",
    "finding_table",
    "first_published",
    "formula_like",
    "indicator_table",
    "ledger_with",
    "monitor_table",
    "municipality_table",
    "neutralise",
    "not_kept",
    "package_descriptor",
    "package_files",
    "package_format",
    "package_id",
    "published_time",
    "read_monitors",
    "read_package",
    "read_texts",
    "record",
    "recorded",
    "recorded_corrections",
    "refuse_formula_like",
    "resource_descriptor",
    "revision_base",
    "rule_table",
    "sha256_file",
    "text_changes",
    "texts_bytes",
    "texts_of",
    "validate_package",
    "with_texts",
    "write_package",
]
