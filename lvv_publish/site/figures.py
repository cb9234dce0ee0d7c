"""Figures computed from a release's data package: totals, shares and a location's figures.

Every figure is a formula of the one expression language (``checks.expressions``) evaluated
over the package's observations with ``known``: the totals of the overview's tables, a
location's figures, the named national figures (``national.py``).
An unknown (empty) cell is never counted as zero: a total over municipalities with unknown
cells is the sum of the known cells, marked *partial*; it carries the unknown cells, and
every page that shows it says which they are. A ratio of partial totals is partial too.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..checks import (
    Interval,
    Key,
    KnownShare,
    KnownSum,
    Node,
    Place,
    cell,
    known,
    load_rulebook,
)
from .layout import LAYOUT
from .lean import per_table

# An unknown cell: (municipality name, indicator code).
Cell = tuple[str, str]

# A note on unknown cells names at most this many; more are counted.
NOTE_NAMES = 5


def unknown_note(cells: tuple[Cell, ...], *, by_cell: bool = False) -> str:
    """``zonder Amsterdam: onbekend`` for a sum of one indicator over municipalities;
    ``onbekend: 5.2 van Amsterdam, …`` (``by_cell``) for anything built from several cells,
    where leaving a municipality out would be the wrong reading."""
    if not cells:
        return ""
    muns = list(dict.fromkeys(name for name, _ in cells))
    # At national scale a note naming every municipality would be longer than its table:
    # past a few, it counts them (the tables per municipality show which).
    if len(cells) > NOTE_NAMES:
        if not by_cell:
            return f"zonder {len(muns)} gemeenten: onbekend"
        return f"onbekend: {len(cells)} cijfers van {len(muns)} gemeenten"
    if not by_cell:
        return f"zonder {_names(muns)}: onbekend"
    return "onbekend: " + _names([f"{code} van {name}" for name, code in cells])


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


@dataclass(frozen=True)
class Total:
    """A sum over municipalities; ``unknown`` lists the cells that are empty."""

    value: int | None
    unknown: tuple[Cell, ...] = ()
    composite: bool = False  # built from more than one indicator

    @property
    def partial(self) -> bool:
        return bool(self.unknown)

    @property
    def note(self) -> str:
        return unknown_note(self.unknown, by_cell=self.composite)

    @property
    def municipalities_unknown(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for name, _ in self.unknown))


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator`` with the totals it came from.

    ``value`` is None when the numerator is unknown or the denominator unknown or zero;
    ``computable`` tells the two apart (a zero denominator is "not applicable").
    """

    numerator: Total
    denominator: Total

    @property
    def value(self) -> float | None:
        if self.numerator.value is None or not self.denominator.value:
            return None
        return self.numerator.value / self.denominator.value

    @property
    def computable(self) -> bool:
        return self.denominator.value != 0

    @property
    def unknown(self) -> tuple[Cell, ...]:
        return tuple(dict.fromkeys((*self.numerator.unknown, *self.denominator.unknown)))

    @property
    def partial(self) -> bool:
        return bool(self.unknown)

    @property
    def note(self) -> str:
        return unknown_note(self.unknown, by_cell=True)


def capacity_indicator() -> str:
    """The indicator whose national total leaves satellites out (``rules.yaml``)."""
    return load_rulebook().capacity.indicator


def in_lvv(municipalities: pd.DataFrame, monitor: int) -> pd.DataFrame:
    """The rows of ``municipalities`` that are part of the LVV in ``monitor``.

    A municipality before its ``first_monitor`` (or after its ``last_monitor``) has no
    figures: it is left out of totals, not counted as unknown.
    """
    if "first_monitor" not in municipalities.columns:
        return municipalities
    per_monitor: dict[int, pd.DataFrame] = per_table(_members, municipalities, dict)
    if monitor not in per_monitor:
        first = municipalities["first_monitor"]
        last = municipalities["last_monitor"]
        active = (first.isna() | (first <= monitor)) & (last.isna() | (last >= monitor))
        per_monitor[monitor] = municipalities[active.fillna(False).astype(bool)]
    return per_monitor[monitor]


