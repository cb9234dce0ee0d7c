"""The figures the monitor's text states, each with the formula that reproduces it.

A claim in ``monitor.yaml`` is data: the figure as the text states it and a formula over the
table, in a small language parsed here (never ``eval``)::

    formula := term (("+" | "-") term)*
    term    := factor (("*" | "/") factor)*
    factor  := cell | "(" formula ")"
    cell    := CODE ["@" MONITOR] ["[" MUNICIPALITY "]"]

``9.1`` is the national total of indicator 9.1 in the monitor itself (the sum over the
municipalities in the LVV; for capacity ``1`` without satellite locations, whose places
count under their location), ``2.2@14`` the same in monitor 14, ``12[Amsterdam]`` one
municipality's cell (name or CBS code). A percentage claim is a ratio shown × 100.

Unknown cells are intervals (``intervals.py``). A formula built from sums and ratios of
sums takes its least and greatest value over a box of intervals at the box's corners (it
is linear or linear-fractional in each cell), so the corners give the exact range. A claim
agrees when every value in the range rounds (half-up, at the text's precision) to the
stated figure, disagrees when none does, and cannot be checked otherwise.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from .checks import Context, make_finding
from .errors import SourceError
from .formatting import decimal_text, half_up
from .formatting import names as formatting_names
from .intervals import Bounds
from .models import Claim, Finding, NarrativeStatement, NarrativeTally, Registry

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


# --- verdicts ----------------------------------------------------------------------------

Verdict = Literal["agrees", "disagrees", "cannot-check"]


def decimals(stated: int | float) -> int:
    """The precision a text states a number with: 19 → 0, 82.3 → 1."""
    if isinstance(stated, int):
        return 0
    text = repr(stated)
    return len(text.split(".")[1]) if "." in text else 0


def agreeing(stated: int | float, percent: bool) -> tuple[Fraction, Fraction, bool]:
    """The values that the stated figure stands for: ``[low, high)`` (half-up rounding) for
    a percentage (as a fraction, not × 100); exactly the figure for a count."""
    exact = Fraction(str(stated))
    if not percent:
        return exact, exact, True
    half = Fraction(1, 2 * 10 ** decimals(stated))
    return (exact - half) / 100, (exact + half) / 100, False


def verdict(stated: int | float, value: Range, percent: bool) -> Verdict:
    if value.low is None or value.high is None:
        return "cannot-check"
    low, high, closed = agreeing(stated, percent)
    inside_high = value.high <= high if closed else value.high < high
    if value.low >= low and inside_high:
        return "agrees"
    above = value.low > high if closed else value.low >= high
    if value.high < low or above:
        return "disagrees"
    return "cannot-check"


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


# --- the check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """One claim with what the table says about it."""

    statement: NarrativeStatement
    position: int  # the statement's place in monitor.yaml, from 1
    claim: Claim
    node: Node
    value: Range
    verdict: Verdict
    text_node: Node | None = None
    text_value: Range | None = None
    text_verdict: Verdict | None = None

    @property
    def reproducible(self) -> bool:
        """The stated figure follows from the table, by its formula or the text's."""
        return self.verdict == "agrees" or self.text_verdict == "agrees"

    @property
    def key(self) -> str:
        return self.claim.name or re.sub(r"\s+", "", self.claim.formula)


def check_claims(
    registry: Registry,
    cells: Mapping[Key, int | None],
    bounds: Bounds,
    monitor: int,
    statements: tuple[NarrativeStatement, ...],
    file: str,
) -> list[Checked]:
    """Every claim of every statement, evaluated over the table."""
    table = Table(registry, cells, bounds, monitor)
    out = []
    for position, st in enumerate(statements, start=1):
        for claim in st.claims:
            node = parse_or_fail(claim.formula, registry, file)
            value = table.evaluate(node)
            found = verdict(claim.stated, value, claim.is_percent)
            item = Checked(st, position, claim, node, value, found)
            if claim.text_formula:
                text_node = parse_or_fail(claim.text_formula, registry, file)
                text_value = table.evaluate(text_node)
                item = replace(
                    item,
                    text_node=text_node,
                    text_value=text_value,
                    text_verdict=verdict(claim.stated, text_value, claim.is_percent),
                )
            out.append(item)
    return out


def tally(checked: list[Checked]) -> NarrativeTally:
    reproducible = [c for c in checked if c.reproducible]
    return NarrativeTally(
        stated=sum(1 for c in checked if not c.claim.implied),
        implied=sum(1 for c in checked if c.claim.implied),
        reproducible=len(reproducible),
        checked=sum(1 for c in reproducible if c.verdict != "cannot-check"),
        disagree=sum(1 for c in checked if c.verdict == "disagrees"),
        cannot_check=sum(1 for c in checked if c.verdict == "cannot-check"),
    )


def show_value(value: Fraction | None, percent: bool, places: int) -> str:
    """A computed figure as the text would write it (half-up), e.g. ``61,5%`` or ``990``."""
    if value is None:
        return "onbekend"
    if percent:
        return decimal_text(value * 100, places) + "%"
    return decimal_text(value, 0)


