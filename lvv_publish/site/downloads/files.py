"""The files of a release's downloads folder (``/<N>/downloads/``), made from its data package.

Two audiences, two variants of every CSV:

- for programs the package's own tidy CSVs (UTF-8, comma, ISO dates, ``.`` decimals,
  ``true``/``false``), copied byte for byte, and the derived tables in the same format;
- for Excel a ``<name>.excel.csv`` next to each: UTF-8 with BOM, ``;`` separator, decimal
  comma, dates as ``dd-mm-jjjj``, ``ja``/``nee`` and the Dutch column titles, so that a
  double-click opens it right in Dutch Excel and LibreOffice.

Codes such as ``2.1`` and ``9.1.4`` are written as they are. In a Dutch locale ``.`` is neither
the decimal separator nor the date separator, so LibreOffice keeps them as text (tested with
soffice in ``tests/test_downloads.py``); a whole code such as ``12`` becomes the number 12,
which shows and matches the same in every file. A CSV cannot force text without a formula
(``="2.1"``), and LibreOffice does not evaluate formulas when it opens a CSV (its import
dialog's default), so it would show them literally. Text that would turn into a date, the
monitor labels (``13 - nov 23``), gets en dashes (``13 – nov 23``); text that would turn into
a number with a thousands separator (``2.100``) is refused. The XLSX keeps every code as text.

``SHA256SUMS`` lists every other file in ``sha256sum`` format.

The vintage file ``alle-uitgaven.csv`` (every figure of every release) is one file for the
whole site, at ``/downloads/`` (``vintage_downloads``): it grows with releases × monitors ×
municipalities, and a copy in every version made the site grow with the square of the
number of releases (105 MB per version at 350 municipalities × 40 monitors, issue 11).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import pandas as pd

from ...errors import LvvError
from ...models import table_schema
from ...package import (
    VERSIONS_DIR,
    PublishedPackage,
    csv_bytes,
    earlier_versions,
    neutralise,
    published_on,
)
from ..pages import municipality_links


class Release(NamedTuple):
    """One published version of a data package: ``("15.0.0", date, observations)``."""

    version: str
    date: dt.date
    observations: pd.DataFrame


def release_of(package: PublishedPackage) -> Release:
    """The release ``package`` is: its version, the date it was published and its figures."""
    desc = package.descriptor
    return Release(str(desc["version"]), published_on(desc), package.observations)


@dataclass(frozen=True)
class Download:
    """One file of the downloads folder: its path there, its bytes and what it holds."""

    path: str
    data: bytes
    group: str
    description: str


# What each table of the package holds, in Dutch (datapackage.json describes the resources
# for international reuse).
TABLE_DESCRIPTIONS = {
    "observations": "alle cijfers van deze uitgave, één rij per monitor, gemeente en indicator",
    "indicators": "de indicatoren met soort, samenhang en definitie",
    "municipalities": "de gemeenten met een LVV-locatie en hun CBS-code",
    "monitors": "de periodes (monitors) die deze uitgave bevat",
    "rules": "de controles van lvv-publish met hun code en betekenis",
    "findings": "wat de controles vonden: datakwaliteitsnotities, niet te controleren regels "
    "en herzieningen",
}

VINTAGE_COLUMNS = table_schema("vintage").fields

VINTAGE_NAME = "alle-uitgaven.csv"
# Rows of one Excel worksheet, its header row included.
EXCEL_MAX_ROWS = 1_048_576
WIDE_NAME = "totaaloverzicht.csv"
SUMS_NAME = "SHA256SUMS"


def build_downloads(package: PublishedPackage, workbook: tuple[str, bytes]) -> list[Download]:
    """Every file of the downloads folder of ``package``, ``SHA256SUMS`` last.

    ``workbook``: the XLSX's (name, bytes) (``workbook.py``). Groups: excel, programs,
    municipalities, versions, package.
    """
    out: list[Download] = []
    desc = package.descriptor
    titles = {res["name"]: _titles(res["schema"]) for res in desc["resources"]}
    out.append(
        Download(
            workbook[0],
            workbook[1],
            "excel",
            "Excel-werkmap voor mensen: het totaaloverzicht en elke tabel op een eigen blad, "
            "met Nederlandse kopjes, echte datums, filters en een toelichting.",
        )
    )
    wide = wide_table(package)
    out.append(
        Download(
            _excel_name(WIDE_NAME),
            excel_csv(wide, WIDE_TITLES),
            "excel",
            "Het totaaloverzicht zoals de monitor het toont, voor Excel.",
        )
    )
    for res in desc["resources"]:
        frame = getattr(package, res["name"])
        text = TABLE_DESCRIPTIONS.get(res["name"], res.get("title", res["name"]))
        out.append(
            Download(
                _excel_name(res["path"]),
                excel_csv(frame, titles[res["name"]]),
                "excel",
                f"{text[0].upper()}{text[1:]}, voor Excel ({len(frame)} rijen).",
            )
        )
    out.append(
        Download(
            WIDE_NAME,
            csv_bytes(wide, f"downloads/{WIDE_NAME}"),
            "programs",
            "Het totaaloverzicht zoals de monitor het toont: indicatoren onder elkaar, per "
            "gemeente de monitors naast elkaar; een leeg vak is onbekend.",
        )
    )
    for res in desc["resources"]:
        frame = getattr(package, res["name"])
        text = TABLE_DESCRIPTIONS.get(res["name"], res.get("title", res["name"]))
        out.append(
            Download(
                res["path"],
                (package.path / res["path"]).read_bytes(),
                "programs",
                f"{text[0].upper()}{text[1:]} ({len(frame)} rijen; typen in datapackage.json).",
            )
        )
    for link, frame in municipality_tables(package):
        name = f"gemeenten/{link.slug}.csv"
        what = f"Alle indicatoren van {link.name} in elke monitor van deze uitgave"
        out.append(
            Download(name, csv_bytes(frame, f"downloads/{name}"), "municipalities", f"{what}.")
        )
        out.append(
            Download(
                _excel_name(name),
                excel_csv(frame, WIDE_TITLES),
                "municipalities",
                f"{what}, voor Excel.",
            )
        )
    for version_dir in earlier_versions(package.path):
        for path in sorted(p for p in version_dir.rglob("*") if p.is_file()):
            out.append(
                Download(
                    f"{VERSIONS_DIR}/{version_dir.name}/{path.relative_to(version_dir).as_posix()}",
                    path.read_bytes(),
                    "versions",
                    f"Versie {version_dir.name}, zoals die gepubliceerd was vóór de correctie.",
                )
            )
    out.append(
        Download(
            "datapackage.json",
            (package.path / "datapackage.json").read_bytes(),
            "package",
            "Frictionless Data Package: beschrijving en type van elke kolom, sleutels tussen "
            "de tabellen en controlesommen van de CSV-bestanden.",
        )
    )
    out.append(sums_of(out))
    return out


# The site-wide downloads folder (``site/downloads/``, at ``/downloads/``).
SITE_DOWNLOADS = "downloads"


def vintage_downloads(releases: Sequence[Release]) -> list[Download]:
    """The files of the site-wide downloads folder: ``alle-uitgaven.csv`` with every figure of
    ``releases`` (every published version of every release), its Excel twin while it fits
    in a worksheet, and ``SHA256SUMS``."""
    vintage = vintage_table(list(releases))
    versions = ", ".join(dict.fromkeys(vintage["release"]))
    vintage_text = (
        f"Elk cijfer van elke uitgave (versies {versions}), met wat de vorige uitgave "
        "publiceerde: zo ziet u wat wanneer gepubliceerd is"
    )
    vintage_titles = {c.name: c.title for c in VINTAGE_COLUMNS}
    out = [
        Download(
            VINTAGE_NAME,
            csv_bytes(vintage, f"{SITE_DOWNLOADS}/{VINTAGE_NAME}"),
            "vintage",
            f"{vintage_text}.",
        )
    ]
    if len(vintage) < EXCEL_MAX_ROWS:
        out.append(
            Download(
                _excel_name(VINTAGE_NAME),
                excel_csv(vintage, vintage_titles),
                "vintage",
                f"{vintage_text}; voor Excel.",
            )
        )
    else:
        # Excel opens at most 1,048,576 rows and drops the rest without a clear warning: an
        # Excel twin would lose figures (and costs a copy of some 100 MB at 350 × 40).
        out[-1] = replace(
            out[-1],
            description=f"{vintage_text}. Met {_thousands(len(vintage))} rijen te groot voor "
            f"Excel (hooguit {_thousands(EXCEL_MAX_ROWS - 1)} rijen en een kopregel): open het "
            "met een programma.",
        )
    out.append(sums_of(out))
    return out


def appended_vintage(
    published: dict[str, bytes], rows: int, context: Sequence[Release], new: Sequence[Release]
) -> list[Download] | None:
    """``vintage_downloads`` of the releases already in ``published`` (the files as they
    are, ``rows`` rows) plus ``new``, by appending: the rows of ``new`` are computed against
    ``context``, the published releases that carry any of their monitors. Every release in
    ``new`` must come after every published one (by date, then version); the caller checks.

    None when appending cannot give the same bytes as making it anew: the Excel twin would
    lose its place (too many rows), or a file is missing. At 350 municipalities × 40
    monitors this takes a second where making the file anew takes fifteen (issue 11).
    """
    twin = _excel_name(VINTAGE_NAME)
    if VINTAGE_NAME not in published:
        return None
    table = vintage_table([*context, *new])
    added = table[table["release"].isin({r.version for r in new})]
    total = rows + len(added)
    had_twin = twin in published
    if had_twin != (total < EXCEL_MAX_ROWS):
        return None
    # The rows without their header line (and the Excel file's byte order mark with it).
    program = csv_bytes(added, f"{SITE_DOWNLOADS}/{VINTAGE_NAME}").split(b"\n", 1)[1]
    out = [Download(VINTAGE_NAME, published[VINTAGE_NAME] + program, "vintage", "")]
    if had_twin:
        titles = {c.name: c.title for c in VINTAGE_COLUMNS}
        excel = excel_csv(added, titles).split(b"\r\n", 1)[1]
        out.append(Download(twin, published[twin] + excel, "vintage", ""))
    out.append(sums_of(out))
    return out


def sums_of(files: list[Download]) -> Download:
    """The ``SHA256SUMS`` of a downloads folder holding ``files``."""
    return Download(
        SUMS_NAME,
        sha256sums(files),
        "package",
        "SHA-256 van elk ander bestand in deze map, in het formaat van sha256sum.",
    )


def sha256sums(files: list[Download]) -> bytes:
    """``sha256sum``'s own format: ``<hex>  <path>``, one line per file, sorted by path."""
    lines = [f"{hashlib.sha256(f.data).hexdigest()}  {f.path}\n" for f in files]
    return "".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])).encode("utf-8")


