"""Helpers for tests that play the quarterly cycle: register a newcomer, return the input
sheets (`deliver`), record an override, take back an approval, edit the Totaaloverzicht.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml
from openpyxl import load_workbook

from lvv_publish.models import slug

NEWCOMER = {
    "code": "GM0268",
    "name": "Nijmegen",
    "role": "lvv-locatie",
    "location": "GM0268",
    "capacity_included_in": None,
    "note": None,
    "first_monitor": 16,
}
# Monitor 16 figures of the newcomer: a new location with its first ten trajecten.
NEWCOMER_FIGURES = {"1": 40, "2": 10, "2.1": 10, "2.2": 10, "3": 2, "4": 6, "5": 4, "5.3": 4}


def edit_municipalities(root: Path, edit: Callable[[list[dict]], None]) -> None:
    """Edit the list in the project's ``registry/municipalities.yaml``."""
    path = root / "registry/municipalities.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["municipalities"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def register_newcomer(root: Path) -> None:
    """Add a seventh municipality that joins the LVV in monitor 16 to the project's registry."""
    edit_municipalities(root, lambda muns: muns.append(dict(NEWCOMER)))


def leaves_after(root: Path, code: str, monitor: int) -> None:
    """Register that municipality ``code`` is no longer part of the LVV after ``monitor``."""
    edit_municipalities(
        root, lambda muns: next(m for m in muns if m["code"] == code).update(last_monitor=monitor)
    )


def _columns(ws) -> dict[int, tuple[str, int]]:
    out, municipality = {}, None
    for c in range(2, ws.max_column + 1):
        municipality = ws.cell(1, c).value or municipality
        out[c] = (str(municipality), int(str(ws.cell(2, c).value).split(" ")[0]))
    return out


def _code(ws, r: int) -> str:
    return str(ws.cell(r, 1).value).split(" ")[0].rstrip(".")


def set_cell(path: Path, municipality: str, monitor: int, code: str, value: int | None) -> None:
    """Change one figure of a Totaaloverzicht workbook (a revision of an earlier monitor)."""
    wb = load_workbook(path)
    ws = wb["Totaaloverzicht"]
    column = next(c for c, key in _columns(ws).items() if key == (municipality, monitor))
    row = next(r for r in range(3, ws.max_row + 1) if _code(ws, r) == code)
    ws.cell(row, column).value = value
    wb.save(path)


def repeat_with_newcomer(municipality: str, code: str, previous: int | None) -> int | None:
    """Monitor 16 repeats monitor 15; the newcomer, which has no monitor 15, gets its own."""
    if municipality == NEWCOMER["name"]:
        return NEWCOMER_FIGURES.get(code, 0)
    return previous


def fill_input_sheet(path: Path, value: Callable[[str, int | None], object]) -> None:
    """Fill in a municipality's input sheet as ``new`` wrote it: ``value(code, previous)``
    gives what the municipality types for indicator ``code`` (``previous``: the previous
    monitor's figure the sheet shows, None without one); None leaves the cell empty."""
    wb = load_workbook(path)
    ws = wb.active
    headers = [str(c.value or "") for c in ws[1]]
    col = next(i for i, h in enumerate(headers, 1) if h.startswith("Invoer t/m"))
    before = next((i for i, h in enumerate(headers, 1) if h.startswith("Vorige")), None)
    for r in range(2, ws.max_row + 1):
        label = next(ws.cell(r, c).value for c in range(1, col) if ws.cell(r, c).value)
        previous = ws.cell(r, before).value if before else None
        ws.cell(r, col).value = value(str(label).split(" ")[0].rstrip("."), previous)
    wb.save(path)


def first_quarter(code: str, previous: int | None) -> int:
    """Figures that add up: ten places per location, nothing else yet."""
    return 10 if code == "1" else 0


def deliver(root: Path, monitor: int, value: Callable[[str, str, int | None], object]) -> None:
    """Every municipality returns its input sheet of ``monitor``, filled in with
    ``value(municipality, code, previous)``; ``previous`` is the previous monitor's figure the
    sheet shows. Run `lvv-publish compile` afterwards, as the office does."""
    names = {
        slug(m["name"]): m["name"]
        for m in yaml.safe_load((root / "registry/municipalities.yaml").read_text())[
            "municipalities"
        ]
    }
    for path in sorted((root / f"monitors/{monitor}/invoer").glob("*.xlsx")):
        name = names[path.stem]
        fill_input_sheet(path, lambda code, previous, name=name: value(name, code, previous))


def _add_to_list(root: Path, monitor: int, key: str, entry: dict) -> None:
    """Add ``entry`` to the list ``key`` (``overrides``, ``notes``, …) of monitor.yaml, as the
    office types it; the comments stay."""
    path = root / f"monitors/{monitor}/monitor.yaml"
    item = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"^{key}:(?: \[\])?\n", lambda _: f"{key}:\n{item}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def override(
    root: Path,
    monitor: int,
    figure: str,
    value: int | None,
    reason: str,
    by: str = "Programmabureau LVV",
) -> None:
    """Record in monitor ``monitor``'s monitor.yaml that ``figure`` is ``value`` (a revision
    of an earlier monitor, or a figure that differs from its sheet). Compile afterwards."""
    _add_to_list(
        root, monitor, "overrides", {"figure": figure, "value": value, "reason": reason, "by": by}
    )


def no_delivery(root: Path, monitor: int, municipality: str, reason: str) -> None:
    """Record under geen_levering that ``municipality`` (a CBS code) delivered nothing."""
    _add_to_list(root, monitor, "geen_levering", {"municipality": municipality, "reason": reason})


def note(root: Path, monitor: int, text: str, covers: list[str]) -> None:
    """An editor's note in monitor.yaml that explains the revised figures ``covers``."""
    _add_to_list(root, monitor, "notes", {"text": text, "covers": covers})


def note_the_revision_of_amsterdam_15(root: Path) -> None:
    """Explain, in monitor 16's notes, the revision of Amsterdam's indicator 2 of monitor 15."""
    note(root, 16, "Amsterdam heeft de instroom van monitor 15 gecorrigeerd.", ["15/GM0363/2"])


def reopen(root: Path, monitor: int) -> None:
    """Take back the approval of ``monitor`` (status draft, approval null), as the office does
    to compile an approved monitor again."""
    path = root / f"monitors/{monitor}/monitor.yaml"
    text = path.read_text(encoding="utf-8").replace("status: approved", "status: draft")
    path.write_text(re.sub(r"^approval:\n(?:  .*\n)+", "approval: null\n", text, flags=re.M))


def amsterdam_capacity_15_is_370(root: Path) -> None:
    """Change one published figure of monitor 15 in its own Totaaloverzicht (360 → 370)."""
    table = root / "monitors/15/totaaloverzicht.csv"
    table.write_text(
        table.read_text().replace(
            "1. Capaciteit actueel,360,360,360", "1. Capaciteit actueel,360,360,370"
        )
    )
