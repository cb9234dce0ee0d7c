"""``lvv-publish diff N``: what releasing monitor N would change, compared with what is
published. Before approval, for the office (and in a pull request's summary).

New figures (or, for a monitor already published, the figures a correction would change),
revisions of earlier monitors' published figures with their notes, locations that join or
leave, definitions that changed since the latest release, overrides, and municipalities that
delivered nothing. Read from the same review ``validate`` runs: nothing is written.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

import pandas as pd

from ..models import CellChange, Finding, MonitorNote
from ..package import indicator_table, read_package, text_changes, texts_of
from ..sources import Project, cells_of
from .corrections import cell_changes, same_value
from .validation import validate_release

# The fields of an indicator whose change the diff names, in the order it names them.
DEFINITION_FIELDS = ("name", "kind", "unit", "definition", "definition_note", "kind_note")


@dataclass(frozen=True)
class MunicipalityFigures:
    """A municipality's figures of the monitor's own period: how many, how many unknown."""

    name: str
    figures: int
    unknown: int


@dataclass(frozen=True)
class Revision:
    """A published figure of an earlier monitor that the release revises, with the text of
    the notes that explain it (empty: none yet, which blocks the release)."""

    monitor: int
    municipality: str
    indicator: str
    before: int | None
    after: int | None
    note: str


@dataclass(frozen=True)
class DefinitionChange:
    """An indicator whose ``field`` changed since release ``since``: ``before`` → ``after``."""

    code: str
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ReleaseDiff:
    """What releasing monitor ``number`` changes (``previous``: the monitor before it among
    the periods it carries). ``published``: its version when it is
    published already (then ``corrected`` lists what a correction would change, and
    ``figures`` is empty); ``compared_with``: the release the definitions are compared
    with; ``errors`` and ``warnings``: what validate counts."""

    number: int
    previous: int | None
    published: str | None
    compared_with: int | None
    figures: tuple[MunicipalityFigures, ...]
    corrected: tuple[CellChange, ...]
    # Published texts a correction would change (``package.text_changes``), for a published N.
    texts: tuple[str, ...]
    revisions: tuple[Revision, ...]
    joining: tuple[str, ...]
    leaving: tuple[str, ...]
    definitions: tuple[DefinitionChange, ...]
    overrides: tuple[Finding, ...]
    no_delivery: tuple[Finding, ...]
    errors: int
    warnings: int

    @property
    def summary(self) -> str:
        """One sentence: what releasing changes, in numbers."""
        if self.published is not None:
            head = (
                f"Monitor {self.number} is published as version {self.published}; releasing "
                f"it again corrects {len(self.corrected)} figure(s) and "
                f"{len(self.texts)} text(s)"
            )
        else:
            total = sum(m.figures for m in self.figures)
            unknown = sum(m.unknown for m in self.figures)
            head = (
                f"Releasing monitor {self.number} publishes {total} new figures ({unknown} "
                f"unknown) of {len(self.figures)} municipalities"
            )
        parts = [
            f"revises {len(self.revisions)} published figure(s)",
            f"{len(self.joining)} location(s) join, {len(self.leaving)} leave",
            f"{len(self.definitions)} definition change(s)",
            f"{len(self.overrides)} override(s)",
            f"{len(self.no_delivery)} municipality(ies) without delivery",
        ]
        return f"{head}; {', '.join(parts)}. Validation: {self.errors} error(s), " + (
            f"{self.warnings} warning(s)."
        )


def release_diff(project: Project, number: int) -> ReleaseDiff:
    """Compare what releasing ``number`` would publish with what is published."""
    review = validate_release(project, number)
    data, findings = review.data, review.report.findings
    meta, registry = data.monitor, data.registry
    released = project.released_numbers()
    published = None
    corrected: tuple[CellChange, ...] = ()
    texts: tuple[str, ...] = ()
    if number in released:
        own = read_package(project.datapackage / str(number))
        published = str(own.descriptor["version"])
        corrected = cell_changes(own.observations, data.observations, own.municipalities)
        if own.texts is not None:
            texts = tuple(text_changes(own.texts, texts_of(meta)))
    earlier = [n for n in released if n < number]
    base = number if number in released else (earlier[-1] if earlier else None)
    definitions: tuple[DefinitionChange, ...] = ()
    if base is not None:
        before = read_package(project.datapackage / str(base)).indicators
        definitions = _definition_changes(before, indicator_table(registry))
    previous = meta.previous
    joining = tuple(
        m.name
        for m in registry.municipalities_in(number)
        if previous is not None and not m.active_in(previous)
    )
    leaving = tuple(
        m.name
        for m in registry.municipalities
        if previous is not None and m.active_in(previous) and not m.active_in(number)
    )
    return ReleaseDiff(
        number=number,
        previous=previous,
        published=published,
        compared_with=base,
        figures=() if published else _figures(data.observations, number),
        corrected=corrected,
        texts=texts,
        revisions=_revisions(findings, meta.notes),
        joining=joining,
        leaving=leaving,
        definitions=definitions,
        overrides=tuple(f for f in findings if f.rule == "override"),
        no_delivery=tuple(f for f in findings if f.rule == "no-delivery"),
        errors=review.report.counts["error"],
        warnings=review.report.counts["warning"],
    )


def _revisions(
    findings: tuple[Finding, ...], notes: tuple[MonitorNote, ...]
) -> tuple[Revision, ...]:
    out = []
    for f in findings:
        if f.rule not in ("revision", "revision-unexplained") or f.monitor is None:
            continue
        key = f.source or ""  # revision_key: monitor/municipality/indicator
        covering = [n.text for n in notes if any(fnmatch.fnmatchcase(key, c) for c in n.covers)]
        out.append(
            Revision(
                monitor=f.monitor,
                municipality=f.municipality or "landelijk",
                indicator=f.indicators[0],
                before=None if f.right_value is None else int(f.right_value),
                after=None if f.left_value is None else int(f.left_value),
                note=" ".join(covering),
            )
        )
    return tuple(out)


def _figures(observations: pd.DataFrame, number: int) -> tuple[MunicipalityFigures, ...]:
    cells = cells_of(observations)
    names = dict(zip(observations["municipality_code"], observations["municipality"], strict=True))
    out: dict[str, list[int]] = {}
    for (monitor, code, _), value in cells.items():
        if monitor == number:
            counts = out.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += value is None
    return tuple(MunicipalityFigures(str(names[c]), n, u) for c, (n, u) in out.items())


def _definition_changes(before: pd.DataFrame, after: pd.DataFrame) -> tuple[DefinitionChange, ...]:
    old = {str(r["code"]): r for r in before.to_dict("records")}
    out = []
    for row in after.to_dict("records"):
        code = str(row["code"])
        if code not in old:
            out.append(DefinitionChange(code, "new", None, str(row["name"])))
            continue
        for name in DEFINITION_FIELDS:
            if not same_value(old[code].get(name), row.get(name)):
                out.append(
                    DefinitionChange(code, name, _text(old[code].get(name)), _text(row.get(name)))
                )
    return tuple(out)


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value else str(value)
