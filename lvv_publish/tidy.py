"""The observations contract: one tidy row per monitor × municipality × indicator.

Every stage that produces observations ends with ``enforce_schema``. The Table Schema of the
``observations`` resource in ``datapackage.json`` is generated from ``OBSERVATION_COLUMNS``,
so the code and the published package cannot drift apart.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from .errors import SchemaError
from .models import CODE_PATTERN, MUNICIPALITY_CODE_PATTERN


@dataclass(frozen=True)
class Column:
    """One column of a published table: pandas dtype plus its Table Schema field.

    ``title`` and ``description`` are Dutch, like the site; ``en`` is the English
    description, kept for international users in the field's ``en`` property.
    """

    name: str
    dtype: str
    type: str
    title: str
    description: str
    constraints: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    en: str | None = None

    def cast(self, values: pd.Series) -> pd.Series:
        """``values`` in this column's pandas type (dates as ``datetime.date``)."""
        if self.type == "date":
            return pd.to_datetime(values).dt.date
        if self.type == "boolean":
            return values.astype("boolean")
        return values.astype(self.dtype)

    def table_schema_field(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.format:
            out["format"] = self.format
        if self.constraints:
            out["constraints"] = dict(self.constraints)
        if self.en:
            out["en"] = {"description": self.en}
        return out


OBSERVATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "monitor",
        "int64",
        "integer",
        "Monitor",
        "Nummer van de monitor (het kwartaal) waar het cijfer bij hoort, bijvoorbeeld 15 = mei "
        "2024.",
        {"required": True, "minimum": 1},
        en="Number of the monitor (quarter) the figure belongs to, e.g. 15 = mei 2024.",
    ),
    Column(
        "peildatum",
        "object",
        "date",
        "Peildatum",
        "Peildatum van die monitor: de laatste dag van zijn periode (ISO 8601, jjjj-mm-dd).",
        {"required": True},
        en="Reference date of that monitor: the last day of its period (ISO 8601).",
    ),
    Column(
        "municipality",
        "string",
        "string",
        "Gemeente",
        "Naam van de gemeente zoals de monitor die schrijft.",
        {"required": True},
        en="Municipality name as the monitor writes it.",
    ),
    Column(
        "municipality_code",
        "string",
        "string",
        "CBS-code",
        "CBS-gemeentecode (GMxxxx); verwijst naar de tabel municipalities.",
        {"required": True, "pattern": MUNICIPALITY_CODE_PATTERN.strip("^$")},
        en="CBS municipality code (GMxxxx); key into the municipalities resource.",
    ),
    Column(
        "indicator",
        "string",
        "string",
        "Indicator",
        "Indicatorcode zoals 9.1.4: tekst, geen getal (2.1 is niet 2,1); verwijst naar de tabel "
        "indicators.",
        {"required": True, "pattern": CODE_PATTERN.strip("^$")},
        en="Indicator code such as 9.1.4; key into the indicators resource.",
    ),
    Column(
        "value",
        "Int64",
        "integer",
        "Waarde",
        "Het cijfer zoals gepubliceerd. Leeg betekent onbekend (de monitor liet het vak leeg), "
        "nooit nul.",
        {"minimum": 0},
        en="The figure as published. Empty means unknown (the monitor left the cell empty); it "
        "never means zero.",
    ),
    Column(
        "revised",
        "boolean",
        "boolean",
        "Herzien",
        "true als dit cijfer van een eerdere monitor afwijkt van het laatst gepubliceerde cijfer "
        "(de uitgave in revisionBase van datapackage.json); de toelichting van de redactie staat "
        "bij de bevindingen (regel 'revision').",
        {"required": True},
        en="true when this figure of an earlier monitor differs from the figure last published "
        "for it (the release named in revisionBase of datapackage.json); the editor's note on it "
        "is in the findings (rule 'revision').",
    ),
    Column(
        "published_value",
        "Int64",
        "integer",
        "Eerder gepubliceerd",
        "Bij een herzien cijfer: het laatst gepubliceerde cijfer (leeg als dat leeg, dus "
        "onbekend, was). Leeg bij cijfers die niet herzien zijn.",
        {"minimum": 0},
        en="For a revised figure: the figure last published for it (empty when that was empty, "
        "i.e. unknown). Empty for figures that were not revised.",
    ),
)

OBSERVATION_KEY = ("monitor", "municipality_code", "indicator")

# (monitor, municipality code, indicator) -> value; None is an unknown (empty) cell.
Cells = dict[tuple[int, str, str], int | None]


def cells_of(observations: pd.DataFrame) -> Cells:
    """``(monitor, municipality_code, indicator) -> value``; an absent key means no row."""
    return {
        (int(m), str(c), str(i)): (None if pd.isna(v) else int(v))
        for m, c, i, v in zip(
            observations["monitor"],
            observations["municipality_code"],
            observations["indicator"],
            observations["value"],
            strict=True,
        )
    }


def enforce_schema(frame: pd.DataFrame, *, where: str = "observations") -> pd.DataFrame:
    """Order and type the columns of ``frame`` and refuse what breaks the contract.

    Refuses missing or unexpected columns, missing required values and duplicate keys. Rows
    come out sorted by monitor, then in the order they came in within a monitor (readers
    emit municipality and indicator in registry order).
    """
    names = [c.name for c in OBSERVATION_COLUMNS]
    missing = [n for n in names if n not in frame.columns]
    extra = [c for c in frame.columns if c not in names]
    if missing or extra:
        raise SchemaError(
            f"{where}: columns do not match the observations contract "
            f"(missing: {missing or 'none'}; unexpected: {extra or 'none'})."
        )
    out = frame.loc[:, names].copy()
    for col in OBSERVATION_COLUMNS:
        out[col.name] = col.cast(out[col.name])
        if col.constraints.get("required") and out[col.name].isna().any():
            raise SchemaError(f"{where}: column {col.name!r} has empty values.")
    dupes = out.duplicated(list(OBSERVATION_KEY), keep=False)
    if dupes.any():
        first = out.loc[dupes, list(OBSERVATION_KEY)].iloc[0].to_dict()
        raise SchemaError(f"{where}: duplicate observation for {first}.")
    out = out.sort_values("monitor", kind="stable").reset_index(drop=True)
    return out


T = TypeVar("T")


def per_table(cache: dict[int, Any], table: object, make: Callable[[], T]) -> T:
    """``make()`` once per table object: kept in ``cache`` by the table's identity and
    dropped when the table is. For what a release derives from a package's frames many
    times over (they are shared and never modified in place)."""
    key = id(table)
    if key not in cache:
        cache[key] = make()
        weakref.finalize(table, cache.pop, key, None)
    return cache[key]  # type: ignore[no-any-return]
