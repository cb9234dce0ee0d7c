"""Formulas over the table: the small language the claims of the monitor's text use.

::

    formula := term (("+" | "-") term)*
    term    := factor (("*" | "/") factor)*
    factor  := cell | "(" formula ")"
    cell    := CODE ["@" MONITOR] ["[" MUNICIPALITY "]"]

``9.1`` is the national total of indicator 9.1 in the monitor itself (the sum over the
municipalities in the LVV; for capacity ``1`` without satellite locations, whose places
count under their location), ``2.2@14`` the same in monitor 14, ``12[Amsterdam]`` one
municipality's cell (name or CBS code). Parsed here by recursive descent, never ``eval``.

Unknown cells are intervals (``intervals.py``). A formula built from sums and ratios of
sums takes its least and greatest value over a box of intervals at the box's corners (it
is linear or linear-fractional in each cell), so the corners give the exact range.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .errors import SourceError
from .intervals import Bounds
from .models import Registry

# Each unknown cell doubles the corners to evaluate; a formula over more is refused.
MAX_UNKNOWN = 12

_TOKEN = re.compile(r"\s*(?:(?P<cell>\d+(?:\.\d+)*(?:@\d+)?(?:\[[^\]]+\])?)|(?P<op>[-+*/()]))")


@dataclass(frozen=True)
class Cell:
    code: str
    monitor: int | None  # None: the claim's own monitor
    municipality: str | None  # CBS code; None: the national total


@dataclass(frozen=True)
class Node:
    op: str  # "cell", "+", "-", "*", "/"
    cell: Cell | None = None
    left: Node | None = None
    right: Node | None = None


def parse(text: str, registry: Registry) -> Node:
    """Parse a formula; a ``ValueError`` says what is wrong with it."""
    tokens = _tokens(text, registry)
    pos = 0

    def peek() -> object:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> object:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def formula() -> Node:
        node = term()
        while peek() in ("+", "-"):
            op = str(take())
            node = Node(op, left=node, right=term())
        return node

    def term() -> Node:
        node = factor()
        while peek() in ("*", "/"):
            op = str(take())
            node = Node(op, left=node, right=factor())
        return node

    def factor() -> Node:
        tok = take() if pos < len(tokens) else None
        if isinstance(tok, Cell):
            return Node("cell", cell=tok)
        if tok == "(":
            node = formula()
            closing = take() if pos < len(tokens) else None
            if closing != ")":
                raise ValueError(f"missing ')' in {text!r}")
            return node
        raise ValueError(f"expected an indicator code or '(' in {text!r}")

    node = formula()
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos]!r} in {text!r}")
    return node


def _tokens(text: str, registry: Registry) -> list[object]:
    out: list[object] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read {text[pos:]!r} in {text!r}")
        pos = m.end()
        if m["op"]:
            out.append(m["op"])
            continue
        raw = m["cell"]
        mun_name = None
        if "[" in raw:
            raw, mun_name = raw[:-1].split("[", 1)
        code, _, monitor = raw.partition("@")
        try:
            registry.indicator(code)
        except KeyError:
            raise ValueError(f"unknown indicator {code} in {text!r}") from None
        out.append(Cell(code, int(monitor) if monitor else None, _municipality(registry, mun_name)))
    return out


def _municipality(registry: Registry, name: str | None) -> str | None:
    if name is None:
        return None
    for m in registry.municipalities:
        if name.strip() in (m.code, m.name):
            return m.code
    raise ValueError(f"unknown municipality {name!r}")


def show(node: Node) -> str:
    """The formula as people read it: ``(9.1.4 + 9.1.5) / 9.1``, minus signs as −."""
    if node.op == "cell":
        assert node.cell is not None
        c = node.cell
        text = c.code + (f" (monitor {c.monitor})" if c.monitor is not None else "")
        return text + (f" [{c.municipality}]" if c.municipality else "")
    assert node.left is not None and node.right is not None
    left, right = show(node.left), show(node.right)
    if node.op in "*/":
        left = f"({left})" if node.left.op in "+-" else left
        right = f"({right})" if node.right.op != "cell" else right
    elif node.op == "-" and node.right.op in "+-":
        right = f"({right})"
    return f"{left} {'−' if node.op == '-' else node.op} {right}"


def cells_in(node: Node) -> Iterator[Cell]:
    if node.cell is not None:
        yield node.cell
    for child in (node.left, node.right):
        if child is not None:
            yield from cells_in(child)


# --- evaluation over intervals -----------------------------------------------------------

Key = tuple[int, str, str]  # (monitor, municipality code, indicator)


@dataclass(frozen=True)
class Range:
    """The least and greatest value of a formula over the unknown cells' intervals.

    ``None`` bounds: a division by a range that contains 0, or an unbounded cell.
    ``unknown``: the cells that are empty, with their intervals.
    """

    low: Fraction | None
    high: Fraction | None
    unknown: tuple[tuple[Key, str], ...]

    @property
    def exact(self) -> Fraction | None:
        return self.low if self.low is not None and self.low == self.high else None


class Table:
    """Cells of a release, the municipalities per monitor and the unknown cells' bounds."""

    def __init__(
        self,
        registry: Registry,
        cells: Mapping[Key, int | None],
        bounds: Bounds,
        monitor: int,
    ) -> None:
        self.registry = registry
        self.cells = cells
        self.bounds = bounds
        self.monitor = monitor

    def members(self, cell: Cell) -> list[Key]:
        monitor = self.monitor if cell.monitor is None else cell.monitor
        if cell.municipality is not None:
            return [(monitor, cell.municipality, cell.code)]
        muns = self.registry.municipalities_in(monitor)
        if cell.code == "1":  # a satellite's places count under its location
            muns = tuple(m for m in muns if m.capacity_included_in is None)
        return [(monitor, m.code, cell.code) for m in muns]

    def evaluate(self, node: Node) -> Range:
        keys = [k for c in cells_in(node) for k in self.members(c)]
        unknown = list(dict.fromkeys(k for k in keys if self.cells.get(k) is None))
        intervals = {k: self.bounds.interval(*k) for k in unknown}
        described = tuple(
            (k, "geen rij" if k not in self.cells else intervals[k].text()) for k in unknown
        )
        if len(unknown) > MAX_UNKNOWN or any(not iv.bounded for iv in intervals.values()):
            return Range(None, None, described)
        values: list[Fraction] = []
        for corner in itertools.product(*[(iv.low, int(iv.high)) for iv in intervals.values()]):
            filled = dict(zip(unknown, corner, strict=True))
            v = self._value(node, filled)
            if v is None:
                return Range(None, None, described)
            values.append(v)
        return Range(min(values), max(values), described)

    def _value(self, node: Node, filled: Mapping[Key, int]) -> Fraction | None:
        if node.cell is not None:
            total = Fraction(0)
            for k in self.members(node.cell):
                v = self.cells.get(k)
                total += filled[k] if v is None else v
            return total
        assert node.left is not None and node.right is not None
        a, b = self._value(node.left, filled), self._value(node.right, filled)
        if a is None or b is None:
            return None
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        return None if b == 0 else a / b


def parse_or_fail(text: str, registry: Registry, file: str) -> Node:
    try:
        return parse(text, registry)
    except ValueError as exc:
        raise SourceError(
            f"narrative claim formula: {exc}.",
            file=file,
            fix="Write a formula over indicator codes, e.g. '(9.1.4 + 9.1.5) / 9.1', "
            "'2.2@14' or '12[Amsterdam]' (docs/narrative.md).",
        ) from None
