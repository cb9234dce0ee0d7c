"""Consistency rules over the tidy observations: one function per rule, each yields Findings.

The rules are declared as data (``lvv_publish/data/rules.yaml`` and the sums in
``indicators.yaml``); this module only knows how to evaluate them. An empty cell is unknown:
a rule that needs it yields ``cannot-check``, it never counts the cell as zero.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from .dutch import names, number, signed
from .errors import RegistryError
from .intervals import INFINITE, Bounds, constraints, part_key, sum_key
from .models import Finding, Identity, MonitorNote, Registry, Rulebook, code_key
from .resources import data_dir as bundled_data_dir
from .sources import cells_of
from .sources.input_sheets import InputSheet, locate

Cells = Mapping[tuple[int, str, str], int | None]


def load_rulebook(data_dir: Path | None = None) -> Rulebook:
    """Read ``rules.yaml`` into a checked ``Rulebook``."""
    path = (data_dir or bundled_data_dir()) / "rules.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Rulebook.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RegistryError(f"{path}: the rule book is not valid:\n{exc}") from exc


# --- expressions -------------------------------------------------------------------------

_TERM = re.compile(r"^(?:prev\((?P<prev>\d+(?:\.\d+)*)\)|(?P<code>\d+(?:\.\d+)*))$")


@dataclass(frozen=True)
class Term:
    sign: int
    code: str
    previous: bool = False


def parse_expression(text: str, registry: Registry) -> tuple[Term, ...]:
    """Parse ``2 - 12`` or ``prev(2) + 2.1`` into terms; codes must be in the registry."""
    tokens = text.split()
    if not tokens:
        raise RegistryError(f"rules.yaml: empty expression {text!r}")
    terms = []
    sign = 1
    expect_term = True
    for tok in tokens:
        if expect_term:
            m = _TERM.match(tok)
            if not m:
                raise RegistryError(f"rules.yaml: {tok!r} in {text!r} is not a code or prev(code)")
            code = m["prev"] or m["code"]
            try:
                registry.indicator(code)
            except KeyError:
                raise RegistryError(f"rules.yaml: unknown indicator {code} in {text!r}") from None
            terms.append(Term(sign, code, previous=m["prev"] is not None))
            expect_term = False
        else:
            if tok not in "+-" or len(tok) != 1:
                raise RegistryError(f"rules.yaml: expected + or - in {text!r}, got {tok!r}")
            sign = 1 if tok == "+" else -1
            expect_term = True
    if expect_term:
        raise RegistryError(f"rules.yaml: {text!r} ends with an operator")
    return tuple(terms)


def show(terms: Iterable[Term], previous: int | None = None) -> str:
    out = []
    for i, t in enumerate(terms):
        name = f"{t.code} (monitor {previous})" if t.previous else t.code
        if i == 0:
            out.append(name if t.sign > 0 else f"\u2212{name}")
        else:
            out.append(("+ " if t.sign > 0 else "\u2212 ") + name)
    return " ".join(out)


@dataclass(frozen=True)
class Evaluated:
    value: int | None
    unknown: tuple[str, ...]
    # Over the intervals of the unknown cells (``intervals.py``): the least and the most the
    # expression can be; equal to ``value`` when nothing is unknown.
    low: float = 0
    high: float = 0
    ranges: tuple[str, ...] = ()  # "9.3: tussen 0 en 344" per unknown cell with a bound

    @property
    def point(self) -> bool:
        return self.low == self.high


def evaluate(
    terms: Iterable[Term],
    cells: Cells,
    monitor: int,
    previous: int | None,
    municipality: str,
    bounds: Bounds | None = None,
    exclude: str | None = None,
) -> Evaluated:
    """The value of a sum of cells; with ``bounds``, also its range over the unknown cells'
    intervals (a bound from the constraint ``exclude`` is not used)."""
    total = 0
    unknown = []
    ranges = []
    low: float = 0
    high: float = 0
    for t in terms:
        m = previous if t.previous else monitor
        if m is None:
            unknown.append(f"{t.code} (geen vorige monitor)")
            low, high = -INFINITE, INFINITE
            continue
        key = (m, municipality, t.code)
        if key not in cells:
            unknown.append(f"{t.code} (monitor {m}, geen rij)")
            low, high = -INFINITE, INFINITE
        elif cells[key] is None:
            name = f"{t.code} (monitor {m})" if t.previous else t.code
            if bounds is None:
                unknown.append(name)
                low, high = -INFINITE, INFINITE
                continue
            iv = bounds.interval(m, municipality, t.code, exclude)
            unknown.append(name)
            ranges.append(f"{name}: {iv.text()}")
            lo, hi = (iv.low, iv.high) if t.sign > 0 else (-iv.high, -iv.low)
            low, high = low + lo, high + hi
        else:
            total += t.sign * int(cells[key] or 0)
            low, high = low + t.sign * int(cells[key] or 0), high + t.sign * int(cells[key] or 0)
    return Evaluated(None if unknown else total, tuple(unknown), low, high, tuple(ranges))


# --- findings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every check needs: the data, the registry, the rules, the carried monitors."""

    registry: Registry
    rulebook: Rulebook
    cells: Cells
    monitors: tuple[int, ...]

    @cached_property
    def bounds(self) -> Bounds:
        """The intervals of the unknown cells (``intervals.py``)."""
        return Bounds(self.cells, constraints(self.registry, self.rulebook))

    def previous(self, monitor: int) -> int | None:
        i = self.monitors.index(monitor)
        return self.monitors[i - 1] if i > 0 else None

    def municipality_name(self, code: str | None) -> str | None:
        return None if code is None else self.registry.municipality(code).name


