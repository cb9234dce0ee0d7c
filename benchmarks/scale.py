"""Benchmark: how lvv-publish scales, and how close it is to the minimum work it must do.

Prints figures with the targets of issues 9 and 11 beside them; asserts nothing (machines
here are shared and noisy). Every timed step is a whole ``lvv-publish`` process, as a user
runs it; its peak memory is that process's maximum resident set (GNU ``time``'s ``%M``).

Part 1, scale, on synthetic projects (``benchmarks/synthetic.py``) of M municipalities × K
monitors. Untimed preparation publishes the packages of monitors 1 … K-1 (each monitor
validated by the rules and revision checks, its package written and recorded as validated;
see ``publish_packages`` for the frictionless step it leaves out). Then, timed:

1. ``validate K``;
2. ``build --all`` of the K-1 published versions from scratch (every version built) — only
   for projects of at most ``--full-build-max`` monitors × municipalities (default 500:
   6 × 3 and 50 × 10). For larger ones the earlier versions get *stand-in* sites instead (a
   folder with the build stamp ``build --all`` would write, but no pages; the site-wide
   downloads with the vintage file are made for real, as release K-1 left them): building 39
   sites of 350 municipalities (or 19 of 100) does not fit a 10-minute run. ``release K``
   then times without its walk over the earlier sites' pages (the whole site's size, the
   sitemap); ``benchmarks/paired.py`` builds them. The printout says which;
3. ``release K``: one new version, the earlier packages published and their sites present;
4. ``release K`` again: unchanged input, it must rewrite nothing (files rewritten printed);
5. ``build --all`` again: nothing changed, so it must rebuild no version;
6. ``build --all`` after an edit of ``monitors/K/monitor.yaml`` (a comment): one version's
   inputs changed, so it rebuilds that one version (and finds the same pages). Not run
   where step 2 was not: it costs what ``release K`` costs.

The rule engine's cost per observation is printed from ``validate K`` (its observations:
every monitor K carries, plus the published ones it is checked against).

Side by side with the minimum work (a bare ``mkdocs build`` of the same MkDocs project plus
``frictionless validate``), each run from the state a first release starts from, is
``benchmarks/paired.py`` (issue 22).

    .venv/bin/python benchmarks/scale.py [--sizes 6x3,50x10]
    .venv/bin/python benchmarks/scale.py --profile 350x40   # where the time goes
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LVV = [str(BIN / "lvv-publish")]
SIZES = {"6x3": (6, 3), "50x10": (50, 10), "100x20": (100, 20), "350x40": (350, 40)}
GIB = 1024.0
TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"  # GNU time, for %M


@dataclass
class Run:
    seconds: float  # wall
    mib: float  # peak resident set of the largest process of the tree (GNU time %M, orphans)
    returncode: int
    output: str
    cpu: float = 0.0  # user + system seconds of the process tree (waited for, and orphans)


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` as a child process; its wall time, CPU time and peak resident memory.

    The peak comes from GNU time (``%M``), not from ``os.wait4`` here: on Linux a child
    forked from this (large) process inherits its resident size as a high-water mark.
    A process the command leaves running when it ends (the fork server that started a
    build's workers: Python does not wait for it at exit) is adopted by this one
    (``adopt_orphans``) and waited for too: its CPU time and its workers' count.
    """
    adopt_orphans()
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.run(
            [TIME, "-f", "MAXRSS-KB %M %U %S", *cmd],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            check=False,
        )
        seconds = time.perf_counter() - start
        orphans_cpu, orphans_kib = reap_orphans()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    body, _, last = text.rstrip("\n").rpartition("\n")
    if not last.startswith("MAXRSS-KB "):
        body, last = text, "MAXRSS-KB 0 0 0"
    _, kib, user, system = last.split()
    return Run(
        seconds,
        max(int(kib), orphans_kib) / 1024,
        proc.returncode,
        body,
        float(user) + float(system) + orphans_cpu,
    )


def adopt_orphans() -> None:
    """Make this process the reaper of its descendants that outlive their parents
    (``PR_SET_CHILD_SUBREAPER``, Linux), so that ``reap_orphans`` can count them."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass  # not Linux: orphans go uncounted, as before


def reap_orphans(patience: float = 30.0) -> tuple[float, int]:
    """Wait for the adopted processes (``adopt_orphans``) to end: their CPU seconds (their
    own workers' included) and their largest peak resident set in KiB."""
    cpu, kib = 0.0, 0
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # none left
        if pid == 0:
            time.sleep(0.05)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        kib = max(kib, usage.ru_maxrss)
    return cpu, kib


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.output[-3000:]}")
    return run


