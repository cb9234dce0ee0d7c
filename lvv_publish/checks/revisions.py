"""Revisions: figures of earlier monitors that differ from what was published for them.

A release repeats the two monitors before it. Where one of their figures differs from the
published one (the revision base, ``package.base_cells``), it is a revision: published with
the editor's note that explains it, refused without one.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Mapping

import pandas as pd

from ..models import Finding, MonitorNote
from .findings import Cells, Context, cell_order, make_finding


def revision_key(monitor: int, municipality: str, indicator: str) -> str:
    return f"{monitor}/{municipality}/{indicator}"


def check_revisions(
    ctx: Context,
    release: int,
    published: Mapping[int, Cells],
    notes: Iterable[MonitorNote],
    versions: Mapping[int, str] | None = None,
) -> Iterator[Finding]:
    """revision / revision-unexplained: figures of earlier monitors that changed.

    ``published`` holds, per earlier monitor, the published cells this release is checked
    against, from the package version ``versions`` names (default: the monitor's own
    release). A changed figure needs a note in monitor.yaml whose ``covers`` matches it.
    """
    versions = versions or {}
    notes = tuple(notes)
    order = cell_order(ctx)
    codes = _codes(ctx)
    for monitor in ctx.monitors:
        if monitor == release or monitor not in published:
            continue
        before = {k: v for k, v in published[monitor].items() if k[0] == monitor}
        now = {k: v for k, v in ctx.cells.items() if k[0] == monitor}
        for key in sorted(set(before) | set(now), key=lambda k: order((k, None))):
            old, new = before.get(key), now.get(key)
            if key in before and key in now and old == new:
                continue
            _, mun, code = key
            rkey = revision_key(*key)
            covering = [n for n in notes if any(fnmatch.fnmatchcase(rkey, c) for c in n.covers)]
            name = ctx.municipality_name(mun) if mun in codes else mun
            left = f"{code} ({name}, monitor {monitor})"
            change = (
                "rij verwijderd"
                if key not in now
                else "rij toegevoegd"
                if key not in before
                else ""
            )
            yield make_finding(
                ctx,
                "revision" if covering else "revision-unexplained",
                monitor=monitor,
                municipality=mun if mun in codes else None,
                indicators=(code,),
                left_expression=left,
                left_value=new,
                right_expression=f"{code} in uitgave {versions.get(monitor, monitor)}",
                right_value=old,
                source=rkey,
                detail=" ".join(n.text for n in covering) + (f" ({change})" if change else ""),
            )


def _codes(ctx: Context) -> set[str]:
    return {m.code for m in ctx.registry.municipalities}


def revised_values(findings: Iterable[Finding]) -> dict[tuple[int, str, str], int | None]:
    """``(monitor, municipality, indicator) -> value published before`` for every revision."""
    out = {}
    for f in findings:
        if f.rule in ("revision", "revision-unexplained") and f.source:
            monitor, mun, code = f.source.split("/")
            out[(int(monitor), mun, code)] = None if f.right_value is None else int(f.right_value)
    return out


def flag_revisions(observations: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Set ``revised`` and ``published_value`` for every revised figure."""
    revised = revised_values(findings)
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
