"""The quarter's deliveries: every problem of every input sheet, whether every municipality
delivered, and whether a compiled Totaaloverzicht is what its input sheets give.

Complete before approval: a municipality in the LVV without an input sheet (in a compiled
monitor) or without a single figure in the monitor's own period is an error, unless
``monitor.yaml`` records why under ``geen_levering`` (published as ``no-delivery``). A hand
edit of a compiled table is an error unless it is recorded as an override, which is
published (``override``). Each finding names the file and cell it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePosixPath

from ..models import Finding, MonitorMeta
from ..sources import InputSheet, table_state
from .findings import Cells, Context, make_finding

Record = Mapping[tuple[int, str, str], int | None]


def delivery_findings(
    ctx: Context, meta: MonitorMeta, sheets: Sequence[InputSheet], monitor_file: str
) -> list[Finding]:
    """Every problem of the sheets and every municipality that did not deliver, for the
    monitor whose ``monitor.yaml`` is ``monitor_file`` (as messages name it)."""
    folder = PurePosixPath(monitor_file).parent
    where = {
        m.code: str(folder / meta.input_sheets.get(m.code, f"invoer/{m.slug}.xlsx"))
        for m in ctx.registry.municipalities_in(meta.number)
    }
    return [
        *check_sheet_problems(ctx, sheets, meta.number),
        *check_deliveries(ctx, meta, sheets, where),
    ]


def check_sheet_problems(
    ctx: Context, sheets: Sequence[InputSheet], monitor: int
) -> Iterator[Finding]:
    """input-sheet-invalid for every cell, row or header that could not be read, and
    input-sheet-other-quarter for a sheet of another quarter: all of them, in one run."""
    for sheet in sheets:
        if not sheet.found:
            continue  # check_deliveries: the sheet is missing
        mun = sheet.municipality_code
        if sheet.other_quarter is not None:
            yield make_finding(
                ctx,
                "input-sheet-other-quarter",
                monitor=monitor,
                municipality=mun,
                source=sheet.other_quarter.place,
                detail=str(sheet.other_quarter),
            )
            continue
        for problem in sheet.problems:
            yield make_finding(
                ctx,
                "input-sheet-invalid",
                monitor=monitor,
                municipality=mun,
                indicators=(problem.indicator,) if problem.indicator else (),
                source=problem.place,
                detail=str(problem),
            )


def check_deliveries(
    ctx: Context, meta: MonitorMeta, sheets: Sequence[InputSheet], sheet_file: Mapping[str, str]
) -> Iterator[Finding]:
    """delivery-missing, delivery-empty, no-delivery and no-delivery-has-figures for every
    municipality in the LVV in monitor ``meta``. ``sheet_file``: where each municipality's
    sheet belongs (``input_sheets`` of monitor.yaml, or where ``new`` would put it)."""
    number = meta.number
    by_code = {s.municipality_code: s for s in sheets}
    indicators = [i.code for i in ctx.registry.indicators]
    reasons = meta.no_delivery
    for municipality in ctx.registry.municipalities_in(number):
        code, name = municipality.code, municipality.name
        sheet = by_code.get(code)
        in_table = any(ctx.cells.get((number, code, i)) is not None for i in indicators)
        in_sheet = (
            sheet is not None
            and sheet.usable
            and any(r.value is not None for r in sheet.rows.values())
        )
        if code in reasons:
            yield make_finding(
                ctx, "no-delivery", monitor=number, municipality=code, detail=reasons[code]
            )
            if in_table or in_sheet:
                where = "its input sheet" if in_sheet else "the Totaaloverzicht"
                yield make_finding(
                    ctx,
                    "no-delivery-has-figures",
                    monitor=number,
                    municipality=code,
                    detail=f"monitor.yaml records under geen_levering that {name} delivered "
                    f"nothing for monitor {number}, but {where} has figures of it. Remove "
                    f"{name} from geen_levering, or empty its figures.",
                )
            continue
        undelivered = _undelivered(meta, sheet, in_table, in_sheet, name, sheet_file.get(code))
        if undelivered is not None:
            rule, what = undelivered
            yield make_finding(
                ctx,
                rule,
                monitor=number,
                municipality=code,
                detail=f"{what}{_WHAT_TO_DO[rule].format(name=name)} under geen_levering in "
                f"monitor.yaml why {name} delivered nothing (`lvv-publish docs releasing`).",
            )


# The start of the fix of each rule; both end by naming geen_levering.
_WHAT_TO_DO = {
    "delivery-missing": ". Put the sheet {name} returned in its place, or record",
    "delivery-empty": "; the whole municipality would be published as unknown. Fill in its "
    "figures, or record",
}


def _undelivered(
    meta: MonitorMeta,
    sheet: InputSheet | None,
    in_table: bool,
    in_sheet: bool,
    name: str,
    where: str | None,
) -> tuple[str, str] | None:
    """The rule and the fact when a municipality (not under geen_levering) did not deliver:
    its sheet is missing (or, in a compiled monitor, not named), or it has no figure."""
    number = meta.number
    if sheet is not None and not sheet.found:
        return "delivery-missing", f"{sheet.file}: file not found"
    if meta.compiled and sheet is None:
        return "delivery-missing", (
            f"monitor.yaml names no input sheet of {name} under input_sheets (expected "
            f"{where or 'invoer/'})"
        )
    if meta.compiled:
        if sheet is not None and sheet.usable and not sheet.problems and not in_sheet:
            return "delivery-empty", (
                f"{sheet.file}: the input sheet of {name} has no figure for monitor {number}"
            )
        return None
    if not in_table:
        return "delivery-empty", (
            f"the Totaaloverzicht has no figure of {name} for monitor {number}: its whole "
            "column is empty"
        )
    return None


def check_compiled_table(
    ctx: Context,
    meta: MonitorMeta,
    expected: Cells,
    sources: Cells,
    record: Record | None,
    table_file: str,
    skip: frozenset[tuple[int, str, str]] = frozenset(),
) -> Iterator[Finding]:
    """For a compiled monitor: table-not-compiled (one finding) when the Totaaloverzicht
    still holds what an earlier compile wrote where the sheets now say otherwise,
    table-edited for every figure changed by hand, and override for every recorded override.

    ``expected``: what compile gives now (``sources.compiled_cells``); ``sources``: the same
    without the overrides; ``record``: what the last compile wrote; ``skip``: the figures a
    sheet's problem leaves unread (``sources.unread_keys``), reported as that problem.
    """
    number = meta.number
    state = table_state(meta, ctx.cells, expected, sources, record, skip)
    for key in state.edited:
        place = ctx.places.get(key, table_file)
        yield make_finding(
            ctx,
            "table-edited",
            monitor=key[0],
            municipality=key[1],
            indicators=(key[2],),
            source=place,
            detail=f"{place}: {_shown(ctx.cells.get(key))} was typed into the table; compiled "
            f"it is {_shown(expected[key])}. Record it under overrides in monitor.yaml "
            f"(figure: {key[0]}/{key[1]}/{key[2]}, value, reason, by), or run "
            f"`lvv-publish compile {number} --discard-edits` to put back the compiled figure.",
        )
    if state.stale:
        first = state.stale[0]
        yield make_finding(
            ctx,
            "table-not-compiled",
            monitor=number,
            source=table_file,
            detail=f"{table_file}: {len(state.stale)} figure(s) differ from the input sheets, "
            f"e.g. {ctx.places.get(first, table_file)}: {_shown(ctx.cells.get(first))} in the "
            f"table, {_shown(expected[first])} compiled ({first[1]}, indicator {first[2]}). The "
            f"table is not up to date with the sheets: run `lvv-publish compile {number}`.",
        )
    yield from _overrides(ctx, meta, sources)


def _overrides(ctx: Context, meta: MonitorMeta, sources: Cells) -> Iterator[Finding]:
    for o in meta.overrides:
        monitor, code, indicator = o.key
        origin = "volgens het invoerblad" if monitor == meta.number else "zoals gepubliceerd"
        yield make_finding(
            ctx,
            "override",
            monitor=monitor,
            municipality=code,
            indicators=(indicator,),
            left_expression=f"{indicator} in het Totaaloverzicht",
            left_value=o.value,
            right_expression=origin,
            right_value=sources.get(o.key),
            source=ctx.places.get(o.key),
            detail=f"{o.reason.rstrip('.')} (vastgelegd door {o.by}).",
        )


def _shown(value: int | None) -> str:
    return "empty (unknown)" if value is None else str(value)