def show_range(value: Range, percent: bool, places: int) -> str:
    if value.low is None or value.high is None:
        return "onbekend"
    if value.exact is not None:
        return show_value(value.exact, percent, places)
    low, high = show_value(value.low, percent, places), show_value(value.high, percent, places)
    return f"tussen {low} en {high}"


def _places(claim: Claim) -> int:
    # A computed percentage is shown with one decimal more than a whole-number claim, so
    # 61,5% is visibly not 62%.
    return max(decimals(claim.stated), 1) if claim.is_percent else 0


def _unknown_cells(value: Range, registry: Registry, monitor: int) -> tuple[list[str], list[str]]:
    names, ranges = [], []
    for (m, mun, code), text in value.unknown:
        name = f"{code} van {registry.municipality(mun).name}"
        names.append(name + (f" (monitor {m})" if m != monitor else ""))
        ranges.append(f"{names[-1]}: {text}")
    return names, ranges


def narrative_findings(ctx: Context, monitor: int, checked: list[Checked]) -> Iterator[Finding]:
    """narrative-mismatch, its cannot-check, and narrative-inconsistent."""
    for c in checked:
        claim, percent = c.claim, c.claim.is_percent
        stated = _show_stated(claim)
        names, ranges = _unknown_cells(c.value, ctx.registry, monitor)
        source = f"{c.key}:{c.position}"
        codes = tuple(dict.fromkeys(cell.code for cell in cells_in(c.node)))
        formula = show(c.node)
        if c.verdict == "cannot-check":
            yield make_finding(
                ctx,
                "cannot-check",
                check="narrative-mismatch",
                monitor=monitor,
                indicators=codes,
                left_expression=formula,
                right_expression=f"tekst, slide '{c.statement.slide}'",
                right_value=claim.stated,
                source=source,
                what=f"de tekst (slide '{c.statement.slide}') klopt met {stated} ({formula})",
                unknown=_phrase(names, ranges),
            )
            continue
        if c.verdict == "agrees":
            continue
        places = _places(claim)
        exact_value = c.value.exact
        yield make_finding(
            ctx,
            "narrative-mismatch",
            monitor=monitor,
            indicators=codes,
            left_expression=formula,
            left_value=None if exact_value is None else _number(exact_value, percent, places),
            right_expression=f"tekst, slide '{c.statement.slide}'",
            right_value=claim.stated,
            source=source,
            slide=c.statement.slide,
            claimed=stated,
            computed=show_range(c.value, percent, places),
            interval=f" {_phrase(names, ranges)}; bij elke waarde daarbinnen wijkt de tekst af."
            if names
            else "",
            hint=_text_hint(c, places),
            detail=c.statement.quote,
        )
    yield from _inconsistent(ctx, monitor, checked)


def _number(value: Fraction, percent: bool, places: int) -> int | float:
    if percent:
        return float(half_up(value * 100, places))
    return int(value)


def _phrase(names: list[str], ranges: list[str]) -> str:
    verb = "is" if len(names) == 1 else "zijn"
    if len(ranges) == 1:
        ranges = [ranges[0].split(": ", 1)[-1]]  # one cell: its name is said already
    return f"{formatting_names(names)} {verb} onbekend ({'; '.join(ranges)})"


def _text_hint(c: Checked, places: int) -> str:
    if c.text_node is None or c.text_value is None:
        return ""
    shown = show_range(c.text_value, c.claim.is_percent, places)
    formula = show(c.text_node)
    if c.text_verdict == "agrees":
        return (
            f" Het getal van de tekst volgt wel uit {formula} ({shown}): die berekening heeft "
            "de tekst waarschijnlijk gebruikt."
        )
    return f" Ook {formula} geeft het getal van de tekst niet ({shown})."


def _inconsistent(ctx: Context, monitor: int, checked: list[Checked]) -> Iterator[Finding]:
    by_name: dict[str, list[Checked]] = {}
    for c in checked:
        if c.claim.name:
            by_name.setdefault(c.claim.name, []).append(c)
    for name, items in by_name.items():
        if len({c.claim.stated for c in items}) < 2:
            continue
        first = items[0]
        label = _label(first.node, ctx.registry)
        parts = "; ".join(
            f"slide '{c.statement.slide}' noemt {_show_stated(c.claim)}" for c in items
        )
        yield make_finding(
            ctx,
            "narrative-inconsistent",
            monitor=monitor,
            indicators=tuple(dict.fromkeys(cell.code for cell in cells_in(first.node))),
            left_expression=show(first.node),
            source=name,
            detail=f"{label}: {parts}.",
        )


def _label(node: Node, registry: Registry) -> str:
    """``9. Uitstroom Semi-duurzaam cumulatief`` for a single national cell, else the formula."""
    if node.cell is not None and node.cell.municipality is None and node.cell.monitor is None:
        return registry.indicator(node.cell.code).label
    return show(node)


def _show_stated(claim: Claim) -> str:
    places = decimals(claim.stated)
    value = Fraction(str(claim.stated))
    return decimal_text(value, places) + ("%" if claim.is_percent else "")
