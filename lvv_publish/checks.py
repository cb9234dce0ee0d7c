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
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from .errors import RegistryError
from .figures import NationalFigure
from .formatting import names, number, signed
from .models import Finding, Identity, MonitorNote, NarrativeStatement, Registry, Rulebook, code_key
from .resources import data_dir as bundled_data_dir
from .sources.input_sheets import InputSheet, locate
from .tidy import cells_of

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


def evaluate(
    terms: Iterable[Term], cells: Cells, monitor: int, previous: int | None, municipality: str
) -> Evaluated:
    total = 0
    unknown = []
    for t in terms:
        m = previous if t.previous else monitor
        if m is None:
            unknown.append(f"{t.code} (geen vorige monitor)")
            continue
        key = (m, municipality, t.code)
        if key not in cells:
            unknown.append(f"{t.code} (monitor {m}, geen rij)")
        elif cells[key] is None:
            unknown.append(f"{t.code} (monitor {m})" if t.previous else t.code)
        else:
            total += t.sign * int(cells[key] or 0)
    return Evaluated(None if unknown else total, tuple(unknown))


# --- findings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every check needs: the data, the registry, the rules, the carried monitors."""

    registry: Registry
    rulebook: Rulebook
    cells: Cells
    monitors: tuple[int, ...]

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
    **fields: Any,
) -> Finding:
    """Build a Finding whose message is the rule's template filled with its numbers."""
    spec = ctx.rulebook.rule(rule)
    checked = check or rule
    inds = tuple(indicators)
    values = {
        "left_expression": left_expression or "",
        "left_value": _show_value(left_value),
        "right_expression": right_expression or "",
        "right_value": _show_value(right_value),
        "difference": signed(int(left_value - right_value))
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


def _unknown_phrase(items: Iterable[str]) -> str:
    """``9.3 is onbekend`` / ``9.3 (monitor 15) en 9.3 (monitor 14) zijn onbekend``."""
    items = list(items)
    return f"{names(items)} {'is' if len(items) == 1 else 'zijn'} onbekend"


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
) -> Iterator[Finding]:
    """Evaluate ``left`` against ``right`` for every monitor and municipality."""
    codes = tuple(dict.fromkeys(t.code for t in (*left, *right)))
    uses_previous = any(t.previous for t in (*left, *right))
    for monitor in ctx.monitors:
        previous = ctx.previous(monitor)
        if uses_previous and previous is None:
            continue  # no earlier monitor in this release to compare with
        for mun in ctx.registry.municipalities_in(monitor):
            if uses_previous and previous is not None and not mun.active_in(previous):
                continue  # it joined in this monitor: there is no previous figure to build on
            lv = evaluate(left, ctx.cells, monitor, previous, mun.code)
            rv = evaluate(right, ctx.cells, monitor, previous, mun.code)
            left_text, right_text = show(left, previous), show(right, previous)
            if lv.value is None or rv.value is None:
                if all(u.endswith("geen rij)") for u in (*lv.unknown, *rv.unknown)) and all(
                    (monitor, mun.code, c) not in ctx.cells for c in codes
                ):
                    continue  # the monitor has none of these rows: indicator-missing says so
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
                    unknown=_unknown_phrase((*lv.unknown, *rv.unknown)),
                    what=f"{left_text} {'=' if relation == 'eq' else '≤'} {right_text}",
                )
                continue
            broken = lv.value != rv.value if relation == "eq" else lv.value > rv.value
            if broken:
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
                )


# --- the rules ---------------------------------------------------------------------------


