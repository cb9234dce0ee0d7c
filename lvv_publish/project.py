"""The project folders and loading a release's inputs (monitor, registry, observations)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import SourceError
from .models import MonitorMeta, Registry
from .package import ReleaseData
from .registry import load_registry
from .sources.files import check_inside
from .sources.monitor import load_monitor, load_publication, monitor_dir, released_monitors
from .sources.totaaloverzicht import read_totaaloverzicht


@dataclass(frozen=True)
class Project:
    """The folders of an lvv-publish project."""

    root: Path

    def __post_init__(self) -> None:
        # Absolute, so that a path handed to another tool (MkDocs resolves a relative
        # site_dir against its config file's folder) means the same folder.
        object.__setattr__(self, "root", Path(self.root).absolute())

    @property
    def monitors(self) -> Path:
        return self.root / "monitors"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def registry_dir(self) -> Path:
        return self.root / "registry"

    def package_dir(self, number: int) -> Path:
        return self.datapackage / str(number)

    def site_dir(self, number: int) -> Path:
        return self.site / str(number)

    def released_numbers(self) -> list[int]:
        """Numbers of the monitors with a published data package, oldest first."""
        if not self.datapackage.is_dir():
            return []
        return sorted(
            int(p.name)
            for p in self.datapackage.iterdir()
            if p.name.isdigit() and (p / "datapackage.json").is_file()
        )

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, for messages."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def read_observations(project: Project, meta: MonitorMeta, registry: Registry) -> pd.DataFrame:
    """Read the Totaaloverzicht of ``meta`` into tidy observations."""
    path = monitor_dir(project.monitors, meta.number) / meta.totaaloverzicht
    check_inside(path, project.root, project.rel(path))
    return read_totaaloverzicht(path, meta, registry, display=project.rel(path))


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


def load_release(project: Project, number: int) -> ReleaseData:
    """Load everything release ``number`` would publish, without writing anything."""
    registry = load_registry(project.registry_dir, display=project.rel(project.registry_dir))
    meta = load_monitor(project.monitors, number)
    check_dates(project, meta)
    observations = read_observations(project, meta, registry)
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
    )
