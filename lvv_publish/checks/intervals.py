"""Unknown cells as intervals: what the declared structure of the monitor allows an empty
cell to be.

An empty cell is unknown, never zero. But it is not unbounded either: it is a count, so at
least 0, and it is part of a parent (``9.3.2`` ≤ ``9.3``, a part is a subset of its parent)
and of the declared sums (``9 = 9.1 + 9.2 + 9.3 + 9.4`` from the registry). Its interval is
``[0, upper]`` with ``upper`` the smallest that these constraints give within the same
monitor and municipality, propagated until nothing changes (Amsterdam's ``9.3`` is at most
``9 − 9.1 − 9.2 − 9.4`` = 0, so its ``9.3.2`` is at most 0 too). No constraint gives an
upper bound: the interval is ``[0, ∞)``.

A rule is never checked with a bound derived from itself (that would be circular: the sum
``9 = 9.1 + … + 9.4`` would always "hold" for the cell it bounds), so ``bounds`` takes the
constraint to leave out.

The lower bound is always 0, on purpose: with lower bounds of 0 every bound only narrows
when another unknown cell becomes known, so a verdict reached over the intervals never
changes when an unknown cell is filled in with any value inside its interval (tested with
hypothesis in tests/checks/test_intervals.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..models import Registry, Rulebook

Cells = Mapping[tuple[int, str, str], int | None]
INFINITE = math.inf


@dataclass(frozen=True)
class Constraint:
    """``total = sum(parts)`` (``exact``) or ``sum(parts) ≤ total``, within one cell group."""

    key: str
    total: str
    parts: tuple[str, ...]
    exact: bool


def sum_key(total: str) -> str:
    return f"sum:{total}"


def part_key(part: str, total: str) -> str:
    return f"part:{part}<={total}"


def constraints(registry: Registry, rulebook: Rulebook | None = None) -> tuple[Constraint, ...]:
    """The registry's sums, every part ≤ its parent, and the rule book's bounds."""
    out: dict[str, Constraint] = {}
    for ind in registry.indicators:
        parts = registry.components(ind.code)
        if parts:
            out[sum_key(ind.code)] = Constraint(sum_key(ind.code), ind.code, tuple(parts), True)
        if ind.parent is not None:
            key = part_key(ind.code, ind.parent)
            out[key] = Constraint(key, ind.parent, (ind.code,), False)
    for bound in rulebook.bounds if rulebook else ():
        key = part_key(bound.part, bound.total)
        out[key] = Constraint(key, bound.total, (bound.part,), False)
    return tuple(out.values())


@dataclass(frozen=True)
class Interval:
    """``[low, high]`` of an unknown cell; ``high`` is ``math.inf`` when nothing bounds it."""

    low: int
    high: float

    @property
    def bounded(self) -> bool:
        return self.high != INFINITE

    def text(self) -> str:
        """``tussen 0 en 260`` / ``0 of meer`` / ``0``."""
        if not self.bounded:
            return f"{self.low} of meer"
        if self.high == self.low:
            return f"{self.low}"
        return f"tussen {self.low} en {int(self.high)}"


def group_bounds(
    values: Mapping[str, int | None], rules: tuple[Constraint, ...], exclude: str | None = None
) -> dict[str, Interval]:
    """The interval of every unknown cell in one (monitor, municipality) group."""
    high: dict[str, float] = {c: (INFINITE if v is None else v) for c, v in values.items()}
    unknown = [c for c, v in values.items() if v is None]
    if not unknown:
        return {}
    active = [r for r in rules if r.key != exclude and r.total in values]

    def low(code: str) -> int:
        v = values.get(code)
        return 0 if v is None else v

    for _ in range(len(values) + 1):  # each pass can only lower a bound; stops when none moves
        changed = False
        for rule in active:
            parts = [p for p in rule.parts if p in values]
            for p in parts:
                if values[p] is not None:
                    continue
                bound = max(0.0, high[rule.total] - sum(low(q) for q in parts if q != p))
                if bound < high[p]:
                    high[p], changed = bound, True
            if rule.exact and values[rule.total] is None and len(parts) == len(rule.parts):
                bound = sum(high[p] for p in parts)
                if bound < high[rule.total]:
                    high[rule.total], changed = bound, True
        if not changed:
            break
    return {c: Interval(0, high[c]) for c in unknown}


@dataclass
class Bounds:
    """Intervals of the unknown cells of a release, computed per group when first asked."""

    cells: Cells
    rules: tuple[Constraint, ...]
    _groups: dict[tuple[int, str], dict[str, int | None]] = field(default_factory=dict)
    _cache: dict[tuple[int, str, str | None], dict[str, Interval]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for (monitor, mun, code), value in self.cells.items():
            self._groups.setdefault((monitor, mun), {})[code] = value

    def interval(
        self, monitor: int, municipality: str, code: str, exclude: str | None = None
    ) -> Interval:
        """The interval of an unknown cell (a cell without a row is unbounded)."""
        key = (monitor, municipality, exclude)
        if key not in self._cache:
            group = self._groups.get((monitor, municipality), {})
            self._cache[key] = group_bounds(group, self.rules, exclude)
        return self._cache[key].get(code, Interval(0, INFINITE))
