"""The figures the monitor's text states, each with the formula that reproduces it.

A claim in ``monitor.yaml`` is data: the figure as the text states it and a formula over the
table (``expressions/``; docs/narrative.md), evaluated nationally in the monitor itself. A
claim agrees when every value the formula can take over the unknown cells' intervals rounds
(half-up, at the text's precision) to the stated figure, disagrees when none does, and cannot
be checked otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from ..dutch import decimal_text, half_up
from ..dutch import names as formatting_names
from ..errors import SourceError, quote
from ..models import Claim, Finding, NarrativeStatement, NarrativeTally, Registry
from .expressions import INFINITE, Node, Place, Range, cells_in, interval, parse, show
from .findings import CellTable, Context, make_finding

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
    if value.low == -INFINITE and value.high == INFINITE:
        return "cannot-check"
    low, high, closed = agreeing(stated, percent)
    inside_high = value.high <= high if closed else value.high < high
    if value.low >= low and inside_high:
        return "agrees"
    above = value.low > high if closed else value.low >= high
    if value.high < low or above:
        return "disagrees"
    return "cannot-check"


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


def parse_claim(text: str, registry: Registry, file: str) -> Node:
    """A claim's formula, parsed; a ``SourceError`` naming ``monitor.yaml`` if it is wrong."""
    try:
        return parse(text, registry)
    except ValueError as exc:
        raise SourceError(
            f"narrative claim formula: {exc}.",
            file=file,
            fix="Write a formula over indicator codes, e.g. '(9.1.4 + 9.1.5) / 9.1', "
            "'2.2@14' or '12[Amsterdam]' (`lvv-publish docs narrative`).",
        ) from None


def check_claims(
    ctx: Context,
    monitor: int,
    statements: tuple[NarrativeStatement, ...],
    file: str,
) -> list[Checked]:
    """Every claim of every statement, evaluated nationally in ``monitor``."""
    place = Place(monitor, ctx.monitors)
    out = []
    for position, st in enumerate(statements, start=1):
        for claim in st.claims:
            node = parse_claim(claim.formula, ctx.registry, file)
            value = _checked_interval(claim.formula, node, ctx, place, file, st.slide)
            found = verdict(claim.stated, value, claim.is_percent)
            item = Checked(st, position, claim, node, value, found)
            if claim.text_formula:
                text_node = parse_claim(claim.text_formula, ctx.registry, file)
                text_value = _checked_interval(
                    claim.text_formula, text_node, ctx, place, file, st.slide
                )
                item = replace(
                    item,
                    text_node=text_node,
                    text_value=text_value,
                    text_verdict=verdict(claim.stated, text_value, claim.is_percent),
                )
            out.append(item)
    return out


def _checked_interval(
    formula: str, node: Node, ctx: Context, place: Place, file: str, slide: str
) -> Range:
    """The formula's range; a formula that divides by zero with every cell known can never
    reproduce a figure, so it is the formula's error, not a finding without content. (With
    unknown cells, a zero at a corner only means it cannot be checked: a finding names them.)"""
    value = interval(node, ctx.table, place)
    if value.low == -INFINITE and value.high == INFINITE and not value.unknown:
        raise SourceError(
            f"narrative claim formula {quote(formula)} (slide {quote(slide, 80)}) divides by "
            f"zero in monitor {place.monitor}: its denominator is 0 there.",
            file=file,
            fix="Check the formula's denominator, or drop the claim "
            "(`lvv-publish docs narrative`).",
        )
    return value


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
    if value.low == -INFINITE:
        return "onbekend"
    if value.exact is not None:
        return show_value(value.exact, percent, places)
    low = show_value(Fraction(value.low), percent, places)
    if value.high == INFINITE:
        return f"minstens {low}"
    return f"tussen {low} en {show_value(Fraction(value.high), percent, places)}"


def _places(claim: Claim) -> int:
    # A computed percentage is shown with one decimal more than a whole-number claim, so
    # 61,5% is visibly not 62%.
    return max(decimals(claim.stated), 1) if claim.is_percent else 0


def _unknown_cells(value: Range, table: CellTable, monitor: int) -> tuple[list[str], list[str]]:
    names, ranges = [], []
    for m, mun, code in value.unknown:
        name = f"{code} van {table.registry.municipality(mun).name}"
        names.append(name + (f" (monitor {m})" if m != monitor else ""))
        text = table.interval((m, mun, code)).text() if table.has((m, mun, code)) else "geen rij"
        ranges.append(f"{names[-1]}: {text}")
    return names, ranges


def narrative_findings(ctx: Context, monitor: int, checked: list[Checked]) -> Iterator[Finding]:
    """narrative-mismatch, its cannot-check, and narrative-inconsistent."""
    for c in checked:
        claim, percent = c.claim, c.claim.is_percent
        stated = _show_stated(claim)
        names, ranges = _unknown_cells(c.value, ctx.table, monitor)
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
