"""The comparison pages (``vergelijking/``): one monitor against another, biggest movers first."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from ...dutch import NOT_APPLICABLE, UNKNOWN, signed
from ...models import slug
from ...package import PublishedPackage
from ...sources import cells_of
from .. import figures
from ..formatting import number, signed_percent
from ..tables import Cell, DataTable
from .release import ReleaseInfo, anchor

# How many of the largest rises and falls the movers tables show.
MOVERS = 10


@dataclass(frozen=True)
class CompareRow:
    """One indicator × municipality (or national) in a comparison of monitors a and b."""

    code: str
    name: str
    kind: str
    municipality: str
    a: int | None
    b: int | None
    note_a: str = ""
    note_b: str = ""
    comparable: bool = True
    absent_a: bool = False
    absent_b: bool = False

    @property
    def change(self) -> int | None:
        """b − a; None when a side is unknown or the two sums cover different municipalities,
        or the municipality was not part of the LVV in one of the two monitors."""
        if self.a is None or self.b is None or not self.comparable:
            return None
        return self.b - self.a

    @property
    def pct_change(self) -> Fraction | None:
        """The relative change as an exact fraction (the page rounds it half-up)."""
        change = self.change
        if change is None or not self.a:
            return None
        return Fraction(change, self.a)

    @property
    def pct_applicable(self) -> bool:
        """False for a change from zero, which has no percentage."""
        return self.a != 0


@dataclass(frozen=True)
class LeftOut:
    """A municipality left out of a national comparison: in the LVV in one monitor only."""

    name: str
    why: str


@dataclass(frozen=True)
class PairLink:
    a: int
    b: int
    path: str
    current: bool


@dataclass(frozen=True)
class CompareContext:
    """Context of ``compare.md.j2``: monitor ``a`` against ``b``, biggest movers first.

    ``release``: the release; ``a`` and ``b``: the monitors compared, ``label_a`` and
    ``label_b`` their labels; ``national``: the national rows, summing the municipalities
    (capacity without satellites), rows with an unknown side last; ``pairs``: every
    comparison of two monitors this release carries; ``prefix``: from the page's source to
    the version's root; ``left_out``: municipalities that were part of the LVV in only one of
    the two monitors, which the national rows leave out (like for like); ``rises`` and
    ``falls``: the largest changes per municipality and indicator; ``table``: every
    municipality and indicator, biggest movers first; ``root``: from the built page to the
    version's root.
    """

    release: ReleaseInfo
    a: int
    b: int
    label_a: str
    label_b: str
    national: list[CompareRow]
    pairs: list[PairLink]
    prefix: str
    left_out: list[LeftOut] = field(default_factory=list)
    rises: list[CompareRow] = field(default_factory=list)
    falls: list[CompareRow] = field(default_factory=list)
    table: DataTable | None = None
    root: str = "../"


def pct_text(r: CompareRow) -> str:
    """The change in percent as the pages write it (``_macros.pct`` for the national rows)."""
    if not r.comparable:
        return "niet te vergelijken"
    if r.change is None:
        return UNKNOWN
    if not r.pct_applicable:
        return NOT_APPLICABLE
    return signed_percent(r.pct_change)


def movers(rows: list[CompareRow], n: int = MOVERS) -> tuple[list[CompareRow], list[CompareRow]]:
    """The ``n`` largest rises and the ``n`` largest falls (b − a) among rows of
    municipalities that were in the LVV in both monitors; ties by code, then name."""
    known = [r for r in rows if r.change is not None and not (r.absent_a or r.absent_b)]
    rises = sorted(
        (r for r in known if r.change and r.change > 0),
        key=lambda r: (-(r.change or 0), r.code, r.municipality),
    )
    falls = sorted(
        (r for r in known if r.change and r.change < 0),
        key=lambda r: (r.change or 0, r.code, r.municipality),
    )
    return rises[:n], falls[:n]


def compare_table(rows: list[CompareRow], a: int, b: int) -> DataTable:
    """The comparison per municipality, biggest movers first, as a long table."""

    def absent(r: CompareRow, text: str) -> str:
        return NOT_APPLICABLE if r.absent_a or r.absent_b else text

    cells = [
        [
            Cell(r.municipality, f"gemeenten/{slug(r.municipality)}.md"),
            Cell(r.code, f"indicatoren.md#{anchor(r.code)}"),
            Cell(r.name),
            Cell(NOT_APPLICABLE if r.absent_a else number(r.a)),
            Cell(NOT_APPLICABLE if r.absent_b else number(r.b)),
            Cell(absent(r, signed(r.change))),
            Cell(absent(r, pct_text(r))),
        ]
        for r in rows
    ]
    return DataTable(
        name=f"vergelijking-{a}-{b}",
        headers=[
            "Gemeente",
            "Code",
            "Indicator",
            f"Monitor {a}",
            f"Monitor {b}",
            "Verschil",
            "Verschil (%)",
        ],
        numeric=[False, False, False, True, True, True, True],
        rows=cells,
        filters={"data-lvv-filter-municipality": "0", "data-lvv-filter-indicator": "1 2"},
        sortable=True,
        download=("downloads/totaaloverzicht.csv", "totaaloverzicht.csv"),
    )


def pair_path(a: int, b: int, info: ReleaseInfo) -> str:
    """The page of a comparison: the default (previous against this release) is the index."""
    if (a, b) == (info.previous, info.number):
        return "vergelijking/index.md"
    return f"vergelijking/{a}-{b}.md"


def _movers(rows: list[CompareRow]) -> list[CompareRow]:
    def key(r: CompareRow) -> tuple[int, int, Fraction]:
        change = r.change
        if change is None:
            return (1, 0, Fraction(0))
        return (0, -abs(change), -abs(r.pct_change or Fraction(0)))

    return sorted(rows, key=key)


def compare_context(package: PublishedPackage, info: ReleaseInfo, a: int, b: int) -> CompareContext:
    obs, muns = package.observations, package.municipalities
    inds = package.indicators
    cells = cells_of(obs)
    rows = []
    national = []
    in_a = set(figures.in_lvv(muns, a)["code"])
    in_b = set(figures.in_lvv(muns, b)["code"])
    # Like for like: the national totals of both monitors count the same municipalities.
    common = sorted(in_a & in_b)
    for _, ind in inds.iterrows():
        code = str(ind["code"])
        for mcode, mname in zip(muns["code"], muns["name"], strict=True):
            if (a, mcode, code) in cells or (b, mcode, code) in cells:
                rows.append(
                    CompareRow(
                        code,
                        str(ind["name"]),
                        str(ind["kind"]),
                        str(mname),
                        cells.get((a, mcode, code)),
                        cells.get((b, mcode, code)),
                        absent_a=mcode not in in_a,
                        absent_b=mcode not in in_b,
                    )
                )
        ta = figures.total(obs, muns, a, code, codes=common)
        tb = figures.total(obs, muns, b, code, codes=common)
        national.append(
            CompareRow(
                code,
                str(ind["name"]),
                str(ind["kind"]),
                "Landelijk",
                ta.value,
                tb.value,
                note_a=ta.note,
                note_b=tb.note,
                # Two partial sums compare only when they leave out the same municipalities.
                comparable=ta.municipalities_unknown == tb.municipalities_unknown,
            )
        )
    pairs = [
        PairLink(x, y, pair_path(x, y, info), (x, y) == (a, b))
        for x, y in combinations(info.monitors, 2)
    ]
    rows = _movers(rows)
    rises, falls = movers(rows)
    path = pair_path(a, b, info)
    return CompareContext(
        release=info,
        a=a,
        b=b,
        label_a=info.monitor_labels[a],
        label_b=info.monitor_labels[b],
        national=_movers(national),
        pairs=pairs,
        prefix="../",
        rises=rises,
        falls=falls,
        table=compare_table(rows, a, b),
        # From the built page to the version's root: vergelijking/ or vergelijking/13-14/.
        root="../" if path.endswith("index.md") else "../../",
        left_out=[
            LeftOut(
                str(name),
                f"deel van de LVV sinds monitor {b}"
                if code in in_b
                else f"geen deel meer van de LVV in monitor {b}",
            )
            for code, name in zip(muns["code"], muns["name"], strict=True)
            if (code in in_a) != (code in in_b)
        ],
    )


def comparison_pairs(info: ReleaseInfo) -> list[tuple[int, int]]:
    return list(combinations(info.monitors, 2))
