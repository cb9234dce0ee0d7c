"""What the Totaaloverzicht of a compiled monitor holds, derived from its inputs.

``lvv-publish compile N`` writes it and ``validate`` compares the table with it: the
monitor's own period as the municipalities' input sheets deliver it (an empty cell, a
missing sheet or a sheet that cannot be used stays unknown), the earlier periods as they were
last published, and the overrides of ``monitor.yaml`` on top. Values are written as
delivered: a satellite's capacity stays in its own column, and the national figures count it
under its location (``capacity_included_in``), as the monitor's own table does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..models import MonitorMeta, Registry
from .input_sheets import InputSheet
from .observations import Cells


def compiled_cells(
    meta: MonitorMeta,
    registry: Registry,
    sheets: Sequence[InputSheet],
    published: Mapping[int, Mapping[tuple[int, str, str], int | None]],
    *,
    overrides: bool = True,
) -> Cells:
    """Every figure of the table of ``meta``: per period, municipality in the LVV then, and
    indicator. ``published``: per earlier monitor its most recently published cells.
    ``overrides``: apply those of ``monitor.yaml`` (False: what the sources alone give)."""
    usable = {s.municipality_code: s for s in sheets if s.usable}
    out: Cells = {}
    for period in meta.periods:
        earlier = published.get(period.monitor, {})
        for municipality in registry.municipalities_in(period.monitor):
            sheet = usable.get(municipality.code)
            for indicator in registry.indicators:
                key = (period.monitor, municipality.code, indicator.code)
                if period.monitor != meta.number:
                    out[key] = earlier.get(key)
                    continue
                row = sheet.rows.get(indicator.code) if sheet is not None else None
                out[key] = row.value if row is not None else None
    if overrides:
        for o in meta.overrides:
            out[o.key] = o.value
    return out


Key = tuple[int, str, str]


@dataclass(frozen=True)
class TableState:
    """How a compiled Totaaloverzicht differs from what compiling gives now: ``stale``, the
    figures that still hold what the last compile wrote while the sources say otherwise (run
    compile again), and ``edited``, the figures typed in by hand since."""

    stale: tuple[Key, ...]
    edited: tuple[Key, ...]


def table_state(
    meta: MonitorMeta,
    current: Mapping[Key, int | None],
    expected: Mapping[Key, int | None],
    sources: Mapping[Key, int | None],
    record: Mapping[Key, int | None] | None,
    skip: frozenset[Key] = frozenset(),
) -> TableState:
    """Compare the table (``current``) with ``expected`` (``compiled_cells``), figure by
    figure. What was last written comes from ``record`` (the workbook's record sheet); a
    table without one counts as ``new`` wrote it: its own period empty, the earlier periods
    as published (``sources``: the compiled cells without the overrides). ``skip``: figures
    whose source cannot be read (``unread_keys``), reported as such instead."""
    stale: list[Key] = []
    edited: list[Key] = []
    for key, want in expected.items():
        have = current.get(key)
        if have == want or key in skip:
            continue
        if record is not None:
            written = record.get(key)
        else:
            written = None if key[0] == meta.number else sources.get(key)
        (stale if have == written else edited).append(key)
    return TableState(tuple(stale), tuple(edited))


def unread_keys(
    meta: MonitorMeta, registry: Registry, sheets: Sequence[InputSheet]
) -> frozenset[Key]:
    """The figures of the monitor's own period that no sheet gives because of a problem: a
    municipality whose sheet is missing, of another quarter or unreadable (unless it is
    recorded under geen_levering), and every row of a sheet that could not be read."""
    by_code = {s.municipality_code: s for s in sheets}
    codes = [i.code for i in registry.indicators]
    out: set[Key] = set()
    for municipality in registry.municipalities_in(meta.number):
        sheet = by_code.get(municipality.code)
        if municipality.code in meta.no_delivery:
            continue
        unread = codes if sheet is None or not sheet.usable else sorted(sheet.unread)
        out.update((meta.number, municipality.code, c) for c in unread)
    return frozenset(out)
