"""The published texts of a release, and the format a package was written in.

A monitor publishes text as well as figures: its title, the "Wijziging t.o.v. de vorige
monitor" lines, the editor's notes, the narrative, the reasons of overrides and missing
deliveries. Published means immutable for these too, so they are kept with the package, in
``texts.json`` (the fields of ``TEXT_FIELDS`` as ``monitor.yaml`` had them): a release of a
published monitor compares ``monitor.yaml`` with it, and ``build --all`` builds a published
version's pages from it, not from a ``monitor.yaml`` edited since.

Formats (``lvvFormat`` in ``datapackage.json``; the tool reads every one it ever wrote):

1. no ``lvvFormat`` (lvv-publish 0.2 and earlier): the tables and ``datapackage.json``. The
   texts were not kept; ``texts.json`` is recorded beside such a package the first time a
   newer lvv-publish releases or builds it (from ``monitor.yaml`` as it is then), and the
   package's own files stay as they are.
2. ``texts.json`` with the package, its SHA-256 in ``datapackage.json`` (``texts``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import LvvError
from ..models import MonitorMeta

PACKAGE_FORMAT = 2
TEXTS_FILE = "texts.json"
# The fields of monitor.yaml that are published as text (and their names in messages).
TEXT_FIELDS = {
    "title": "titel",
    "changes": "wijzigingen",
    "notes": "toelichtingen",
    "narrative": "tekst uit de monitor",
    "overrides": "afwijkingen",
    "geen_levering": "geen levering",
    "reconstruction_note": "reconstructie",
}

Texts = dict[str, Any]


def package_format(descriptor: dict[str, Any], where: str) -> int:
    """The format a package was written in; a newer one than this tool knows is refused."""
    found = descriptor.get("lvvFormat", 1)
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        raise LvvError(f"{where}: lvvFormat {str(found)[:40]!r} is not a format number.")
    if found > PACKAGE_FORMAT:
        raise LvvError(
            f"{where} was written by a newer lvv-publish (package format {found}; this one "
            f"reads formats up to {PACKAGE_FORMAT}). Install the newer lvv-publish."
        )
    return found


def texts_of(meta: MonitorMeta) -> Texts:
    """The published text of a monitor, as JSON-ready values."""
    return meta.model_dump(mode="json", include=set(TEXT_FIELDS))


def texts_bytes(texts: Texts) -> bytes:
    return (json.dumps(texts, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def texts_reference(data: bytes) -> dict[str, Any]:
    """What ``datapackage.json`` says of ``texts.json``: its path, size and SHA-256."""
    return {
        "path": TEXTS_FILE,
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    }


def read_texts(package_dir: Path, descriptor: dict[str, Any]) -> Texts | None:
    """The texts kept with a package, checked against its descriptor's hash where it
    records one; None for a package of format 1 whose texts were not recorded yet."""
    path = package_dir / TEXTS_FILE
    reference = descriptor.get("texts")
    if not path.is_file():
        if reference is not None:
            raise LvvError(f"{path}: not found, but {package_dir}/datapackage.json lists it.")
        return None
    data = path.read_bytes()
    if reference is not None and texts_reference(data) != reference:
        raise LvvError(
            f"{path} is not the file that was published (its SHA-256 differs from "
            "datapackage.json). Restore it from the repository's history."
        )
    try:
        texts = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LvvError(f"{path} is not valid JSON ({exc}).") from None
    if not isinstance(texts, dict) or set(texts) - set(TEXT_FIELDS):
        raise LvvError(f"{path} holds other fields than the published texts.")
    return texts


def with_texts(meta: MonitorMeta, texts: Texts | None) -> MonitorMeta:
    """``meta`` with the texts that were published (unchanged when none were recorded)."""
    if texts is None:
        return meta
    return MonitorMeta.model_validate(meta.model_dump(mode="json") | texts)


def text_changes(before: Texts, after: Texts) -> list[str]:
    """What differs between two monitors' published texts, one line each (Dutch, as the
    correction records say it)."""
    out = []
    for field, name in TEXT_FIELDS.items():
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            changed = [
                str(i) for i in range(1, min(len(old), len(new)) + 1) if old[i - 1] != new[i - 1]
            ]
            parts = [f"nr. {', '.join(changed)} gewijzigd" if changed else ""]
            if len(new) > len(old):
                parts.append(f"{len(new) - len(old)} toegevoegd")
            if len(old) > len(new):
                parts.append(f"{len(old) - len(new)} verwijderd")
            out.append(f"{name}: " + ", ".join(p for p in parts if p))
        else:
            out.append(f"{name} gewijzigd")
    return out
