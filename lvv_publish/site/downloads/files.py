"""The files of a release's downloads folder (``/<N>/downloads/``), made from its data package.

Two audiences, two variants of every CSV: for programs the package's own tidy CSVs (UTF-8,
comma, ISO dates, ``.`` decimals, ``true``/``false``), copied byte for byte, and the derived
tables in the same format (``wide.py``); for Excel a ``<name>.excel.csv`` next to each
(``excel.py``). The XLSX (``workbook.py``) keeps every code as text. ``SHA256SUMS`` lists every
other file in ``sha256sum`` format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ...dutch import when
from ...models import slug, table_schema
from ...package import VERSIONS_DIR, PublishedPackage, csv_bytes, earlier_versions, published_time
from .citation import BIBTEX_NAME, CSL_NAME, Citation, bibtex, csl_json
from .download import Download, sums_of
from .excel import excel_csv, excel_name, schema_titles
from .wide import WIDE_NAME, WIDE_TITLES, municipality_tables, wide_table


def _described(name: str, resource: dict[str, object]) -> str:
    """How the downloads page describes a table: its schema's ``download`` text."""
    try:
        text = table_schema(name).download
    except KeyError:
        text = None
    text = text or str(resource.get("title", name))
    return text[0].upper() + text[1:]


def _excel_files(package: PublishedPackage, wide: pd.DataFrame) -> list[Download]:
    desc = package.descriptor
    out = [
        Download(
            excel_name(WIDE_NAME),
            excel_csv(wide, WIDE_TITLES),
            "excel",
            "Het totaaloverzicht zoals de monitor het toont, voor Excel.",
        )
    ]
    for res in desc["resources"]:
        frame = getattr(package, res["name"])
        out.append(
            Download(
                excel_name(res["path"]),
                excel_csv(frame, schema_titles(res["schema"])),
                "excel",
                f"{_described(res['name'], res)}, voor Excel ({len(frame)} rijen).",
            )
        )
    return out


def _program_files(package: PublishedPackage, wide: pd.DataFrame) -> list[Download]:
    out = [
        Download(
            WIDE_NAME,
            csv_bytes(wide, f"downloads/{WIDE_NAME}"),
            "programs",
            "Het totaaloverzicht zoals de monitor het toont: indicatoren onder elkaar, per "
            "gemeente de monitors naast elkaar; een leeg vak is onbekend.",
        )
    ]
    for res in package.descriptor["resources"]:
        frame = getattr(package, res["name"])
        out.append(
            Download(
                res["path"],
                (package.path / res["path"]).read_bytes(),
                "programs",
                f"{_described(res['name'], res)} ({len(frame)} rijen; typen in datapackage.json).",
            )
        )
    return out


def _municipality_files(package: PublishedPackage) -> list[Download]:
    out = []
    for name, frame in municipality_tables(package):
        path = f"gemeenten/{slug(name)}.csv"
        what = f"Alle indicatoren van {name} in elke monitor van deze uitgave"
        out.append(
            Download(path, csv_bytes(frame, f"downloads/{path}"), "municipalities", f"{what}.")
        )
        out.append(
            Download(
                excel_name(path),
                excel_csv(frame, WIDE_TITLES),
                "municipalities",
                f"{what}, voor Excel.",
            )
        )
    return out


def _earlier_versions(package: PublishedPackage) -> list[Download]:
    out = []
    for version_dir in earlier_versions(package.path):
        on = _published(version_dir)
        text = f"Versie {version_dir.name}, zoals die op {on} gepubliceerd was, vóór de correctie."
        out += [
            Download(
                f"{VERSIONS_DIR}/{version_dir.name}/{path.relative_to(version_dir).as_posix()}",
                path.read_bytes(),
                "versions",
                text,
            )
            for path in sorted(p for p in version_dir.rglob("*") if p.is_file())
        ]
    return out


def _published(version_dir: Path) -> str:
    """When a kept version was published: ``20 mei 2024, 14:03`` (the day alone where no
    time was recorded)."""
    descriptor = json.loads((version_dir / "datapackage.json").read_text(encoding="utf-8"))
    return when(published_time(descriptor).value)


def build_downloads(
    package: PublishedPackage, workbook: tuple[str, bytes], cite: Citation | None = None
) -> list[Download]:
    """Every file of the downloads folder of ``package``, ``SHA256SUMS`` last.

    ``workbook``: the XLSX's (name, bytes) (``workbook.py``); ``cite``: the version's
    citation (``citation.py``), written as CSL-JSON and BibTeX. Groups: excel, programs,
    municipalities, versions, package, cite.
    """
    wide = wide_table(package)
    out = [
        Download(
            workbook[0],
            workbook[1],
            "excel",
            "Excel-werkmap voor mensen: het totaaloverzicht en elke tabel op een eigen blad, "
            "met Nederlandse kopjes, echte datums, filters en een toelichting.",
        ),
        *_excel_files(package, wide),
        *_program_files(package, wide),
        *_municipality_files(package),
        *_earlier_versions(package),
        Download(
            "datapackage.json",
            (package.path / "datapackage.json").read_bytes(),
            "package",
            "Frictionless Data Package: beschrijving en type van elke kolom, sleutels tussen "
            "de tabellen en controlesommen van de CSV-bestanden.",
        ),
    ]
    if cite is not None:
        out += [
            Download(CSL_NAME, csl_json(cite), "cite", "Hoe u deze versie citeert, als CSL-JSON."),
            Download(BIBTEX_NAME, bibtex(cite), "cite", "Hoe u deze versie citeert, als BibTeX."),
        ]
    out.append(sums_of(out))
    return out
