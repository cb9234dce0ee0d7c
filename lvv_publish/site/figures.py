"""National and per-location figures computed from a release's observations.

Pure functions over the tidy observations and the municipalities table as the data package
holds them. An unknown (empty) cell is never counted as zero. A total over municipalities
with unknown cells is the sum of the known cells, marked *partial*: it carries the unknown
cells, and every page that shows it says which they are. A ratio of partial totals is
partial in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .lean.tablecache import per_table

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
# 350 municipalities, and pandas per total (reindex, mask) still cost a third of a second
# on the bundled monitor (issue 11): plain dicts make a total a loop over its members.
_indexes: dict[int, dict[tuple[int, str], dict[str, int | None]]] = {}


def _cells(observations: pd.DataFrame, monitor: int, indicator: str) -> dict[str, int | None]:
    """The values of ``indicator`` in ``monitor``, by municipality code (None: unknown)."""
    index = per_table(_indexes, observations, lambda: _index_of(observations))
    return index.get((int(monitor), str(indicator)), {})


def _index_of(observations: pd.DataFrame) -> dict[tuple[int, str], dict[str, int | None]]:
    index: dict[tuple[int, str], dict[str, int | None]] = {}
    values = observations["value"].astype(object).where(observations["value"].notna(), None)
    for m, i, code, v in zip(
        observations["monitor"].to_numpy(),
        observations["indicator"].to_numpy(),
        observations["municipality_code"].to_numpy(),
        values.to_numpy(),
        strict=True,
    ):
        index.setdefault((int(m), str(i)), {})[str(code)] = None if v is None else int(v)
    return index


# Per municipalities table (by identity) and monitor: (code, name, counts its own capacity)
# of its members, for ``total``.
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
    cells = _cells(observations, monitor, indicator)
    wanted = None if codes is None else set(codes)
    capacity = indicator == CAPACITY
    sum_, seen, unknown = 0, False, []
    for code, name, own_capacity in _members_of(municipalities, monitor):
        if (wanted is not None and code not in wanted) or (capacity and not own_capacity):
            continue
        v = cells.get(code)
        if v is None:
            unknown.append((name, indicator))
        else:
            sum_ += v
            seen = True
    return Total(value=sum_ if seen else None, unknown=tuple(unknown))


def value(
    observations: pd.DataFrame, monitor: int, municipality: str, indicator: str
) -> int | None:
    """One cell; ``None`` when it is empty (unknown) or absent."""
    return _cells(observations, monitor, indicator).get(str(municipality))


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
    municipalities = in_lvv(municipalities, monitor)
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


# --- the named national figures the monitor's narrative talks about ----------------------


@dataclass(frozen=True)
class NationalFigure:
    """A national figure with a stable name, used by the site and the narrative check.

    ``unit`` is ``count`` (value is a Total) or ``percent`` (value is a Ratio, shown × 100).
    ``formula`` says in indicator codes how it is computed.
    """

    name: str
    label: str
    formula: str
    unit: str
    value: Total | Ratio

    @property
    def number(self) -> float | None:
        """The figure as the text would state it: a count, or a percentage (× 100)."""
        v = self.value.value
        if v is None:
            return None
        return v * 100 if self.unit == "percent" else v


def _sum(totals: list[Total]) -> Total:
    unknown = tuple(dict.fromkeys(u for t in totals for u in t.unknown))
    values = [t.value for t in totals]
    if all(v is None for v in values):
        return Total(None, unknown, composite=True)
    # The sum of the known parts; the unknown ones are carried, not counted as zero.
    return Total(sum(v for v in values if v is not None), unknown, composite=True)


def _difference(a: Total, b: Total) -> Total:
    unknown = tuple(dict.fromkeys((*a.unknown, *b.unknown)))
    if a.value is None or b.value is None:
        return Total(None, unknown, composite=True)
    return Total(a.value - b.value, unknown, composite=True)


def national_figures(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    monitors: tuple[int, ...],
) -> dict[str, NationalFigure]:
    """Every named national figure of the last of ``monitors`` (and some of the ones before)."""
    monitor = monitors[-1]
    previous = monitors[-2] if len(monitors) > 1 else None
    earlier = monitors[-3] if len(monitors) > 2 else None

    def t(code: str, m: int = monitor) -> Total:
        return total(observations, municipalities, m, code)

    out: dict[str, NationalFigure] = {}

    def count(name: str, label: str, formula: str, value: Total) -> None:
        out[name] = NationalFigure(name, label, formula, "count", value)

    def pct(name: str, label: str, formula: str, num: Total, den: Total) -> None:
        out[name] = NationalFigure(name, label, formula, "percent", Ratio(num, den))

    outflow = t("12")
    current = t("2.2")
    count("toegelaten", "Toegelaten sinds de start", "2", t("2"))
    count("toegelaten_periode", "Toegelaten deze periode", "2.1", t("2.1"))
    count("uitgestroomd", "Uitgestroomd sinds de start", "12", outflow)
    count("lopend", "Lopende trajecten", "2.2", current)
    count("capaciteit", "Capaciteit", "1 (zonder satellietlocaties)", t("1"))
    pct("bezetting_pct", "Bezetting", "2.2 / 1", current, t("1"))
    pct("perspectief_bepaald_pct", "Perspectief bepaald", "5 / 2.2", t("5"), current)
    perspectives = _sum([t("5.1"), t("5.2"), t("5.3")])
    pct(
        "perspectief_verblijf_pct",
        "Verblijfsperspectief",
        "5.3 / (5.1 + 5.2 + 5.3)",
        t("5.3"),
        perspectives,
    )
    pct(
        "perspectief_vertrek_pct",
        "Vertrekperspectief (terugkeer of doormigratie)",
        "(5.1 + 5.2) / (5.1 + 5.2 + 5.3)",
        _sum([t("5.1"), t("5.2")]),
        perspectives,
    )
    count("perspectief_doormigratie", "Perspectief doormigratie", "5.2", t("5.2"))
    for code, name, label in (
        ("8", "duurzaam", "Duurzaam uitgestroomd"),
        ("9", "semi_duurzaam", "Semi-duurzaam uitgestroomd"),
        ("10", "niet_duurzaam", "Niet-duurzaam uitgestroomd"),
        ("11", "overleden", "Overleden"),
    ):
        count(name, label, code, t(code))
        pct(f"{name}_pct", f"{label} (aandeel van de uitstroom)", f"{code} / 12", t(code), outflow)
    count("terugkeer", "Teruggekeerd", "8.1", t("8.1"))
    count("doormigratie", "Doorgemigreerd", "8.2", t("8.2"))
    count("verblijf", "Verblijfsrecht", "8.3", t("8.3"))
    count("hasa", "Uitgestroomd met een Hasa", "9.1", t("9.1"))
    count("art64", "Uitgestroomd met artikel 64", "9.2", t("9.2"))
    count("ibs", "Uitgestroomd met inbewaringstelling", "9.3", t("9.3"))
    count("semi_duurzaam_overig", "Semi-duurzaam overig", "9.4", t("9.4"))
    count("hasa_ingewilligd", "Hasa ingewilligd", "9.1.2", t("9.1.2"))
    count("art64_vergunning", "Verblijfsvergunning na artikel 64", "9.2.2", t("9.2.2"))
    count("ibs_vertrek", "Vertrokken na inbewaringstelling", "9.3.2", t("9.3.2"))
    lasting = _sum([t("8"), t("9.1.2"), t("9.2.2"), t("9.3.2")])
    count("bestendig", "(In)directe bestendige oplossing", "8 + 9.1.2 + 9.2.2 + 9.3.2", lasting)
    pct(
        "bestendig_pct",
        "(In)directe bestendige oplossing (aandeel van de uitstroom)",
        "(8 + 9.1.2 + 9.2.2 + 9.3.2) / 12",
        lasting,
        outflow,
    )
    hasa = t("9.1")
    count("hasa_ingediend", "Hasa's ingediend", "9.1", hasa)
    for code, name, label in (
        ("9.1.2", "hasa_ingewilligd", "Hasa ingewilligd"),
        ("9.1.3", "hasa_afgewezen_niet_in_rechte_vast", "Hasa afgewezen, niet in rechte vast"),
        ("9.1.4", "hasa_afgewezen_in_rechte_vast", "Hasa afgewezen, in rechte vast"),
        ("9.1.5", "hasa_ingetrokken", "Hasa ingetrokken"),
        ("9.1.1", "hasa_nog_niet_beslist", "Hasa nog niet beslist"),
    ):
        count(name, label, code, t(code))
        pct(f"{name}_pct", f"{label} (aandeel van de ingediende)", f"{code} / 9.1", t(code), hasa)
    decided = _difference(hasa, t("9.1.1"))
    count("hasa_beslist", "Hasa's met een beslissing", "9.1 − 9.1.1", decided)
    pct(
        "hasa_ingewilligd_van_beslist_pct",
        "Hasa ingewilligd (aandeel van de besliste)",
        "9.1.2 / (9.1 − 9.1.1)",
        t("9.1.2"),
        decided,
    )
    if previous is not None:
        prev_current = t("2.2", previous)
        count(
            "lopend_vorige",
            "Lopende trajecten, vorige monitor",
            f"2.2 (monitor {previous})",
            prev_current,
        )
        pct(
            "bezetting_vorige_pct",
            "Bezetting, vorige monitor",
            f"2.2 / 1 (monitor {previous})",
            prev_current,
            t("1", previous),
        )
        pct(
            "perspectief_bepaald_vorige_pct",
            "Perspectief bepaald, vorige monitor",
            f"5 / 2.2 (monitor {previous})",
            t("5", previous),
            prev_current,
        )
        count(
            "hasa_ingediend_periode",
            "Hasa's ingediend deze periode",
            f"9.1 − 9.1 (monitor {previous})",
            _difference(hasa, t("9.1", previous)),
        )
        hasa_prev = t("9.1", previous)
        if earlier is not None:
            count(
                "hasa_ingediend_vorige_periode",
                "Hasa's ingediend in de vorige periode",
                f"9.1 (monitor {previous}) − 9.1 (monitor {earlier})",
                _difference(hasa_prev, t("9.1", earlier)),
            )
        pct(
            "hasa_nog_niet_beslist_vorige_pct",
            "Hasa nog niet beslist, vorige monitor",
            f"9.1.1 / 9.1 (monitor {previous})",
            t("9.1.1", previous),
            hasa_prev,
        )
        pct(
            "hasa_ingewilligd_van_beslist_vorige_pct",
            "Hasa ingewilligd (aandeel van de besliste), vorige monitor",
            f"9.1.2 / (9.1 − 9.1.1) (monitor {previous})",
            t("9.1.2", previous),
            _difference(hasa_prev, t("9.1.1", previous)),
        )
    return out
