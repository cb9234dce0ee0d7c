"""Start things: a new publication project (``init``), the next monitor (``new``), and the
approval that lets a monitor be released (``approve``).

Nothing here overwrites an existing file: a project folder or monitor that is already there
is refused with a message that says what to do instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .dutch import MONTHS
from .errors import LvvError, PublishError
from .forms import input_sheet_workbook, totaaloverzicht_workbook
from .locking import locked
from .models import MonitorMeta, Municipality, Period
from .package import base_cells
from .resources import data_dir
from .site import deterministic_xlsx
from .sources import Project, default_registry_dir, load_registry
from .sources.monitor import load_monitor, load_publication, monitor_dir
from .validate import validate_release

# The Totaaloverzicht labels a period with the month after its peildatum: "15 - mei 24".
MONTH_LABELS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# A monitor repeats the two quarters before its own.
CARRIED_PERIODS = 3


# --- init --------------------------------------------------------------------------------

# Files a folder may already have (a fresh repository): init keeps them and adds to them.
SHARED_FILES = ("README.md", ".gitignore")


def init_project(target: Path) -> list[Path]:
    """Create a new, empty publication project in ``target`` from the bundled defaults.

    Writes ``monitors/publication.yaml``, ``registry/indicators.yaml``,
    ``registry/municipalities.yaml``, a README for the programme office and a .gitignore.
    Refuses a folder that already holds a project file.
    """
    defaults = default_registry_dir()
    files = {
        "monitors/publication.yaml": (defaults / "publication.yaml").read_bytes(),
        "registry/indicators.yaml": (defaults / "indicators.yaml").read_bytes(),
        "registry/municipalities.yaml": (defaults / "municipalities.yaml").read_bytes(),
        "README.md": (defaults / "README.md").read_bytes(),
        ".gitignore": b"# Rebuilt from monitors/ and datapackage/ by lvv-publish.\nsite/\n"
        b"datapackage/.*\nsite/.*\n"
        b"# The lock and swap journal of a running lvv-publish command.\n"
        b".lvv-publish.lock\n.lvv-publish-swap.json\n",
    }
    existing = [name for name in files if (target / name).exists() and name not in SHARED_FILES]
    if existing:
        raise LvvError(
            f"{target}: already holds {', '.join(existing)}; init does not overwrite a "
            "project. Choose an empty or new folder."
        )
    # A folder that is already a repository keeps its README and .gitignore: the office's
    # README goes beside it, the ignore lines are added.
    if (target / "README.md").exists():
        files["README-lvv-publish.md"] = files.pop("README.md")
    if (target / ".gitignore").exists():
        present = (target / ".gitignore").read_bytes()
        lines = [
            line
            for line in files[".gitignore"].splitlines(keepends=True)
            if line.strip() and line.strip() not in present.decode("utf-8").split()
        ]
        files[".gitignore"] = (
            present + (b"" if present.endswith(b"\n") else b"\n") + b"".join(lines)
        )
    written = []
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    (target / "datapackage").mkdir(exist_ok=True)
    return written


# --- new ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMonitor:
    """What ``new_monitor`` wrote."""

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
    return Period(
        monitor=number,
        label=f"{number} - {MONTH_LABELS[month.month - 1]} {month.year % 100:02d}",
        start=start,
        end=end,
    )


def title_of(period: Period) -> str:
    month = add_months(period.end.replace(day=1), 1)
    return f"LVV Monitor {MONTHS[month.month - 1]} {month.year}"


@locked
def new_monitor(project: Project, number: int, *, peildatum: dt.date | None = None) -> NewMonitor:
    """Create ``monitors/<N>/`` for the next monitor, from the latest release.

    Writes ``monitor.yaml`` (``status: draft``, periods rolled forward, empty changes and
    notes), ``totaaloverzicht.xlsx`` (earlier periods filled from the latest release's
    data package, the new period empty) and ``invoer/<slug>.xlsx`` per municipality.
    """
    folder = monitor_dir(project.monitors, number)
    if folder.exists():
        raise LvvError(
            f"{project.rel(folder)}: already exists; `new` does not overwrite a monitor. "
            "Edit it, or remove the folder to start again."
        )
    released = project.released_numbers()
    latest = released[-1] if released else None
    drafts = [
        int(p.name)
        for p in project.monitors.glob("*")
        if p.is_dir() and p.name.isdigit() and int(p.name) not in released
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
    registry = load_registry(project.registry_dir, display=project.rel(project.registry_dir))
    publication = load_publication(project.monitors)
    figures: dict[tuple[int, str, str], int | None] = {}
    if latest is None:
        if peildatum is None:
            raise LvvError(
                f"{project.rel(project.datapackage)}: no release yet, so there is no period to "
                f"follow on. Give the peildatum of monitor {number}: "
                f"`lvv-publish new {number} --peildatum YYYY-MM-DD` (the last day of its "
                "quarter)."
            )
        own = next_period(number, add_months(peildatum + dt.timedelta(days=1), -3), peildatum)
        periods: tuple[Period, ...] = (own,)
    else:
        before = load_monitor(project.monitors, latest)
        own = next_period(number, before.peildatum + dt.timedelta(days=1), peildatum)
        periods = (*before.periods, own)[-CARRIED_PERIODS:]
        # Each earlier period from its most recently published figures (a correction of an
        # older release included): the same figures `validate` checks revisions against.
        published, _ = base_cells(project, number, tuple(p.monitor for p in periods))
        for cells in published.values():
            figures.update(cells)
    active = [m for m in registry.municipalities if m.active_in(number)]
    if not active:
        raise LvvError(
            f"{project.rel(project.registry_dir)}/municipalities.yaml: no municipality is part "
            f"of the LVV in monitor {number} (first_monitor/last_monitor)."
        )
    text = _monitor_yaml(number, own, periods, publication.title, active)
    meta = MonitorMeta.model_validate(yaml.safe_load(text))
    month = MONTHS[add_months(own.end.replace(day=1), 1).month - 1]
    stamp = dt.datetime.combine(own.end, dt.time(), tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    files: dict[str, bytes] = {
        "monitor.yaml": text.encode("utf-8"),
        "totaaloverzicht.xlsx": deterministic_xlsx(
            totaaloverzicht_workbook(meta, registry, figures), stamp
        ),
    }
    for m in active:
        files[f"invoer/{m.slug}.xlsx"] = deterministic_xlsx(
            input_sheet_workbook(meta, registry, m, figures, value_header=f"Invoer {month}"),
            stamp,
        )
    # Written into a staging folder and renamed, so that a failure leaves no half monitor.
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
    return NewMonitor(
        meta=meta, folder=folder, files=[folder / name for name in files], based_on=latest
    )


def _monitor_yaml(
    number: int,
    own: Period,
    periods: tuple[Period, ...],
    publication_title: str,
    active: list[Municipality],
) -> str:
    env = Environment(
        loader=FileSystemLoader(str(data_dir() / "defaults")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML, not HTML
    )

    def quoted(value: str) -> str:
        return yaml.safe_dump(value, allow_unicode=True, default_style='"').strip()

    env.filters["q"] = quoted
    return env.get_template("monitor.yaml.j2").render(
        number=number,
        title=title_of(own),
        peildatum=own.end.isoformat(),
        periods=periods,
        publication_title=publication_title,
        sheets=[(m.code, m.name, f"invoer/{m.slug}.xlsx") for m in active],
    )


# --- approve -----------------------------------------------------------------------------

_STATUS = re.compile(r"^status: draft[ \t]*$", re.MULTILINE)
_APPROVAL = re.compile(r"^approval: null[ \t]*$", re.MULTILINE)


@locked
def approve_monitor(
    project: Project, number: int, *, by: str, on: dt.date, note: str | None = None
) -> Path:
    """Mark monitor ``number`` approved: ``status: approved`` and ``approval: {date, by}``.

    Refuses a monitor that is approved already or whose validation has errors (warnings are
    published as data-quality notes, so they do not block). Edits the two lines of
    ``monitor.yaml`` in place (its comments stay); refuses a file that does not have those
    lines as ``new`` writes them.
    """
    meta = load_monitor(project.monitors, number)
    path = monitor_dir(project.monitors, number) / "monitor.yaml"
    shown = project.rel(path)
    if meta.status == "approved":
        raise PublishError(f"{shown}: monitor {number} is already approved.")
    report = validate_release(project, number).report
    if not report.valid:
        raise PublishError(
            f"monitor {number} has {report.counts['error']} error(s); it cannot be approved. "
            f"Run `lvv-publish validate {number}` for the report."
        )
    text = path.read_text(encoding="utf-8")
    if len(_STATUS.findall(text)) != 1 or len(_APPROVAL.findall(text)) != 1:
        raise PublishError(
            f"{shown}: expected the lines 'status: draft' and 'approval: null'; set "
            "status: approved and approval: {date: YYYY-MM-DD, by: ...} by hand."
        )
    approval = {"date": on, "by": by} | ({"note": note} if note else {})
    block = yaml.safe_dump({"approval": approval}, allow_unicode=True, sort_keys=False)
    text = _STATUS.sub("status: approved", text)
    text = _APPROVAL.sub(lambda _: block.rstrip("\n"), text)
    MonitorMeta.model_validate(yaml.safe_load(text))  # the edit must give a valid file
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
