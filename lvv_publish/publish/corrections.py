"""Published means immutable: what differs between a published package and a new build of it,
and the messages of a refused release.

``diff_packages`` compares a freshly built package of release N with the one already in
``datapackage/N/``: byte for byte, and, where they differ, by content: cell by cell
(observations), row by row (indicators, municipalities, monitors, on the columns both
have), the published texts (``package/texts.py``) and the descriptor's descriptive fields.
Corrections are for content: a package that a newer lvv-publish writes differently (another
format, a new optional column, reworded rule messages, other findings of improved checks)
but with the same content is the same publication, and is left as it was published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import LISTED, capped
from ..models import FIGURE_PATTERN, CellChange, Correction, Finding
from ..package import VERSIONS_DIR, PublishedPackage, package_files, read_package, text_changes
from ..sources import cells_of

# The key of each table besides the observations, to compare them row by row: the content
# tables, then those the tool derives from them (listed with a change, never one by itself).
CONTENT_TABLES = {"indicators": "code", "municipalities": "code", "monitors": "monitor"}
DERIVED_TABLES = {"rules": "code", "findings": "id"}
# The descriptor's descriptive fields; the rest follows from the files, the format, the
# site's address or the versions (id, version, created, published, homepage, lvvFormat …).
CONTENT_KEYS = (
    "title",
    "description",
    "licenses",
    "sources",
    "contributors",
    "keywords",
    "temporal",
)


@dataclass(frozen=True)
class PackageDiff:
    """The differences between the published package (``before``) and a new build.

    ``identical``: the same content (figures, tables, texts, description), though the bytes
    may differ (``same_bytes``: a package written in another format)."""

    identical: bool
    cells: tuple[CellChange, ...] = ()
    other: tuple[str, ...] = field(default_factory=tuple)
    same_bytes: bool = False

    @property
    def changed(self) -> bool:
        return not self.identical


def diff_packages(before_dir: Path, after_dir: Path) -> PackageDiff:
    """Compare two builds of one release's package."""
    if package_files(before_dir) == package_files(after_dir):
        return PackageDiff(identical=True, same_bytes=True)
    before = read_package(before_dir, validate=False)
    after = read_package(after_dir, validate=False)
    other = _tables_changes(before, after, CONTENT_TABLES)
    if before.texts is not None and after.texts is not None:  # format 1: recorded later
        other.extend(text_changes(before.texts, after.texts))
    other.extend(_descriptor_changes(before.descriptor, after.descriptor))
    cells = cell_changes(before.observations, after.observations, after.municipalities)
    if not cells and not other:
        return PackageDiff(identical=True)
    other.extend(_tables_changes(before, after, DERIVED_TABLES))
    return PackageDiff(identical=False, cells=cells, other=tuple(other))


def _tables_changes(
    before: PublishedPackage, after: PublishedPackage, tables: dict[str, str]
) -> list[str]:
    out: list[str] = []
    for table, key in tables.items():
        old, new = getattr(before, table), getattr(after, table)
        if old is None or new is None:
            if (old is None) != (new is None):
                out.append(f"{table}.csv: {'toegevoegd' if new is not None else 'verwijderd'}")
            continue
        out.extend(_table_changes(f"{table}.csv", old, new, key))
    return out


def cell_changes(
    before: pd.DataFrame, after: pd.DataFrame, municipalities: pd.DataFrame
) -> tuple[CellChange, ...]:
    """Every figure that differs, was added or was removed, in the order of ``after``."""
    old, new = cells_of(before), cells_of(after)
    names = dict(zip(after["municipality_code"], after["municipality"], strict=True))
    names |= dict(zip(before["municipality_code"], before["municipality"], strict=True))
    order = list(new) + [k for k in old if k not in new]
    out = []
    for k in order:
        if k in old and k in new and old[k] == new[k]:
            continue
        change: Literal["gewijzigd", "toegevoegd", "verwijderd"] = (
            "gewijzigd" if k in old and k in new else "toegevoegd" if k in new else "verwijderd"
        )
        out.append(
            CellChange(
                monitor=k[0],
                municipality_code=k[1],
                municipality=str(names.get(k[1], k[1])),
                indicator=k[2],
                before=old.get(k),
                after=new.get(k),
                change=change,
            )
        )
    return tuple(out)


def _table_changes(name: str, old: pd.DataFrame, new: pd.DataFrame, key: str) -> list[str]:
    old_rows = {str(r[key]): r for r in old.to_dict("records")}
    new_rows = {str(r[key]): r for r in new.to_dict("records")}
    added = [k for k in new_rows if k not in old_rows]
    removed = [k for k in old_rows if k not in new_rows]
    changed = []
    # The columns both have: a column added or dropped by another format is not content.
    common = [c for c in new.columns if c in old.columns]
    for k in new_rows:
        if k in old_rows:
            columns = [c for c in common if not same_value(old_rows[k].get(c), new_rows[k].get(c))]
            if columns:
                changed.append(f"{k} ({', '.join(columns)})")
    if name == "findings.csv":  # many, and they follow from the figures: counts only
        parts = [
            f"{len(added)} erbij" if added else "",
            f"{len(removed)} vervallen" if removed else "",
            f"{len(changed)} gewijzigd" if changed else "",
        ]
        text = ", ".join(p for p in parts if p)
        return [f"{name}: bevindingen {text}"] if text else []
    out = []
    if added:
        out.append(f"{name}: {', '.join(added)} toegevoegd")
    if removed:
        out.append(f"{name}: {', '.join(removed)} verwijderd")
    if changed:
        out.append(f"{name}: {'; '.join(changed)} gewijzigd")
    return out


