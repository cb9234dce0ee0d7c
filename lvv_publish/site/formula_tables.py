"""Tables whose columns are formulas: a row per municipality, the national total below.

A column (``layout.TableColumn``) is a formula of the one expression language
(``checks.expressions``, columns from ``pages.yaml``): per municipality its value (None where
a cell it needs is unknown; a share's value a fraction), per LVV location for a ``location``
column, and in the total row the same formula nationally, as a partial ``Total`` or
``Ratio`` that names its unknown cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..checks import Place
from ..models import slug
from .figures import PackageTable, evaluate
from .formatting import number, percent
from .layout import TableColumn
from .tables import Cell, DataTable


@dataclass(frozen=True)
class Table:
    """A table for a page: ``units`` per column (``text``, ``number``, ``percent``)."""

    headers: list[str]
    units: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None


@dataclass(frozen=True)
class Municipalities:
    """The municipalities of a table: those in the LVV in ``monitor``, in the package's
    order; ``location``: a satellite's LVV location; ``members``: a location's members."""

    table: PackageTable
    monitor: int
    names: list[tuple[str, str]]
    location: dict[str, str]
    members: dict[str, list[str]]

    @classmethod
    def of(cls, table: PackageTable, active: pd.DataFrame, monitor: int) -> Municipalities:
        codes = [str(c) for c in active["code"]]
        locations = [str(c) for c in active["location"]]
        members: dict[str, list[str]] = {}
        for code, loc in zip(codes, locations, strict=True):
            members.setdefault(loc, []).append(code)
        satellites = {
            str(c): str(loc)
            for c, loc, role in zip(active["code"], active["location"], active["role"], strict=True)
            if role == "satelliet"
        }
        names = list(zip(codes, [str(n) for n in active["name"]], strict=True))
        return cls(table, monitor, names, satellites, members)


def _value(column: TableColumn, muns: Municipalities, code: str) -> Any:
    name_of = dict(muns.names)
    if code in muns.location and column.satellite is not None:
        return column.satellite.format(location=name_of[muns.location[code]])
    if column.location:
        only = PackageTable(
            muns.table.observations, muns.table.municipalities, frozenset(muns.members[code])
        )
        return evaluate(column.node, only, Place(muns.monitor)).value
    return evaluate(column.node, muns.table, Place(muns.monitor, municipality=code)).value


def formula_table(columns: Sequence[TableColumn], muns: Municipalities) -> Table:
    """A row per municipality, a column per formula; the total row nationally."""
    return Table(
        headers=["Gemeente", *(c.header for c in columns)],
        units=["text", *(c.unit for c in columns)],
        rows=[[name, *(_value(c, muns, code) for c in columns)] for code, name in muns.names],
        total=["Totaal", *(evaluate(c.node, muns.table, Place(muns.monitor)) for c in columns)],
    )


def cell_text(value: Any, unit: str) -> str:
    """A cell as ``_macros.cell`` writes it, for a DataTable (plain text)."""
    if isinstance(value, str):
        return value
    if unit == "percent":
        text = percent(value, 1)
    elif unit == "number":
        text = number(value)
    else:
        return str(value)
    if value is not None and getattr(value, "partial", False):
        text += f" ({value.note})"
    return text


def data_table(t: Table, name: str) -> DataTable:
    """A table as a sortable table filtered by municipality (its first column), each
    municipality linking to its page; the national total stays last."""
    rows = [
        [Cell(str(r[0]), f"gemeenten/{slug(str(r[0]))}.md")]
        + [Cell(cell_text(v, u)) for v, u in zip(r[1:], t.units[1:], strict=True)]
        for r in t.rows
    ]
    return DataTable(
        name=name,
        headers=t.headers,
        numeric=[u != "text" for u in t.units],
        rows=rows,
        filters={"data-lvv-filter-text": "0", "data-lvv-filter-label": "Gemeente"},
        sortable=True,
        total=[Cell(cell_text(v, u)) for v, u in zip(t.total, t.units, strict=True)]
        if t.total
        else None,
        download=("downloads/totaaloverzicht.csv", "totaaloverzicht.csv"),
    )
