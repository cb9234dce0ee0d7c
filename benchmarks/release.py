"""Benchmark: time and peak memory of `release 15` and `build --all` on the bundled monitors.

Prints figures; it asserts nothing (machines here are shared and noisy). Run with
`.venv/bin/python benchmarks/release.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from lvv_publish.publish import Project, build_all, release
from lvv_publish.validate import validate_release

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    timings: dict[str, list[float]] = {"validate 15": [], "release 15": [], "build --all": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            shutil.copytree(ROOT / "monitors", root / "monitors")
            shutil.copytree(ROOT / "datapackage", root / "datapackage")
            project = Project(root)
            for name, run in (
                ("validate 15", lambda: validate_release(project, 15)),
                ("release 15", lambda: release(project, 15)),
                ("build --all", lambda: build_all(project)),
            ):
                start = time.perf_counter()
                run()
                timings[name].append(time.perf_counter() - start)
    for name, values in timings.items():
        print(
            f"{name:12s} median {statistics.median(values):6.2f} s  "
            f"min {min(values):6.2f} s  max {max(values):6.2f} s  (n={len(values)})"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
