"""The data-quality page (``datakwaliteit.md``) and the method page (``methode.md``): every
finding by rule, and every rule and national figure with what it means."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...package import PublishedPackage
from ..national import NationalFigure
from ..tables import Cell, DataTable
from .release import SEVERITY_LABELS, FindingView, ReleaseInfo, RuleView, finding_views, rule_views


@dataclass(frozen=True)
class QualityContext:
    """Context of ``quality.md.j2``: every finding, grouped by rule.

    ``rules``: the rules with findings, each with its findings; ``counts``: the findings per
    severity; ``tables``: per rule its findings as a long table, by the rule's code.
    """

    rules: list[RuleView]
    counts: dict[str, int]
    tables: dict[str, DataTable] = field(default_factory=dict)


def findings_table(findings: list[FindingView], name: str) -> DataTable:
    """Findings as a long table (``_macros.findings_table`` for short lists): thousands of
    them at national scale. Filtered by municipality and indicator, sortable."""
    rows = [
        [
            Cell(f"{f.severity_label}: {f.rule_title}", f"methode.md#{f.rule}"),
            Cell("" if f.monitor is None else str(f.monitor)),
            Cell(f.municipality, f"gemeenten/{f.municipality_slug}.md")
            if f.municipality
            else Cell("landelijk"),
            Cell(", ".join(f.indicators)),
            Cell(f.message),
        ]
        for f in findings
    ]
    return DataTable(
        name=name,
        headers=["Soort", "Monitor", "Gemeente", "Indicatoren", "Bevinding"],
        numeric=[False, True, False, False, False],
        rows=rows,
        filters={"data-lvv-filter-municipality": "2", "data-lvv-filter-indicator": "3"},
        sortable=True,
        download=("downloads/findings.csv", "findings.csv"),
    )


def quality_context(package: PublishedPackage, info: ReleaseInfo) -> QualityContext:
    views = finding_views(package)
    counts = {s: sum(1 for f in views if f.severity == s) for s in SEVERITY_LABELS}
    rules = [r for r in rule_views(package) if r.count]
    return QualityContext(
        rules=rules,
        counts=counts,
        tables={r.code: findings_table(r.findings, f"datakwaliteit-{r.code}") for r in rules},
    )


@dataclass(frozen=True)
class MethodContext:
    """Context of ``method.md.j2``: how the figures are made and checked.

    ``release``: the release; ``rules``: every rule with its code and meaning; ``figures``:
    the named national figures with the formula that computes each.
    """

    release: ReleaseInfo
    rules: list[RuleView]
    figures: list[NationalFigure] = field(default_factory=list)