def make_finding(
    ctx: Context,
    rule: str,
    *,
    monitor: int | None,
    municipality: str | None = None,
    indicators: Iterable[str] = (),
    left_expression: str | None = None,
    left_value: int | float | None = None,
    right_expression: str | None = None,
    right_value: int | float | None = None,
    check: str | None = None,
    source: str | None = None,
    left_shown: str | None = None,
    right_shown: str | None = None,
    **fields: Any,
) -> Finding:
    """Build a Finding whose message is the rule's template filled with its numbers."""
    spec = ctx.rulebook.rule(rule)
    checked = check or rule
    inds = tuple(indicators)
    values = {
        "left_expression": left_expression or "",
        "left_value": left_shown or _show_value(left_value),
        "right_expression": right_expression or "",
        "right_value": right_shown or _show_value(right_value),
        "difference": f" (verschil {signed(int(left_value - right_value))})"
        if isinstance(left_value, int) and isinstance(right_value, int)
        else "",
        "municipality": ctx.municipality_name(municipality) or "",
        "monitor": monitor if monitor is not None else "",
        "rule_title": ctx.rulebook.rule(checked).title,
        "indicator_label": ", ".join(ctx.registry.indicator(i).label for i in inds),
        "hint": "",
        "detail": "",
        "slide": "",
        "unknown": "",
        "what": "",
        "claimed": "",
        "computed": "",
        "code": "",
        "now": "",
        "before": "",
        "interval": "",
    }
    values.update({k: v for k, v in fields.items()})
    return Finding(
        rule=rule,
        check=checked,
        severity=spec.severity,
        monitor=monitor,
        municipality_code=municipality,
        municipality=ctx.municipality_name(municipality),
        indicators=inds,
        left_expression=left_expression,
        left_value=left_value,
        right_expression=right_expression,
        right_value=right_value,
        message=spec.message.format_map(values),
        source=source,
    )


def _unknown_phrase(items: Iterable[str], ranges: Iterable[str] = ()) -> str:
    """``9.3 is onbekend`` / ``9.3 (monitor 15) en 9.3 (monitor 14) zijn onbekend``; with
    the intervals: ``9.3 is onbekend (9.3: tussen 0 en 344)``."""
    items = list(items)
    text = f"{names(items)} {'is' if len(items) == 1 else 'zijn'} onbekend"
    ranges = list(ranges)
    if len(items) == 1 and len(ranges) == 1:
        ranges = [ranges[0].split(": ", 1)[-1]]  # one cell: its name is said already
    return f"{text} ({'; '.join(ranges)})" if ranges else text


def _show_value(value: int | float | None) -> str:
    if value is None:
        return "onbekend"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return number(value)


