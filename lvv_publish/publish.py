"""The release pipeline: monitor → observations → data package → site, published atomically.

Everything is built in staging folders next to its destination first; only when every stage
has succeeded are the staging folders moved into place. A failure at any point leaves
``datapackage/`` and ``site/`` exactly as they were.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import LvvError, PublishError
from .models import Finding
from .package import read_package, validate_package, write_package
from .project import Project
from .site import build_site
from .validate import validate_release


@dataclass(frozen=True)
class ReleaseResult:
    number: int
    package_dir: Path
    site_dir: Path
    observations: int
    unknown: int
    counts: dict[str, int]


def release(
    project: Project, number: int, *, site_url: str | None = None, strict: bool = False
) -> ReleaseResult:
    """Publish monitor ``number``: write ``datapackage/<N>/`` and build ``site/<N>/``.

    Refuses a monitor that is not approved, and one whose validation has errors (or, with
    ``strict``, warnings); the message lists what to fix.
    """
    validation = validate_release(project, number)
    data, report = validation.data, validation.report
    meta = data.monitor
    yaml_path = project.rel(project.monitors / str(number) / "monitor.yaml")
    if meta.status != "approved":
        raise PublishError(
            f"{yaml_path}: monitor {number} has status '{meta.status}'; only an approved "
            "monitor is released. Set status: approved with approval: {date, by} once the "
            "figures are approved."
        )
    blocking = report.blocking(strict=strict)
    if blocking:
        raise PublishError(refusal(yaml_path, number, blocking))
    site_url = site_url or os.environ.get("LVV_SITE_URL") or data.publication.site_url
    with (
        _staging(project.package_dir(number)) as pkg_stage,
        _staging(project.site_dir(number)) as site_stage,
    ):
        descriptor = write_package(data, pkg_stage)
        errors = validate_package(descriptor)
        if errors:  # a bug in our writer, not in the input: stop before publishing anything
            raise LvvError(
                "the data package did not pass frictionless validation:\n  " + "\n  ".join(errors)
            )
        package = read_package(pkg_stage, validate=False)
        build_site(package, meta, site_stage, site_url=site_url)
        _swap([(pkg_stage, project.package_dir(number)), (site_stage, project.site_dir(number))])
    obs = data.observations
    return ReleaseResult(
        number=number,
        package_dir=project.package_dir(number),
        site_dir=project.site_dir(number),
        observations=len(obs),
        unknown=int(obs["value"].isna().sum()),
        counts=report.counts,
    )


def refusal(yaml_path: str, number: int, blocking: tuple[Finding, ...]) -> str:
    """The message of a refused release: what blocks it and how to fix it."""
    lines = [f"monitor {number} was not released: {len(blocking)} finding(s) block it."]
    unexplained = [f for f in blocking if f.rule == "revision-unexplained"]
    for f in blocking:
        where = ", ".join(x for x in (f.municipality, f"monitor {f.monitor}") if x)
        lines.append(f"  [{f.severity}] {f.rule} ({where}): {f.message}")
    if unexplained:
        keys = ", ".join(f.source or "" for f in unexplained)
        lines.append(
            f"Revised figures need a note in {yaml_path} under notes, e.g.\n"
            f"  notes:\n  - text: <why these figures changed>\n    covers: [{keys}]"
        )
    else:
        lines.append(f"Run `lvv-publish validate {number}` for the full report.")
    return "\n".join(lines)


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A fresh folder next to ``target`` (same file system, so the final move is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".{target.name}.staging-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def _swap(moves: list[tuple[Path, Path]]) -> None:
    """Move each staging folder onto its target, all or nothing.

    Old targets are renamed aside first and removed only when every move has succeeded; on
    a failure the moves done so far are undone and the old folders put back.
    """
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for stage, target in moves:
            old: Path | None = None
            if target.exists():
                old = target.parent / f".{target.name}.old-{os.getpid()}"
                target.rename(old)
            done.append((stage, target, old))
            stage.rename(target)
    except OSError:
        for stage, target, old in reversed(done):
            if target.exists() and not stage.exists():
                target.rename(stage)
            if old is not None and old.exists():
                old.rename(target)
        raise
    for _, _, old in done:
        if old is not None and old.exists():
            shutil.rmtree(old)
