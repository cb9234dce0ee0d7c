"""Write a release's data package: its CSV files and ``datapackage.json``.

Every CSV is UTF-8 with a comma, an empty cell for unknown and ``true``/``false``; text a
spreadsheet would run as a formula is refused (``cellsafety.py``). The same release gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ..models import Correction
from ..sources import ReleaseData, enforce_schema
from .cellsafety import refuse_formula_like
from .descriptor import package_descriptor
from .tables import finding_table, indicator_table, monitor_table, municipality_table, rule_table
from .texts import TEXTS_FILE, texts_bytes, texts_of, texts_reference


def csv_bytes(
    frame: pd.DataFrame, where: str = "a CSV file", *, header: bool = True, rows_before: int = 0
) -> bytes:
    """A table as the package writes it: UTF-8, comma, empty for unknown, true/false.

    Text a spreadsheet would run as a formula is refused (``cellsafety.py``). A file written
    in parts: ``header`` only for the first, ``rows_before`` the rows of the parts before
    it (for the row an error names).
    """
    refuse_formula_like(frame, where, rows_before)
    out = frame.copy()
    for name in out.columns:
        if str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
        elif str(out[name].dtype) == "Float64":
            # whole numbers as 256, not 256.0; fractions as written (77.4)
            out[name] = out[name].map(_number_text, na_action="ignore").astype("string")
    text = out.to_csv(index=False, header=header, na_rep="", lineterminator="\n")
    return text.encode("utf-8")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_package(
    release: ReleaseData,
    out_dir: Path,
    *,
    version: str | None = None,
    corrections: tuple[Correction, ...] = (),
    published: dt.datetime | None = None,
) -> Path:
    """Write ``datapackage.json``, its CSV files and the published texts (``texts.json``)
    into ``out_dir`` (which must be empty).

    ``version`` is the package version (default ``N.0.0``); ``corrections`` the history of
    corrections of this release, oldest first, and ``published`` when the release was first
    published, recorded in the descriptor.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    observations = enforce_schema(release.observations)
    tables = {
        "observations": csv_bytes(observations, "observations.csv"),
        "indicators": csv_bytes(indicator_table(release.registry), "indicators.csv"),
        "municipalities": csv_bytes(
            municipality_table(release.registry, tuple(p.monitor for p in release.monitor.periods)),
            "municipalities.csv",
        ),
        "monitors": csv_bytes(monitor_table(release), "monitors.csv"),
    }
    if release.rulebook is not None:
        tables["rules"] = csv_bytes(rule_table(release.rulebook, release.findings), "rules.csv")
        tables["findings"] = csv_bytes(finding_table(release.findings), "findings.csv")
    for name, data in tables.items():
        (out_dir / f"{name}.csv").write_bytes(data)
    texts = texts_bytes(texts_of(release.monitor))
    (out_dir / TEXTS_FILE).write_bytes(texts)
    descriptor = package_descriptor(
        release,
        tables,
        version=version,
        corrections=corrections,
        published=published,
        texts=texts_reference(texts),
    )
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
