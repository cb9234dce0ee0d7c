"""The tables' schemas as data: ``lvv_publish/data/schemas/<name>.yaml``, loaded and checked.

Each field of a published table is described once, in its schema file: the package's Table
Schema (``package``), the pandas types the code casts to (``sources.enforce_schema``, the
package reader) and the Dutch column titles of the downloads come from there. The files are
read and checked when this module is imported, so a broken schema stops every command at
once instead of the one release that writes the table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from ..errors import LvvError
from ..resources import data_dir, yaml_data
from .base import StrictModel

# The empty cell is the only missing value of every table: unknown, never zero.
MISSING_VALUES = ("",)

FieldType = Literal["integer", "number", "string", "date", "datetime", "boolean"]


class Constraints(StrictModel):
    """A field's Table Schema constraints (written in this order, the ones that are set)."""

    required: StrictBool | None = None
    unique: StrictBool | None = None
    minimum: StrictInt | None = None
    pattern: StrictStr | None = None
    enum: tuple[StrictStr, ...] | None = None


class Column(StrictModel):
    """One column of a published table: its Table Schema field and its pandas type."""

    name: StrictStr = Field(pattern=r"^[a-z][a-z_]*$")
    type: FieldType
    title: StrictStr
    description: StrictStr
    en: StrictStr | None = None
    format: StrictStr | None = None
    constraints: Constraints = Constraints()

    @property
    def required(self) -> bool:
        return bool(self.constraints.required)

    @property
    def dtype(self) -> str:
        """The pandas type: nullable unless required (an empty cell is unknown), dates as
        ``datetime.date`` objects, date-times as their ISO 8601 text (their UTC offset is
        part of the value, and a pandas datetime column takes one zone only)."""
        return {
            "integer": "int64" if self.required else "Int64",
            "number": "Float64",
            "string": "string",
            "date": "object",
            "datetime": "string",
            "boolean": "boolean",
        }[self.type]

    def cast(self, values: pd.Series) -> pd.Series:
        """``values`` in this column's pandas type (dates as ``datetime.date``)."""
        if self.type == "date":
            return calendar_dates(values)
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
        constraints = self.constraints.model_dump(exclude_none=True)
        if constraints:
            out["constraints"] = {k: list(v) if k == "enum" else v for k, v in constraints.items()}
        if self.en:
            out["en"] = {"description": self.en}
        return out


class Text(StrictModel):
    """A text in Dutch (the site's language) and English (for international reuse)."""

    nl: StrictStr
    en: StrictStr


class Reference(StrictModel):
    resource: StrictStr
    fields: StrictStr


class ForeignKey(StrictModel):
    fields: StrictStr
    reference: Reference


class TableSchema(StrictModel):
    """A table's schema file: its columns, keys and descriptions."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: StrictStr
    title: Text | None = None
    description: Text | None = None
    download: StrictStr | None = None
    primary_key: tuple[StrictStr, ...] = Field(default=(), alias="primaryKey")
    foreign_keys: tuple[ForeignKey, ...] = Field(default=(), alias="foreignKeys")
    fields: tuple[Column, ...] = Field(min_length=1)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.fields]

    @property
    def titles(self) -> dict[str, str]:
        """Column name → its Dutch title."""
        return {c.name: c.title for c in self.fields}

    def column(self, name: str) -> Column:
        for c in self.fields:
            if c.name == name:
                return c
        raise KeyError(name)

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of the table, as ``datapackage.json`` holds it."""
        schema: dict[str, Any] = {
            "fields": [c.table_schema_field() for c in self.fields],
            "missingValues": list(MISSING_VALUES),
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [k.model_dump() for k in self.foreign_keys]
        return schema

    def typed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame``'s columns in the types of this schema (its columns as they are)."""
        out = frame.copy()
        for c in self.fields:
            out[c.name] = c.cast(out[c.name])
        return out


TABLES = (
    "observations",
    "indicators",
    "municipalities",
    "monitors",
    "rules",
    "findings",
    "vintage",
    "series",
)


def load_schema(name: str) -> TableSchema:
    """Read and check the schema file of table ``name``."""
    path = data_dir() / "schemas" / f"{name}.yaml"
    try:
        data = yaml_data(path.read_text(encoding="utf-8"))
        schema = TableSchema.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise LvvError(f"{path}: the schema of the {name} table is not valid:\n{exc}") from exc
    if schema.name != name:
        raise LvvError(f"{path}: says name {schema.name!r}, expected {name!r}.")
    names = schema.names
    for key in (*schema.primary_key, *(k.fields for k in schema.foreign_keys)):
        if key not in names:
            raise LvvError(f"{path}: key {key!r} is not one of its fields.")
    return schema


SCHEMAS: dict[str, TableSchema] = {name: load_schema(name) for name in TABLES}


def table_schema(name: str) -> TableSchema:
    """The schema of table ``name`` (one of ``TABLES``)."""
    return SCHEMAS[name]


def calendar_dates(values: pd.Series) -> pd.Series:
    """``values`` as ``datetime.date`` objects (NaT where unknown), one object per distinct
    date: a package's observations repeat a few peildatums thousands of times, and an
    object each came to 90 MB over the 40 packages a release at 350 x 40 reads (issue 22).
    Each distinct value is converted once (reading those packages took 0.6 s less)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    try:
        days = pd.to_datetime(pd.Series(uniques, dtype=object)).dt.date.to_numpy(dtype=object)
    except (ValueError, TypeError):
        days = None  # converted whole below, for pandas' own message naming the row
    if days is not None and all(type(d) is dt.date for d in days):
        shared = np.where(codes >= 0, days.take(codes) if len(days) else pd.NaT, pd.NaT)
        return pd.Series(shared, index=values.index, name=values.name, dtype=object)
    return pd.to_datetime(values).dt.date.astype(object)
