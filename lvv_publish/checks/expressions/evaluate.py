"""The two evaluations of a formula over a ``Table`` of cells.

- ``interval``: the least and greatest value over the intervals of the unknown cells
  (``intervals.py``), for the checks. A sum of cells is exact by its coefficients (also when
  a cell is unbounded); a formula with ``*`` or ``/`` takes its least and greatest value at
  the corners of the box of bounded intervals (it is linear or linear-fractional in each
  cell), and is unknown beyond that.
- ``known``: what the site publishes, the sum of the cells that are known with the unknown
  cells named (never counted as zero); a ``/`` at the top makes it a share of two such sums.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from ..intervals import Interval
from .language import Cell, Node, Place, cells_in, linear, show

# Each unknown cell doubles the corners to evaluate; a formula with * or / over more cells
# than this is left unknown.
MAX_UNKNOWN = 12
INFINITE = math.inf

Key = tuple[int, str, str]  # (monitor, municipality code, indicator)


class Table(Protocol):
    """The cells a formula reads."""

    def value(self, key: Key) -> int | None:
        """The cell's value; None when it is empty (unknown) or has no row."""
        ...

    def has(self, key: Key) -> bool:
        """Does the table have a row for the cell (empty or not)?"""
        ...

    def members(self, monitor: int, code: str) -> Sequence[str]:
        """The municipalities (CBS codes) a national total of ``code`` sums in ``monitor``."""
        ...

    def interval(self, key: Key, exclude: str | None = None) -> Interval:
        """What an empty cell can be (``intervals.py``), without the constraint ``exclude``."""
        ...


def keys_of(c: Cell, table: Table, place: Place) -> list[Key]:
    """The cells of the table one cell of a formula stands for (several: a national total)."""
    monitor = place.monitor_of(c)
    if monitor is None:
        return []
    municipality = c.municipality or place.municipality
    if municipality is not None:
        return [(monitor, municipality, c.code)]
    return [(monitor, m, c.code) for m in table.members(monitor, c.code)]


# --- the interval evaluator --------------------------------------------------------------

Bound = Fraction | float  # a float only for ±infinity


@dataclass(frozen=True)
class Range:
    """The least and greatest value of a formula over the unknown cells' intervals.

    ``unknown``: the cells that are empty or have no row (or lie before the first monitor),
    in the order of the formula.
    """

    low: Bound
    high: Bound
    unknown: tuple[Key, ...] = ()

    @property
    def exact(self) -> Fraction | None:
        """The value when the range is one point (a division by zero is no point)."""
        return self.low if isinstance(self.low, Fraction) and self.low == self.high else None

    @property
    def point(self) -> bool:
        return self.low == self.high

    @property
    def value(self) -> int | None:
        """A sum of cells that are all known, as a whole number; else None."""
        return None if self.unknown or self.exact is None else int(self.exact)


UNBOUNDED = (-INFINITE, INFINITE)


def interval(node: Node, table: Table, place: Place, *, exclude: str | None = None) -> Range:
    """The range of ``node`` at ``place`` over the unknown cells' intervals (a bound from the
    constraint ``exclude`` is not used: a rule is not checked with a bound derived from itself)."""
    keys = [k for c in cells_in(node) for k in keys_of(c, table, place)]
    missing = not place.reaches(node)
    unknown = tuple(dict.fromkeys(k for k in keys if table.value(k) is None))
    bounds = {k: _bounds(table, k, exclude) for k in unknown}
    if not linear(node):
        return _corners(node, table, place, unknown, bounds, missing)
    if missing:
        return Range(*UNBOUNDED, unknown)
    constant, coefficients = _coefficients(node, table, place)
    low: Bound = constant
    high: Bound = constant
    for k, coef in coefficients.items():
        lo, hi = bounds[k]
        a, b = coef * lo, coef * hi
        low, high = low + min(a, b), high + max(a, b)
    return Range(low, high, unknown)


def _bounds(table: Table, key: Key, exclude: str | None) -> tuple[Bound, Bound]:
    """An unknown cell's interval; a cell without a row can be anything."""
    if not table.has(key):
        return UNBOUNDED
    iv = table.interval(key, exclude)
    return Fraction(iv.low), (iv.high if iv.high == INFINITE else Fraction(int(iv.high)))