# --- the derived tables ------------------------------------------------------------------

# Dutch titles of the columns of the wide tables; the monitor columns are titled already.
WIDE_TITLES = {"indicator": "Indicator", "name": "Naam"}


def wide_table(package: PublishedPackage) -> pd.DataFrame:
    """The Totaaloverzicht slide: indicator code and name down, municipality × monitor across.

    One header row (``Amsterdam 13 - nov 23``) rather than the slide's two, so that pandas,
    DuckDB and Excel's filter read it as an ordinary table. Empty where unknown.
    """
    labels = _labels(package)
    muns = package.municipalities
    columns = {
        (str(code), m): f"{name} {labels[m]}"
        for code, name in zip(muns["code"], muns["name"], strict=True)
        for m in labels
    }
    grid = package.observations.pivot(
        index="indicator", columns=["municipality_code", "monitor"], values="value"
    )
    grid = grid.reindex(columns=pd.MultiIndex.from_tuples(list(columns)))
    grid.columns = list(columns.values())
    return _with_names(package, grid)


def municipality_tables(package: PublishedPackage) -> list[tuple[Any, pd.DataFrame]]:
    """Per municipality (in the package's order): every indicator down, every monitor across."""
    labels = _labels(package)
    obs = package.observations
    out = []
    codes = dict(zip(package.municipalities["name"], package.municipalities["code"], strict=True))
    for link in municipality_links(package):
        mine = obs[obs["municipality_code"] == codes[link.name]]
        grid = mine.pivot(index="indicator", columns="monitor", values="value")
        grid = grid.reindex(columns=list(labels))
        grid.columns = [f"Monitor {labels[m]}" for m in labels]  # a bare label reads as a date
        out.append((link, _with_names(package, grid)))
    return out


