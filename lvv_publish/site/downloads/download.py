"""One file of a downloads folder, and the folder's ``SHA256SUMS`` (``sha256sum``'s format)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SUMS_NAME = "SHA256SUMS"


@dataclass(frozen=True)
class Download:
    """One file of the downloads folder: its path there, its bytes and what it holds."""

    path: str
    data: bytes
    group: str
    description: str


def sums_of(files: list[Download]) -> Download:
    """The ``SHA256SUMS`` of a downloads folder holding ``files``."""
    return Download(
        SUMS_NAME,
        sha256sums(files),
        "package",
        "SHA-256 van elk ander bestand in deze map, in het formaat van sha256sum.",
    )


def sha256sums(files: list[Download]) -> bytes:
    """``sha256sum``'s own format: ``<hex>  <path>``, one line per file, sorted by path."""
    lines = [f"{hashlib.sha256(f.data).hexdigest()}  {f.path}\n" for f in files]
    return "".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])).encode("utf-8")
