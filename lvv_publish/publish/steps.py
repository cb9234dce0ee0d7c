"""The release: monitor → checks → data package → site → catalogue, published atomically.

``release`` is a short list of named steps. Everything is built in staging folders next to
its destination first (``transaction.py``); only when every step has succeeded are the
staging folders moved into place. A failure at any point leaves ``datapackage/`` and
``site/`` exactly as they were. A published release is immutable: the same input rewrites
nothing, different figures are refused unless ``--correct`` gives the reason.
"""

from __future__ import annotations

import datetime as dt
import shutil
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..checks import Review
from ..errors import LvvError, PublishError
from ..models import Correction
from ..package import (
    TEXTS_FILE,
    BackgroundValidation,
    check_package,
    first_published,
    not_kept,
    package_files,
    read_package,
    recorded_corrections,
    texts_bytes,
    texts_of,
    write_package,
)
from ..sources import Project, ReleaseData
from .assets import AssetShelf
from .build import check_source_folder, has_site, stage_versions, version_job, version_moves
from .clock import Clock, check_after_latest, publication_time
from .corrections import (
    correction_record,
    describe_refusal,
    diff_packages,
    keep_previous,
    refusal,
)
from .lock import locked
from .parallel import Job
from .rootfiles import Overlay, check_published_names, stage_ledger, stage_root
from .transaction import checkpoint, staging, swap
from .validation import validate_release
from .versions import SiteDownloads, begin_site_downloads, resolve_site_url


@dataclass(frozen=True)
class ReleaseResult:
    """What ``release`` did. ``changed`` names what was (re)written: empty when the release
    was already published with the same input."""

    number: int
    version: str
    package_dir: Path
    site_dir: Path
    observations: int
    unknown: int
    counts: dict[str, int]
    changed: tuple[str, ...] = ()
    correction: Correction | None = None
    package_written: bool = False


@dataclass
class _Staged:
    """A release in the making: what has been staged, and what is to be moved into place."""

    project: Project
    number: int
    data: ReleaseData
    stage: Path  # the package's staging folder
    version: str
    history: tuple[Correction, ...]
    # When the release was first published (None: before times were recorded, or not yet).
    published: dt.datetime | None
    clock: Clock | None
    check: BackgroundValidation | None = None
    correction: Correction | None = None
    changed: list[str] = field(default_factory=list)
    moves: list[tuple[Path | None, Path]] = field(default_factory=list)
    package_written: bool = False
    sites: dict[int, Path] = field(default_factory=dict)  # the staged site folders
    keep_source: Path | None = None  # release --keep-source: the MkDocs projects go here
    downloads: SiteDownloads | None = None  # the site-wide downloads, begun before the sites
    assets: AssetShelf | None = None  # the asset sets taken out of the staged sites

    @property
    def published_dir(self) -> Path:
        return self.project.package_dir(self.number)


def check_release(project: Project, number: int, *, strict: bool, correct: str | None) -> Review:
    """Step 1: load and check the monitor; refuse a draft, errors, or an empty reason."""
    review = validate_release(project, number)
    meta = review.data.monitor
    yaml_path = project.rel(project.monitors / str(number) / "monitor.yaml")
    if meta.status != "approved":
        raise PublishError(
            f"{yaml_path}: monitor {number} has status '{meta.status}'; only an approved "
            "monitor is released. Set status: approved with approval: {date, by} once the "
            f"figures are approved (`lvv-publish approve {number} --by NAME`)."
        )
    blocking = review.report.blocking(strict=strict)
    if blocking:
        raise PublishError(refusal(yaml_path, number, blocking))
    if correct is not None and not correct.strip():
        raise PublishError("--correct needs the reason of the correction, in a sentence.")
    return review


def _write_checked(
    data: ReleaseData,
    out: Path,
    version: str,
    corrections: tuple[Correction, ...],
    published: dt.datetime | None,
) -> BackgroundValidation:
    """Write the package into ``out`` and start its frictionless validation, which runs
    while the site is built; ``_raise_invalid`` waits for it before anything is published."""
    descriptor = write_package(
        data, out, version=version, corrections=corrections, published=published
    )
    return BackgroundValidation(descriptor)


def _raise_invalid(check: BackgroundValidation) -> None:
    errors = check.errors()
    if errors:  # a bug in our writer, not in the input: stop before publishing anything
        raise LvvError(
            "the data package did not pass frictionless validation:\n  " + "\n  ".join(errors)
        )


def stage_package(s: _Staged, correct: str | None) -> None:
    """Step 2: the data package, in its staging folder: new (published now), unchanged (the
    published bytes, hash-checked; its time as it was recorded), or a correction (the next
    version, the previous one kept)."""
    released = s.number in s.project.released_numbers()
    if released:
        s.stage.mkdir(exist_ok=True)
        write_package(
            s.data, s.stage, version=s.version, corrections=s.history, published=s.published
        )
    if released and package_files(s.stage) == package_files(s.published_dir):
        # The same bytes as the published package, which was validated when it was
        # published: its hashes are checked instead of validating it again.
        check_package(s.published_dir)
    else:
        shutil.rmtree(s.stage)
        if not released:
            s.published = publication_time(s.clock)
            check_after_latest(s.project, s.published)
        s.check = _write_checked(s.data, s.stage, s.version, s.history, s.published)
    checkpoint("package-staged")
    if not released:
        if correct is not None:
            raise PublishError(
                f"monitor {s.number} is not published yet: there is nothing to correct. "
                f"Publish it with `lvv-publish release {s.number}`."
            )
        s.changed.append(s.project.rel(s.published_dir))
    else:
        _correct(s, correct)
    if s.changed:
        s.moves.append((s.stage, s.published_dir))
        s.package_written = True


