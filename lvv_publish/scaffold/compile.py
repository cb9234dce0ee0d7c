"""``lvv-publish compile``: the Totaaloverzicht of a monitor, written from its input sheets.

The monitor's own period as the municipalities delivered it (unknown stays unknown), the
earlier periods as last published, the overrides of ``monitor.yaml`` on top
(``sources.compiled_cells``). Refuses, writing nothing, while a sheet has a problem or a
municipality has not delivered (all of them listed), and when a figure of the table was
typed in by hand since the last compile: that is kept only as a recorded override, or put
back with ``--discard-edits``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checks import Context, delivery_findings, load_rulebook
from ..errors import LvvError
from ..models import MonitorMeta
from ..package import base_cells
from ..publish import locked
from ..site import deterministic_xlsx
from ..sources import (
    Cells,
    Project,
    ReleaseData,
    cells_of,
    compiled_cells,
    load_release,
    monitor_dir,
    read_input_sheets,
)
from .new import workbook_stamp
from .workbooks import totaaloverzicht_workbook


@dataclass(frozen=True)
class Compiled:
    """What ``compile_monitor`` did: the table it wrote (or found up to date), the figures
    of the monitor's own period (``known`` of ``figures``), the cells it ``changed``, the
    overrides applied and the hand edits it put back."""

    path: Path
    written: bool
    figures: int
    known: int
    changed: int
    overrides: int
    discarded: tuple[str, ...]


@locked
def compile_monitor(project: Project, number: int, *, discard_edits: bool = False) -> Compiled:
    """Write ``monitors/N/totaaloverzicht.xlsx`` from the input sheets of monitor ``N``."""
    data = load_release(project, number)
    meta = data.monitor
    folder = monitor_dir(project.monitors, number)
    shown = project.rel(folder / "monitor.yaml")
    if not meta.compiled:
        raise LvvError(
            f"{shown}: the Totaaloverzicht of monitor {number} is transcribed (compiled: "
            "false); compiling would replace it. Set compiled: true to derive it from the "
            "input sheets."
        )
    sheets = read_input_sheets(project, data)
    published, _ = base_cells(project, number, tuple(p.monitor for p in meta.periods))
    expected = compiled_cells(meta, data.registry, sheets, published)
    ctx = Context(data.registry, load_rulebook(), expected, (number,))
    problems = [f for f in delivery_findings(ctx, meta, sheets, shown) if f.severity == "error"]
    if problems:
        raise LvvError(
            f"monitor {number} was not compiled: {len(problems)} problem(s) in its input "
            "sheets; nothing was written.\n" + "\n".join(f"  - {f.message}" for f in problems)
        )
    path = folder / meta.totaaloverzicht
    current = cells_of(data.observations)
    edits = hand_edits(data, current, expected)
    if edits and not discard_edits:
        raise LvvError(
            f"{project.rel(path)}: {len(edits)} figure(s) were typed in by hand since the last "
            "compile; nothing was written.\n"
            + "\n".join(f"  - {e}" for e in edits)
            + f"\nRecord each one that is meant under overrides in {shown} (figure, value, "
            f"reason, by), or run `lvv-publish compile {number} --discard-edits` to put back "
            "the compiled figures."
        )
    own = [v for k, v in expected.items() if k[0] == number]
    changed = sum(1 for k, v in expected.items() if current.get(k) != v)
    written = changed > 0
    if written:
        if meta.status == "approved":
            raise LvvError(
                f"{shown}: monitor {number} is approved; its Totaaloverzicht is the approved "
                f"table. {changed} figure(s) would change: set status: draft and approval: "
                "null to compile it again, then approve it again."
            )
        _write(path, meta, data, expected)
    return Compiled(
        path=path,
        written=written,
        figures=len(own),
        known=sum(v is not None for v in own),
        changed=changed,
        overrides=len(meta.overrides),
        discarded=tuple(edits) if discard_edits else (),
    )


def hand_edits(data: ReleaseData, current: Cells, expected: Cells) -> list[str]:
    """Every figure of the table that differs both from what was last written into it (the
    record; without one, the own period empty and the rest as compiled) and from what
    compiling gives now: typed in by hand."""
    record = data.compile_record
    number = data.monitor.number
    out = []
    for key, want in expected.items():
        have = current.get(key)
        if have == want:
            continue
        written = record.get(key) if record is not None else (None if key[0] == number else want)
        if have != written:
            place = data.places.get(key, "/".join(map(str, key)))
            out.append(
                f"{place} ({key[0]}/{key[1]}/{key[2]}): {_shown(have)} in the table, "
                f"{_shown(want)} compiled"
            )
    return out


def _shown(value: int | None) -> str:
    return "empty" if value is None else str(value)


def _write(path: Path, meta: MonitorMeta, data: ReleaseData, cells: Cells) -> None:
    """Written beside the table and renamed over it: a failure leaves the old table whole."""
    book = deterministic_xlsx(
        totaaloverzicht_workbook(meta, data.registry, cells), workbook_stamp(meta)
    )
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(book)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
