"""The municipalities' input sheets against the Totaaloverzicht: every disagreement a finding.

The Totaaloverzicht is what is published; a municipality's sheet ("Cijfers per Gemeente")
that says otherwise, leaves a cell empty the table fills (or the reverse), lacks a row, or
holds stray text, is reported with the sheet's file and cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import Finding
from ..sources import InputSheet, locate
from .findings import Context, make_finding


def check_input_sheets(
    ctx: Context, sheets: Iterable[InputSheet], monitor: int, *, compiled: bool = False
) -> Iterator[Finding]:
    """Compare each municipality's input sheet with the Totaaloverzicht of ``monitor``.

    Yields source-value-differs, source-empty-one-side and source-row-missing for every
    disagreement, and source-note for stray text in a sheet's label columns. A ``compiled``
    table is derived from the sheets: only the stray text is reported here.
    """
    for sheet in sheets:
        if not sheet.usable:
            continue  # missing, of another quarter, or its header unread: deliveries.py
        mun = sheet.municipality_code
        where = locate(sheet)
        if compiled:
            # The table is derived from the sheet: deliveries.check_compiled_table compares.
            yield from _stray(ctx, sheet, monitor, where)
            continue
        if not sheet.problems and all(
            row.value is None and row.note is None for row in sheet.rows.values()
        ):
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
            if code in sheet.unread:
                continue  # its cell is an input-sheet-invalid finding already
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
        yield from _stray(ctx, sheet, monitor, where)


def _stray(ctx: Context, sheet: InputSheet, monitor: int, where: str) -> Iterator[Finding]:
    """source-note for every stray text in a sheet's label columns."""
    mun = sheet.municipality_code
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
