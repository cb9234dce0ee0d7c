"""The release pipeline: monitor → observations → data package → site, published atomically.

Everything is built in staging folders next to its destination first; only when every stage
has succeeded are the staging folders moved into place. A failure at any point leaves
``datapackage/`` and ``site/`` exactly as they were.
"""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corrections import correction_record, describe_refusal, diff_packages
from .errors import LvvError, PublishError
from .locking import checkpoint, clear_journal, locked, write_journal
from .models import Correction, Finding, MonitorMeta
from .package import (
    VERSIONS_DIR,
    BackgroundValidation,
    PublishedPackage,
    check_package,
    earlier_versions,
    package_files,
    published_on,
    read_package,
    record,
    recorded_corrections,
    write_package,
)
from .site import (
    SITE_DOWNLOADS,
    Download,
    SiteInputs,
    appended_vintage,
    build_site,
    not_found_page,
    release_of,
    root_files,
    vintage_downloads,
    with_policy,
)
from .sources import Project, ReleaseData, load_monitor, load_publication
from .stamps import downloads_stamp, is_current, tool_digest, version_stamp, write_stamp
from .validate import validate_release


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


@locked
def release(
    project: Project,
    number: int,
    *,
    site_url: str | None = None,
    strict: bool = False,
    correct: str | None = None,
    today: dt.date | None = None,
) -> ReleaseResult:
    """Publish monitor ``number``: write ``datapackage/<N>/`` and build ``site/<N>/``.

    Refuses a monitor that is not approved, and one whose validation has errors (or, with
    ``strict``, warnings); the message lists what to fix. A release that is already
    published is immutable: the same input rewrites nothing; different figures or metadata
    are refused unless ``correct`` gives the reason, which publishes version N.1.0 (then
    N.2.0 …) and keeps the files of the previous version in ``datapackage/<N>/versies/``.
    """
    validation = validate_release(project, number)
    data, report = validation.data, validation.report
    meta = data.monitor
    yaml_path = project.rel(project.monitors / str(number) / "monitor.yaml")
    if meta.status != "approved":
        raise PublishError(
            f"{yaml_path}: monitor {number} has status '{meta.status}'; only an approved "
            "monitor is released. Set status: approved with approval: {date, by} once the "
            f"figures are approved (`lvv-publish approve {number} --by NAME`)."
        )
    blocking = report.blocking(strict=strict)
    if blocking:
        raise PublishError(refusal(yaml_path, number, blocking))
    if correct is not None and not correct.strip():
        raise PublishError("--correct needs the reason of the correction, in a sentence.")
    site_url = resolve_site_url(project, site_url)
    released = released_numbers(project)
    published_dir = project.package_dir(number)
    changed: list[str] = []
    package_written = False
    check: BackgroundValidation | None = None
    with ExitStack() as stack:
        pkg_stage = stack.enter_context(_staging(published_dir))

        def settle(exc_type: object, exc: BaseException | None, tb: object) -> bool:
            # The package is validated while the site is built from it. When the build
            # fails, a broken package is the likely cause: its validation is waited for
            # and reported instead (before the staging folder goes). A refusal or an
            # interruption does not wait: the validation is stopped.
            if check is not None:
                if isinstance(exc, Exception) and not isinstance(exc, PublishError):
                    _raise_invalid(check)
                check.cancel()
            return False

        stack.push(settle)
        version = f"{number}.0.0"
        history: tuple[Correction, ...] = ()
        if number in released:
            current = read_package(published_dir, validate=False).descriptor
            version, history = str(current["version"]), recorded_corrections(current)
        if number in released and _same_package(data, pkg_stage, version, history, published_dir):
            # The same bytes as the published package, which was validated when it was
            # published: its hashes are checked instead of validating it again.
            check_package(published_dir)
        else:
            shutil.rmtree(pkg_stage)
            check = _write_checked(data, pkg_stage, version, history)
        checkpoint("package-staged")
        correction = None
        if number not in released:
            if correct is not None:
                raise PublishError(
                    f"monitor {number} is not published yet: there is nothing to correct. "
                    f"Publish it with `lvv-publish release {number}`."
                )
            changed.append(project.rel(published_dir))
        else:
            diff = diff_packages(published_dir, pkg_stage)
            if diff.identical and correct is not None:
                raise PublishError(
                    f"monitor {number} is published as version {version} with exactly these "
                    "figures and metadata: there is nothing to correct."
                )
            if diff.changed and correct is None:
                raise PublishError(
                    describe_refusal(number, version, project.rel(published_dir), diff)
                )
            if diff.changed and correct is not None:
                correction = correction_record(
                    version, correct.strip(), diff, today or dt.date.today()
                )
                if check is not None:
                    _raise_invalid(check)  # before its files are written again
                shutil.rmtree(pkg_stage)
                check = _write_checked(data, pkg_stage, correction.version, (*history, correction))
                _keep_previous(published_dir, pkg_stage, version)
                version = correction.version
                changed.append(project.rel(published_dir))
        # An unchanged release is rebuilt from what is published (its earlier versions in
        # versies/ included), not from the staged copy.
        package = read_package(pkg_stage if changed else published_dir, validate=False)
        packages = {number: package}
        staged_dirs = {number: pkg_stage} if changed else {}
        moves: list[tuple[Path, Path]] = []
        if changed:
            moves.append((pkg_stage, published_dir))
            package_written = True
        sites: dict[int, Path] = {}
        # This version; earlier ones that are missing (a fresh clone); after a correction, the
        # later ones too, whose changelog lists it.
        for other in sorted({*released, number}):
            target = project.site_dir(other)
            if other != number and target.is_dir() and not (correction and other > number):
                continue
            stamp = version_stamp(project, other, site_url, staged_dirs)
            if is_current(target, stamp):  # built from exactly these inputs already
                continue
            stage = stack.enter_context(_staging(target))
            _build_version_into(project, other, stage, site_url, packages)
            write_stamp(stage, stamp)
            sites[other] = stage
            if not _same_tree(stage, target):
                moves.append((stage, target))
                changed.append(project.rel(target))
        checkpoint("site-staged")
        newest = max([*released, number])
        newest_tree = sites.get(newest, project.site_dir(newest))
        if newest_tree.is_dir() and not _same_tree(newest_tree, project.site / "latest"):
            latest = stack.enter_context(_staging(project.site / "latest"))
            shutil.rmtree(latest)
            shutil.copytree(newest_tree, latest)
            moves.append((latest, project.site / "latest"))
            changed.append(project.rel(project.site / "latest"))
        if check is not None and package_written:
            _raise_invalid(check)  # validated beside the site build; nothing moved yet
        checkpoint("package-validated")
        _swap(moves, project.root)
        if package_written:
            # Validated with frictionless above: record it, so that no later read validates
            # it again (ledger.py). Killed before this line, it is validated at its next read.
            record(published_dir)
    try:
        changed.extend(update_versions(project, copy_latest=False, site_url=site_url))
    except LvvError as exc:
        raise LvvError(
            f"monitor {number} is published ({', '.join(changed) or 'nothing changed'}), but "
            f"the version index and root files could not be updated: {exc} Fix that and run "
            "`lvv-publish build --all`."
        ) from exc
    obs = data.observations
    return ReleaseResult(
        number=number,
        version=version,
        package_dir=published_dir,
        site_dir=project.site_dir(number),
        observations=len(obs),
        unknown=int(obs["value"].isna().sum()),
        counts=report.counts,
        changed=tuple(changed),
        correction=correction,
        package_written=package_written,
    )


