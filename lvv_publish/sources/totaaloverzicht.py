"""Reader for the wide "LVV Monitor Totaaloverzicht" table, in CSV or XLSX.

The table keeps the slide's shape: a first header row with the municipality names (each
over its monitor columns), a second header row with the period labels (``13 - nov 23``), then
one row per indicator. Output is the tidy observations table (see ``observations.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import SourceError, quote
from ..models import MonitorMeta, Municipality, Registry
from .cells import read_cells
from .grid import Grid, read_grid
from .limits import MAX_CELLS
from .observations import enforce_schema
from .registry import LabelMatcher
from .workbook import open_workbook

SHEET_NAME = "Totaaloverzicht"
# The very hidden sheet where `lvv-publish compile` records what it wrote into each cell, so
# that a later compile and `validate` can tell a hand edit from a sheet that changed.
RECORD_SHEET = "lvv-publish compile"
_PERIOD = re.compile(r"^\s*([0-9]+)\b")

# (monitor, municipality code, indicator) -> where the figure is: "file, sheet 'S', cell D5".
Places = dict[tuple[int, str, str], str]


@dataclass(frozen=True)
class Table:
    """A Totaaloverzicht as read: its observations, and where each figure is in the file."""

    observations: pd.DataFrame
    places: Places


def read_totaaloverzicht(
    path: Path,
    monitor: MonitorMeta,
    registry: Registry,
    *,
    display: str | None = None,
) -> pd.DataFrame:
    """Read the Totaaloverzicht of ``monitor`` and return its observations."""
    return read_table(path, monitor, registry, display=display).observations


def read_table(
    path: Path, monitor: MonitorMeta, registry: Registry, *, display: str | None = None
) -> Table:
    """Read the Totaaloverzicht of ``monitor``: its observations and each figure's place."""
    grid = read_grid(path, sheet=SHEET_NAME, display=display)
    return parse_table(grid, monitor, registry)