def _compare(
    ctx: Context,
    rule: str,
    left: tuple[Term, ...],
    right: tuple[Term, ...],
    *,
    relation: str = "eq",
    exclude: str | None = None,
) -> Iterator[Finding]:
    """Evaluate ``left`` against ``right`` for every monitor and municipality.

    Unknown cells count as their intervals (``intervals.py``; ``exclude`` names the
    constraint this rule is, which must not bound its own cells): a rule broken for every
    value in them is broken, one that holds for every value holds, the rest is cannot-check.
    """
    codes = tuple(dict.fromkeys(t.code for t in (*left, *right)))
    uses_previous = any(t.previous for t in (*left, *right))
    for monitor in ctx.monitors:
        previous = ctx.previous(monitor)
        if uses_previous and previous is None:
            continue  # no earlier monitor in this release to compare with
        for mun in ctx.registry.municipalities_in(monitor):
            if uses_previous and previous is not None and not mun.active_in(previous):
                continue  # it joined in this monitor: there is no previous figure to build on
            lv = evaluate(left, ctx.cells, monitor, previous, mun.code, ctx.bounds, exclude)
            rv = evaluate(right, ctx.cells, monitor, previous, mun.code, ctx.bounds, exclude)
            left_text, right_text = show(left, previous), show(right, previous)
            unknown = (*lv.unknown, *rv.unknown)
            if (
                unknown
                and all(u.endswith("geen rij)") for u in unknown)
                and all((monitor, mun.code, c) not in ctx.cells for c in codes)
            ):
                continue  # the monitor has none of these rows: indicator-missing says so
            verdict = _verdict(lv, rv, relation)
            if verdict == "holds":
                continue
            if verdict == "unknown":
                yield make_finding(
                    ctx,
                    "cannot-check",
                    check=rule,
                    monitor=monitor,
                    municipality=mun.code,
                    indicators=codes,
                    left_expression=left_text,
                    left_value=lv.value,
                    right_expression=right_text,
                    right_value=rv.value,
                    unknown=_unknown_phrase(unknown, (*lv.ranges, *rv.ranges)),
                    what=f"{left_text} {'=' if relation == 'eq' else '≤'} {right_text}",
                )
                continue
            yield make_finding(
                ctx,
                rule,
                monitor=monitor,
                municipality=mun.code,
                indicators=codes,
                left_expression=left_text,
                left_value=lv.value,
                right_expression=right_text,
                right_value=rv.value,
                left_shown=_show_range(lv),
                right_shown=_show_range(rv),
                interval=_broken_anyway(unknown, (*lv.ranges, *rv.ranges)),
            )


def _verdict(left: Evaluated, right: Evaluated, relation: str) -> str:
    """``holds``, ``broken`` or ``unknown`` over the ranges of both sides."""
    if relation == "eq":
        if left.point and right.point and left.low == right.low:
            return "holds"
        return "broken" if left.high < right.low or right.high < left.low else "unknown"
    if left.high <= right.low:
        return "holds"
    return "broken" if left.low > right.high else "unknown"


def _show_range(value: Evaluated) -> str | None:
    """``tussen 344 en 688`` for a side with unknown cells; None for a known side."""
    if value.value is not None:
        return None
    if value.point:
        return _show_value(int(value.low))
    if value.high == INFINITE:
        return f"minstens {_show_value(int(value.low))}"
    return f"tussen {_show_value(int(value.low))} en {_show_value(int(value.high))}"


def _broken_anyway(unknown: Iterable[str], ranges: Iterable[str]) -> str:
    """The sentence a finding over intervals adds: which cells, which intervals."""
    unknown = list(unknown)
    if not unknown:
        return ""
    return f" {_unknown_phrase(unknown, ranges)}; bij elke waarde daarbinnen klopt het niet."


# --- the rules ---------------------------------------------------------------------------


def check_sums(ctx: Context) -> Iterator[Finding]:
    """sum-mismatch: each indicator equals the sum of its components (from the registry)."""
    for ind in ctx.registry.indicators:
        parts = ctx.registry.components(ind.code)
        if parts:
            yield from _compare(
                ctx,
                "sum-mismatch",
                (Term(1, ind.code),),
                tuple(Term(1, p) for p in parts),
                exclude=sum_key(ind.code),
            )


def _declared(ctx: Context, rule: str, identities: Iterable[Identity]) -> Iterator[Finding]:
    for ident in identities:
        left = parse_expression(ident.left, ctx.registry)
        yield from _compare(ctx, rule, left, parse_expression(ident.right, ctx.registry))