def _write_checked(
    data: ReleaseData, out: Path, version: str, corrections: tuple[Correction, ...]
) -> BackgroundValidation:
    """Write the package into ``out`` and start its frictionless validation, which runs
    while the site is built; ``_raise_invalid`` waits for it before anything is published."""
    descriptor = write_package(data, out, version=version, corrections=corrections)
    return BackgroundValidation(descriptor)


def _raise_invalid(check: BackgroundValidation) -> None:
    errors = check.errors()
    if errors:  # a bug in our writer, not in the input: stop before publishing anything
        raise LvvError(
            "the data package did not pass frictionless validation:\n  " + "\n  ".join(errors)
        )


def _same_package(
    data: ReleaseData,
    out: Path,
    version: str,
    corrections: tuple[Correction, ...],
    published: Path,
) -> bool:
    """Write the package into ``out`` (not validated); does it equal ``published``?"""
    write_package(data, out, version=version, corrections=corrections)
    return package_files(out) == package_files(published)


def _keep_previous(published: Path, stage: Path, version: str) -> None:
    """Keep the files of the published ``version`` (and of older ones) in ``versies/``."""
    keep = stage / VERSIONS_DIR
    if (published / VERSIONS_DIR).is_dir():
        shutil.copytree(published / VERSIONS_DIR, keep)
    target = keep / version
    target.mkdir(parents=True)
    for name in package_files(published):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(published / name, target / name)


def _same_tree(a: Path, b: Path) -> bool:
    """Do two folders hold the same files with the same bytes?"""
    if not (a.is_dir() and b.is_dir()):
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / p, b / p, shallow=False) for p in files_a)