def same_value(a: Any, b: Any) -> bool:
    if a is None or a is pd.NA or (isinstance(a, float) and a != a):
        return b is None or b is pd.NA or (isinstance(b, float) and b != b)
    if b is None or b is pd.NA:
        return False
    return bool(a == b)


def _descriptor_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The descriptive fields that differ (a resource's title or description too)."""
    changes = [
        f"datapackage.json: {k} gewijzigd"
        for k in CONTENT_KEYS
        if json.dumps(old.get(k), sort_keys=True) != json.dumps(new.get(k), sort_keys=True)
    ]
    a = {r["name"]: r for r in old.get("resources", [])}
    b = {r["name"]: r for r in new.get("resources", [])}
    for name in sorted(set(a) & set(b)):
        for k in ("title", "description"):
            if a[name].get(k) != b[name].get(k):
                changes.append(f"datapackage.json: {k} van {name} gewijzigd")
    return changes


def next_version(version: str) -> str:
    """``15.0.0`` → ``15.1.0``: a correction raises the minor version."""
    major, minor, _ = (int(p) for p in version.split("."))
    return f"{major}.{minor + 1}.0"


def correction_record(
    previous_version: str, reason: str, diff: PackageDiff, at: dt.datetime
) -> Correction:
    """The record of a correction published at ``at`` (Amsterdam time, ``clock.py``)."""
    return Correction(
        version=next_version(previous_version),
        previous_version=previous_version,
        date=at.date(),
        published=at,
        reason=reason,
        changes=diff.cells,
        other_changes=diff.other,
    )


def describe_refusal(number: int, version: str, shown_dir: str, diff: PackageDiff) -> str:
    """The message of a refused re-release: what changed, and how to correct."""
    lines = [
        f"monitor {number} is already published (version {version}, {shown_dir}) and this "
        "release differs from it:"
    ]
    for c in diff.cells[:20]:
        before = "leeg" if c.before is None else c.before
        after = "leeg" if c.after is None else c.after
        what = {"gewijzigd": "", "toegevoegd": " (new row)", "verwijderd": " (row removed)"}
        lines.append(
            f"  {c.monitor}/{c.municipality_code}/{c.indicator} ({c.municipality}, indicator "
            f"{c.indicator}, monitor {c.monitor}): {before} → {after}{what[c.change]}"
        )
    if len(diff.cells) > 20:
        lines.append(f"  … and {len(diff.cells) - 20} more cells")
    if diff.other:
        lines.append("  Besides the figures: " + "; ".join(diff.other[:10]) + ".")
    lines.append(
        "Published figures and texts do not change silently. If this is a correction, "
        f"publish it as version {next_version(version)}:\n"
        f'  lvv-publish release {number} --correct "<why the figures or texts changed>"\n'
        f"Otherwise restore monitors/{number}/ (and the registry) to what was published."
    )
    return "\n".join(lines)


def keep_previous(published: Path, stage: Path, version: str) -> None:
    """Keep the files of the published ``version`` (and of older ones) in ``versies/``."""
    keep = stage / VERSIONS_DIR
    if (published / VERSIONS_DIR).is_dir():
        shutil.copytree(published / VERSIONS_DIR, keep)
    target = keep / version
    target.mkdir(parents=True)
    for name in package_files(published):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(published / name, target / name)


def refusal(
    yaml_path: str, number: int, blocking: tuple[Finding, ...], *, done: str = "released"
) -> str:
    """The message of a refused release (or approval, ``done``): what blocks it and how to
    fix it."""
    lines = [f"monitor {number} was not {done}: {len(blocking)} finding(s) block it."]
    unexplained = [f for f in blocking if f.rule == "revision-unexplained"]
    found = []
    for f in blocking:
        where = ", ".join(x for x in (f.municipality, f"monitor {f.monitor}") if x)
        # The file and cell, unless the message names them already (an input sheet's) or
        # the source is the figure itself (a revision's, named in the notes hint below).
        shown = f.source and f.source not in f.message and not re.match(FIGURE_PATTERN, f.source)
        place = f" ({f.source})" if shown else ""
        found.append(f"  [{f.severity}] {f.rule} ({where}): {f.message}{place}")
    lines += capped(found, f": `lvv-publish validate {number}` lists them all.")
    if unexplained:
        keys = ", ".join(f.source or "" for f in unexplained)
        lines.append(
            f"Revised figures need a note in {yaml_path} under notes, e.g.\n"
            f"  notes:\n  - text: <why these figures changed>\n    covers: [{keys}]"
        )
    elif len(blocking) <= LISTED:
        lines.append(f"Run `lvv-publish validate {number}` for the full report.")
    return "\n".join(lines)