def files_written(root: Path, since: float) -> int:
    """Files under ``root`` modified after ``since`` (the release keeps unchanged ones)."""
    return sum(
        1
        for p in root.rglob("*")
        if p.is_file() and p.stat().st_mtime > since and ".git" not in p.parts
    )


def publish_packages(root: Path, numbers: Iterable[int], *, frictionless: bool = False) -> None:
    """Publish the packages of ``numbers`` without their sites (untimed preparation).

    The package steps of ``release`` (``release_package``: validate the monitor, refuse on
    errors, write the package, validate it with frictionless, record it as validated) —
    except that by default the frictionless validation of these earlier packages is left
    out to fit the run's budget (at 350 × 40 it is most of the preparation): they come from
    the same writer whose output ``release K`` does validate, and in a real project each
    was validated once, when it was released. ``--validate-earlier`` puts it back.
    """
    from lvv_publish.package import record, write_package
    from lvv_publish.publish import release_package, validate_release
    from lvv_publish.sources import Project

    project = Project(root)
    for n in numbers:
        if frictionless:
            release_package(project, n)
            continue
        validation = validate_release(project, n)
        if validation.report.blocking(strict=False):
            raise SystemExit(f"synthetic monitor {n} has errors: {validation.report.counts}")
        write_package(validation.data, project.package_dir(n), version=f"{n}.0.0")
        record(project.package_dir(n))


def stand_in_sites(root: Path, numbers: range) -> None:
    """Earlier versions' sites as stand-ins: the build stamp without the pages.

    ``build --all`` then takes them as built from the current inputs (it checks every
    package's hashes and every stamp, and rebuilds none); ``release K`` reads only their
    stamps and their few files (its walk over a real site's pages, for the site's size and
    the sitemap, is left out of its time).
    The site-wide downloads (the vintage file of every release) are made for real, as the
    release of K-1 left them: ``release K`` appends to them.
    """
    from lvv_publish.publish import (
        resolve_site_url,
        update_site_downloads,
        version_stamp,
        write_stamp,
    )
    from lvv_publish.sources import Project

    project = Project(root)
    url = resolve_site_url(project)
    for n in numbers:
        site = project.site_dir(n)
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text("stand-in for benchmarks/scale.py\n", encoding="utf-8")
        write_stamp(site, version_stamp(project, n, url))
    update_site_downloads(project)


def line(what: str, run: Run, target: str = "", extra: str = "") -> None:
    print(f"  {what:34s} {run.seconds:8.2f} s {run.mib:7.0f} MiB  {target:28s} {extra}")