def released_numbers(project: Project) -> list[int]:
    """Numbers of the monitors with a published data package, oldest first."""
    return project.released_numbers()


def site_inputs(
    project: Project,
    package: PublishedPackage,
    meta: MonitorMeta,
    staged: dict[int, PublishedPackage] | None = None,
) -> SiteInputs:
    """What the site of ``package`` is built from, including the earlier releases.

    ``staged`` holds packages that are about to replace the published ones (a correction).
    """
    staged = staged or {}
    earlier = {
        n: staged[n] if n in staged else read_package(project.package_dir(n))
        for n in released_numbers(project)
        if n < meta.number
    }
    carried = set(int(m) for m in package.observations["monitor"].unique())
    history_parts = []
    labels: dict[int, str] = {}
    taken: set[int] = set()
    for n in sorted(earlier, reverse=True):  # newest release first: its figures win
        pkg = earlier[n]
        labels.update(
            {
                int(m): str(lbl)
                for m, lbl in zip(pkg.monitors["monitor"], pkg.monitors["label"], strict=True)
                if int(m) not in labels
            }
        )
        monitors = set(int(m) for m in pkg.observations["monitor"].unique())
        new = monitors - carried - taken
        if new:
            history_parts.append(pkg.observations[pkg.observations["monitor"].isin(new)])
            taken |= new
    history = (
        pd.concat(history_parts, ignore_index=True)
        if history_parts
        else package.observations.iloc[0:0]
    )
    corrections = [
        (n, c) for n in sorted(earlier) for c in recorded_corrections(earlier[n].descriptor)
    ] + [(meta.number, c) for c in recorded_corrections(package.descriptor)]
    return SiteInputs(
        package=package,
        meta=meta,
        pilot_start=load_publication(project.monitors).pilot_start,
        previous=earlier[max(earlier)] if earlier else None,
        history=history,
        labels=labels,
        corrections=tuple(corrections),
    )


def build_version(project: Project, number: int, *, site_url: str | None = None) -> bool:
    """(Re)build ``site/<N>/`` from ``datapackage/<N>/`` and ``monitors/<N>/monitor.yaml``;
    True if it was built.

    A version whose build stamp (``stamps.py``) shows it was built from exactly the current
    inputs is not built again; a rebuilt version that comes out the same is left as it is
    (same files, same modification times).
    """
    site_url = resolve_site_url(project, site_url)
    stamp = version_stamp(project, number, site_url)
    if is_current(project.site_dir(number), stamp):
        return False
    with _staging(project.site_dir(number)) as stage:
        _build_version_into(project, number, stage, site_url)
        write_stamp(stage, stamp)
        if not _same_tree(stage, project.site_dir(number)):
            _swap([(stage, project.site_dir(number))], project.root)
    return True


def _build_version_into(
    project: Project,
    number: int,
    out: Path,
    site_url: str | None,
    staged: dict[int, PublishedPackage] | None = None,
) -> None:
    staged = staged or {}
    package = staged.get(number) or read_package(project.package_dir(number))
    meta = load_monitor(project.monitors, number)
    build_site(site_inputs(project, package, meta, staged), out, site_url=site_url)


@dataclass(frozen=True)
class BuildResult:
    """What ``build --all`` did: every released version, and those it (re)built."""

    numbers: tuple[int, ...]
    built: tuple[int, ...]


@locked
def build_all(project: Project, *, site_url: str | None = None) -> BuildResult:
    """Bring the site of every released version up to date, then the version index and
    ``latest``.

    Every published package is checked first (hashes, ``ledger.py``). A version is rebuilt
    only when its inputs changed (``stamps.py``): a deploy where one version changed costs
    about one version.
    """
    numbers = released_numbers(project)
    if not numbers:
        raise LvvError(
            f"{project.rel(project.datapackage)}: no released data packages; run "
            "`lvv-publish release N` first."
        )
    for number in numbers:
        check_package(project.package_dir(number))
        for old in earlier_versions(project.package_dir(number)):
            check_package(old)
    site_url = resolve_site_url(project, site_url)
    built = tuple(n for n in numbers if build_version(project, n, site_url=site_url))
    update_versions(project, site_url=site_url)
    return BuildResult(tuple(numbers), built)