def check_sums(ctx: Context) -> Iterator[Finding]:
    """sum-mismatch: each indicator equals the sum of its components (from the registry)."""
    for ind in ctx.registry.indicators:
        parts = ctx.registry.components(ind.code)
        if parts:
            yield from _compare(
                ctx, "sum-mismatch", (Term(1, ind.code),), tuple(Term(1, p) for p in parts)
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
        now, then = ctx.cells.get(now_key), ctx.cells.get(then_key)
        left, right = f"{code} (monitor {monitor})", f"{code} (monitor {previous})"
        if now is None or then is None:
            unknown = [e for e, v in ((left, now), (right, then)) if v is None]
            yield make_finding(
                ctx,
                "cannot-check",
                check="cumulative-decrease",
                monitor=monitor,
                municipality=mun.code,
                indicators=(code,),
                left_expression=left,
                left_value=now,
                right_expression=right,
                right_value=then,
                unknown=_unknown_phrase(unknown),
                what=f"{left} ≥ {right}",
            )
        elif now < then:
            yield make_finding(
                ctx,
                "cumulative-decrease",
                monitor=monitor,
                municipality=mun.code,
                indicators=(code,),
                left_expression=left,
                left_value=now,
                right_expression=right,
                right_value=then,
                code=code,
                now=monitor,
                before=previous,
            )


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


# --- the monitor's narrative -------------------------------------------------------------


def claim_decimals(value: int | float) -> int:
    """The precision a text states a number with: 19 → 0, 82.3 → 1."""
    if isinstance(value, int):
        return 0
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def claim_agrees(claimed: int | float, computed: float | None, *, percent: bool) -> bool:
    """A count must be equal; a percentage must round to what the text says."""
    if computed is None:
        return False
    if not percent:
        return float(claimed) == computed
    step = 10 ** -claim_decimals(claimed)
    return abs(computed - claimed) <= step / 2 + 1e-9


def check_narrative(
    ctx: Context,
    monitor: int,
    statements: Iterable[NarrativeStatement],
    national: Mapping[str, NationalFigure],
) -> Iterator[Finding]:
    """narrative-mismatch and narrative-inconsistent: the text against the table."""
    statements = tuple(statements)
    said: dict[str, list[tuple[int | float, NarrativeStatement]]] = {}
    for position, st in enumerate(statements, start=1):
        for name, claimed in st.claims.items():
            said.setdefault(name, []).append((claimed, st))
            fig = national[name]
            computed = fig.number
            if fig.value.partial:
                # The national figure has unknown cells: the text cannot be checked against it.
                yield make_finding(
                    ctx,
                    "cannot-check",
                    check="narrative-mismatch",
                    monitor=monitor,
                    indicators=_codes_in(fig.formula),
                    left_expression=f"{fig.label}: {fig.formula}",
                    right_expression=f"tekst, slide '{st.slide}'",
                    right_value=claimed,
                    source=f"{name}:{position}",
                    what=f"de tekst (slide '{st.slide}') klopt met "
                    f"{_show_claim(claimed, fig.unit)} voor {fig.label.lower()}",
                    unknown=_unknown_phrase(f"{c} van {m}" for m, c in fig.value.unknown),
                )
                continue
            if claim_agrees(claimed, computed, percent=fig.unit == "percent"):
                continue
            shown = (
                None
                if computed is None
                else round(computed, max(claim_decimals(claimed), 1))
                if fig.unit == "percent"
                else int(computed)
            )
            yield make_finding(
                ctx,
                "narrative-mismatch",
                monitor=monitor,
                indicators=_codes_in(fig.formula),
                left_expression=f"{fig.label}: {fig.formula}",
                left_value=shown,
                right_expression=f"tekst, slide '{st.slide}'",
                right_value=claimed,
                source=f"{name}:{position}",
                slide=st.slide,
                claimed=_show_claim(claimed, fig.unit),
                computed=_show_claim(shown, fig.unit),
                detail=st.quote,
            )
    for name, items in said.items():
        values = sorted({v for v, _ in items})
        if len(values) > 1:
            fig = national[name]
            parts = "; ".join(f"slide '{st.slide}' noemt {_show_value(v)}" for v, st in items)
            yield make_finding(
                ctx,
                "narrative-inconsistent",
                monitor=monitor,
                indicators=_codes_in(fig.formula),
                left_expression=fig.label,
                source=name,
                detail=f"{fig.label}: {parts}.",
            )


def _show_claim(value: int | float | None, unit: str) -> str:
    if value is None:
        return "onbekend"
    if unit == "percent":
        decimals = max(claim_decimals(value), 1) if isinstance(value, float) else 0
        return f"{value:.{decimals}f}".replace(".", ",") + "%"
    return number(int(value))


def _codes_in(formula: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(re.findall(r"(?<![\d.])\d+(?:\.\d+)*(?![\d.])", formula.split("(monitor")[0]))
    )