def vintage_table(releases: list[Release]) -> pd.DataFrame:
    """Every figure of every release, oldest release first, compared with the release before.

    ``revised`` and ``previous_value`` compare with ``previous_release``: the latest earlier
    release (by date, then version) that published the same monitor, municipality and
    indicator. An unknown figure that becomes known, or the reverse, counts as revised.
    """
    ordered = sorted(releases, key=lambda r: (r.date, _version_key(r.version)))
    seen = [r.version for r in ordered]
    if len(set(seen)) != len(seen):
        raise LvvError(f"the releases for {VINTAGE_NAME} name a version twice: {seen}.")
    parts = [
        rel.observations.loc[
            :,
            ["monitor", "peildatum", "municipality", "municipality_code", "indicator", "value"],
        ].assign(release=rel.version, release_date=rel.date)
        for rel in ordered
    ]
    frame = pd.concat(parts, ignore_index=True)
    grouped = frame.groupby(["monitor", "municipality_code", "indicator"], sort=False)
    frame["previous_release"] = grouped["release"].shift(1)
    frame["previous_value"] = grouped["value"].shift(1)
    value, before = frame["value"], frame["previous_value"]
    changed = (value.isna() != before.isna()) | (value != before).fillna(False)
    frame["revised"] = frame["previous_release"].notna() & changed
    frame = frame.loc[:, [c.name for c in VINTAGE_COLUMNS]]
    for col in VINTAGE_COLUMNS:
        frame[col.name] = col.cast(frame[col.name])
    return frame


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _labels(package: PublishedPackage) -> dict[int, str]:
    monitors = package.monitors.sort_values("monitor")
    return {int(m): str(lbl) for m, lbl in zip(monitors["monitor"], monitors["label"], strict=True)}


