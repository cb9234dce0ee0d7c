"""Benchmark: time and peak memory of `validate 15`, `release 15` (first and unchanged) and
`build --all` on the bundled monitors.

Prints figures; it asserts nothing (machines here are shared and noisy). Run with
`.venv/bin/python benchmarks/release.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bundled import copy_bundled

from lvv_publish.publish import build_all, release, validate_release
from lvv_publish.sources import Project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    steps: dict[str, Callable[[Project], object]] = {
        "validate 15": lambda p: validate_release(p, 15),
        # First release of 15 (13 and 14 published): package, sites 13-15, latest, index.
        "release 15": lambda p: release(p, 15),
        # The same again: published and unchanged, so it only compares and writes nothing.
        "release 15 again": lambda p: release(p, 15),
        "build --all": lambda p: build_all(p),
    }
    timings: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            project = Project(copy_bundled(Path(tmp) / "project"))
            for name, step in steps.items():
                start = time.perf_counter()
                step(project)
                timings[name].append(time.perf_counter() - start)
    for name, values in timings.items():
        print(
            f"{name:16s} median {statistics.median(values):6.2f} s  "
            f"min {min(values):6.2f} s  max {max(values):6.2f} s  (n={len(values)})"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
