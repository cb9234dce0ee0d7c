"""The bundled project as the benchmarks start from it: monitors, registry, and the published
packages of 13 and 14 with their validation record, so that 15 is the release measured."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_bundled(root: Path) -> Path:
    """Copy the bundled project into ``root`` (13 and 14 published, 15 not yet)."""
    shutil.copytree(ROOT / "monitors", root / "monitors")
    shutil.copytree(ROOT / "registry", root / "registry")
    (root / "datapackage").mkdir()
    for n in (13, 14):
        shutil.copytree(ROOT / "datapackage" / str(n), root / "datapackage" / str(n))
    # Without the record of what was validated, every read of 13 and 14 would validate them
    # again with frictionless, which a real project does not do (lvv_publish/package/ledger.py).
    ledger = ROOT / "datapackage" / "validated.sha256"
    if ledger.is_file():
        shutil.copy2(ledger, root / "datapackage" / ledger.name)
    return root