def check_identities(ctx: Context) -> Iterator[Finding]:
    """identity-mismatch: 2.2 = 2 − 12 and 2.2 = 4 + 5 (declared in rules.yaml)."""
    yield from _declared(ctx, "identity-mismatch", ctx.rulebook.identities)


def check_period_identities(ctx: Context) -> Iterator[Finding]:
    """period-mismatch: 2 = prev(2) + 2.1 and 7 = prev(7) + 7.1 (declared in rules.yaml)."""
    yield from _declared(ctx, "period-mismatch", ctx.rulebook.period_identities)


def check_bounds(ctx: Context) -> Iterator[Finding]:
    """part-exceeds-total: 5 ≥ each of 5.1, 5.2, 5.3 (declared in rules.yaml)."""
    for bound in ctx.rulebook.bounds:
        yield from _compare(
            ctx,
            "part-exceeds-total",
            (Term(1, bound.part),),
            (Term(1, bound.total),),
            relation="le",
            exclude=part_key(bound.part, bound.total),
        )


def check_capacity(ctx: Context) -> Iterator[Finding]:
    """over-capacity: lopende trajecten (2.2) of a location, satellites included, above 1."""
    for monitor in ctx.monitors:
        for loc in ctx.registry.locations:
            if not loc.active_in(monitor):
                continue
            members = [
                m.code for m in ctx.registry.municipalities_in(monitor) if m.location == loc.code
            ]
            names = [ctx.registry.municipality(c).name for c in members]
            left = f"2.2 van {' + '.join(names)}"
            right = f"1 van {loc.name}"
            current = [ctx.cells.get((monitor, c, "2.2")) for c in members]
            capacity = ctx.cells.get((monitor, loc.code, "1"))
            unknown = [f"2.2 ({n})" for n, v in zip(names, current, strict=True) if v is None]
            if capacity is None:
                unknown.append(f"1 ({loc.name})")
            if unknown:
                yield make_finding(
                    ctx,
                    "cannot-check",
                    check="over-capacity",
                    monitor=monitor,
                    municipality=loc.code,
                    indicators=("2.2", "1"),
                    left_expression=left,
                    right_expression=right,
                    unknown=_unknown_phrase(unknown),
                    what=f"{left} ≤ {right}",
                )
                continue
            total = sum(int(v or 0) for v in current)
            if capacity is not None and total > capacity:
                yield make_finding(
                    ctx,
                    "over-capacity",
                    monitor=monitor,
                    municipality=loc.code,
                    indicators=("2.2", "1"),
                    left_expression=left,
                    left_value=total,
                    right_expression=right,
                    right_value=capacity,
                )


def check_cumulative(ctx: Context) -> Iterator[Finding]:
    """cumulative-decrease: a cumulatief indicator never goes down between monitors."""
    for monitor in ctx.monitors:
        previous = ctx.previous(monitor)
        if previous is None:
            continue
        for ind in ctx.registry.indicators:
            if ind.kind != "cumulatief":
                continue
            yield from _compare_one_decrease(ctx, ind.code, monitor, previous)


def _compare_one_decrease(
    ctx: Context, code: str, monitor: int, previous: int
) -> Iterator[Finding]:
    for mun in ctx.registry.municipalities:
        if not (mun.active_in(monitor) and mun.active_in(previous)):
            continue  # joined or left in between: nothing to compare
        now_key, then_key = (monitor, mun.code, code), (previous, mun.code, code)
        if now_key not in ctx.cells and then_key not in ctx.cells:
            continue
        left, right = f"{code} (monitor {monitor})", f"{code} (monitor {previous})"
        # now ≥ then, over the intervals of unknown cells
        now = _cell_range(ctx, now_key, left)
        then = _cell_range(ctx, then_key, right)
        verdict = _verdict(then, now, "le")
        if verdict == "holds":
            continue
        unknown = (*now.unknown, *then.unknown)
        ranges = (*now.ranges, *then.ranges)
        if verdict == "unknown":
            yield make_finding(
                ctx,
                "cannot-check",
                check="cumulative-decrease",
                monitor=monitor,
                municipality=mun.code,
                indicators=(code,),
                left_expression=left,
                left_value=now.value,
                right_expression=right,
                right_value=then.value,
                unknown=_unknown_phrase(unknown, ranges),
                what=f"{left} ≥ {right}",
            )
        else:
            yield make_finding(
                ctx,
                "cumulative-decrease",
                monitor=monitor,
                municipality=mun.code,
                indicators=(code,),
                left_expression=left,
                left_value=now.value,
                right_expression=right,
                right_value=then.value,
                left_shown=_show_range(now),
                right_shown=_show_range(then),
                interval=_broken_anyway(unknown, ranges),
                code=code,
                now=monitor,
                before=previous,
            )


