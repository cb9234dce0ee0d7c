"""The expression language: its grammar, the parser and how a formula is shown to people.

::

    formula := term (("+" | "-") term)*
    term    := factor (("*" | "/") factor)*
    factor  := cell | "(" formula ")"
    cell    := CODE ["@" (MONITOR | "prev" | "prev2")] ["[" MUNICIPALITY "]"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ...errors import quote
from ...models import Registry

_CODE = r"[0-9]+(?:\.[0-9]+)*"
_TOKEN = re.compile(
    rf"\s*(?:(?P<cell>{_CODE}(?:@(?:[0-9]+|prev2?)\b)?(?:\[[^\]]+\])?)|(?P<op>[-+*/()]))"
)
_BACK = {"prev": 1, "prev2": 2}
# Bounds of a formula: the parser and the evaluators recurse over it, so a formula of 5000
# nested brackets or 20000 terms would end in a RecursionError. The monitor's formulas have
# a few terms and at most three levels of brackets.
MAX_FORMULA_LENGTH = 2000
MAX_CELLS = 200
MAX_DEPTH = 20


@dataclass(frozen=True)
class Cell:
    """An indicator in a monitor: ``monitor`` absolute (``@14``) or ``back`` monitors before
    the one evaluated (``@prev``: 1); ``municipality`` a CBS code, or None: the place's."""

    code: str
    monitor: int | None = None
    back: int = 0
    municipality: str | None = None


@dataclass(frozen=True)
class Node:
    """A parsed formula: a ``cell``, or ``left op right`` with op one of ``+ - * /``."""

    op: str
    cell: Cell | None = None
    left: Node | None = None
    right: Node | None = None


def cell(code: str, *, back: int = 0) -> Node:
    """The formula of one cell, for formulas the code builds (a registry's sums)."""
    return Node("cell", cell=Cell(code, back=back))


def total_of(codes: Sequence[str]) -> Node:
    """``a + b + …``: the sum of the cells ``codes``."""
    node = cell(codes[0])
    for code in codes[1:]:
        node = Node("+", left=node, right=cell(code))
    return node


def parse(text: str, registry: Registry | None = None) -> Node:
    """Parse a formula; a ``ValueError`` says what is wrong with it. With a ``registry`` its
    codes must be indicators and its municipality names are turned into CBS codes."""
    if len(text) > MAX_FORMULA_LENGTH:
        raise ValueError(
            f"the formula {quote(text)} is longer than {MAX_FORMULA_LENGTH} characters"
        )
    tokens = _tokens(text, registry)
    _check_size(tokens, text)
    pos = 0

    def peek() -> object:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> object:
        nonlocal pos
        pos += 1
        return tokens[pos - 1] if pos <= len(tokens) else None

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
        tok = take()
        if isinstance(tok, Cell):
            return Node("cell", cell=tok)
        if tok == "(":
            node = formula()
            if take() != ")":
                raise ValueError(f"missing ')' in {quote(text)}")
            return node
        raise ValueError(f"expected an indicator code or '(' in {quote(text)}")

    if not tokens:
        raise ValueError(f"empty formula {quote(text)}")
    node = formula()
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos]!r} in {quote(text)}")
    return node


def _check_size(tokens: list[object], text: str) -> None:
    cells = sum(isinstance(t, Cell) for t in tokens)
    if cells > MAX_CELLS:
        raise ValueError(f"the formula {quote(text)} has more than {MAX_CELLS} cells")
    depth = 0
    for tok in tokens:
        depth += 1 if tok == "(" else -1 if tok == ")" else 0
        if depth > MAX_DEPTH:
            raise ValueError(f"the formula {quote(text)} nests brackets more than {MAX_DEPTH} deep")


def _tokens(text: str, registry: Registry | None) -> list[object]:
    out: list[object] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read {quote(text[pos:])} in {quote(text)}")
        pos = m.end()
        if m["op"]:
            out.append(m["op"])
            continue
        raw, municipality = m["cell"], None
        if "[" in raw:
            raw, municipality = raw[:-1].split("[", 1)
        code, _, at = raw.partition("@")
        if registry is not None:
            try:
                registry.indicator(code)
            except KeyError:
                raise ValueError(f"unknown indicator {code} in {quote(text)}") from None
            municipality = _municipality(registry, municipality)
        absolute = re.fullmatch(r"[0-9]+", at) is not None
        out.append(
            Cell(
                code,
                int(at) if absolute else None,
                _BACK.get(at, 0),
                municipality.strip() if municipality else None,
            )
        )
    return out


def _municipality(registry: Registry, name: str | None) -> str | None:
    if name is None:
        return None
    for m in registry.municipalities:
        if name.strip() in (m.code, m.name):
            return m.code
    raise ValueError(f"unknown municipality {name!r}")


def cells_in(node: Node) -> Iterator[Cell]:
    """The cells of a formula, left to right."""
    if node.cell is not None:
        yield node.cell
    for child in (node.left, node.right):
        if child is not None:
            yield from cells_in(child)


def codes(node: Node) -> tuple[str, ...]:
    """The indicator codes of a formula, each once, left to right."""
    return tuple(dict.fromkeys(c.code for c in cells_in(node)))


def linear(node: Node) -> bool:
    """Only sums and differences of cells?"""
    if node.cell is not None:
        return True
    assert node.left is not None and node.right is not None
    return node.op in "+-" and linear(node.left) and linear(node.right)


@dataclass(frozen=True)
class Place:
    """Where a formula is evaluated: ``monitor``, with ``monitors`` the monitors in order
    (for ``@prev``), for ``municipality`` (a CBS code) or nationally (None)."""

    monitor: int
    monitors: tuple[int, ...] = ()
    municipality: str | None = None

    def monitor_of(self, c: Cell) -> int | None:
        """The monitor a cell reads; None when the monitors do not go back that far."""
        if c.monitor is not None:
            return c.monitor
        if not c.back:
            return self.monitor
        i = self.monitors.index(self.monitor) - c.back if self.monitor in self.monitors else -1
        return self.monitors[i] if i >= 0 else None

    def reaches(self, node: Node) -> bool:
        """Does every cell of ``node`` have its monitor here?"""
        return all(self.monitor_of(c) is not None for c in cells_in(node))


def show(node: Node, place: Place | None = None) -> str:
    """The formula as people read it: ``(9.1.4 + 9.1.5) / 9.1``, minus signs as −, another
    monitor as ``2 (monitor 14)``, a municipality as ``12 [GM0363]``."""
    if node.cell is not None:
        c = node.cell
        monitor = c.monitor if c.back == 0 or place is None else place.monitor_of(c)
        text = c.code + (f" (monitor {monitor})" if monitor is not None else "")
        if c.back and place is None:
            text = f"{c.code}@{'prev' if c.back == 1 else 'prev2'}"
        return text + (f" [{c.municipality}]" if c.municipality else "")
    assert node.left is not None and node.right is not None
    left, right = show(node.left, place), show(node.right, place)
    if node.op in "*/":
        left = f"({left})" if node.left.op in "+-" else left
        right = f"({right})" if node.right.op != "cell" else right
    elif node.op == "-" and node.right.op in "+-":
        right = f"({right})"
    return f"{left} {'−' if node.op == '-' else node.op} {right}"
