"""The consistency rules over a release's cells: one function per rule, each yields Findings.

The rules are declared as data (``lvv_publish/data/rules.yaml`` and the sums in
``indicators.yaml``) and written in the formulas of ``expressions/``; this module only says
how each is checked. An empty cell is unknown: it counts as its interval
(``intervals.py``), never as zero. A rule false for every value in the intervals is broken,
one true for every value holds, the rest is ``cannot-check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from ..errors import RegistryError
from ..models import Finding, Identity, Registry, Rulebook
from ..sources import cells_of
from .expressions import Node, Place, Range, cell, cells_in, codes, interval, parse, show, total_of
from .findings import (
    Context,
    broken_anyway,
    cell_order,
    make_finding,
    show_range,
    unknown_phrase,
)
from .intervals import part_key, sum_key


def _verdict(left: Range, right: Range, relation: str) -> str:
    """``holds``, ``broken`` or ``unknown`` over the ranges of both sides."""
    if relation == "eq":
        if left.point and right.point and left.low == right.low:
            return "holds"
        return "broken" if left.high < right.low or right.high < left.low else "unknown"
    if left.high <= right.low:
        return "holds"
    return "broken" if left.low > right.high else "unknown"


def _described(
    ctx: Context, value: Range, place: Place, exclude: str | None = None, *, monitors: bool = False
) -> tuple[list[str], list[str]]:
    """The unknown cells of a side by name (``9.3``, ``9.3 (monitor 14)`` for another
    monitor, ``9.3 (monitor 15, geen rij)``) and the intervals of those with a row.
    ``monitors``: name every cell with its monitor (``9 (monitor 15)``)."""
    names, ranges = [], []
    for monitor, mun, code in value.unknown:
        name = code if monitor == place.monitor and not monitors else f"{code} (monitor {monitor})"
        if not ctx.table.has((monitor, mun, code)):
            missing = f"{code} (monitor {monitor}, geen rij)"
            names.append(f"{name}, geen rij" if monitors else missing)
            continue
        names.append(name)
        ranges.append(f"{name}: {ctx.bounds.interval(monitor, mun, code, exclude).text()}")
    return names, ranges


def _compare(
    ctx: Context,
    rule: str,
    left: Node,
    right: Node,
    *,
    relation: str = "eq",
    exclude: str | None = None,
) -> Iterator[Finding]:
    """Evaluate ``left`` against ``right`` for every monitor and municipality (``exclude``
    names the constraint this rule is, which must not bound its own cells)."""
    involved = tuple(dict.fromkeys((*codes(left), *codes(right))))
    uses_previous = any(c.back for c in (*cells_in(left), *cells_in(right)))
    for monitor in ctx.monitors:
        previous = ctx.previous(monitor)
        if uses_previous and previous is None:
            continue  # no earlier monitor in this release to compare with
        for mun in ctx.registry.municipalities_in(monitor):
            if uses_previous and previous is not None and not mun.active_in(previous):
                continue  # it joined in this monitor: there is no previous figure to build on
            place = Place(monitor, ctx.monitors, mun.code)
            lv = interval(left, ctx.table, place, exclude=exclude)
            rv = interval(right, ctx.table, place, exclude=exclude)
            unknown = (*lv.unknown, *rv.unknown)
            if (
                unknown
                and not any(ctx.table.has(k) for k in unknown)
                and all((monitor, mun.code, c) not in ctx.cells for c in involved)
            ):
                continue  # the monitor has none of these rows: indicator-missing says so
            verdict = _verdict(lv, rv, relation)
            if verdict == "holds":
                continue
            left_text, right_text = show(left, place), show(right, place)
            names_l, ranges_l = _described(ctx, lv, place, exclude)
            names_r, ranges_r = _described(ctx, rv, place, exclude)
            sides = dict(
                monitor=monitor,
                municipality=mun.code,
                indicators=involved,
                left_expression=left_text,
                left_value=lv.value,
                right_expression=right_text,
                right_value=rv.value,
            )
            if verdict == "unknown":
                yield make_finding(
                    ctx,
                    "cannot-check",
                    check=rule,
                    unknown=unknown_phrase((*names_l, *names_r), (*ranges_l, *ranges_r)),
                    what=f"{left_text} {'=' if relation == 'eq' else '≤'} {right_text}",
                    **sides,  # type: ignore[arg-type]
                )
                continue
            yield make_finding(
                ctx,
                rule,
                left_shown=show_range(lv),
                right_shown=show_range(rv),
                interval=broken_anyway((*names_l, *names_r), (*ranges_l, *ranges_r)),
                **sides,  # type: ignore[arg-type]
            )


def check_sums(ctx: Context) -> Iterator[Finding]:
    """sum-mismatch: each indicator equals the sum of its components (from the registry)."""
    for ind in ctx.registry.indicators:
        parts = ctx.registry.components(ind.code)
        if parts:
            yield from _compare(
                ctx, "sum-mismatch", cell(ind.code), total_of(parts), exclude=sum_key(ind.code)
            )


def _formula(text: str, registry: Registry) -> Node:
    try:
        return parse(text, registry)
    except ValueError as exc:
        raise RegistryError(f"rules.yaml: {exc}.") from None


def _declared(ctx: Context, rule: str, identities: Iterable[Identity]) -> Iterator[Finding]:
    for ident in identities:
        left = _formula(ident.left, ctx.registry)
        yield from _compare(ctx, rule, left, _formula(ident.right, ctx.registry))


def check_identities(ctx: Context) -> Iterator[Finding]:
    """identity-mismatch: 2.2 = 2 − 12 and 2.2 = 4 + 5 (declared in rules.yaml)."""
    yield from _declared(ctx, "identity-mismatch", ctx.rulebook.identities)


def check_period_identities(ctx: Context) -> Iterator[Finding]:
    """period-mismatch: 2 = 2@prev + 2.1 and 7 = 7@prev + 7.1 (declared in rules.yaml)."""
    yield from _declared(ctx, "period-mismatch", ctx.rulebook.period_identities)


def check_bounds(ctx: Context) -> Iterator[Finding]:
    """part-exceeds-total: 5 ≥ each of 5.1, 5.2, 5.3 (declared in rules.yaml)."""
    for bound in ctx.rulebook.bounds:
        yield from _compare(
            ctx,
            "part-exceeds-total",
            cell(bound.part),
            cell(bound.total),
            relation="le",
            exclude=part_key(bound.part, bound.total),
        )


def check_capacity(ctx: Context) -> Iterator[Finding]:
    """over-capacity: the running trajecten of a location, satellites included, above its
    places (``capacity`` in rules.yaml)."""
    places, running = ctx.rulebook.capacity.indicator, ctx.rulebook.capacity.current
    for monitor in ctx.monitors:
        for loc in ctx.registry.locations:
            if not loc.active_in(monitor):
                continue
            members = [
                m.code for m in ctx.registry.municipalities_in(monitor) if m.location == loc.code
            ]
            names = [ctx.registry.municipality(c).name for c in members]
            left = f"{running} van {' + '.join(names)}"
            right = f"{places} van {loc.name}"
            current = [ctx.cells.get((monitor, c, running)) for c in members]
            capacity = ctx.cells.get((monitor, loc.code, places))
            unknown = [f"{running} ({n})" for n, v in zip(names, current, strict=True) if v is None]
            if capacity is None:
                unknown.append(f"{places} ({loc.name})")
            sides = dict(
                monitor=monitor,
                municipality=loc.code,
                indicators=(running, places),
                left_expression=left,
                right_expression=right,
            )
            if unknown:
                yield make_finding(
                    ctx,
                    "cannot-check",
                    check="over-capacity",
                    unknown=unknown_phrase(unknown),
                    what=f"{left} ≤ {right}",
                    **sides,  # type: ignore[arg-type]
                )
                continue
            total = sum(int(v or 0) for v in current)
            if capacity is not None and total > capacity:
                yield make_finding(
                    ctx,
                    "over-capacity",
                    left_value=total,
                    right_value=capacity,
                    **sides,  # type: ignore[arg-type]
                )


def check_cumulative(ctx: Context) -> Iterator[Finding]:
    """cumulative-decrease: a cumulatief indicator never goes down between monitors."""
    for monitor in ctx.monitors:
        previous = ctx.previous(monitor)
        if previous is None:
            continue
        for ind in ctx.registry.indicators:
            if ind.kind == "cumulatief":
                yield from _compare_one_decrease(ctx, ind.code, monitor, previous)


def _compare_one_decrease(
    ctx: Context, code: str, monitor: int, previous: int
) -> Iterator[Finding]:
    now_node, then_node = cell(code), cell(code, back=1)
    for mun in ctx.registry.municipalities:
        if not (mun.active_in(monitor) and mun.active_in(previous)):
            continue  # joined or left in between: nothing to compare
        if (monitor, mun.code, code) not in ctx.cells and (previous, mun.code, code) not in (
            ctx.cells
        ):
            continue
        place = Place(monitor, ctx.monitors, mun.code)
        now, then = interval(now_node, ctx.table, place), interval(then_node, ctx.table, place)
        verdict = _verdict(then, now, "le")  # now ≥ then, over the intervals of unknown cells
        if verdict == "holds":
            continue
        names_now, ranges_now = _described(ctx, now, place, monitors=True)
        names_then, ranges_then = _described(ctx, then, place, monitors=True)
        unknown, ranges = (*names_now, *names_then), (*ranges_now, *ranges_then)
        left, right = f"{code} (monitor {monitor})", f"{code} (monitor {previous})"
        sides = dict(
            monitor=monitor,
            municipality=mun.code,
            indicators=(code,),
            left_expression=left,
            left_value=now.value,
            right_expression=right,
            right_value=then.value,
        )
        if verdict == "unknown":
            yield make_finding(
                ctx,
                "cannot-check",
                check="cumulative-decrease",
                unknown=unknown_phrase(unknown, ranges),
                what=f"{left} ≥ {right}",
                **sides,  # type: ignore[arg-type]
            )
        else:
            yield make_finding(
                ctx,
                "cumulative-decrease",
                left_shown=show_range(now),
                right_shown=show_range(then),
                interval=broken_anyway(unknown, ranges),
                code=code,
                now=monitor,
                before=previous,
                **sides,  # type: ignore[arg-type]
            )


def check_negative(ctx: Context) -> Iterator[Finding]:
    """negative-value: every figure is a whole number of zero or more."""
    for (monitor, mun, code), value in sorted(ctx.cells.items(), key=cell_order(ctx)):
        if value is not None and value < 0:
            yield make_finding(
                ctx,
                "negative-value",
                monitor=monitor,
                municipality=mun,
                indicators=(code,),
                left_expression=code,
                left_value=value,
                source=ctx.places.get((monitor, mun, code)),
            )


def check_missing_indicators(ctx: Context) -> Iterator[Finding]:
    """indicator-missing: every registry indicator has a row in every monitor."""
    present = {(m, i) for (m, _, i) in ctx.cells}
    for monitor in ctx.monitors:
        for ind in ctx.registry.indicators:
            if (monitor, ind.code) not in present:
                yield make_finding(
                    ctx, "indicator-missing", monitor=monitor, indicators=(ind.code,)
                )


CHECKS = (
    check_negative,
    check_sums,
    check_identities,
    check_period_identities,
    check_bounds,
    check_capacity,
    check_cumulative,
    check_missing_indicators,
)


def run_rules(
    observations: pd.DataFrame, registry: Registry, rulebook: Rulebook, monitors: Iterable[int]
) -> list[Finding]:
    """Every consistency rule over ``observations``; the monitors in the order they follow."""
    ctx = Context(registry, rulebook, cells_of(observations), tuple(monitors))
    out: list[Finding] = []
    for check in CHECKS:
        out.extend(check(ctx))
    return out
