"""Benchmark: how large the whole site is at national scale, against GitHub Pages' limits.

Builds a synthetic project (``benchmarks/synthetic.py``) of M municipalities × K monitors,
publishes the packages of monitors 1 … K (untimed preparation, as ``scale.py`` does:
validated and written, without frictionless), builds the sites of a few versions for real
(``--built``, default 1, K/2 and K) and gives the others stand-in sites (``scale.py``),
then makes what the whole site shares for real (``update_versions``: ``latest/``, the
site-wide downloads with the vintage file and the long series, the root files).

It prints the size per top-level folder of each built version, the largest files of the
site, and an estimate of the whole site: every version's size **extrapolated** linearly
between the built ones (a version's size grows with the monitors its long series holds),
plus ``latest/`` (the newest as redirects and downloads) and the site-wide files, measured.
Building all K versions of 350 municipalities does not fit a run (about a minute each).

    .venv/bin/python benchmarks/site_size.py [--size 350x40] [--built 1,20,40] [--workdir D]

With ``--workdir`` the project is kept and reused: its packages are published once, and
the sites are built again with the current code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from scale import SIZES, publish_packages, stand_in_sites  # noqa: E402

from lvv_publish.publish import build_version, site_size, update_versions  # noqa: E402
from lvv_publish.site import FILE_WARNING, PAGES_SITE_LIMIT, SITE_WARNING  # noqa: E402
from lvv_publish.sources import Project  # noqa: E402

MB = 1e6


def prepared(workdir: Path, municipalities: int, monitors: int) -> Path:
    """The project with every package published; reused when a run made it before."""
    root = workdir / f"p{municipalities}x{monitors}"
    done = root / ".packages-published"
    if done.is_file():
        print(f"reusing {root} (packages 1-{monitors} published)")
        return root
    start = time.perf_counter()
    synthetic.generate(root, municipalities, monitors, seed=1)
    publish_packages(root, range(1, monitors + 1))
    done.write_text("benchmarks/site_size.py\n", encoding="utf-8")
    print(f"prepared {root} in {time.perf_counter() - start:.0f} s (untimed)")
    return root


def by_folder(folder: Path) -> dict[str, tuple[int, int]]:
    """Bytes and files per top-level entry of ``folder`` (files at its top under '.')."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(folder).parts
            key = rel[0] + "/" if len(rel) > 1 else "."
            out[key][0] += path.stat().st_size
            out[key][1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(out.items(), key=lambda kv: -kv[1][0])}


def total(folder: Path) -> tuple[int, int]:
    parts = by_folder(folder).values()
    return sum(b for b, _ in parts), sum(f for _, f in parts)


def interpolate(points: dict[int, tuple[int, int]], n: int) -> tuple[float, float]:
    """Bytes and files of version ``n``, linear between the built versions around it
    (beyond them, along the nearest two)."""
    xs = sorted(points)
    if n in points:
        return float(points[n][0]), float(points[n][1])
    if len(xs) == 1:
        return float(points[xs[0]][0]), float(points[xs[0]][1])
    lo = max([x for x in xs if x < n], default=xs[0])
    hi = min([x for x in xs if x > n], default=xs[-1])
    if lo == hi:
        lo, hi = (xs[0], xs[1]) if n < xs[0] else (xs[-2], xs[-1])
    t = (n - lo) / (hi - lo)
    return tuple(  # type: ignore[return-value]
        points[lo][i] + t * (points[hi][i] - points[lo][i]) for i in range(2)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="350x40", choices=list(SIZES))
    parser.add_argument("--built", help="versions built for real (default 1, K/2, K)")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the project here")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure the site a run left in --workdir without building anything",
    )
    args = parser.parse_args()
    municipalities, monitors = SIZES[args.size]
    built = (
        sorted({int(b) for b in args.built.split(",")})
        if args.built
        else sorted({1, max(1, monitors // 2), monitors})
    )
    if built[-1] != monitors:
        raise SystemExit(f"--built must include the newest version, {monitors}")
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="lvv-size-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        root = prepared(workdir, municipalities, monitors)
        project = Project(root)
        if args.report_only:
            report(project, built, monitors, municipalities)
            return
        if project.site.exists():
            shutil.rmtree(project.site)
        stand_in_sites(root, range(1, monitors + 1))
        for n in built:
            shutil.rmtree(project.site_dir(n))
            start = time.perf_counter()
            build_version(project, n)
            print(
                f"built version {n} in {time.perf_counter() - start:.0f} s "
                f"(load {os.getloadavg()[0]:.2f})"
            )
        start = time.perf_counter()
        update_versions(project)
        print(f"latest/, site-wide downloads and root files in {time.perf_counter() - start:.0f} s")
        report(project, built, monitors, municipalities)
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")


def report(project: Project, built: list[int], monitors: int, municipalities: int) -> None:
    site = project.site
    points = {}
    for n in built:
        parts = by_folder(project.site_dir(n))
        points[n] = (sum(b for b, _ in parts.values()), sum(f for _, f in parts.values()))
        print(
            f"\nversion {n} ({municipalities} municipalities, {n} monitors): "
            f"{points[n][0] / MB:.1f} MB in {points[n][1]} files"
        )
        for name, (size, files) in parts.items():
            print(f"  {name:24s} {size / MB:8.2f} MB {files:6d} files")
    shared_bytes, shared_files = 0, 0
    print("\nsite-wide (measured):")
    for name, (size, files) in by_folder(site).items():
        if name.rstrip("/").isdigit():
            continue
        shared_bytes += size
        shared_files += files
        print(f"  {name:24s} {size / MB:8.2f} MB {files:6d} files")
    measured = site_size(site)
    print("\nlargest files (measured):")
    for path, size in measured.largest:
        print(f"  {path:60s} {size / MB:8.2f} MB")
    versions = [interpolate(points, n) for n in range(1, monitors + 1)]
    est_bytes = sum(b for b, _ in versions) + shared_bytes
    est_files = sum(f for _, f in versions) + shared_files
    print(
        f"\nwhole site, {monitors} versions + latest/ + site-wide files: about "
        f"{est_bytes / MB:.0f} MB in {est_files:.0f} files (EXTRAPOLATED: versions "
        f"{', '.join(map(str, built))} built, the others linear between them)"
    )
    print(
        "  limits (lvv_publish/site/downloads/download.py): "
        f"site <= {PAGES_SITE_LIMIT / MB:.0f} MB, warned above {SITE_WARNING / MB:.0f} MB; "
        f"a file warned above {FILE_WARNING / MB:.0f} MB"
    )
    verdict = "within" if est_bytes <= SITE_WARNING else "OVER"
    print(f"  the estimate is {verdict} the {SITE_WARNING / MB:.0f} MB target")


if __name__ == "__main__":
    main()
