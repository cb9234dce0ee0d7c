"""Read a published data package back: checked first, then loaded into typed frames.

The site is built from what the package holds, never from the inputs again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import LvvError
from ..models import calendar_dates
from ..sources import enforce_schema
from .ledger import check_package, files_state
from .texts import TEXTS_FILE, package_format, read_texts


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
    # The published texts (``texts.py``); None for a package of format 1 not recorded yet.
    texts: dict[str, Any] | None = None

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
    frames are shared, so callers never modify them in place. Within ``not_kept`` a package
    read anew is not kept for later.
    """
    _descriptor_path(package_dir)  # refused before it is checked
    if validate:
        check_package(package_dir)
    descriptor = _descriptor(package_dir)
    key = package_dir.resolve()
    try:
        names = [str(r["path"]) for r in descriptor["resources"]]
        if (package_dir / TEXTS_FILE).is_file():
            names.append(TEXTS_FILE)
        state = files_state(package_dir, names)
    except OSError:
        state = ()
    cached = _packages.get(key)
    if state and cached is not None and cached[0] == state:
        return replace(cached[1], path=package_dir)
    package = _load_package(package_dir, descriptor)
    if state and _KEEP.get():
        _packages[key] = (state, package)
    return package


def _descriptor_path(package_dir: Path) -> Path:
    path = package_dir / "datapackage.json"
    if not path.is_file():
        raise LvvError(f"{path}: not found. Release the monitor first.")
    return path


def _descriptor(package_dir: Path) -> dict[str, Any]:
    return json.loads(_descriptor_path(package_dir).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# Packages read in this process (``read_package``): folder -> (its files' state, package).
_packages: dict[Path, tuple[tuple[tuple[str, int, int], ...], PublishedPackage]] = {}
_KEEP: ContextVar[bool] = ContextVar("lvv_keep_packages", default=True)


@contextmanager
def not_kept() -> Iterator[None]:
    """Packages read within this block are not kept for the process (``read_package``).

    Keeping them pays where one process builds several versions, each of which reads every
    earlier package again; a process that builds one version reads each once. At 350
    municipalities x 40 monitors the 39 earlier packages took about 130 MB there for the
    rest of the release (issue 22)."""
    token = _KEEP.set(False)
    try:
        yield
    finally:
        _KEEP.reset(token)


def read_monitors(package_dir: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """A published package's descriptor and its ``monitors`` table, not checked (as
    ``read_package(validate=False)``): for what needs to know which monitors a package holds
    and when, not its figures (the catalogue's records, the revision base), at the cost of
    one small file instead of the whole package."""
    descriptor = _descriptor(package_dir)
    package_format(descriptor, str(package_dir))
    (res,) = [r for r in descriptor["resources"] if r["name"] == "monitors"]
    return descriptor, _read_csv(package_dir / res["path"], res["schema"])


def _load_package(package_dir: Path, descriptor: dict[str, Any]) -> PublishedPackage:
    package_format(descriptor, str(package_dir))
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
        texts=read_texts(package_dir, descriptor),
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
        frame[name] = calendar_dates(frame[name])
    for name in bools:
        frame[name] = _booleans(frame[name])
    return frame


def _booleans(column: pd.Series) -> pd.Series:
    """``true``/``false`` as booleans; anything else unknown (NA). Compared whole rather than
    mapped value by value: 0.3 s less for the 40 packages of a release at 350 x 40."""
    true = (column == "true").to_numpy(dtype=bool, na_value=False)
    false = (column == "false").to_numpy(dtype=bool, na_value=False)
    mask = ~(true | false)
    return pd.Series(pd.arrays.BooleanArray(true, mask), index=column.index, name=column.name)
