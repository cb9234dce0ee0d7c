"""Contexts of the comparison pages (``vergelijking``) and the changelog (``wijzigingen``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd

from . import figures
from .package import PublishedPackage
from .pages import FindingView, ReleaseInfo, finding_views


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

    @property
    def change(self) -> int | None:
        """b − a; None when a side is unknown or the two sums cover different municipalities."""
        if self.a is None or self.b is None or not self.comparable:
            return None
        return self.b - self.a

    @property
    def pct_change(self) -> float | None:
        change = self.change
        if change is None or not self.a:
            return None
        return change / self.a

    @property
    def pct_applicable(self) -> bool:
        """False for a change from zero, which has no percentage."""
        return self.a != 0


@dataclass(frozen=True)
class PairLink:
    a: int
    b: int
    path: str
    current: bool


@dataclass(frozen=True)
class CompareContext:
    """Context of ``compare.md.j2``: monitor ``a`` against ``b``, biggest movers first.

    ``national`` sums the municipalities (capacity without satellites); ``rows`` are per
    municipality. Rows with an unknown side come last. ``pairs`` links every comparison
    of two monitors this release carries.
    """

    release: ReleaseInfo
    a: int
    b: int
    label_a: str
    label_b: str
    national: list[CompareRow]
    rows: list[CompareRow]
    pairs: list[PairLink]
    prefix: str


def pair_path(a: int, b: int, info: ReleaseInfo) -> str:
    """The page of a comparison: the default (previous against this release) is the index."""
    if (a, b) == (info.previous, info.number):
        return "vergelijking/index.md"
    return f"vergelijking/{a}-{b}.md"


def _movers(rows: list[CompareRow]) -> list[CompareRow]:
    def key(r: CompareRow) -> tuple[int, int, float]:
        change = r.change
        if change is None:
            return (1, 0, 0.0)
        return (0, -abs(change), -abs(r.pct_change or 0.0))

    return sorted(rows, key=key)


def compare_context(package: PublishedPackage, info: ReleaseInfo, a: int, b: int) -> CompareContext:
    obs, muns = package.observations, package.municipalities
    inds = package.indicators
    cells = {
        (int(m), str(c), str(i)): (None if pd.isna(v) else int(v))
        for m, c, i, v in zip(
            obs["monitor"], obs["municipality_code"], obs["indicator"], obs["value"], strict=True
        )
    }
    rows = []
    national = []
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
                    )
                )
        ta = figures.total(obs, muns, a, code)
        tb = figures.total(obs, muns, b, code)
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
    return CompareContext(
        release=info,
        a=a,
        b=b,
        label_a=info.monitor_labels[a],
        label_b=info.monitor_labels[b],
        national=_movers(national),
        rows=_movers(rows),
        pairs=pairs,
        prefix="../",
    )


def comparison_pairs(info: ReleaseInfo) -> list[tuple[int, int]]:
    return list(combinations(info.monitors, 2))


# --- changelog ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    what: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class CapacityChange:
    municipality: str
    monitor_before: int
    monitor_after: int
    before: int | None
    after: int | None


@dataclass(frozen=True)
class ChangelogContext:
    """Context of ``changelog.md.j2``.

    ``changes``: the editor's "Wijziging t.o.v. de vorige monitor"; ``notes``: the editor's
    notes on figures; the rest is detected by code: indicator changes against the previous
    release's package (``previous_release`` None when there is none), revised figures of
    earlier monitors, and capacity changes between the monitors this release carries.
    """

    release: ReleaseInfo
    changes: list[str]
    notes: list[str]
    previous_release: int | None
    indicator_changes: list[IndicatorChange] = field(default_factory=list)
    revisions: list[FindingView] = field(default_factory=list)
    capacity_changes: list[CapacityChange] = field(default_factory=list)


def changelog_context(
    package: PublishedPackage,
    info: ReleaseInfo,
    notes: list[str],
    previous: PublishedPackage | None,
) -> ChangelogContext:
    changes: list[IndicatorChange] = []
    if previous is not None:
        now = package.indicators.set_index("code")
        before = previous.indicators.set_index("code")
        for code in before.index:
            if code not in now.index:
                changes.append(
                    IndicatorChange(code, "verwijderd", str(before.loc[code, "name"]), None)
                )
        for code in now.index:
            if code not in before.index:
                changes.append(
                    IndicatorChange(code, "toegevoegd", None, str(now.loc[code, "name"]))
                )
                continue
            for column, what in (
                ("name", "naam gewijzigd"),
                ("kind", "soort gewijzigd"),
                ("definition", "definitie gewijzigd"),
            ):
                old, new = before.loc[code, column], now.loc[code, column]
                if (pd.isna(old) and pd.isna(new)) or (not pd.isna(old) and old == new):
                    continue
                changes.append(
                    IndicatorChange(
                        code,
                        what,
                        None if pd.isna(old) else str(old),
                        None if pd.isna(new) else str(new),
                    )
                )
    obs = package.observations
    capacity = []
    for mcode, mname in zip(
        package.municipalities["code"], package.municipalities["name"], strict=True
    ):
        for x, y in zip(info.monitors, info.monitors[1:], strict=False):
            vx = figures.value(obs, x, str(mcode), "1")
            vy = figures.value(obs, y, str(mcode), "1")
            if vx != vy:
                capacity.append(CapacityChange(str(mname), x, y, vx, vy))
    revisions = [
        f for f in finding_views(package) if f.rule in ("revision", "revision-unexplained")
    ]
    return ChangelogContext(
        release=info,
        changes=list(info.changes),
        notes=notes,
        previous_release=previous.number if previous is not None else None,
        indicator_changes=changes,
        revisions=revisions,
        capacity_changes=capacity,
    )
