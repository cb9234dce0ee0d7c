"""Every check of a release, collected into one Report: ``review``.

The consistency rules (``rules.py``), the input sheets against the Totaaloverzicht
(``reconciliation.py``), the figures of earlier monitors against what was published for them
(``revisions.py``) and the figures of the monitor's text (``claims.py``). Data problems become
findings, in a stable order; nothing here raises for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from ..models import Finding, Report, Rulebook
from ..sources import InputSheet, ReleaseData, cells_of, compiled_cells, unread_keys
from . import claims
from .deliveries import check_compiled_table, delivery_findings
from .findings import Cells, Context, sort_findings
from .reconciliation import check_input_sheets
from .revisions import check_revisions, flag_revisions
from .rules import CHECKS


@dataclass(frozen=True)
class Published:
    """What the earlier monitors of a release were published as: per monitor its cells and
    the package version they come from (the revision base, ``package.base_cells``)."""

    cells: Mapping[int, Cells]
    versions: Mapping[int, str]


@dataclass(frozen=True)
class Review:
    """A release's data with its findings and revision flags set, and the report on it."""

    data: ReleaseData
    report: Report


def review(
    data: ReleaseData,
    sheets: Sequence[InputSheet],
    published: Published,
    rulebook: Rulebook,
    monitor_file: str,
) -> Review:
    """Run every check on ``data``; ``monitor_file`` names its ``monitor.yaml`` in messages
    about the narrative's formulas."""
    meta = data.monitor
    monitors = tuple(p.monitor for p in meta.periods)
    ctx = Context(data.registry, rulebook, cells_of(data.observations), monitors, data.places)
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(check(ctx))
    found.extend(_deliveries(ctx, data, sheets, published, monitor_file))
    found.extend(check_input_sheets(ctx, sheets, meta.number, compiled=meta.compiled))
    found.extend(check_revisions(ctx, meta.number, published.cells, meta.notes, published.versions))
    checked = claims.check_claims(ctx, meta.number, meta.narrative, monitor_file)
    if meta.narrative:
        found.extend(claims.narrative_findings(ctx, meta.number, checked))
    findings = sort_findings(found, data.registry, rulebook)
    ids = [f.id for f in findings]
    if len(ids) != len(set(ids)):  # a bug in a check, not in the data
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise RuntimeError(f"duplicate finding ids: {dupes[:5]}")
    data = replace(
        data,
        observations=flag_revisions(data.observations, findings),
        findings=tuple(findings),
        rulebook=rulebook,
        revision_base=dict(published.versions),
    )
    tally = claims.tally(checked) if meta.narrative else None
    return Review(data, Report(monitor=meta.number, findings=tuple(findings), narrative=tally))


def _deliveries(
    ctx: Context,
    data: ReleaseData,
    sheets: Sequence[InputSheet],
    published: Published,
    monitor_file: str,
) -> list[Finding]:
    """The sheets' problems, whether every municipality delivered, and for a compiled
    monitor whether its Totaaloverzicht is what compiling the sheets gives."""
    meta = data.monitor
    folder = PurePosixPath(monitor_file).parent
    found = delivery_findings(ctx, meta, sheets, monitor_file)
    if meta.compiled:
        expected = compiled_cells(meta, data.registry, sheets, published.cells)
        plain = compiled_cells(meta, data.registry, sheets, published.cells, overrides=False)
        table = str(folder / meta.totaaloverzicht)
        skip = unread_keys(meta, data.registry, sheets)
        found += check_compiled_table(ctx, meta, expected, plain, data.compile_record, table, skip)
    return found
