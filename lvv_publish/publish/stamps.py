"""Build stamps: what one version of the site was built from, so unchanged ones are kept.

``site/<N>/.lvv-build.json`` records a SHA-256 over every input of that version's build:
the descriptors of its own and every earlier data package (the descriptors hold the
resource files' hashes, so they pin every figure; earlier versions of corrected releases
included), ``monitors/<N>/monitor.yaml`` and ``monitors/publication.yaml``, the site
address, the tool itself (its version and the bytes of its code, rules and site templates)
and the versions of the libraries that shape the output (MkDocs, Material, pandas, Jinja2,
Markdown, openpyxl). ``build --all`` rebuilds a version only when that hash differs, or when
the shared asset set the version names (``assets``, ``site/assets/<set>/``) is missing. The
site-wide ``site/downloads/`` has a stamp of its own (``downloads_stamp``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, resources
from ..package import TEXTS_FILE, with_texts
from ..site import ASSETS
from ..sources import load_monitor

if TYPE_CHECKING:
    from ..sources import Project

STAMP_NAME = ".lvv-build.json"
# The libraries whose version can change a page or a download byte for byte.
LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "pandas", "jinja2",
             "openpyxl")  # fmt: skip


@cache
def tool_digest() -> str:
    """SHA-256 of the tool: its version, code, bundled data and templates, and libraries."""
    digest = hashlib.sha256(f"lvv-publish {__version__}\n".encode())
    # The whole package (lvv_publish/, two folders up) and the templates.
    for folder in (Path(__file__).resolve().parents[1], resources.templates_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(f"{path.relative_to(folder)}\n".encode())
                digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def _package_inputs(
    project: Project, upto: int, staged: dict[int, Path] | None = None
) -> dict[str, str]:
    """Digests of the descriptors of every published package up to ``upto``, earlier
    versions of corrected releases included; ``staged`` as in ``version_stamp``."""
    staged = staged or {}
    inputs: dict[str, str] = {}
    for n in sorted({*project.released_numbers(), *staged}):
        if n > upto:
            continue
        folder = staged.get(n, project.package_dir(n))
        for descriptor in [
            folder / "datapackage.json",
            *sorted((folder / "versies").glob("*/datapackage.json")),
        ]:
            inputs[f"{n}/{descriptor.relative_to(folder)}"] = _file_digest(descriptor)
    return inputs


def _monitor_digest(project: Project, number: int, staged: Path | None) -> str:
    """The monitor as its pages are built from it: ``monitor.yaml`` with the texts kept in
    the package (``build_version_into``), so an edit of a published text, which the pages
    do not show, does not make the version out of date."""
    texts = (staged or project.package_dir(number)) / TEXTS_FILE
    meta = with_texts(
        load_monitor(project.monitors, number),
        json.loads(texts.read_text(encoding="utf-8")) if texts.is_file() else None,
    )
    text = json.dumps(meta.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _stamp(version: int | str, inputs: dict[str, str]) -> dict[str, object]:
    text = json.dumps(inputs, sort_keys=True)
    return {
        "version": version,
        "lvv-publish": __version__,
        "inputs": hashlib.sha256(text.encode()).hexdigest(),
    }


def version_stamp(
    project: Project, number: int, site_url: str | None, staged: dict[int, Path] | None = None
) -> dict[str, object]:
    """The stamp ``site/<number>/`` gets when built now from the project as it is.

    ``staged``: package folders about to replace (or join) the published ones, by number.
    """
    inputs: dict[str, str] = {
        "tool": tool_digest(),
        "site_url": site_url or "",
        "monitor.yaml": _monitor_digest(project, number, (staged or {}).get(number)),
        "publication.yaml": _file_digest(project.monitors / "publication.yaml"),
        **_package_inputs(project, number, staged),
    }
    return _stamp(number, inputs)


def downloads_stamp(descriptors: dict[str, str]) -> dict[str, object]:
    """The stamp of the site-wide ``site/downloads/`` (the vintage file): the tool and the
    digest of every published version's descriptor (``descriptors``, by version), so it is
    made again only when a release or correction changed."""
    return _stamp("downloads", {"tool": tool_digest(), **descriptors})


def stamp_text(stamp: dict[str, object]) -> str:
    return json.dumps(stamp, indent=2, sort_keys=True) + "\n"


def write_stamp(site_dir: Path, stamp: dict[str, object], assets: str | None = None) -> None:
    """Write ``stamp`` into ``site_dir``, with the name of the shared asset set its pages
    load (``assets``; None: the version keeps its own)."""
    record = stamp if assets is None else {**stamp, "assets": assets}
    (site_dir / STAMP_NAME).write_text(stamp_text(record), encoding="utf-8")


def _record(site_dir: Path) -> dict[str, object] | None:
    path = site_dir / STAMP_NAME
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None  # not ours, or cut off: the version is simply built again
    return record if isinstance(record, dict) else None


def assets_of(site_dir: Path) -> str | None:
    """The shared asset set the version in ``site_dir`` names, or None when it names none
    (it keeps its own ``assets/``, or has no stamp)."""
    record = _record(site_dir)
    return _set_name(record) if record else None


def is_whole(site_dir: Path) -> bool:
    """Does ``site_dir`` hold a stamp this tool can read, and is the shared asset set it
    names (if any) there beside it? Without the stamp nothing keeps that set in
    ``site/assets/``."""
    record = _record(site_dir)
    return record is not None and _has_set(site_dir, record)


def _set_name(record: dict[str, object]) -> str | None:
    name = record.get("assets")
    return name if isinstance(name, str) else None


def _has_set(site_dir: Path, record: dict[str, object]) -> bool:
    name = _set_name(record)
    return name is None or (site_dir.parent / ASSETS / name).is_dir()


def is_current(site_dir: Path, stamp: dict[str, object]) -> bool:
    """Was ``site_dir`` built from exactly the inputs ``stamp`` describes, and is the asset
    set it names (``site/assets/<set>/``, beside it) still there?"""
    record = _record(site_dir)
    if record is None or not _has_set(site_dir, record):
        return False
    record.pop("assets", None)
    return stamp_text(record) == stamp_text(stamp)