def _correct(s: _Staged, correct: str | None) -> None:
    """A published release again: nothing changed, a refusal, or a correction."""
    diff = diff_packages(s.published_dir, s.stage)
    # The same --correct again (an interrupted run repeated): published already, not refused.
    done = bool(s.history) and correct is not None and s.history[-1].reason == correct.strip()
    if diff.identical and correct is not None and not done:
        raise PublishError(
            f"monitor {s.number} is published as version {s.version} with exactly these "
            "figures, texts and metadata: there is nothing to correct."
        )
    if diff.identical:
        _record_texts(s)
        return
    if diff.changed and correct is None:
        raise PublishError(
            describe_refusal(s.number, s.version, s.project.rel(s.published_dir), diff)
        )
    if diff.changed and correct is not None:
        at = publication_time(s.clock)
        check_after_latest(s.project, at)
        s.correction = correction_record(s.version, correct.strip(), diff, at)
        if s.check is not None:
            _raise_invalid(s.check)  # before its files are written again
        shutil.rmtree(s.stage)
        history = (*s.history, s.correction)
        s.check = _write_checked(s.data, s.stage, s.correction.version, history, s.published)
        keep_previous(s.published_dir, s.stage, s.version)
        s.version = s.correction.version
        s.changed.append(s.project.rel(s.published_dir))


def _record_texts(s: _Staged) -> None:
    """The same content as published: the package stays as it is, whatever format this
    lvv-publish would write. A package of format 1 gets the record of its published texts
    beside it (``texts.json``, as ``monitor.yaml`` has them now), once."""
    if (s.published_dir / TEXTS_FILE).is_file():
        return
    if s.check is not None:
        s.check.cancel()
        s.check = None
    shutil.rmtree(s.stage)
    shutil.copytree(s.published_dir, s.stage)
    (s.stage / TEXTS_FILE).write_bytes(texts_bytes(texts_of(s.data.monitor)))
    s.changed.append(f"{s.project.rel(s.published_dir)}/{TEXTS_FILE}")


def stage_sites(s: _Staged, stack: ExitStack, site_url: str | None) -> None:
    """Step 3: the site of this version, of earlier versions that are missing (a fresh
    clone) and, after a correction, of the later ones too, whose changelog lists it. An
    unchanged release is rebuilt from what is published. Several versions are built at
    once where the cores and the memory allow (``parallel.py``)."""
    project, number = s.project, s.number
    staged_dirs = {number: s.stage} if s.changed else {}
    todo: list[Job] = []
    for other in _versions_to_build(s):
        # None: built from exactly these inputs already
        if job := version_job(project, other, site_url, stack, staged_dirs):
            source = s.keep_source / str(other) if s.keep_source else None
            todo.append(replace(job, source=source))
    if s.downloads is not None and (made := s.downloads.version) is not None:
        # Made in the worker (begin_downloads), when this version alone is built.
        if [job.number for job in todo] == [number]:
            todo = [replace(todo[0], downloads=made.result)]
        else:
            made.result()  # not needed after all; a failure is still reported
        s.downloads.version = None
    # What the version's build reads is kept for this process only when it is read again
    # here: by another version, or by the site-wide downloads made here (not in a worker).
    keep = len(todo) > 1 or s.downloads is None or s.downloads.made_here
    with nullcontext() if keep else not_kept():
        stage_versions(project, todo, site_url, None)
    s.assets = AssetShelf(project, stack)
    s.sites.update({job.number: job.stage for job in todo})
    for stage, target in version_moves(project, todo, s.assets):
        s.moves.append((stage, target))
        s.changed.append(project.rel(target))
    checkpoint("site-staged")


def _versions_to_build(s: _Staged) -> list[int]:
    """The versions whose site step 3 builds unless it is current: this one, those without
    a whole site (a fresh clone; ``build.has_site``) and, after a correction, the later ones."""
    project, number = s.project, s.number
    return [
        other
        for other in sorted({*project.released_numbers(), number})
        if other == number or not has_site(project, other) or (s.correction and other > number)
    ]


def begin_downloads(s: _Staged, stack: ExitStack, site_url: str | None) -> None:
    """Step 2a: the site-wide downloads need the packages only, not the sites: at national
    scale they are made in a worker while the version's site is built (``versions.py``),
    and first the new version's own downloads folder, when it is the only version built."""
    alone = _versions_to_build(s) == [s.number]
    version_of = (s.stage, site_url) if s.package_written and alone else None
    s.downloads = begin_site_downloads(s.project, stack, _staged_packages(s), version_of=version_of)