@locked
def release_package(project: Project, number: int) -> Path:
    """Publish only the data package of a new monitor ``number``, without its site.

    The package steps of ``release`` (validate the monitor, refuse on errors, write the
    package, validate it with frictionless, record it); ``benchmarks/scale.py`` prepares the
    earlier monitors of large projects with it. ``build --all`` builds the sites later.
    """
    if number in released_numbers(project):
        raise PublishError(f"monitor {number} is published already.")
    validation = validate_release(project, number)
    if validation.data.monitor.status != "approved" or validation.report.blocking(strict=False):
        raise PublishError(f"monitor {number} cannot be released: run `lvv-publish validate`.")
    target = project.package_dir(number)
    with _staging(target) as stage:
        _raise_invalid(_write_checked(validation.data, stage, f"{number}.0.0", ()))
        _swap([(stage, target)], project.root)
    record(target)
    return target


def resolve_site_url(project: Project, site_url: str | None = None) -> str | None:
    """The public address: the argument, else ``LVV_SITE_URL``, else ``publication.yaml``."""
    return site_url or os.environ.get("LVV_SITE_URL") or load_publication(project.monitors).site_url


def update_versions(
    project: Project, *, copy_latest: bool = True, site_url: str | None = None
) -> list[str]:
    """Write ``site/versions.json`` (mike's format), ``site/latest/``, ``site/index.html`` and
    ``site/404.html``, the catalogue, feed, sitemap and ``robots.txt`` of the whole site
    (``catalog.py``) and the site-wide ``site/downloads/`` (the vintage file of every
    release); return what was (re)written or removed.

    Material's version selector reads ``../versions.json``; ``latest`` is a copy of the newest
    version, so that ``/latest/downloads/…`` is a stable address. ``copy_latest=False`` when
    the caller has already moved ``latest`` into place. ``404.html`` is what GitHub Pages
    shows for any missing address. ``site_url`` as resolved by the caller: without one, the
    files that need absolute addresses are removed.
    """
    checkpoint("versions-index")
    numbers = [n for n in released_numbers(project) if project.site_dir(n).is_dir()]
    changed: list[str] = []
    if not numbers:
        return changed
    newest = numbers[-1]
    versions = []
    for n in reversed(numbers):
        title = load_monitor(project.monitors, n).title.removeprefix("LVV Monitor ").strip()
        versions.append(
            {
                "version": str(n),
                "title": f"{n}: {title}",
                "aliases": ["latest"] if n == newest else [],
            }
        )
    if copy_latest and not _same_tree(project.site_dir(newest), project.site / "latest"):
        with _staging(project.site / "latest") as stage:
            shutil.rmtree(stage)
            shutil.copytree(project.site_dir(newest), stage)
            _swap([(stage, project.site / "latest")], project.root)
        changed.append(project.rel(project.site / "latest"))
    files: dict[str, str | None] = {
        "versions.json": json.dumps(versions, indent=2) + "\n",
        "index.html": with_policy(REDIRECT),
        "404.html": not_found_page(site_url),
        **root_files(project, numbers, site_url),
    }
    for name, text in files.items():
        path = project.site / name
        if text is None:
            if path.exists():
                path.unlink()
                changed.append(project.rel(path))
        elif _write_atomic(path, text):
            changed.append(project.rel(path))
    if update_site_downloads(project):
        changed.append(project.rel(project.site / SITE_DOWNLOADS))
    return changed


def update_site_downloads(project: Project) -> bool:
    """Make ``site/downloads/`` from every published package, unless its stamp shows it was
    made from exactly these packages (at national scale the vintage file has millions of
    rows); True if it changed.

    When the packages since are new releases or corrections that come after every release
    in the file, their rows are appended (``downloads.appended_vintage``) instead of making
    the file anew; ``.lvv-releases.json`` records what the file holds for that.
    """
    target = project.site / SITE_DOWNLOADS
    releases = _published_releases(project)
    stamp = downloads_stamp({r.version: r.digest for r in releases})
    if is_current(target, stamp):
        return False
    record = {
        "tool": tool_digest(),
        "releases": {r.version: {"descriptor": r.digest, "monitors": r.monitors} for r in releases},
    }
    files = _appended_site_downloads(target, releases)
    if files is None:
        files = vintage_downloads([release_of(read_package(r.path)) for r in releases])
    rows = files[0].data.count(b"\n") - 1
    with _staging(target) as stage:
        for f in files:
            (stage / f.path).write_bytes(f.data)
        text = json.dumps({**record, "rows": rows}, indent=1, sort_keys=True) + "\n"
        (stage / RELEASES_RECORD).write_text(text, encoding="utf-8")
        write_stamp(stage, stamp)
        if _same_tree(stage, target):
            return False
        _swap([(stage, target)], project.root)
    return True