def read_compile_record(
    path: Path, display: str | None = None
) -> dict[tuple[int, str, str], int | None] | None:
    """What the last ``lvv-publish compile`` wrote into each figure of the workbook (its
    very hidden record sheet, read deliberately: the tool's own record, never figures);
    None for a table that was never compiled (or a CSV file)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return None
    name = display or str(path)
    with open_workbook(path, name) as book:
        if RECORD_SHEET not in book.sheetnames:
            return None
        # One row per figure of the table, in two columns: as long as a table is large.
        rows = read_cells(
            book[RECORD_SHEET], name, rows=MAX_CELLS + 1, columns=2, cells=2 * MAX_CELLS + 2
        ).rows
    record: dict[tuple[int, str, str], int | None] = {}
    for r, row in enumerate(rows[1:], start=2):
        figure, value = (row + (None, None))[:2]
        if figure is None and value is None:
            continue
        match = re.fullmatch(r"([0-9]+)/(GM[0-9]{4})/([0-9]+(?:\.[0-9]+)*)", str(figure))
        if match is None or not (value is None or isinstance(value, int)):
            raise SourceError(
                f"the record sheet '{RECORD_SHEET}' of compile was changed (row {r}: "
                f"{quote(figure, 60)}, {quote(value, 60)}).",
                file=name,
                fix="Run `lvv-publish compile` with --discard-edits to write the table anew.",
            )
        record[(int(match[1]), match[2], match[3])] = value
    return record


def _row(
    grid: Grid,
    r: int,
    code: str,
    columns: dict[int, tuple[str, int]],
    monitor: MonitorMeta,
    registry: Registry,
    places: Places,
) -> list[dict[str, object]]:
    """The observations of one indicator row, a record per municipality and period."""
    records: list[dict[str, object]] = []
    for c, (mun_code, period_no) in columns.items():
        municipality = registry.municipality(mun_code)
        if not municipality.active_in(period_no):
            # An empty column for a monitor before it joined is accepted and skipped.
            if grid.cell(r, c) is not None:
                raise grid.error(
                    f"holds {quote(grid.cell(r, c))} for {municipality.name} in monitor "
                    f"{period_no}, when {municipality.name} was not part of the LVV "
                    f"({_membership(municipality)}).",
                    row=r,
                    col=c,
                    indicator=code,
                    fix="Leave the cell empty, or correct first_monitor/last_monitor in "
                    f"{registry.source}/municipalities.yaml.",
                )
            continue
        value = grid.count_at(
            r, c, indicator=code, context=f" ({municipality.name}, monitor {period_no})"
        )
        places[(period_no, mun_code, code)] = grid.place(r, c)
        records.append(
            {
                "monitor": period_no,
                "peildatum": monitor.period(period_no).peildatum,
                "municipality": municipality.name,
                "municipality_code": mun_code,
                "indicator": code,
                "value": value,
                "revised": False,
                "published_value": None,
            }
        )
    return records


def parse_totaaloverzicht(grid: Grid, monitor: MonitorMeta, registry: Registry) -> pd.DataFrame:
    """Turn a Totaaloverzicht grid into tidy observations; raise ``SourceError`` on bad input."""
    return parse_table(grid, monitor, registry).observations


def parse_table(grid: Grid, monitor: MonitorMeta, registry: Registry) -> Table:
    """``parse_totaaloverzicht`` with the place of every figure."""
    places: Places = {}
    if len(grid.rows) < 2:
        raise grid.error(
            "has fewer than the two header rows (municipalities, then periods) it needs."
        )
    columns = _columns(grid, monitor, registry)
    matcher = LabelMatcher(registry)
    seen: dict[str, int] = {}
    records: list[dict[str, object]] = []
    for r in range(2, len(grid.rows)):
        row = grid.rows[r]
        if all(v is None for v in row):
            continue
        label = grid.cell(r, 0)
        if label is None:
            raise grid.error("has figures but no indicator label.", row=r, col=0)
        code = grid.indicator_at(matcher, r, 0, seen)
        seen[code] = r
        for c in range(1, len(row)):
            if c not in columns and row[c] is not None:
                raise grid.error(
                    f"holds {quote(row[c])} outside the table (no municipality/period header).",
                    row=r,
                    col=c,
                    indicator=code,
                )
        records += _row(grid, r, code, columns, monitor, registry, places)
    if not records:
        raise grid.error("has no indicator rows.")
    missing = [ind for ind in registry.indicators if ind.code not in seen]
    if missing:
        # A left-out row would read as "no figures" and break the link with later monitors.
        raise grid.error(
            "has no row for indicator "
            + ", ".join(f"{ind.code} ({ind.name})" for ind in missing[:3])
            + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            + ".",
            fix="Add the row; leave its cells empty when the figures are unknown.",
        )
    frame = pd.DataFrame.from_records(records)
    order_m = {m.code: i for i, m in enumerate(registry.municipalities)}
    order_i = {ind.code: i for i, ind in enumerate(registry.indicators)}
    frame = frame.assign(
        _m=frame["municipality_code"].map(order_m), _i=frame["indicator"].map(order_i)
    ).sort_values(["monitor", "_m", "_i"], kind="stable")
    return Table(enforce_schema(frame.drop(columns=["_m", "_i"]), where=grid.file), places)


def _columns(grid: Grid, monitor: MonitorMeta, registry: Registry) -> dict[int, tuple[str, int]]:
    """Map each data column to (municipality code, monitor number) from the two header rows."""
    by_name = {m.name.casefold(): m.code for m in registry.municipalities}
    carried = {p.monitor for p in monitor.periods}
    width = max(len(grid.rows[0]), len(grid.rows[1]))
    columns: dict[int, tuple[str, int]] = {}
    seen: dict[tuple[str, int], int] = {}
    current: str | None = None
    for c in range(1, width):
        name = grid.cell(0, c)
        label = grid.cell(1, c)
        if name is not None:
            key = re.sub(r"\s+", " ", str(name)).strip().casefold()
            if key not in by_name:
                raise grid.error(
                    f"unknown municipality {quote(name)}.",
                    row=0,
                    col=c,
                    fix="Known: " + ", ".join(m.name for m in registry.municipalities) + ".",
                )
            current = by_name[key]
        if label is None:
            if name is not None:
                raise grid.error(
                    f"municipality {quote(name)} has no period label below it.", row=1, col=c
                )
            continue
        if current is None:
            raise grid.error(f"period {quote(label)} has no municipality above it.", row=1, col=c)
        match = _PERIOD.match(str(label))
        if not match:
            raise grid.error(
                f"period label {quote(label)} does not start with a monitor number "
                "(e.g. '13 - nov 23').",
                row=1,
                col=c,
            )
        number = int(match[1])
        if number not in carried:
            raise grid.error(
                f"period {quote(label)} is monitor {number}, which monitor {monitor.number} "
                f"does not carry (its periods: {', '.join(str(n) for n in sorted(carried))}).",
                row=1,
                col=c,
                fix="Check the header, or the periods in monitor.yaml.",
            )
        key2 = (current, number)
        earlier = [n for (code, n) in seen if code == current]
        if earlier and number < max(earlier):
            # The slide lists each municipality's periods oldest first: a header out of order
            # means labels were edited without moving the figures under them.
            raise grid.error(
                f"{registry.municipality(current).name}'s periods are not in order (monitor "
                f"{number} after monitor {max(earlier)}).",
                row=1,
                col=c,
                fix="List the periods oldest first, and check that the figures moved with "
                "their headers.",
            )
        if key2 in seen:
            raise grid.error(
                f"{registry.municipality(current).name}, monitor {number} appears twice "
                f"(also in column {seen[key2] + 1}).",
                row=1,
                col=c,
            )
        seen[key2] = c
        columns[c] = key2
    for m in registry.municipalities:
        for n in sorted(carried):
            if (m.code, n) not in seen and m.active_in(n):
                raise grid.error(
                    f"has no column for {m.name}, monitor {n}.",
                    fix="Every municipality needs a column for every period the monitor carries "
                    "in which it is part of the LVV (first_monitor/last_monitor in "
                    f"{registry.source}/municipalities.yaml).",
                )
    return columns


def _membership(municipality: Municipality) -> str:
    parts = []
    if municipality.first_monitor is not None:
        parts.append(f"first_monitor {municipality.first_monitor}")
    if municipality.last_monitor is not None:
        parts.append(f"last_monitor {municipality.last_monitor}")
    return "registry: " + ", ".join(parts)
