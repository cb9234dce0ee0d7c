"""What every check shares: the context it runs in, the table its formulas read, and how a
finding is made (its message from the rule book's template) and ordered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..dutch import names, number, signed
from ..errors import RegistryError
from ..models import Finding, Registry, Rulebook, code_key
from ..resources import data_dir as bundled_data_dir
from ..resources import yaml_data
from .expressions import INFINITE, Key, Range
from .intervals import Bounds, Cells, Interval, constraints


def load_rulebook(data_dir: Path | None = None) -> Rulebook:
    """Read ``rules.yaml`` into a checked ``Rulebook``; read once per process while the file
    stays the same (a site reads it for every municipality; the model is frozen)."""
    path = (data_dir or bundled_data_dir()) / "rules.yaml"
    try:
        stat = path.stat()
    except OSError as exc:
        raise RegistryError(f"{path}: the rule book is not valid:\n{exc}") from exc
    return _rulebook(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _rulebook(path: Path, mtime_ns: int, size: int) -> Rulebook:
    """``rules.yaml`` read and checked (cached by its path, modification time and size)."""
    try:
        data = yaml_data(path.read_text(encoding="utf-8"))
        return Rulebook.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RegistryError(f"{path}: the rule book is not valid:\n{exc}") from exc


@dataclass
class CellTable:
    """A release's cells as the formulas read them (``expressions.Table``): national totals
    sum the municipalities in the LVV in a monitor, the capacity without satellites."""

    registry: Registry
    cells: Cells
    bounds: Bounds
    capacity: str | None

    def value(self, key: Key) -> int | None:
        return self.cells.get(key)

    def has(self, key: Key) -> bool:
        return key in self.cells

    def members(self, monitor: int, code: str) -> Sequence[str]:
        muns = self.registry.municipalities_in(monitor)
        if code == self.capacity:  # a satellite's places count under its location
            muns = tuple(m for m in muns if m.capacity_included_in is None)
        return [m.code for m in muns]

    def interval(self, key: Key, exclude: str | None = None) -> Interval:
        return self.bounds.interval(*key, exclude)


@dataclass(frozen=True)
class Context:
    """What every check needs: the data, the registry, the rules, the carried monitors."""

    registry: Registry
    rulebook: Rulebook
    cells: Cells
    monitors: tuple[int, ...]
    # Where each figure is in the Totaaloverzicht, for the findings about one figure.
    places: Mapping[tuple[int, str, str], str] = field(default_factory=dict)

    @cached_property
    def bounds(self) -> Bounds:
        """The intervals of the unknown cells (``intervals.py``)."""
        return Bounds(self.cells, constraints(self.registry, self.rulebook))

    @cached_property
    def table(self) -> CellTable:
        return CellTable(self.registry, self.cells, self.bounds, self.rulebook.capacity.indicator)

    def previous(self, monitor: int) -> int | None:
        i = self.monitors.index(monitor)
        return self.monitors[i - 1] if i > 0 else None

    def municipality_name(self, code: str | None) -> str | None:
        return None if code is None else self.registry.municipality(code).name


# Every field a rule's message template may name; those a finding does not set are empty.
_MESSAGE_FIELDS = (
    "hint", "detail", "slide", "unknown", "what", "claimed", "computed", "code", "now",
    "before", "interval",
)  # fmt: skip


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
    values: dict[str, Any] = {
        "left_expression": left_expression or "",
        "left_value": left_shown or show_value(left_value),
        "right_expression": right_expression or "",
        "right_value": right_shown or show_value(right_value),
        "difference": f" (verschil {signed(int(left_value - right_value))})"
        if isinstance(left_value, int) and isinstance(right_value, int)
        else "",
        "municipality": ctx.municipality_name(municipality) or "",
        "monitor": monitor if monitor is not None else "",
        "rule_title": ctx.rulebook.rule(checked).title,
        "indicator_label": ", ".join(ctx.registry.indicator(i).label for i in inds),
        **dict.fromkeys(_MESSAGE_FIELDS, ""),
    }
    values.update(fields)
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


def unknown_phrase(items: Iterable[str], ranges: Iterable[str] = ()) -> str:
    """``9.3 is onbekend`` / ``9.3 (monitor 15) en 9.3 (monitor 14) zijn onbekend``; with
    the intervals: ``9.3 is onbekend (9.3: tussen 0 en 344)``."""
    items = list(items)
    text = f"{names(items)} {'is' if len(items) == 1 else 'zijn'} onbekend"
    ranges = list(ranges)
    if len(items) == 1 and len(ranges) == 1:
        ranges = [ranges[0].split(": ", 1)[-1]]  # one cell: its name is said already
    return f"{text} ({'; '.join(ranges)})" if ranges else text


def show_value(value: int | float | None) -> str:
    if value is None:
        return "onbekend"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return number(value)


def show_range(value: Range) -> str | None:
    """``tussen 344 en 688`` for a side with unknown cells; None for a known side."""
    if value.value is not None:
        return None
    if value.point:
        return show_value(int(value.low))
    if value.high == INFINITE:
        return f"minstens {show_value(int(value.low))}"
    return f"tussen {show_value(int(value.low))} en {show_value(int(value.high))}"


def broken_anyway(unknown: Iterable[str], ranges: Iterable[str]) -> str:
    """The sentence a finding over intervals adds: which cells, which intervals."""
    unknown = list(unknown)
    if not unknown:
        return ""
    return f" {unknown_phrase(unknown, ranges)}; bij elke waarde daarbinnen klopt het niet."


def cell_order(ctx: Context) -> Any:
    """Sort key of a ``(key, value)`` item: monitor, registry order, indicator code."""
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