# Per municipalities table (by identity, dropped with it): its members per monitor.
_members: dict[int, dict[int, pd.DataFrame]] = {}

# Per observations table (by identity, dropped with the table): its values by (monitor,
# indicator), each a dict of municipality code -> int, or None where unknown. A release asks
# for about a thousand totals; filtering the whole table for each was the largest cost at
# 350 municipalities (issue 11): plain dicts make a total a loop over its members.
_indexes: dict[int, dict[tuple[int, str], dict[str, int | None]]] = {}


def _index_of(observations: pd.DataFrame) -> dict[tuple[int, str], dict[str, int | None]]:
    index: dict[tuple[int, str], dict[str, int | None]] = {}
    values = observations["value"].astype(object).where(observations["value"].notna(), None)
    # Plain lists: numpy's scalars cost more per value (at 350 x 40, 600,000 rows a table).
    for m, i, code, v in zip(
        observations["monitor"].tolist(),
        observations["indicator"].astype(str).tolist(),
        observations["municipality_code"].astype(str).tolist(),
        values.tolist(),
        strict=True,
    ):
        index.setdefault((int(m), i), {})[code] = None if v is None else int(v)
    return index


# Per municipalities table (by identity) and monitor: (code, name, counts its own capacity)
# of its members.
_member_rows: dict[int, dict[int, list[tuple[str, str, bool]]]] = {}


def _members_of(municipalities: pd.DataFrame, monitor: int) -> list[tuple[str, str, bool]]:
    per_monitor: dict[int, list[tuple[str, str, bool]]] = per_table(
        _member_rows, municipalities, dict
    )
    if monitor not in per_monitor:
        muns = in_lvv(municipalities, monitor)
        under = muns.get("capacity_included_in", pd.Series(None, index=muns.index))
        per_monitor[monitor] = [
            (str(code), str(name), bool(pd.isna(u)))
            for code, name, u in zip(muns["code"], muns["name"], under, strict=True)
        ]
    return per_monitor[monitor]


_NO_CELLS: dict[str, int | None] = {}


@dataclass(frozen=True)
class PackageTable:
    """A package's observations as the formulas read them (``checks.expressions.Table``):
    a national total sums the municipalities in the LVV in its monitor (``only``: of these
    codes), the capacity without the satellites whose places count under their location."""

    observations: pd.DataFrame
    municipalities: pd.DataFrame
    only: frozenset[str] | None = None

    def value(self, key: Key) -> int | None:
        monitor, municipality, code = key
        return self._index.get((int(monitor), str(code)), _NO_CELLS).get(municipality)

    def has(self, key: Key) -> bool:
        monitor, municipality, code = key
        return municipality in self._cells(monitor, code)

    def members(self, monitor: int, code: str) -> Sequence[str]:
        capacity = code == capacity_indicator()
        key = (monitor, capacity)
        if key not in self._members:
            self._members[key] = tuple(
                c
                for c, _, own_capacity in _members_of(self.municipalities, monitor)
                if (self.only is None or c in self.only) and (own_capacity or not capacity)
            )
        return self._members[key]

    # Looked up once per table object, not once per cell: a national total at 350
    # municipalities x 40 monitors reads some 900,000 cells in a release.
    @functools.cached_property
    def _index(self) -> dict[tuple[int, str], dict[str, int | None]]:
        return per_table(_indexes, self.observations, lambda: _index_of(self.observations))

    @functools.cached_property
    def _members(self) -> dict[tuple[int, bool], tuple[str, ...]]:
        return {}

    def interval(self, key: Key, exclude: str | None = None) -> Interval:
        raise NotImplementedError("the site publishes what is known, not intervals")

    def name(self, code: str) -> str:
        return self._names()[code]

    def _cells(self, monitor: int, code: str) -> dict[str, int | None]:
        return self._index.get((int(monitor), str(code)), _NO_CELLS)

    def _names(self) -> dict[str, str]:
        return per_table(_names_of, self.municipalities, lambda: _municipality_names(self))