# What site/downloads/ holds: every release in its vintage file, by version, with the
# digest of its descriptor and its monitors; the tool that made it; its number of rows.
RELEASES_RECORD = ".lvv-releases.json"


@dataclass(frozen=True)
class _PublishedRelease:
    version: str
    date: dt.date
    path: Path
    digest: str
    monitors: list[int]


def _published_releases(project: Project) -> list[_PublishedRelease]:
    """Every published version of every release (earlier versions of corrected ones too),
    from the descriptors and the small monitors tables, without reading the figures."""
    out = []
    for n in released_numbers(project):
        folder = project.package_dir(n)
        for path in [*earlier_versions(folder), folder]:
            raw = (path / "datapackage.json").read_bytes()
            descriptor = json.loads(raw)
            with (path / "monitors.csv").open(encoding="utf-8", newline="") as f:
                monitors = sorted(int(row["monitor"]) for row in csv.DictReader(f))
            out.append(
                _PublishedRelease(
                    str(descriptor["version"]),
                    published_on(descriptor),
                    path,
                    hashlib.sha256(raw).hexdigest(),
                    monitors,
                )
            )
    return out


def _appended_site_downloads(
    target: Path, releases: list[_PublishedRelease]
) -> list[Download] | None:
    """The site-wide downloads by appending the releases that are new since ``target`` was
    made, or None when that cannot give the bytes of making them anew."""
    try:
        record = json.loads((target / RELEASES_RECORD).read_text(encoding="utf-8"))
        published = {p.name: p.read_bytes() for p in target.iterdir() if not p.name.startswith(".")}
    except (OSError, ValueError):
        return None
    old = record.get("releases", {})
    if record.get("tool") != tool_digest():
        return None
    by_version = {r.version: r for r in releases}
    if any(
        v not in by_version or by_version[v].digest != o.get("descriptor") for v, o in old.items()
    ):
        return None  # a release left or changed: make the file anew
    new = [r for r in releases if r.version not in old]
    if not new:
        return None
    last = max((by_version[v] for v in old), key=_order, default=None)
    if last is not None and min(_order(r) for r in new) <= _order(last):
        return None  # a new release sorts between published ones: its rows are not last
    carried = {m for r in new for m in r.monitors}
    context = [by_version[v] for v in old if carried & set(by_version[v].monitors)]
    return appended_vintage(
        published,
        int(record.get("rows", -1)),
        [release_of(read_package(r.path)) for r in context],
        [release_of(read_package(r.path)) for r in new],
    )


def _order(release: _PublishedRelease) -> tuple[dt.date, tuple[int, ...]]:
    """The order of the vintage file: by date, then version (``downloads.vintage_table``)."""
    return release.date, tuple(int(x) for x in release.version.split("."))


REDIRECT = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>LVV Monitor</title>
<meta http-equiv="refresh" content="0; url=latest/">
<link rel="canonical" href="latest/">
</head>
<body>
<p><a href="latest/">Naar de nieuwste uitgave van de LVV Monitor</a></p>
</body>
</html>
"""


def _write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


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


def _swap(moves: list[tuple[Path, Path]], root: Path) -> None:
    """Move each staging folder onto its target, all or nothing.

    Old targets are renamed aside first and removed only when every move has succeeded; on
    a failure the moves done so far are undone and the old folders put back. A journal in
    the project (``locking.py``) lets the next command do the same when this process is
    killed half-way: it rolls back an unfinished swap, and finishes a committed one.
    """
    plan = [
        (stage, target, target.parent / f".{target.name}.old-{os.getpid()}", target.exists())
        for stage, target in moves
    ]
    write_journal(
        root,
        [{"stage": str(s), "target": str(t), "old": str(o), "existed": e} for s, t, o, e in plan],
        committed=False,
    )
    checkpoint("swap-journal-written")
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for stage, target, old_path, existed in plan:
            old: Path | None = None
            if existed:
                target.rename(old_path)
                old = old_path
                checkpoint("swap-target-aside")
            done.append((stage, target, old))
            stage.rename(target)
            checkpoint("swap-moved")
    except OSError:
        for stage, target, old in reversed(done):
            if target.exists() and not stage.exists():
                target.rename(stage)
            if old is not None and old.exists():
                old.rename(target)
        clear_journal(root)
        raise
    write_journal(
        root,
        [{"stage": str(s), "target": str(t), "old": str(o), "existed": e} for s, t, o, e in plan],
        committed=True,
    )
    checkpoint("swap-committed")
    for _, _, old in done:
        if old is not None and old.exists():
            shutil.rmtree(old)
    clear_journal(root)
