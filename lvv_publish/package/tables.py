"""The tables of a release's package as DataFrames, typed by their schema files.

The observations come from the sources (``sources.enforce_schema``); the registry, the
monitors, the rule book and the findings are laid out here, one row per model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..models import Finding, Registry, Rulebook, table_schema
from ..sources import ReleaseData


def _table(name: str, rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    schema = table_schema(name)
    return schema.typed(pd.DataFrame(rows, columns=schema.names))


def indicator_table(registry: Registry) -> pd.DataFrame:
    rows = [
        {
            "code": i.code,
            "name": i.name,
            "kind": i.kind,
            "kind_note": i.kind_note,
            "parent": i.parent,
            "children_add_up": i.children_add_up,
            "sum_of": "; ".join(i.sum_of) or None,
            "unit": i.unit,
            "unit_note": i.unit_note,
            "definition": i.definition,
            "definition_note": i.definition_note,
            "label_variants": " | ".join(i.label_variants) or None,
        }
        for i in registry.indicators
    ]
    return _table("indicators", rows)


def municipality_table(registry: Registry, monitors: tuple[int, ...]) -> pd.DataFrame:
    """The municipalities that are part of the LVV in any of ``monitors``.

    ``last_monitor`` is written only when it lies before the release's own monitor (the
    departure had happened): a release records what was known when it was made, so that
    registering a departure later does not change an earlier release's package.
    """
    newest = max(monitors)
    rows = []
    for m in registry.municipalities:
        if not any(m.active_in(n) for n in monitors):
            continue
        row = m.model_dump()
        if m.last_monitor is not None and m.last_monitor >= newest:
            row["last_monitor"] = None
        rows.append(row)
    return _table("municipalities", rows)


def monitor_table(release: ReleaseData) -> pd.DataFrame:
    rows = []
    for p in release.monitor.periods:
        own = release.carried.get(p.monitor)
        rows.append(
            {
                "monitor": p.monitor,
                "label": p.label,
                "title": own.title if own else None,
                "period_start": p.start,
                "period_end": p.end,
                "peildatum": p.peildatum,
            }
        )
    return _table("monitors", rows)


def rule_table(rulebook: Rulebook, findings: tuple[Finding, ...]) -> pd.DataFrame:
    """The rules of the catalogue a package lists: every rule ``listed: always`` and each
    ``when-cited`` rule that one of its ``findings`` cites."""
    cited = {f.rule for f in findings} | {f.check for f in findings}
    return _table(
        "rules",
        [r.model_dump() for r in rulebook.rules if r.listed == "always" or r.code in cited],
    )


def finding_table(findings: tuple[Finding, ...]) -> pd.DataFrame:
    rows: list[dict[str, object]] = [
        {
            "id": f.id,
            "rule": f.rule,
            "check": f.check,
            "severity": f.severity,
            "monitor": f.monitor,
            "municipality_code": f.municipality_code,
            "municipality": f.municipality,
            "indicators": "; ".join(f.indicators) or None,
            "left_expression": f.left_expression,
            "left_value": f.left_value,
            "right_expression": f.right_expression,
            "right_value": f.right_value,
            "message": f.message,
            "source": f.source,
        }
        for f in findings
    ]
    return _table("findings", rows)