_names_of: dict[int, dict[str, str]] = {}


def _municipality_names(table: PackageTable) -> dict[str, str]:
    return dict(zip(table.municipalities["code"], table.municipalities["name"], strict=True))


def figure_of(value: KnownSum | KnownShare, table: PackageTable) -> Total | Ratio:
    """What ``checks.known`` gives, as the site shows it: unknown cells by name."""
    if isinstance(value, KnownShare):
        return Ratio(_total_of(value.numerator, table), _total_of(value.denominator, table))
    return _total_of(value, table)


def _total_of(value: KnownSum, table: PackageTable) -> Total:
    # The same cell in two monitors is one unknown name: "9.1 van Amsterdam".
    unknown = tuple(dict.fromkeys((table.name(mun), code) for _, mun, code in value.unknown))
    return Total(value.value, unknown, value.composite)


def evaluate(node: Node, table: PackageTable, place: Place) -> Total | Ratio:
    """A formula of the layout or of figures.yaml at ``place``, as the site shows it."""
    return figure_of(known(node, table, place), table)


def total(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    monitor: int,
    indicator: str,
    codes: list[str] | None = None,
) -> Total:
    """Sum ``indicator`` over municipalities (all, or ``codes``) for ``monitor``; for the
    capacity without the municipalities whose places count under another (Emmen under
    Groningen), so that their places are not counted twice."""
    table = PackageTable(observations, municipalities, None if codes is None else frozenset(codes))
    result = evaluate(cell(indicator), table, Place(monitor))
    assert isinstance(result, Total)
    return result


def value(
    observations: pd.DataFrame, monitor: int, municipality: str, indicator: str
) -> int | None:
    """One cell; ``None`` when it is empty (unknown) or absent."""
    index = per_table(_indexes, observations, lambda: _index_of(observations))
    return index.get((int(monitor), str(indicator)), {}).get(str(municipality))


@dataclass(frozen=True)
class LocationOccupancy:
    """Capacity and occupancy of one LVV location (a satellite's trajecten included)."""

    code: str
    name: str
    members: tuple[str, ...]
    capacity: Total
    current: Total
    admitted: Total
    admitted_period: Total
    outflow: Total

    @property
    def occupancy(self) -> Ratio:
        return Ratio(self.current, self.capacity)


def location_figures(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    monitor: int,
    code: str,
    name: str,
    members: list[str],
) -> LocationOccupancy:
    """The figures of location ``code`` over ``members`` (none: nationally, as "Totaal")."""
    rules = load_rulebook().capacity
    columns = LAYOUT.locations
    chosen = set(members)

    def t(ind: str) -> Total:
        return total(observations, municipalities, monitor, ind, members or None)

    return LocationOccupancy(
        code=code,
        name=name,
        members=tuple(
            str(n)
            for c, n in zip(
                municipalities["code"].tolist(), municipalities["name"].tolist(), strict=True
            )
            if c in chosen and n != name
        ),
        capacity=t(rules.indicator),
        current=t(rules.current),
        admitted=t(columns.admitted),
        admitted_period=t(columns.admitted_period),
        outflow=t(columns.outflow),
    )


def locations(
    observations: pd.DataFrame, municipalities: pd.DataFrame, monitor: int
) -> list[LocationOccupancy]:
    """Per LVV location: its capacity and the figures of all its municipalities together."""
    municipalities = in_lvv(municipalities, monitor)
    # Each location's members in one pass, not a filter of the table per location.
    members: dict[str, list[str]] = {}
    for code, location in zip(municipalities["code"], municipalities["location"], strict=True):
        members.setdefault(str(location), []).append(str(code))
    return [
        location_figures(
            observations, municipalities, monitor, str(code), str(name), members.get(str(code), [])
        )
        for code, name, role in zip(
            municipalities["code"], municipalities["name"], municipalities["role"], strict=True
        )
        if role == "lvv-locatie"
    ]