def _coefficients(node: Node, table: Table, place: Place) -> tuple[Fraction, dict[Key, int]]:
    """A sum as ``constant + Σ coefficient × cell`` over its unknown cells."""
    constant = Fraction(0)
    coefficients: dict[Key, int] = {}

    def walk(n: Node, sign: int) -> None:
        nonlocal constant
        if n.cell is not None:
            for k in keys_of(n.cell, table, place):
                v = table.value(k)
                if v is None:
                    coefficients[k] = coefficients.get(k, 0) + sign
                else:
                    constant += sign * v
            return
        assert n.left is not None and n.right is not None
        walk(n.left, sign)
        walk(n.right, sign if n.op == "+" else -sign)

    walk(node, 1)
    return constant, coefficients


def _corners(
    node: Node,
    table: Table,
    place: Place,
    unknown: tuple[Key, ...],
    bounds: Mapping[Key, tuple[Bound, Bound]],
    missing: bool,
) -> Range:
    if missing or len(unknown) > MAX_UNKNOWN or any(h == INFINITE for _, h in bounds.values()):
        return Range(*UNBOUNDED, unknown)
    values = []
    for corner in itertools.product(*[(lo, hi) for lo, hi in bounds.values()]):
        filled = dict(zip(unknown, corner, strict=True))

        def leaf(c: Cell, filled: dict[Key, Bound] = filled) -> Fraction:
            total = Fraction(0)
            for k in keys_of(c, table, place):
                v = table.value(k)
                total += Fraction(filled[k] if v is None else v)  # type: ignore[arg-type]
            return total

        v = _arithmetic(node, leaf)
        if v is None:  # a division by zero at a corner
            return Range(*UNBOUNDED, unknown)
        values.append(v)
    return Range(min(values), max(values), unknown)


def _arithmetic(node: Node, leaf: Callable[[Cell], Fraction]) -> Fraction | None:
    if node.cell is not None:
        return leaf(node.cell)
    assert node.left is not None and node.right is not None
    a, b = _arithmetic(node.left, leaf), _arithmetic(node.right, leaf)
    if a is None or b is None:
        return None
    if node.op == "+":
        return a + b
    if node.op == "-":
        return a - b
    if node.op == "*":
        return a * b
    return None if b == 0 else a / b


# --- what is known: the published figures -------------------------------------------------


@dataclass(frozen=True)
class KnownSum:
    """The sum of the known cells of a formula; ``unknown`` the cells that are empty.

    ``value`` is None when no cell of a total is known, or a side of a difference is
    unknown. ``composite``: built from more than one indicator (not a single total).
    """

    value: int | None
    unknown: tuple[Key, ...] = ()
    composite: bool = False


@dataclass(frozen=True)
class KnownShare:
    """``numerator / denominator``: a formula with ``/`` at the top."""

    numerator: KnownSum
    denominator: KnownSum


def known(node: Node, table: Table, place: Place) -> KnownSum | KnownShare:
    """What the site publishes for ``node``: a ``KnownSum``, or a ``KnownShare`` for a ratio.

    The unknown cells are carried, never counted as zero: a sum of indicators adds the
    known parts, a difference needs both sides.
    """
    if node.op == "/":
        assert node.left is not None and node.right is not None
        return KnownShare(_known_sum(node.left, table, place), _known_sum(node.right, table, place))
    return _known_sum(node, table, place)


def _known_sum(node: Node, table: Table, place: Place) -> KnownSum:
    if node.cell is not None:
        total, seen, empty = 0, False, []
        for k in keys_of(node.cell, table, place):
            v = table.value(k)
            if v is None:
                empty.append(k)
            else:
                total, seen = total + v, True
        return KnownSum(total if seen else None, tuple(empty))
    assert node.left is not None and node.right is not None
    if node.op not in "+-":
        raise ValueError(f"{show(node)}: a published figure is a sum, a difference or a share")
    a, b = _known_sum(node.left, table, place), _known_sum(node.right, table, place)
    unknown = tuple(dict.fromkeys((*a.unknown, *b.unknown)))
    if node.op == "-":
        value = None if a.value is None or b.value is None else a.value - b.value
        return KnownSum(value, unknown, True)
    if a.value is None and b.value is None:
        return KnownSum(None, unknown, True)
    return KnownSum((a.value or 0) + (b.value or 0), unknown, True)
