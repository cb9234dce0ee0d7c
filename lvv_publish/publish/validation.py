"""Validate a monitor: load its inputs, read what was published before, run every check.

Data problems become findings; only input that cannot be read at all raises (``LvvError``).
"""

from __future__ import annotations

from ..checks import Published, Review, load_rulebook, review
from ..package import base_cells
from ..sources import (
    Project,
    ReleaseData,
    check_public_notes,
    load_release,
    monitor_dir,
    read_input_sheets,
)


def published_cells(project: Project, data: ReleaseData) -> Published:
    """Per earlier monitor the release carries: the published cells it is checked against,
    and the package version they come from (``corrections.revision_base``)."""
    meta = data.monitor
    cells, versions = base_cells(project, meta.number, tuple(p.monitor for p in meta.periods))
    return Published(cells, versions)


def validate_release(project: Project, number: int) -> Review:
    """Load monitor ``number`` and run every check; never raises for data problems."""
    data = load_release(project, number)
    sheets = read_input_sheets(project, data)
    check_public_notes(project, data, sheets)
    shown = project.rel(monitor_dir(project.monitors, number) / "monitor.yaml")
    return review(data, sheets, published_cells(project, data), load_rulebook(), shown)
