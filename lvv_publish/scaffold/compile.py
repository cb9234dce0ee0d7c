"""``lvv-publish compile``: the Totaaloverzicht of a monitor, written from its input sheets.

The monitor's own period as the municipalities delivered it (unknown stays unknown), the
earlier periods as last published, the overrides of ``monitor.yaml`` on top
(``sources.compiled_cells``). Refuses, writing nothing, while a sheet has a problem or a
municipality has not delivered (all of them listed), and when a figure of the table was
typed in by hand since the last compile (``sources.table_state``, the same comparison
``validate`` makes): that is kept only as a recorded override, or put back with
``--discard-edits``. A table that is missing, or that cannot be read and whose edits are to
be discarded, is made anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checks import Context, delivery_findings, load_rulebook
from ..errors import LvvError, SourceError, capped
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
    load_monitor,
    load_release,
    monitor_dir,
    read_input_sheets,
    table_state,
)
from .new import workbook_stamp
from .workbooks import totaaloverzicht_workbook


@dataclass(frozen=True)
class Compiled:
    """What ``compile_monitor`` did: the table (``shown``: as messages name it) it wrote or
    found up to date, the figures of the monitor's own period (``known`` of ``figures``),
    the figures it ``changed``, the overrides applied and the hand edits it put back."""

    path: Path
    shown: str
    written: bool
    figures: int
    known: int
    changed: int
    overrides: int
    discarded: tuple[str, ...]


def _listed(head: str, items: list[str], tail: str = "") -> LvvError:
    lines = [head, *capped([f"  - {i}" for i in items])]
    return LvvError("\n".join(lines) + (f"\n{tail}" if tail else ""))


def _table_data(project: Project, number: int, discard_edits: bool) -> tuple[ReleaseData, bool]:
    """The release's inputs with the table as it is; without it (and True: made anew) when
    it is missing, or unreadable and ``discard_edits``."""
    meta = load_monitor(project.monitors, number)
    path = monitor_dir(project.monitors, number) / meta.totaaloverzicht
    try:
        return load_release(project, number), False
    except SourceError as exc:
        if exc.file != project.rel(path) or (path.exists() and not discard_edits):
            raise
    return load_release(project, number, table=False), True


@locked
def compile_monitor(project: Project, number: int, *, discard_edits: bool = False) -> Compiled:
    """Write ``monitors/N/totaaloverzicht.xlsx`` from the input sheets of monitor ``N``."""
    data, anew = _table_data(project, number, discard_edits)
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
        raise _listed(
            f"monitor {number} was not compiled: {len(problems)} problem(s) in its input "
            "sheets; nothing was written.",
            [f.message for f in problems],
        )
    path = folder / meta.totaaloverzicht
    current = cells_of(data.observations)
    plain = compiled_cells(meta, data.registry, sheets, published, overrides=False)
    state = table_state(meta, current, expected, plain, data.compile_record)
    edits = [] if anew else [_edit(data, key, current, expected) for key in state.edited]
    changed = sum(1 for k, v in expected.items() if current.get(k) != v)
    # A record that no longer matches (an override since) is written again too.
    stale_record = data.compile_record != {k: v for k, v in expected.items()}
    if meta.status == "approved" and (changed or edits):
        raise LvvError(
            f"{shown}: monitor {number} is approved; its Totaaloverzicht is the approved "
            f"table. {changed} figure(s) would change: set status: draft and approval: null "
            "to compile it again, then approve it again."
        )
    if edits and not discard_edits:
        raise _listed(
            f"{project.rel(path)}: {len(edits)} figure(s) were typed in by hand since the last "
            "compile; nothing was written.",
            edits,
            f"Record each one that is meant under overrides in {shown} (figure, value, "
            f"reason, by), or run `lvv-publish compile {number} --discard-edits` to put back "
            "the compiled figures.",
        )
    written = changed > 0 or (stale_record and meta.status != "approved")
    if written:
        _write(path, meta, data, expected)
    own = [v for k, v in expected.items() if k[0] == number]
    return Compiled(
        path=path,
        shown=project.rel(path),
        written=written,
        figures=len(own),
        known=sum(v is not None for v in own),
        changed=changed,
        overrides=len(meta.overrides),
        discarded=tuple(edits) if discard_edits else (),
    )


def _edit(data: ReleaseData, key: tuple[int, str, str], current: Cells, expected: Cells) -> str:
    place = data.places.get(key, "/".join(map(str, key)))
    return (
        f"{place} ({key[0]}/{key[1]}/{key[2]}): {_shown(current.get(key))} in the table, "
        f"{_shown(expected[key])} compiled"
    )


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
