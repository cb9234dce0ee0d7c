"""Published means immutable: what differs between a published package and a new build of it,
and the messages of a refused release.

``diff_packages`` compares a freshly built package of release N with the one already in
``datapackage/N/``: byte for byte, and, where they differ, cell by cell (observations) and row
by row (the other tables), so that a refused release can name what changed and a correction
can record it.
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
from ..package import VERSIONS_DIR, package_files, read_package
from ..sources import cells_of

# The key of each table besides the observations, to compare them row by row.
TABLE_KEYS = {
    "indicators": "code",
    "municipalities": "code",
    "monitors": "monitor",
    "rules": "code",
    "findings": "id",
}
# Descriptor properties that follow from the files or from the correction itself.
DERIVED = ("version", "corrections")
DERIVED_RESOURCE = ("hash", "bytes")


@dataclass(frozen=True)
class PackageDiff:
    """The differences between the published package (``before``) and a new build."""

    identical: bool
    cells: tuple[CellChange, ...] = ()
    other: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return not self.identical


def diff_packages(before_dir: Path, after_dir: Path) -> PackageDiff:
    """Compare two builds of one release's package."""
    before_files, after_files = package_files(before_dir), package_files(after_dir)
    if before_files == after_files:
        return PackageDiff(identical=True)
    before = read_package(before_dir, validate=False)
    after = read_package(after_dir, validate=False)
    other: list[str] = []
    for name in sorted(set(before_files) ^ set(after_files)):
        other.append(f"{name}: {'toegevoegd' if name in after_files else 'verwijderd'}")
    for table, key in TABLE_KEYS.items():
        old, new = getattr(before, table), getattr(after, table)
        if old is None or new is None:
            if (old is None) != (new is None):
                other.append(f"{table}.csv: {'toegevoegd' if new is not None else 'verwijderd'}")
            continue
        other.extend(_table_changes(f"{table}.csv", old, new, key))
    other.extend(_descriptor_changes(before.descriptor, after.descriptor))
    return PackageDiff(
        identical=False,
        cells=cell_changes(before.observations, after.observations, after.municipalities),
        other=tuple(other),
    )


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
    for k in new_rows:
        if k in old_rows:
            columns = [
                c for c in new.columns if not same_value(old_rows[k].get(c), new_rows[k].get(c))
            ]
            if columns:
                changed.append(f"{k} ({', '.join(columns)})")
    if list(old.columns) != list(new.columns):
        return [f"{name}: andere kolommen ({', '.join(new.columns)})"]
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
    def strip(d: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in d.items() if k not in DERIVED and k != "resources"}
        out["resources"] = {
            r["name"]: {k: v for k, v in r.items() if k not in DERIVED_RESOURCE}
            for r in d.get("resources", [])
        }
        return out

    a, b = strip(old), strip(new)
    changes = [
        f"datapackage.json: {k} gewijzigd"
        for k in sorted(set(a) | set(b))
        if k != "resources" and json.dumps(a.get(k)) != json.dumps(b.get(k))
    ]
    for name in sorted(set(a["resources"]) & set(b["resources"])):
        ra, rb = a["resources"][name], b["resources"][name]
        for k in sorted(set(ra) | set(rb)):
            if json.dumps(ra.get(k)) != json.dumps(rb.get(k)):
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
        "Published figures do not change silently. If this is a correction, publish it as "
        f"version {next_version(version)}:\n"
        f'  lvv-publish release {number} --correct "<why the figures changed>"\n'
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
