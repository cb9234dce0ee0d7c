"""Run every check on a monitor and collect the findings into one Report.

Data problems become findings; only input that cannot be read at all raises (``LvvError``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from . import checks, claims
from .corrections import base_cells
from .models import Finding, Report, Rulebook
from .sources import (
    Cells,
    Project,
    ReleaseData,
    cells_of,
    check_public_notes,
    load_release,
    monitor_dir,
    read_input_sheets,
)


@dataclass(frozen=True)
class Validation:
    """A release's data with its revision flags set, and the report on it."""

    data: ReleaseData
    report: Report


def published_cells(project: Project, data: ReleaseData) -> tuple[dict[int, Cells], dict[int, str]]:
    """Per earlier monitor the release carries: the published cells it is checked against,
    and the package version they come from (``corrections.revision_base``)."""
    meta = data.monitor
    return base_cells(project, meta.number, tuple(p.monitor for p in meta.periods))


def run_checks(
    project: Project,
    data: ReleaseData,
    rulebook: Rulebook,
    published: tuple[dict[int, Cells], dict[int, str]] | None = None,
) -> list[Finding]:
    """Every check: rules, input sheets, revisions, narrative.

    ``published``: what ``published_cells`` gives, when the caller has it already.
    """
    meta = data.monitor
    monitors = tuple(p.monitor for p in meta.periods)
    ctx = checks.Context(data.registry, rulebook, cells_of(data.observations), monitors)
    findings: list[Finding] = []
    for check in checks.CHECKS:
        findings.extend(check(ctx))
    sheets = read_input_sheets(project, data)
    check_public_notes(project, data, sheets)
    findings.extend(checks.check_input_sheets(ctx, sheets, meta.number))
    cells, versions = published or published_cells(project, data)
    findings.extend(checks.check_revisions(ctx, meta.number, cells, meta.notes, versions))
    if meta.narrative:
        checked = check_narrative(project, data, ctx)
        findings.extend(claims.narrative_findings(ctx, meta.number, checked))
    return findings


def check_narrative(
    project: Project, data: ReleaseData, ctx: checks.Context | None = None
) -> list[claims.Checked]:
    """Every figure of the monitor's text against the table (``claims.py``)."""
    meta = data.monitor
    if ctx is None:
        monitors = tuple(p.monitor for p in meta.periods)
        ctx = checks.Context(
            data.registry, checks.load_rulebook(), cells_of(data.observations), monitors
        )
    return claims.check_claims(
        data.registry,
        ctx.cells,
        ctx.bounds,
        meta.number,
        meta.narrative,
        project.rel(monitor_dir(project.monitors, meta.number) / "monitor.yaml"),
    )


def flag_revisions(observations: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Set ``revised`` and ``published_value`` for every revised figure."""
    revised = checks.revised_values(findings)
    if not revised:
        return observations
    out = observations.copy()
    keys = list(zip(out["monitor"], out["municipality_code"], out["indicator"], strict=True))
    flags = [(int(m), str(c), str(i)) in revised for m, c, i in keys]
    out["revised"] = pd.array(flags, dtype="boolean")
    out["published_value"] = pd.array(
        [revised.get((int(m), str(c), str(i))) for m, c, i in keys], dtype="Int64"
    )
    return out


def validate_release(project: Project, number: int) -> Validation:
    """Load monitor ``number`` and run every check; never raises for data problems."""
    data = load_release(project, number)
    rulebook = checks.load_rulebook()
    published = published_cells(project, data)
    findings = checks.sort_findings(
        run_checks(project, data, rulebook, published), data.registry, rulebook
    )
    ids = [f.id for f in findings]
    if len(ids) != len(set(ids)):  # a bug in a check, not in the data
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise RuntimeError(f"duplicate finding ids: {dupes[:5]}")
    data = replace(
        data,
        observations=flag_revisions(data.observations, findings),
        findings=tuple(findings),
        rulebook=rulebook,
        revision_base=published[1],
    )
    tally = claims.tally(check_narrative(project, data)) if data.monitor.narrative else None
    report = Report(monitor=number, findings=tuple(findings), narrative=tally)
    return Validation(data=data, report=report)
