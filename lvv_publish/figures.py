"""National and per-location figures computed from a release's observations.

Pure functions over the tidy observations and the municipalities table as the data package
holds them. An unknown (empty) cell is never counted as zero: a total over municipalities
with unknown cells is marked partial and names them, and a ratio over a partial total is
partial too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

CAPACITY = "1"
ADMITTED = "2"
ADMITTED_PERIOD = "2.1"
CURRENT = "2.2"
PERSPECTIVE = "5"
OUTFLOW_TOTAL = "12"
# The outflow categories of the monitor's "Resultaat Vertrek en Verblijf", in its order.
OUTFLOW_CATEGORIES = (
    ("8", "duurzaam"),
    ("9", "semi-duurzaam"),
    ("10", "niet-duurzaam"),
    ("11", "overleden"),
)


@dataclass(frozen=True)
class Total:
    """A sum over municipalities; ``unknown`` names those whose cell is empty."""

    value: int | None
    unknown: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.unknown)


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator`` with the totals it came from; ``None`` when not computable."""

    numerator: Total
    denominator: Total

    @property
    def value(self) -> float | None:
        if self.numerator.value is None or not self.denominator.value:
            return None
        return self.numerator.value / self.denominator.value

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.numerator.unknown) | set(self.denominator.unknown)))

    @property
    def partial(self) -> bool:
        return bool(self.unknown)


def _cells(observations: pd.DataFrame, monitor: int, indicator: str) -> pd.DataFrame:
    sel = observations[
        (observations["monitor"] == monitor) & (observations["indicator"] == indicator)
    ]
    return sel


def total(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    monitor: int,
    indicator: str,
    codes: list[str] | None = None,
) -> Total:
    """Sum ``indicator`` over municipalities (all, or ``codes``) for ``monitor``.

    For capacity, municipalities whose places count under another (Emmen under Groningen)
    are left out, so their places are not counted twice.
    """
    muns = municipalities
    if codes is not None:
        muns = muns[muns["code"].isin(codes)]
    if indicator == CAPACITY:
        muns = muns[muns["capacity_included_in"].isna()]
    cells = _cells(observations, monitor, indicator).set_index("municipality_code")["value"]
    known = 0
    unknown: list[str] = []
    seen = False
    for code, name in zip(muns["code"], muns["name"], strict=True):
        value = cells.get(code, pd.NA)
        if pd.isna(value):
            unknown.append(str(name))
        else:
            known += int(value)
            seen = True
    return Total(value=known if seen else None, unknown=tuple(unknown))


def value(
    observations: pd.DataFrame, monitor: int, municipality: str, indicator: str
) -> int | None:
    """One cell; ``None`` when it is empty (unknown) or absent."""
    sel = observations[
        (observations["monitor"] == monitor)
        & (observations["municipality_code"] == municipality)
        & (observations["indicator"] == indicator)
    ]["value"]
    if sel.empty or pd.isna(sel.iloc[0]):
        return None
    return int(sel.iloc[0])


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


def locations(
    observations: pd.DataFrame, municipalities: pd.DataFrame, monitor: int
) -> list[LocationOccupancy]:
    """Per LVV location: its capacity and the figures of all its municipalities together."""
    out = []
    for _, loc in municipalities[municipalities["role"] == "lvv-locatie"].iterrows():
        members = municipalities[municipalities["location"] == loc["code"]]
        codes = [str(c) for c in members["code"]]
        names = tuple(str(n) for n in members["name"] if n != loc["name"])

        def t(ind: str, codes: list[str] = codes) -> Total:
            return total(observations, municipalities, monitor, ind, codes)

        out.append(
            LocationOccupancy(
                code=str(loc["code"]),
                name=str(loc["name"]),
                members=names,
                capacity=t(CAPACITY),
                current=t(CURRENT),
                admitted=t(ADMITTED),
                admitted_period=t(ADMITTED_PERIOD),
                outflow=t(OUTFLOW_TOTAL),
            )
        )
    return out


@dataclass(frozen=True)
class OutflowShare:
    indicator: str
    label: str
    share: Ratio


@dataclass(frozen=True)
class KeyFigures:
    """The national key figures of one monitor, as the home page states them."""

    monitor: int
    admitted: Total
    outflow: Total
    current: Total
    capacity: Total
    occupancy: Ratio
    perspective: Ratio
    outflow_shares: tuple[OutflowShare, ...]


def key_figures(
    observations: pd.DataFrame, municipalities: pd.DataFrame, monitor: int
) -> KeyFigures:
    def t(ind: str) -> Total:
        return total(observations, municipalities, monitor, ind)

    outflow = t(OUTFLOW_TOTAL)
    current = t(CURRENT)
    capacity = t(CAPACITY)
    return KeyFigures(
        monitor=monitor,
        admitted=t(ADMITTED),
        outflow=outflow,
        current=current,
        capacity=capacity,
        occupancy=Ratio(current, capacity),
        perspective=Ratio(t(PERSPECTIVE), current),
        outflow_shares=tuple(
            OutflowShare(code, label, Ratio(t(code), outflow)) for code, label in OUTFLOW_CATEGORIES
        ),
    )
