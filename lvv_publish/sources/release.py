"""A release's inputs, loaded and checked: ``load_release`` → ``ReleaseData``.

The registry, the monitor's ``monitor.yaml`` and those of the monitors it carries, its
Totaaloverzicht as tidy observations, and the settings of ``publication.yaml``; the
municipalities' input sheets are read beside it (``read_input_sheets``) for the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..errors import SourceError, quote
from ..models import Finding, MonitorMeta, Publication, Registry, Rulebook
from .files import check_inside
from .input_sheets import InputSheet, quarter_problem, read_input_sheet
from .monitor import load_monitor, load_publication, monitor_dir, released_monitors
from .observations import OBSERVATION_COLUMNS, enforce_schema
from .project import Project
from .registry import load_registry
from .totaaloverzicht import Places, read_compile_record, read_table


@dataclass(frozen=True)
class ReleaseData:
    """Everything a release publishes, before it is written."""

    monitor: MonitorMeta
    carried: dict[int, MonitorMeta | None]
    observations: pd.DataFrame
    registry: Registry
    publication: Publication
    findings: tuple[Finding, ...] = ()
    rulebook: Rulebook | None = None
    # Per earlier monitor carried: the package version its figures were checked against.
    revision_base: dict[int, str] = field(default_factory=dict)
    # Where each figure is in the Totaaloverzicht ("file, sheet 'S', cell D5"), for findings.
    places: Places = field(default_factory=dict)
    # A compiled table: what the last `lvv-publish compile` wrote (None: never compiled).
    compile_record: dict[tuple[int, str, str], int | None] | None = None


def read_observations(project: Project, meta: MonitorMeta, registry: Registry) -> pd.DataFrame:
    """Read the Totaaloverzicht of ``meta`` into tidy observations."""
    return _read_table(project, meta, registry)[0]


def _read_table(
    project: Project, meta: MonitorMeta, registry: Registry
) -> tuple[pd.DataFrame, Places, dict[tuple[int, str, str], int | None] | None]:
    """The Totaaloverzicht of ``meta``: observations, places, and the compile record."""
    path = monitor_dir(project.monitors, meta.number) / meta.totaaloverzicht
    check_inside(path, project.root, project.rel(path))
    table = read_table(path, meta, registry, display=project.rel(path))
    record = read_compile_record(path, project.rel(path)) if meta.compiled else None
    return table.observations, table.places, record


def check_dates(project: Project, meta: MonitorMeta) -> None:
    """The monitor's periods agree with the earlier monitors' own ``monitor.yaml``: each
    carried period ends on that monitor's peildatum, and the monitor comes after the one
    before it (a peildatum before the previous monitor's is a typing error)."""
    shown = project.rel(monitor_dir(project.monitors, meta.number) / "monitor.yaml")
    for period in meta.periods:
        if period.monitor == meta.number:
            continue
        if (project.monitors / str(period.monitor) / "monitor.yaml").is_file():
            other = load_monitor(project.monitors, period.monitor)
            if other.peildatum != period.end:
                raise SourceError(
                    f"period of monitor {period.monitor} ends {period.end.isoformat()}, but "
                    f"monitors/{period.monitor}/monitor.yaml has peildatum "
                    f"{other.peildatum.isoformat()}.",
                    file=shown,
                    fix="Make the two agree.",
                )
    earlier = [n for n in released_monitors(project.monitors) if n < meta.number]
    if earlier:
        before = load_monitor(project.monitors, earlier[-1])
        own = meta.period(meta.number)
        if own.start <= before.peildatum:
            raise SourceError(
                f"period of monitor {meta.number} ({own.start.isoformat()} to "
                f"{own.end.isoformat()}) does not come after that of monitor {before.number} "
                f"(ends {before.peildatum.isoformat()}).",
                file=shown,
                fix="Check the peildatum and the periods (dates are written YYYY-MM-DD).",
            )


def load_release(project: Project, number: int, *, table: bool = True) -> ReleaseData:
    """Load everything release ``number`` would publish, without writing anything.

    ``table=False`` leaves the Totaaloverzicht unread (no observations): for compiling a
    table that is missing, or unreadable and to be made anew."""
    registry = load_registry(project.registry_dir, display=project.rel(project.registry_dir))
    meta = load_monitor(project.monitors, number)
    check_dates(project, meta)
    shown = project.rel(monitor_dir(project.monitors, number) / "monitor.yaml")
    check_monitor_codes(shown, meta, registry)
    if table:
        observations, places, record = _read_table(project, meta, registry)
    else:
        names = [c.name for c in OBSERVATION_COLUMNS]
        observations, places, record = enforce_schema(pd.DataFrame(columns=names)), {}, None
    carried: dict[int, MonitorMeta | None] = {}
    for period in meta.periods:
        if period.monitor == number:
            carried[period.monitor] = meta
        elif (project.monitors / str(period.monitor) / "monitor.yaml").is_file():
            carried[period.monitor] = load_monitor(project.monitors, period.monitor)
        else:
            carried[period.monitor] = None
    return ReleaseData(
        monitor=meta,
        carried=carried,
        observations=observations,
        registry=registry,
        publication=load_publication(project.monitors),
        places=places,
        compile_record=record,
    )


def read_input_sheets(project: Project, data: ReleaseData) -> list[InputSheet]:
    """The input sheets ``monitor.yaml`` names, each read and placed on the registry, with
    its problems (a missing file, bad cells, another quarter) collected, not raised."""
    meta = data.monitor
    sheets = []
    for code, rel in meta.input_sheets.items():
        path = monitor_dir(project.monitors, meta.number) / rel
        try:
            data.registry.municipality(code)
        except KeyError:
            raise SourceError(
                f"input_sheets names unknown municipality code {quote(code)}.",
                file=project.rel(monitor_dir(project.monitors, meta.number) / "monitor.yaml"),
            ) from None
        check_inside(path, project.root, project.rel(path))
        sheet = read_input_sheet(path, data.registry, code, display=project.rel(path))
        sheets.append(replace(sheet, other_quarter=quarter_problem(sheet, meta)))
    return sheets


def check_monitor_codes(shown: str, meta: MonitorMeta, registry: Registry) -> None:
    """The municipalities and indicators ``overrides`` and ``geen_levering`` name exist and
    take part in the monitor they are about."""
    for i, o in enumerate(meta.overrides):
        monitor, code, indicator = o.key
        try:
            municipality = registry.municipality(code)
            registry.indicator(indicator)
        except KeyError as exc:
            raise SourceError(
                f"overrides.{i}: {o.figure} names {exc.args[0]}, which the registry lacks.",
                file=shown,
                fix="Write the figure as <monitor>/<municipality code>/<indicator>.",
            ) from None
        if not municipality.active_in(monitor):
            raise SourceError(
                f"overrides.{i}: {municipality.name} is not part of the LVV in monitor "
                f"{monitor}, so {o.figure} is not a figure of the table.",
                file=shown,
            )
    for code in meta.input_sheets:
        if code in {m.code for m in registry.municipalities} and not registry.municipality(
            code
        ).active_in(meta.number):
            raise SourceError(
                f"input_sheets names {registry.municipality(code).name}, which is not part of "
                f"the LVV in monitor {meta.number}: its sheet would not be used.",
                file=shown,
                fix="Remove the line, or correct first_monitor/last_monitor in the registry.",
            )
    for i, d in enumerate(meta.geen_levering):
        try:
            municipality = registry.municipality(d.municipality)
        except KeyError:
            raise SourceError(
                f"geen_levering.{i}: unknown municipality code {quote(d.municipality)}.", file=shown
            ) from None
        if not municipality.active_in(meta.number):
            raise SourceError(
                f"geen_levering.{i}: {municipality.name} is not part of the LVV in monitor "
                f"{meta.number}; it has nothing to deliver.",
                file=shown,
            )


def check_public_notes(project: Project, data: ReleaseData, sheets: list[InputSheet]) -> None:
    """A note of ``monitor.yaml`` marked ``input_note`` must be that input-sheet note verbatim.

    Input-sheet notes are internal; this is the only way one is published, and the check
    makes sure the published text is what the municipality wrote, where it wrote it.
    """
    meta = data.monitor
    shown = project.rel(monitor_dir(project.monitors, meta.number) / "monitor.yaml")
    by_code = {s.municipality_code: s for s in sheets}
    for i, note in enumerate(meta.notes):
        ref = note.input_note
        if ref is None:
            continue
        where = f"notes.{i}.input_note"
        sheet = by_code.get(ref.municipality)
        if sheet is None:
            raise SourceError(
                f"{where} names municipality {ref.municipality}, which has no input sheet "
                "under input_sheets.",
                file=shown,
                fix="Name a municipality whose input sheet the monitor lists.",
            )
        row = sheet.rows.get(ref.indicator)
        got = " ".join((row.note or "").split()) if row else ""
        if got != " ".join(note.text.split()):
            found = f"its note there is {quote(got)}" if got else "it has no note there"
            raise SourceError(
                f"{where}: the text is not the note of indicator {ref.indicator} in "
                f"{sheet.file} ({found}).",
                file=shown,
                fix="Copy the note verbatim into text, or remove input_note.",
            )
