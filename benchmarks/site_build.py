"""Benchmark: the site of one version of a synthetic project, in-process, step by step.

Untimed preparation (once per work folder; kept, so that a second run, e.g. of another
commit, measures the same project): a synthetic project of M municipalities × K monitors
(``benchmarks/synthetic.py``) with the packages of monitors 1 … K published
(``scale.publish_packages``). Then, timed, each ``--repeat`` times, with the minimum printed:

1. the workbook ``lvv-monitor.xlsx`` of package K (``workbook_bytes``);
2. the pages of version K as MkDocs source (``render_pages``, the workbook included);
3. the whole site of version K (``build_site``: the pages, then MkDocs/Material).

Prints wall and CPU times and the load average; asserts nothing (machines here are shared
and noisy).

    .venv/bin/python benchmarks/site_build.py --size 100x10 --workdir /tmp/lvv-bench [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from scale import publish_packages  # noqa: E402


def prepare(root: Path, municipalities: int, monitors: int) -> None:
    if (root / "datapackage" / str(monitors) / "datapackage.json").is_file():
        return
    if root.exists():
        shutil.rmtree(root)
    synthetic.generate(root, municipalities, monitors, seed=1)
    publish_packages(root, range(1, monitors + 1))


def best(what: str, repeat: int, step: Callable[[], object]) -> None:
    """The minimum wall and CPU time (this process's: less disturbed by other processes on
    a shared machine) of ``repeat`` runs of ``step``."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    runs = " ".join(f"{t:.2f}" for t in wall)
    print(
        f"  {what:30s} wall min {min(wall):7.2f} s, CPU min {min(cpu):7.2f} s (wall: {runs})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100x10", help="MxK: municipalities x monitors")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    municipalities, monitors = (int(x) for x in args.size.split("x"))
    root = args.workdir / f"p{args.size}"
    prepare(root, municipalities, monitors)

    import lvv_publish
    from lvv_publish.package import read_package
    from lvv_publish.publish import resolve_site_url, site_inputs
    from lvv_publish.site import build_site, render_pages
    from lvv_publish.site.downloads import workbook_bytes
    from lvv_publish.sources import Project, load_monitor

    project = Project(root)
    package = read_package(project.package_dir(monitors))
    inputs = site_inputs(project, package, load_monitor(project.monitors, monitors))
    url = resolve_site_url(project)
    print(f"site of version {monitors} at {args.size}, code {Path(lvv_publish.__file__).parent}")
    print(f"  load before: {os.getloadavg()}")
    best("workbook_bytes", args.repeat, lambda: workbook_bytes(package))
    best("render_pages", args.repeat, lambda: render_pages(inputs, site_url=url))
    with tempfile.TemporaryDirectory(prefix="lvv-bench-") as tmp:
        out = Path(tmp) / "site"

        def build() -> None:
            shutil.rmtree(out, ignore_errors=True)
            build_site(inputs, out, site_url=url)

        best("build_site (pages + MkDocs)", args.repeat, build)
    print(f"  load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
