"""Write and read the Frictionless Data Package of a release (``datapackage/<N>/``).

Every Table Schema here is generated from ``Column`` definitions: the observations columns
come from ``tidy.OBSERVATION_COLUMNS``, the others are defined below next to the code that
fills them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .cellsafety import refuse_formula_like
from .errors import LvvError
from .fdvalidate import validate_package
from .ledger import check_package, files_state
from .models import (
    Column,
    Correction,
    Finding,
    Registry,
    Rulebook,
    table_schema,
)
from .sources import ReleaseData, enforce_schema

PROFILE = "tabular-data-package"

OBSERVATIONS_SCHEMA = table_schema("observations").table_schema()
INDICATORS_SCHEMA = table_schema("indicators").table_schema()
MUNICIPALITIES_SCHEMA = table_schema("municipalities").table_schema()
MONITORS_SCHEMA = table_schema("monitors").table_schema()
RULES_SCHEMA = table_schema("rules").table_schema()
FINDINGS_SCHEMA = table_schema("findings").table_schema()
INDICATOR_COLUMNS = table_schema("indicators").fields
MUNICIPALITY_COLUMNS = table_schema("municipalities").fields
MONITOR_COLUMNS = table_schema("monitors").fields
RULE_COLUMNS = table_schema("rules").fields
FINDING_COLUMNS = table_schema("findings").fields


def indicator_table(registry: Registry) -> pd.DataFrame:
    rows = [
        {
            "code": i.code,
            "name": i.name,
            "kind": i.kind,
            "kind_note": i.kind_note,
            "parent": i.parent,
            "children_add_up": i.children_add_up,
            "sum_of": "; ".join(i.sum_of) or None,
            "unit": i.unit,
            "unit_note": i.unit_note,
            "definition": i.definition,
            "definition_note": i.definition_note,
            "label_variants": " | ".join(i.label_variants) or None,
        }
        for i in registry.indicators
    ]
    return _typed(
        pd.DataFrame(rows, columns=[c.name for c in INDICATOR_COLUMNS]), INDICATOR_COLUMNS
    )


def municipality_table(registry: Registry, monitors: tuple[int, ...]) -> pd.DataFrame:
    """The municipalities that are part of the LVV in any of ``monitors``.

    ``last_monitor`` is written only when it lies before the release's own monitor (the
    departure had happened): a release records what was known when it was made, so that
    registering a departure later does not change an earlier release's package.
    """
    newest = max(monitors)
    rows = []
    for m in registry.municipalities:
        if not any(m.active_in(n) for n in monitors):
            continue
        row = m.model_dump()
        if m.last_monitor is not None and m.last_monitor >= newest:
            row["last_monitor"] = None
        rows.append(row)
    return _typed(
        pd.DataFrame(rows, columns=[c.name for c in MUNICIPALITY_COLUMNS]), MUNICIPALITY_COLUMNS
    )


def monitor_table(release: ReleaseData) -> pd.DataFrame:
    rows = []
    for p in release.monitor.periods:
        own = release.carried.get(p.monitor)
        rows.append(
            {
                "monitor": p.monitor,
                "label": p.label,
                "title": own.title if own else None,
                "period_start": p.start,
                "period_end": p.end,
                "peildatum": p.peildatum,
            }
        )
    return _typed(pd.DataFrame(rows, columns=[c.name for c in MONITOR_COLUMNS]), MONITOR_COLUMNS)


def rule_table(rulebook: Rulebook) -> pd.DataFrame:
    rows = [r.model_dump() for r in rulebook.rules]
    return _typed(pd.DataFrame(rows, columns=[c.name for c in RULE_COLUMNS]), RULE_COLUMNS)


def finding_table(findings: tuple[Finding, ...]) -> pd.DataFrame:
    rows = [
        {
            "id": f.id,
            "rule": f.rule,
            "check": f.check,
            "severity": f.severity,
            "monitor": f.monitor,
            "municipality_code": f.municipality_code,
            "municipality": f.municipality,
            "indicators": "; ".join(f.indicators) or None,
            "left_expression": f.left_expression,
            "left_value": f.left_value,
            "right_expression": f.right_expression,
            "right_value": f.right_value,
            "message": f.message,
            "source": f.source,
        }
        for f in findings
    ]
    return _typed(pd.DataFrame(rows, columns=[c.name for c in FINDING_COLUMNS]), FINDING_COLUMNS)


def _typed(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    out = frame.copy()
    for c in columns:
        out[c.name] = c.cast(out[c.name])
    return out


def csv_bytes(frame: pd.DataFrame, where: str = "a CSV file") -> bytes:
    """A table as the package writes it: UTF-8, comma, empty for unknown, true/false.

    Text a spreadsheet would run as a formula is refused (``cellsafety.py``).
    """
    refuse_formula_like(frame, where)
    out = frame.copy()
    for name in out.columns:
        if str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
        elif str(out[name].dtype) == "Float64":
            # whole numbers as 256, not 256.0; fractions as written (77.4)
            out[name] = out[name].map(_number_text, na_action="ignore").astype("string")
    text = out.to_csv(index=False, na_rep="", lineterminator="\n")
    return text.encode("utf-8")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _resource(
    name: str,
    title: tuple[str, str],
    description: tuple[str, str],
    data: bytes,
    schema: dict[str, Any],
) -> dict[str, Any]:
    """A resource; ``title`` and ``description`` are (Dutch, English)."""
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": title[0],
        "description": description[0],
        "en": {"title": title[1], "description": description[1]},
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "schema": schema,
    }


def package_descriptor(
    release: ReleaseData,
    tables: dict[str, bytes],
    *,
    version: str | None = None,
    corrections: tuple[Correction, ...] = (),
) -> dict[str, Any]:
    """The ``datapackage.json`` of a release, as a dict (written with sorted-free stable order)."""
    meta = release.monitor
    pub = release.publication
    if meta.approval is None:
        raise LvvError(f"monitor {meta.number} has no approval; it cannot be packaged.")
    created = dt.datetime.combine(meta.approval.date, dt.time(0, 0), tzinfo=dt.UTC)
    carried = ", ".join(str(p.monitor) for p in meta.periods)
    n = meta.number
    resources = [
        _resource(
            "observations",
            ("Observaties", "Observations"),
            (
                f"Alle cijfers die monitor {n} bevat (monitors {carried}): één rij per monitor, "
                "gemeente en indicator. Een leeg vak betekent onbekend, nooit nul.",
                f"Every figure monitor {n} carries (monitors {carried}): one row per monitor, "
                "municipality and indicator. An empty value means unknown, never zero.",
            ),
            tables["observations"],
            OBSERVATIONS_SCHEMA,
        ),
        _resource(
            "indicators",
            ("Indicatoren", "Indicators"),
            (
                "De indicatoren met hun soort, samenhang en definitie: het register zoals deze "
                "uitgave het gebruikt.",
                "The indicators with their kind, hierarchy and definition: the registry as this "
                "release used it.",
            ),
            tables["indicators"],
            INDICATORS_SCHEMA,
        ),
        _resource(
            "municipalities",
            ("Gemeenten", "Municipalities"),
            (
                "De gemeenten met een LVV-locatie of satellietlocatie in de monitors van deze "
                "uitgave, met hun CBS-code.",
                "The municipalities with an LVV location or satellite location in the monitors "
                "of this release, with their CBS codes.",
            ),
            tables["municipalities"],
            MUNICIPALITIES_SCHEMA,
        ),
        _resource(
            "monitors",
            ("Monitors", "Monitors"),
            (
                f"De periodes (monitors) die monitor {n} bevat.",
                f"The periods (monitors) that monitor {n} carries.",
            ),
            tables["monitors"],
            MONITORS_SCHEMA,
        ),
    ]
    if "rules" in tables:
        resources.append(
            _resource(
                "rules",
                ("Regels", "Rules"),
                (
                    "De controles van lvv-publish, met hun code en betekenis.",
                    "The consistency rules lvv-publish checks, with their codes and meaning.",
                ),
                tables["rules"],
                RULES_SCHEMA,
            )
        )
        resources.append(
            _resource(
                "findings",
                ("Bevindingen", "Findings"),
                (
                    "Wat de controles in deze monitor vonden: datakwaliteitsnotities (warning), "
                    "regels die niet te controleren waren omdat een cijfer onbekend is (info), "
                    "en herzieningen van eerdere cijfers. Gepubliceerd, niet verborgen.",
                    "What the checks found in this monitor: data-quality notes (warnings), "
                    "rules that could not be checked because a figure is unknown (info), and "
                    "revisions of earlier figures. Published, not hidden.",
                ),
                tables["findings"],
                FINDINGS_SCHEMA,
            )
        )
    descriptor: dict[str, Any] = {
        "profile": PROFILE,
        "id": package_id(pub.name, n),
        "name": f"{pub.name}-{n}",
        "title": f"{meta.title} (monitor {n})",
        "description": pub.description,
        "version": version or f"{n}.0.0",
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if pub.site_url:
        descriptor["homepage"] = f"{pub.site_url.rstrip('/')}/{n}/"
    source: dict[str, str] = {"title": meta.source.title}
    if meta.source.url:
        source["path"] = meta.source.url
    descriptor |= {
        # Not in the Data Package spec: the period the figures cover (cumulatief figures count
        # from the pilot start), like DCAT's dct:temporal.
        "temporal": {"start": meta.periods[0].start.isoformat(), "end": meta.peildatum.isoformat()},
        "licenses": [pub.license.model_dump()],
        "sources": [source],
        "contributors": [c.model_dump() for c in pub.contributors],
        "keywords": list(pub.keywords),
        "resources": resources,
    }
    if release.revision_base:
        # Not in the spec: which published version of each earlier monitor's figures this
        # release was checked against (its `revised` flags are relative to these).
        descriptor["revisionBase"] = {str(m): v for m, v in sorted(release.revision_base.items())}
    if corrections:
        descriptor["corrections"] = [c.model_dump(mode="json") for c in corrections]
    return descriptor


def package_id(publication: str, number: int) -> str:
    """A stable, globally unique id for release ``number`` (the same for its corrections)."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"urn:lvv-publish:{publication}:{number}")
    )