def _cell_range(ctx: Context, key: tuple[int, str, str], name: str) -> Evaluated:
    """One cell as an ``Evaluated``: its value, or its interval when it is empty."""
    monitor, mun, code = key
    value = ctx.cells.get(key)
    if value is not None:
        return Evaluated(value, (), value, value)
    if key not in ctx.cells:
        return Evaluated(None, (f"{name}, geen rij",), -INFINITE, INFINITE)
    iv = ctx.bounds.interval(monitor, mun, code)
    return Evaluated(None, (name,), iv.low, iv.high, (f"{name}: {iv.text()}",))


def check_negative(ctx: Context) -> Iterator[Finding]:
    """negative-value: every figure is a whole number of zero or more."""
    for (monitor, mun, code), value in sorted(ctx.cells.items(), key=_cell_order(ctx)):
        if value is not None and value < 0:
            yield make_finding(
                ctx,
                "negative-value",
                monitor=monitor,
                municipality=mun,
                indicators=(code,),
                left_expression=code,
                left_value=value,
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


def _cell_order(ctx: Context) -> Any:
    order = {m.code: i for i, m in enumerate(ctx.registry.municipalities)}

    def key(item: tuple[tuple[int, str, str], int | None]) -> tuple[Any, ...]:
        (monitor, mun, code), _ = item
        return (monitor, order.get(mun, 99), code_key(code))

    return key


def sort_findings(
    findings: Iterable[Finding], registry: Registry, rulebook: Rulebook
) -> list[Finding]:
    """Stable order: severity, rule (catalogue order), monitor, municipality, indicator."""
    sev = {"error": 0, "warning": 1, "info": 2}
    rules = {r.code: i for i, r in enumerate(rulebook.rules)}
    muns = {m.code: i for i, m in enumerate(registry.municipalities)}

    def key(f: Finding) -> tuple[Any, ...]:
        return (
            sev[f.severity],
            rules.get(f.rule, 99),
            f.monitor if f.monitor is not None else -1,
            muns.get(f.municipality_code or "", -1),
            tuple(code_key(i) for i in f.indicators),
            rules.get(f.check, 99),
            f.id,
        )

    return sorted(findings, key=key)


# --- reconciliation with the input sheets ------------------------------------------------


def check_input_sheets(
    ctx: Context, sheets: Iterable[InputSheet], monitor: int
) -> Iterator[Finding]:
    """Compare each municipality's input sheet with the Totaaloverzicht of ``monitor``.

    Yields source-value-differs, source-empty-one-side and source-row-missing for every
    disagreement, and source-note for stray text in a sheet's label columns.
    """
    for sheet in sheets:
        mun = sheet.municipality_code
        where = locate(sheet)
        if all(row.value is None and row.note is None for row in sheet.rows.values()):
            # Not filled in (yet): one finding instead of a disagreement per cell.
            yield make_finding(
                ctx,
                "source-sheet-empty",
                monitor=monitor,
                municipality=mun,
                source=where,
                detail=where,
            )
            continue
        table = {
            code: ctx.cells[(monitor, mun, code)]
            for code in (i.code for i in ctx.registry.indicators)
            if (monitor, mun, code) in ctx.cells
        }
        for code, table_value in table.items():
            row = sheet.rows.get(code)
            if row is None:
                yield make_finding(
                    ctx,
                    "source-row-missing",
                    monitor=monitor,
                    municipality=mun,
                    indicators=(code,),
                    left_expression=f"{code} in het Totaaloverzicht",
                    left_value=table_value,
                    right_expression=f"{code} in het invoerblad",
                    source=where,
                )
                continue
            if row.value == table_value:
                continue
            rule = (
                "source-empty-one-side"
                if row.value is None or table_value is None
                else "source-value-differs"
            )
            yield make_finding(
                ctx,
                rule,
                monitor=monitor,
                municipality=mun,
                indicators=(code,),
                left_expression=f"{code} in het Totaaloverzicht",
                left_value=table_value,
                right_expression=f"{code} in het invoerblad",
                right_value=row.value,
                source=f"{where}, {row.cell}",
                hint=_shift_hint(ctx, code, table, sheet),
            )
        for stray in sheet.stray:
            ind = ctx.registry.indicator(stray.indicator).label if stray.indicator else "een rij"
            yield make_finding(
                ctx,
                "source-note",
                monitor=monitor,
                municipality=mun,
                indicators=(stray.indicator,) if stray.indicator else (),
                source=f"{where}, {stray.cell}",
                detail=f"Het invoerblad van {ctx.municipality_name(mun)} heeft in {stray.cell} "
                f"de tekst '{stray.text}' naast {ind}.",
            )


def _shift_hint(ctx: Context, code: str, table: dict[str, int | None], sheet: InputSheet) -> str:
    """Say so when a disagreement looks like a row shift between sibling indicators."""
    parent = ctx.registry.indicator(code).parent
    siblings = [i.code for i in ctx.registry.indicators if i.parent == parent and i.code != code]
    hints = []
    here_table = table.get(code)
    here_sheet = sheet.rows[code].value if code in sheet.rows else None
    for sib in siblings:
        sib_sheet = sheet.rows[sib].value if sib in sheet.rows else None
        if here_table and here_table == sib_sheet:
            hints.append(
                f"Het cijfer {here_table} van het Totaaloverzicht staat in het invoerblad bij {sib}"
            )
        if here_sheet and here_sheet == table.get(sib):
            hints.append(
                f"het cijfer {here_sheet} van het invoerblad staat in het Totaaloverzicht bij {sib}"
            )
    if not hints:
        return ""
    text = "; ".join(hints)
    return f" {text[0].upper()}{text[1:]}: mogelijk een verschoven rij."


# --- revisions ---------------------------------------------------------------------------


def revision_key(monitor: int, municipality: str, indicator: str) -> str:
    return f"{monitor}/{municipality}/{indicator}"


def check_revisions(
    ctx: Context,
    release: int,
    published: Mapping[int, Cells],
    notes: Iterable[MonitorNote],
    versions: Mapping[int, str] | None = None,
) -> Iterator[Finding]:
    """revision / revision-unexplained: figures of earlier monitors that changed.

    ``published`` holds, per earlier monitor, the published cells this release is checked
    against, from the package version ``versions`` names (default: the monitor's own
    release). A changed figure needs a note in monitor.yaml whose ``covers`` matches it.
    """
    versions = versions or {}
    notes = tuple(notes)
    order = _cell_order(ctx)
    codes = _codes(ctx)
    for monitor in ctx.monitors:
        if monitor == release or monitor not in published:
            continue
        before = {k: v for k, v in published[monitor].items() if k[0] == monitor}
        now = {k: v for k, v in ctx.cells.items() if k[0] == monitor}
        for key in sorted(set(before) | set(now), key=lambda k: order((k, None))):
            old, new = before.get(key), now.get(key)
            if key in before and key in now and old == new:
                continue
            _, mun, code = key
            rkey = revision_key(*key)
            covering = [n for n in notes if any(fnmatch.fnmatchcase(rkey, c) for c in n.covers)]
            name = ctx.municipality_name(mun) if mun in codes else mun
            left = f"{code} ({name}, monitor {monitor})"
            change = (
                "rij verwijderd"
                if key not in now
                else "rij toegevoegd"
                if key not in before
                else ""
            )
            yield make_finding(
                ctx,
                "revision" if covering else "revision-unexplained",
                monitor=monitor,
                municipality=mun if mun in codes else None,
                indicators=(code,),
                left_expression=left,
                left_value=new,
                right_expression=f"{code} in uitgave {versions.get(monitor, monitor)}",
                right_value=old,
                source=rkey,
                detail=" ".join(n.text for n in covering) + (f" ({change})" if change else ""),
            )


def _codes(ctx: Context) -> set[str]:
    return {m.code for m in ctx.registry.municipalities}


def revised_values(findings: Iterable[Finding]) -> dict[tuple[int, str, str], int | None]:
    """``(monitor, municipality, indicator) -> value published before`` for every revision."""
    out = {}
    for f in findings:
        if f.rule in ("revision", "revision-unexplained") and f.source:
            monitor, mun, code = f.source.split("/")
            out[(int(monitor), mun, code)] = None if f.right_value is None else int(f.right_value)
    return out
