"""Read ``monitors/<N>/monitor.yaml`` into a ``MonitorMeta``."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from ..errors import SourceError, quote
from ..models import MonitorMeta, Publication, monitor_number
from .files import check_inside, load_yaml, pydantic_problems

FIELDS_FIX = "The fields of monitor.yaml are described in `lvv-publish docs data-contract`."


def monitor_dir(monitors_dir: Path, number: int) -> Path:
    return monitors_dir / str(number)


def _display(monitors_dir: Path, path: Path) -> str:
    """``monitors/15/monitor.yaml``: the path as the project names it, for messages."""
    try:
        return str(path.relative_to(monitors_dir.parent))
    except ValueError:
        return str(path)


def load_monitor(monitors_dir: Path, number: int) -> MonitorMeta:
    """Load and check the metadata of monitor ``number``."""
    path = monitor_dir(monitors_dir, number) / "monitor.yaml"
    shown = _display(monitors_dir, path)
    if not path.is_file():
        raise SourceError(
            "file not found.",
            file=shown,
            fix=f"Each monitor needs monitors/{number}/monitor.yaml "
            f"(`lvv-publish new {number}` starts one).",
        )
    check_inside(path, monitors_dir.parent, shown)
    data = load_yaml(path, shown)
    if isinstance(data.get("number"), int) and data["number"] != number:
        raise SourceError(
            f"says number {quote(data['number'])}, but lies in the folder of monitor {number}.",
            file=shown,
            fix=f"Correct number, or move the file to monitors/{data['number']}/.",
        )
    try:
        meta = MonitorMeta.model_validate(data)
    except ValidationError as exc:
        raise SourceError(
            f"is not a valid monitor.yaml: {pydantic_problems(exc)}.", file=shown, fix=FIELDS_FIX
        ) from None
    for what, rel in (
        ("totaaloverzicht", meta.totaaloverzicht),
        *(("input sheet", p) for p in meta.input_sheets.values()),
    ):
        pure = PurePosixPath(rel.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or ":" in rel:
            raise SourceError(
                f"{what} {quote(rel)} points outside the monitor's folder.",
                file=shown,
                fix=f"Put the file in monitors/{number}/ and name it relative to that folder.",
            )
    return meta


def released_monitors(monitors_dir: Path) -> list[int]:
    """Numbers of the monitors bundled under ``monitors_dir``, in order."""
    if not monitors_dir.is_dir():
        return []
    return sorted(
        n
        for p in monitors_dir.iterdir()
        if (n := monitor_number(p.name)) is not None
        and p.is_dir()
        and (p / "monitor.yaml").is_file()
    )


def load_publication(monitors_dir: Path) -> Publication:
    """Load ``monitors/publication.yaml``."""
    path = monitors_dir / "publication.yaml"
    shown = _display(monitors_dir, path)
    if not path.is_file():
        raise SourceError("file not found.", file=shown, fix="Every project needs one.")
    check_inside(path, monitors_dir.parent, shown)
    data = load_yaml(path, shown)
    try:
        return Publication.model_validate(data)
    except ValidationError as exc:
        raise SourceError(
            f"is not valid: {pydantic_problems(exc)}.",
            file=shown,
            fix="The fields are described in the comments of the bundled publication.yaml.",
        ) from None