def _staged_packages(s: _Staged) -> dict[int, Path]:
    return {s.number: s.stage} if s.package_written else {}


def stage_shared(s: _Staged, stack: ExitStack, site_url: str | None) -> None:
    """Step 4: what the whole site shares (``latest/``, the version index, the root files,
    the catalogue, the site-wide downloads begun in step 2a) and the record of the validated
    package, made from the staged versions (``rootfiles.py``), to be swapped in with them."""
    overlay = Overlay(
        packages=_staged_packages(s),
        sites=s.sites,
        validated=(s.number, s.stage) if s.package_written else None,
        assets=s.assets,
    )
    moves, changed = stage_root(s.project, stack, site_url, overlay, s.downloads)
    s.moves.extend(moves)
    s.changed.extend(changed)


def publish_staged(s: _Staged) -> None:
    """Step 5: wait for the package's validation, then move everything into place at once
    (the package recorded as validated with it)."""
    if s.check is not None and s.package_written:
        _raise_invalid(s.check)  # validated beside the site build; nothing moved yet
    checkpoint("package-validated")
    if s.moves:
        swap(s.moves, s.project.root)


def _settle(s: _Staged, exc: BaseException | None) -> None:
    """The package is validated while the site is built from it. When the build fails, a
    broken package is the likely cause: its validation is waited for and reported instead
    (before the staging folder goes). A refusal or an interruption does not wait: the
    validation is stopped."""
    if s.check is not None:
        # A full disk is not the package's fault: its verdict would only bury the message.
        if isinstance(exc, Exception) and not isinstance(exc, PublishError | OSError):
            _raise_invalid(s.check)
        s.check.cancel()


@locked
def release(
    project: Project,
    number: int,
    *,
    site_url: str | None = None,
    strict: bool = False,
    correct: str | None = None,
    clock: Clock | None = None,
    keep_source: Path | None = None,
) -> ReleaseResult:
    """Publish monitor ``number``: write ``datapackage/<N>/`` and build ``site/<N>/``.

    Refuses a monitor that is not approved, and one whose validation has errors (or, with
    ``strict``, warnings); the message lists what to fix. A release that is already
    published is immutable: the same input rewrites nothing; different figures or metadata
    are refused unless ``correct`` gives the reason, which publishes version N.1.0 (then
    N.2.0 …) and keeps the files of the previous version in ``datapackage/<N>/versies/``.

    A new version records when it was published (``clock.py``: ``clock``, else
    ``SOURCE_DATE_EPOCH``, else now); an unchanged release keeps the time it recorded.

    ``keep_source``, a folder that does not exist yet (or is empty), keeps the MkDocs project
    of every version the release builds, in ``<keep_source>/<N>/`` (a version whose site is
    current is not built, and has none).
    """
    check_source_folder(keep_source)
    review = check_release(project, number, strict=strict, correct=correct)
    check_published_names(project)
    site_url = resolve_site_url(project, site_url)
    with ExitStack() as stack:
        version = f"{number}.0.0"
        history: tuple[Correction, ...] = ()
        published = None
        if number in project.released_numbers():
            current = read_package(project.package_dir(number), validate=False).descriptor
            version, history = str(current["version"]), recorded_corrections(current)
            published = first_published(current).at
        stage = stack.enter_context(staging(project.package_dir(number)))
        s = _Staged(project, number, review.data, stage, version, history, published, clock)
        s.keep_source = keep_source
        stack.push(lambda _t, exc, _tb: _settle(s, exc))
        stage_package(s, correct)
        begin_downloads(s, stack, site_url)
        stage_sites(s, stack, site_url)
        stage_shared(s, stack, site_url)
        publish_staged(s)
    obs = review.data.observations
    return ReleaseResult(
        number=number,
        version=s.version,
        package_dir=s.published_dir,
        site_dir=project.site_dir(number),
        observations=len(obs),
        unknown=int(obs["value"].isna().sum()),
        counts=review.report.counts,
        changed=tuple(s.changed),
        correction=s.correction,
        package_written=s.package_written,
    )


@locked
def release_package(project: Project, number: int, *, clock: Clock | None = None) -> Path:
    """Publish only the data package of a new monitor ``number``, without its site.

    The package steps of ``release`` (validate the monitor, refuse on errors, write the
    package, validate it with frictionless, record it); ``benchmarks/scale.py`` prepares the
    earlier monitors of large projects with it. ``build --all`` builds the sites later.
    """
    if number in project.released_numbers():
        raise PublishError(f"monitor {number} is published already.")
    review = validate_release(project, number)
    if review.data.monitor.status != "approved" or review.report.blocking(strict=False):
        raise PublishError(f"monitor {number} cannot be released: run `lvv-publish validate`.")
    target = project.package_dir(number)
    with ExitStack() as stack:
        stage = stack.enter_context(staging(target))
        at = publication_time(clock)
        check_after_latest(project, at)
        _raise_invalid(_write_checked(review.data, stage, f"{number}.0.0", (), at))
        # Recorded as validated in the same swap.
        swap([(stage, target), *stage_ledger(project, stack, number, stage)], project.root)
    return target