def write_package(
    release: ReleaseData,
    out_dir: Path,
    *,
    version: str | None = None,
    corrections: tuple[Correction, ...] = (),
) -> Path:
    """Write ``datapackage.json`` and its CSV files into ``out_dir`` (which must be empty).

    ``version`` is the package version (default ``N.0.0``); ``corrections`` the history of
    corrections of this release, oldest first, recorded in the descriptor.
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
        tables["rules"] = csv_bytes(rule_table(release.rulebook), "rules.csv")
        tables["findings"] = csv_bytes(finding_table(release.findings), "findings.csv")
    for name, data in tables.items():
        (out_dir / f"{name}.csv").write_bytes(data)
    descriptor = package_descriptor(release, tables, version=version, corrections=corrections)
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


class BackgroundValidation:
    """``validate_package`` in a process of its own, started as soon as a package is written,
    so that frictionless validates it on a second core while the site is built (a tenth of a
    release on the bundled monitor, issue 11). ``errors()`` waits for the result; on a
    machine with one core it validates right there instead.

    A plain child process (``python -m lvv_publish.fdvalidate``) rather than a worker pool:
    it validates once and exits, also when this process is killed half-way, and it holds
    none of this process's files or pipes.
    """

    def __init__(self, descriptor_path: Path) -> None:
        self.path = descriptor_path
        self._proc: subprocess.Popen[bytes] | None = None
        if (os.cpu_count() or 1) > 1:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "lvv_publish.fdvalidate", str(descriptor_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )

    def errors(self) -> list[str]:
        """The validator's error lines (none: valid); waits for the child process."""
        if self._proc is None:
            return validate_package(self.path)
        out, err = self._proc.communicate()
        if self._proc.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise LvvError(
                f"the frictionless validation of {self.path} stopped (exit "
                f"{self._proc.returncode}): {detail[0]}"
            )
        return [str(line) for line in json.loads(out)]

    def cancel(self) -> None:
        """Stop it: the package is not published."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()


@dataclass(frozen=True)
class PublishedPackage:
    """A release as its data package holds it; what the site is built from."""

    path: Path
    descriptor: dict[str, Any]
    observations: pd.DataFrame
    indicators: pd.DataFrame
    municipalities: pd.DataFrame
    monitors: pd.DataFrame
    rules: pd.DataFrame | None
    findings: pd.DataFrame | None

    @property
    def number(self) -> int:
        return int(self.descriptor["version"].split(".")[0])


def read_package(package_dir: Path, *, validate: bool = True) -> PublishedPackage:
    """Read ``datapackage/<N>/``: check it first, then load typed frames.

    The check comes first because ``Resource.to_pandas()`` and friends would silently turn
    a bad cell into NA. A package recorded as validated when it was published is checked by
    its SHA-256 hashes, any other one validated with frictionless (``ledger.py``).
    ``validate=False`` is for a package this process has just written and validated.
    A package read before in this process, with unchanged files, is not read again: its
    frames are shared, so callers never modify them in place.
    """
    descriptor_path = package_dir / "datapackage.json"
    if not descriptor_path.is_file():
        raise LvvError(f"{descriptor_path}: not found. Release the monitor first.")
    if validate:
        check_package(package_dir)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    key = package_dir.resolve()
    try:
        state = files_state(package_dir, [str(r["path"]) for r in descriptor["resources"]])
    except OSError:
        state = ()
    cached = _packages.get(key)
    if state and cached is not None and cached[0] == state:
        return replace(cached[1], path=package_dir)
    package = _load_package(package_dir, descriptor)
    if state:
        _packages[key] = (state, package)
    return package


# Packages read in this process (``read_package``): folder -> (its files' state, package).
_packages: dict[Path, tuple[tuple[tuple[str, int, int], ...], PublishedPackage]] = {}


def _load_package(package_dir: Path, descriptor: dict[str, Any]) -> PublishedPackage:
    frames = {}
    for res in descriptor["resources"]:
        frames[res["name"]] = _read_csv(package_dir / res["path"], res["schema"])
    observations = frames["observations"]
    # Packages published before revision flags existed carry no such columns: nothing in
    # them was flagged as revised.
    if "revised" not in observations.columns:
        observations = observations.assign(revised=False, published_value=pd.NA)
    municipalities = frames["municipalities"]
    # Packages from before first_monitor/last_monitor: every municipality took part throughout.
    for name in ("first_monitor", "last_monitor"):
        if name not in municipalities.columns:
            municipalities = municipalities.assign(
                **{name: pd.array([pd.NA] * len(municipalities), dtype="Int64")}
            )
    return PublishedPackage(
        path=package_dir,
        descriptor=descriptor,
        observations=enforce_schema(observations, where=str(package_dir)),
        indicators=frames["indicators"],
        municipalities=municipalities,
        monitors=frames["monitors"],
        rules=frames.get("rules"),
        findings=frames.get("findings"),
    )


def _read_csv(path: Path, schema: dict[str, Any]) -> pd.DataFrame:
    dtypes: dict[str, str] = {}
    dates: list[str] = []
    bools: list[str] = []
    for f in schema["fields"]:
        if f["type"] == "integer":
            dtypes[f["name"]] = "Int64"
        elif f["type"] == "date":
            dates.append(f["name"])
            dtypes[f["name"]] = "string"
        elif f["type"] == "boolean":
            bools.append(f["name"])
            dtypes[f["name"]] = "string"
        elif f["type"] == "number":
            dtypes[f["name"]] = "Float64"
        else:
            dtypes[f["name"]] = "string"
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for name in dates:
        frame[name] = pd.to_datetime(frame[name]).dt.date
    for name in bools:
        frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
    return frame
