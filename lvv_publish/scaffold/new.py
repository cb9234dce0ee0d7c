"""``lvv-publish new``: the next monitor, started from the latest release.

``monitors/<N>/`` with ``monitor.yaml`` (a draft, the periods rolled forward),
``totaaloverzicht.xlsx`` (the earlier periods filled from what was published, the new column
empty) and an input sheet per municipality to fill in (``workbooks.py``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dutch import MONTHS, month_label
from ..errors import LvvError
from ..models import (
    FIRST_DAY,
    LAST_DAY,
    MonitorMeta,
    Municipality,
    Period,
    Registry,
    monitor_number,
)
from ..package import base_cells
from ..publish import locked
from ..site import deterministic_xlsx
from ..sources import (
    Project,
    load_monitor,
    load_publication,
    load_registry,
    monitor_dir,
    value_header,
)
from .monitor_file import monitor_yaml
from .workbooks import Figures, input_sheet_workbook, totaaloverzicht_workbook

# A monitor repeats the two quarters before its own.
CARRIED_PERIODS = 3


@dataclass(frozen=True)
class NewMonitor:
    """What ``new_monitor`` wrote: the monitor's ``meta``, its ``folder`` and ``files``, and
    the release it is ``based_on`` (None for a project's first monitor)."""

    meta: MonitorMeta
    folder: Path
    files: list[Path]
    based_on: int | None


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_period(number: int, start: dt.date, end: dt.date | None = None) -> Period:
    """The period of monitor ``number``: a quarter from ``start`` unless ``end`` is given.

    Its label and the monitor's title name the month after the peildatum, as the monitor
    does ("15 - mei 24" for the period that ends on 30 April 2024).
    """
    if end is None:
        end = add_months(start, 3) - dt.timedelta(days=1)
    if end < start:
        raise LvvError(f"monitor {number}: the peildatum {end} lies before the start {start}.")
    month = add_months(end.replace(day=1), 1)
    return Period(monitor=number, label=f"{number} - {month_label(month)}", start=start, end=end)


def title_of(period: Period) -> str:
    month = add_months(period.end.replace(day=1), 1)
    return f"LVV Monitor {MONTHS[month.month - 1]} {month.year}"


def _latest_release(project: Project, number: int) -> int | None:
    """The release ``number`` follows (None: the first); refuse a gap or an unreleased one."""
    folder = monitor_dir(project.monitors, number)
    if folder.exists():
        raise LvvError(
            f"{project.rel(folder)}: already exists; `new` does not overwrite a monitor. "
            "Edit it, or remove the folder to start again."
        )
    released = project.released_numbers()
    latest = released[-1] if released else None
    drafts = [
        n
        for p in project.monitors.glob("*")
        if (n := monitor_number(p.name)) is not None and p.is_dir() and n not in released
    ]
    if latest is not None and number != latest + 1:
        raise LvvError(
            f"the latest release is monitor {latest}; the next monitor is {latest + 1}, "
            f"not {number}."
        )
    if drafts:
        raise LvvError(
            f"monitor {max(drafts)} is started but not released yet "
            f"({project.rel(monitor_dir(project.monitors, max(drafts)))}); release it first."
        )
    return latest


def _periods(
    project: Project, number: int, latest: int | None, peildatum: dt.date | None
) -> tuple[Period, tuple[Period, ...], Figures]:
    """The new monitor's own period, the periods it carries, and the figures published for
    the earlier ones."""
    if latest is None:
        if peildatum is None:
            raise LvvError(
                f"{project.rel(project.datapackage)}: no release yet, so there is no period to "
                f"follow on. Give the peildatum of monitor {number}: "
                f"`lvv-publish new {number} --peildatum YYYY-MM-DD` (the last day of its "
                "quarter)."
            )
        own = next_period(number, add_months(peildatum + dt.timedelta(days=1), -3), peildatum)
        return own, (own,), {}
    before = load_monitor(project.monitors, latest)
    own = next_period(number, before.peildatum + dt.timedelta(days=1), peildatum)
    periods = (*before.periods, own)[-CARRIED_PERIODS:]
    # Each earlier period from its most recently published figures (a correction of an
    # older release included): the same figures `validate` checks revisions against.
    published, _ = base_cells(project, number, tuple(p.monitor for p in periods))
    figures: dict[tuple[int, str, str], int | None] = {}
    for cells in published.values():
        figures.update(cells)
    return own, periods, figures


def _workbooks(
    meta: MonitorMeta, registry: Registry, active: list[Municipality], figures: Figures
) -> dict[str, bytes]:
    own = meta.period(meta.number)
    stamp = workbook_stamp(meta)
    files = {
        "totaaloverzicht.xlsx": deterministic_xlsx(
            totaaloverzicht_workbook(meta, registry, figures), stamp
        )
    }
    header = value_header(own.end)
    for m in active:
        files[f"invoer/{m.slug}.xlsx"] = deterministic_xlsx(
            input_sheet_workbook(meta, registry, m, figures, value_header=header), stamp
        )
    return files


def workbook_stamp(meta: MonitorMeta) -> str:
    """The created/modified time of the monitor's workbooks: its peildatum, so that the same
    inputs give the same bytes."""
    end = meta.period(meta.number).end
    return dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Written into a staging folder and renamed, so that a failure leaves no half monitor."""
    stage = folder.parent / f".{folder.name}.new"
    if stage.exists():
        shutil.rmtree(stage)
    try:
        for name, data in files.items():
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        stage.rename(folder)
    finally:
        if stage.exists():
            shutil.rmtree(stage)


@locked
def new_monitor(project: Project, number: int, *, peildatum: dt.date | None = None) -> NewMonitor:
    """Create ``monitors/<N>/`` for the next monitor, from the latest release.

    Writes ``monitor.yaml`` (``status: draft``, periods rolled forward, empty changes and
    notes), ``totaaloverzicht.xlsx`` (earlier periods filled from the latest release's
    data package, the new period empty) and ``invoer/<slug>.xlsx`` per municipality.
    """
    if peildatum is not None and not FIRST_DAY <= peildatum <= LAST_DAY:
        raise LvvError(
            f"--peildatum {peildatum.isoformat()} is out of range: give the last day of the "
            f"monitor's quarter, between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}."
        )
    latest = _latest_release(project, number)
    registry = load_registry(project.registry_dir, display=project.rel(project.registry_dir))
    load_publication(project.monitors)  # a broken publication.yaml is named now, not at release
    own, periods, figures = _periods(project, number, latest, peildatum)
    active = [m for m in registry.municipalities if m.active_in(number)]
    if not active:
        raise LvvError(
            f"{project.rel(project.registry_dir)}/municipalities.yaml: no municipality is part "
            f"of the LVV in monitor {number} (first_monitor/last_monitor)."
        )
    text = _monitor_yaml(number, own, periods, active)
    meta = MonitorMeta.model_validate(yaml.safe_load(text))
    files = {"monitor.yaml": text.encode("utf-8"), **_workbooks(meta, registry, active, figures)}
    folder = monitor_dir(project.monitors, number)
    _write_folder(folder, files)
    return NewMonitor(
        meta=meta, folder=folder, files=[folder / name for name in files], based_on=latest
    )


def _monitor_yaml(
    number: int, own: Period, periods: tuple[Period, ...], active: list[Municipality]
) -> str:
    title = title_of(own)
    fields = {
        "number": number,
        "title": title,
        "peildatum": own.end.isoformat(),
        "periods": [
            {
                "monitor": p.monitor,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
            }
            for p in periods
        ],
        "status": "draft",
        "approval": None,
        "changes": [],
        "notes": [],
        "reconstructed": False,
        "reconstruction_note": None,
        "source": {
            "title": f"{title}, Ministerie van Justitie en Veiligheid",
            "path": "totaaloverzicht.xlsx",
            "slides": "LVV Monitor Totaaloverzicht",
        },
        "totaaloverzicht": "totaaloverzicht.xlsx",
        "compiled": True,
        "overrides": [],
        "geen_levering": [],
        "input_sheets": {m.code: f"invoer/{m.slug}.xlsx" for m in active},
        "narrative": [],
    }
    return monitor_yaml(fields, active)