def _with_names(package: PublishedPackage, grid: pd.DataFrame) -> pd.DataFrame:
    """``grid`` (indexed by indicator code) with every indicator of the package, in its order,
    and the code and name as the first two columns."""
    inds = package.indicators
    grid = grid.reindex(list(inds["code"])).astype("Int64")
    grid.insert(0, "name", list(inds["name"]))
    grid.insert(0, "indicator", list(inds["code"]))
    out = grid.reset_index(drop=True)
    out["indicator"] = out["indicator"].astype("string")
    out["name"] = out["name"].astype("string")
    return out


# --- the Excel variant -------------------------------------------------------------------

# Text that a Dutch spreadsheet does not keep as text: a number with thousands separators
# (2.100 is 2100) and text that looks like a date (13 - nov 23, nov 23, 31-10-2023).
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DATE_LIKE = re.compile(
    r"^(\d{1,2}\s*[-/]\s*(\d{1,2}|[a-z]{3,9}\.?)(\s*[-/ ]\s*\d{2,4})?|[a-z]{3,9}\.?\s+\d{2,4})$",
    re.IGNORECASE,
)
EN_DASH = "\u2013"


def excel_csv(frame: pd.DataFrame, titles: dict[str, str]) -> bytes:
    """``frame`` as a CSV that a double-click opens right in Dutch Excel (see module doc)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if str(column.dtype) == "boolean":
            out[name] = column.map({True: "ja", False: "nee"}, na_action="ignore")
        # Not column.map(...).any(): on an empty string column (a release without findings)
        # pandas keeps the string dtype, which has no any().
        elif any(isinstance(v, dt.date) for v in column.dropna()):
            out[name] = pd.to_datetime(column)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            # Kept as text by Excel, and never run as a formula (cellsafety.py). Each distinct
            # text once: the vintage file repeats a few hundred names over millions of rows.
            values = column.dropna().unique()
            texts = {v: neutralise(spreadsheet_text(v)) for v in values if isinstance(v, str)}
            if len(texts) == len(values):
                out[name] = column.map(texts)
            else:
                out[name] = column.map(functools.partial(_text_or_value, texts), na_action="ignore")
    out = out.rename(columns=lambda c: neutralise(spreadsheet_text(titles.get(c) or str(c))))
    text = out.to_csv(
        sep=";",
        decimal=",",
        float_format="%.15g",
        date_format="%d-%m-%Y",
        index=False,
        na_rep="",
        lineterminator="\r\n",
    )
    return text.encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8


def spreadsheet_text(value: str) -> str:
    """``value`` in a form Dutch Excel and LibreOffice keep as text.

    A label that looks like a date (``13 - nov 23``, which LibreOffice turns into 13-11-2023)
    gets an en dash for its hyphens (``13 – nov 23``); what cannot be kept as text is refused.
    """
    if _DATE_LIKE.match(value):
        value = value.replace("-", EN_DASH)
    if _DATE_LIKE.match(value) or _GROUPED_NUMBER.match(value):
        raise LvvError(
            f"{value!r} would not stay text in a Dutch spreadsheet (it reads as a date or as a "
            "number with a thousands separator); the Excel CSV cannot publish it."
        )
    return value


def _excel_name(path: str) -> str:
    return path.removesuffix(".csv") + ".excel.csv"


def _titles(schema: dict[str, Any]) -> dict[str, str]:
    """Field name → its Dutch title, from a Table Schema; the titles must be distinct."""
    titles = {f["name"]: f.get("title") or f["name"] for f in schema["fields"]}
    if len(set(titles.values())) != len(titles):
        raise LvvError(f"the Table Schema gives two columns the same title: {titles}.")
    return titles


def _text_or_value(texts: dict[str, str], value: object) -> object:
    """A text cell through ``texts``; a number or date in a text column as it is."""
    return texts.get(value, value) if isinstance(value, str) else value


def _thousands(count: int) -> str:
    """``1.638.000``: a count of rows in Dutch notation."""
    return f"{count:,}".replace(",", ".")
