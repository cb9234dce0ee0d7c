"""Read ``monitors/<N>/monitor.yaml`` into a ``MonitorMeta``."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import SourceError
from ..models import MonitorMeta, Publication


def monitor_dir(monitors_dir: Path, number: int) -> Path:
    return monitors_dir / str(number)


def load_monitor(monitors_dir: Path, number: int) -> MonitorMeta:
    """Load and check the metadata of monitor ``number``."""
    path = monitor_dir(monitors_dir, number) / "monitor.yaml"
    if not path.is_file():
        raise SourceError(
            "file not found.",
            file=str(path),
            fix=f"Is {number} a bundled monitor? "
            f"Each monitor needs monitors/{number}/monitor.yaml.",
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourceError(f"is not valid YAML: {exc}", file=str(path)) from exc
    try:
        meta = MonitorMeta.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SourceError(f"is not a valid monitor.yaml: {problems}", file=str(path)) from exc
    if meta.number != number:
        raise SourceError(
            f"says number {meta.number}, but lies in the folder of monitor {number}.",
            file=str(path),
        )
    return meta


def released_monitors(monitors_dir: Path) -> list[int]:
    """Numbers of the monitors bundled under ``monitors_dir``, in order."""
    if not monitors_dir.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in monitors_dir.iterdir()
        if p.is_dir() and p.name.isdigit() and (p / "monitor.yaml").is_file()
    )


def load_publication(monitors_dir: Path) -> Publication:
    """Load ``monitors/publication.yaml``."""
    path = monitors_dir / "publication.yaml"
    if not path.is_file():
        raise SourceError("file not found.", file=str(path), fix="Every project needs one.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Publication.model_validate(data)
    except yaml.YAMLError as exc:
        raise SourceError(f"is not valid YAML: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        raise SourceError(f"is not valid: {exc}", file=str(path)) from exc