def observation_count(root: Path, n: int) -> int:
    import csv

    path = root / "datapackage" / str(n) / "observations.csv"
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def scale(
    size: str, full_build_max: int, workdir: Path, validate_earlier: bool
) -> dict[str, float]:
    municipalities, monitors = SIZES[size]
    root = workdir / f"p{size}"
    start = time.perf_counter()
    synthetic.generate(root, municipalities, monitors, seed=1)
    publish_packages(root, range(1, monitors), frictionless=validate_earlier)
    prep = time.perf_counter() - start
    full = municipalities * monitors <= full_build_max
    print(
        f"\n{size}: {municipalities} municipalities x {monitors} monitors "
        f"(preparation: {prep:.0f} s, untimed)"
    )
    figures: dict[str, float] = {}
    run = check(timed([*LVV, "validate", str(monitors)], root), "validate")
    line(f"validate {monitors}", run)
    figures["validate"] = run.seconds
    if monitors > 1:
        if full:
            run = check(timed([*LVV, "build", "--all"], root), "build --all")
            line(f"build --all ({monitors - 1} versions, fresh)", run)
            figures["build_fresh"] = run.seconds
        else:
            stand_in_sites(root, range(1, monitors))
            print(f"  build --all ({monitors - 1} versions, fresh): not run; stand-in sites")
    since = time.time()
    run = check(timed([*LVV, "release", str(monitors)], root), "release")
    obs = observation_count(root, monitors)
    line(
        f"release {monitors} (one version)",
        run,
        "target <= 30 s, <= 512 MiB" if size == "350x40" else "",
        f"{files_written(root / 'site', since)} site files written",
    )
    figures["release"] = run.seconds
    figures["release_mib"] = run.mib
    size_mb = sum(p.stat().st_size for p in (root / "site" / str(monitors)).rglob("*")) / 1e6
    print(f"  site/{monitors}/: {size_mb:.1f} MB ({obs} observations in the package)")
    time.sleep(1.1)  # modification times have a resolution; make "rewritten" visible
    since = time.time()
    run = check(timed([*LVV, "release", str(monitors)], root), "release again")
    written = files_written(root, since)
    line("release again (unchanged)", run, "target: 0 files rewritten", f"{written} rewritten")
    figures["release_again"] = run.seconds
    since = time.time()
    run = check(timed([*LVV, "build", "--all"], root), "build --all again")
    written = files_written(root / "site", since)
    line(
        f"build --all ({monitors} versions, unchanged)",
        run,
        "target: no version rebuilt",
        f"{written} files rewritten",
    )
    figures["build_unchanged"] = run.seconds
    if not full:
        print("  build --all (1 changed): not run at this size; it costs one version, as above")
        return figures
    with (root / "monitors" / str(monitors) / "monitor.yaml").open("a", encoding="utf-8") as f:
        f.write("# edited by benchmarks/scale.py\n")
    run = check(timed([*LVV, "build", "--all"], root), "build --all one changed")
    line(
        f"build --all ({monitors} versions, 1 changed)",
        run,
        "target: about one version",
        run.output.strip().rsplit(": rebuilt", 1)[-1][:60],
    )
    figures["build_one"] = run.seconds
    return figures


def rule_engine(sizes: list[str], workdir: Path) -> None:
    """Time the consistency rules alone, per observation, in this process."""
    from lvv_publish import checks
    from lvv_publish.publish import published_cells
    from lvv_publish.sources import Project, load_release, read_input_sheets

    print("\nRule engine (the checks of validate K, in-process, median of 3):")
    for size in sizes:
        root = workdir / f"p{size}"
        if not root.is_dir():
            continue
        _, monitors = SIZES[size]
        project = Project(root)
        data = load_release(project, monitors)
        rulebook = checks.load_rulebook()
        published = published_cells(project, data)
        sheets = read_input_sheets(project, data)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            checks.review(data, sheets, published, rulebook, "monitor.yaml")
            times.append(time.perf_counter() - start)
        n = len(data.observations)
        t = statistics.median(times)
        print(f"  {size:7s} {n:7d} observations {t:7.3f} s {t / n * 1e6:7.1f} µs/observation")


def profile(size: str, workdir: Path) -> None:
    """Profile ``release K`` of one size in-process and print where the time goes."""
    import cProfile
    import pstats

    municipalities, monitors = SIZES[size]
    root = workdir / f"prof{size}"
    synthetic.generate(root, municipalities, monitors, seed=1)
    publish_packages(root, range(1, monitors))
    stand_in_sites(root, range(1, monitors))
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    stats_file = workdir / "release.prof"
    start = time.perf_counter()
    cProfile.runctx(
        "release(Project(root), monitors)",
        {"release": release, "Project": Project, "root": root, "monitors": monitors},
        {},
        str(stats_file),
    )
    took = time.perf_counter() - start
    print(f"\nProfile of release {monitors} at {size}: {took:.1f} s under cProfile")
    stats = pstats.Stats(str(stats_file))
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="e.g. 6x3,50x10")
    parser.add_argument(
        "--full-build-max",
        type=int,
        default=500,
        help="largest municipalities x monitors built in full by build --all (default 500)",
    )
    parser.add_argument("--profile", metavar="SIZE", help="profile release K of SIZE")
    parser.add_argument(
        "--validate-earlier",
        action="store_true",
        help="validate the earlier packages with frictionless while preparing (slower)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the projects here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lvv-scale-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        if args.profile:
            profile(args.profile, workdir)
            return
        sizes = [s for s in args.sizes.split(",") if s]
        for size in sizes:
            if size not in SIZES:
                raise SystemExit(f"unknown size {size}; choose from {', '.join(SIZES)}")
            scale(size, args.full_build_max, workdir, args.validate_earlier)
        rule_engine(sizes, workdir)
        print(f"\nwhole run: {time.perf_counter() - start:.0f} s (target < 600 s)")


if __name__ == "__main__":
    main()
