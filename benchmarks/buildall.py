"""Benchmark: a fresh ``build --all``, one version after another against in parallel, and
what one version costs as a function of its number (issue 22).

A synthetic project of M municipalities × K monitors (``synthetic.py``) gets the packages
of monitors 1 … K published (untimed; as ``scale.py``'s ``publish_packages``). Then:

1. per version, for a few version numbers N: one fresh process builds ``site/<N>/`` alone
   (``build_version_into``, as a worker does); its wall and CPU time, the part spent on the
   inputs (``site_inputs``: reading the N packages and the long series), its peak memory.
   A version's build reads every earlier package and computes the series over all of
   them, so its cost grows with N: a straight line through these points is printed, and
   the sum of that line over versions 1 … ``--extrapolate`` (an extrapolation, marked so);
2. ``build --all --jobs 1`` and ``build --all`` (workers as the machine allows, or
   ``--jobs``) on two copies, each timed as a whole process tree: wall time, the CPU time
   of the command and its workers, the peak of their summed resident memory (sampled from
   ``/proc`` every 0.2 s); then both sites are compared byte for byte.

The load average is printed before and after: on a shared machine the figures are only as
good as the load lets them be.

    .venv/bin/python benchmarks/buildall.py [--size 100x20] [--jobs N] [--versions 1,10,20]
    .venv/bin/python benchmarks/buildall.py --size 350x40 --parallel-only   # part 2 alone
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from scale import publish_packages  # noqa: E402

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024

ONE_VERSION = """
import json, resource, sys, time
from pathlib import Path
from lvv_publish.package import read_package, reader, with_texts
from lvv_publish.publish.build import build_version_into, site_inputs
from lvv_publish.sources import Project, load_monitor
project, n, out = Project(Path(sys.argv[1])), int(sys.argv[2]), Path(sys.argv[3])
wall, cpu = time.perf_counter(), time.process_time()
build_version_into(project, n, out, None)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
reader._packages.clear()  # read every package again, as the build did
start = time.process_time()
package = read_package(project.package_dir(n))
meta = with_texts(load_monitor(project.monitors, n), package.texts)
site_inputs(project, package, meta)
print(json.dumps({
    "wall": wall, "cpu": cpu, "inputs": time.process_time() - start,
    "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, CPU seconds, resident bytes) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE


class TreeMonitor:
    """Samples a process and its descendants: each one's last CPU time, the summed RSS."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.cpu: dict[int, float] = {}
        self.peak = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            stats = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit() and (s := _stat(int(entry))) is not None:
                    stats[int(entry)] = s
            tree, grew = {self.root}, True
            while grew:
                more = {pid for pid, s in stats.items() if s[0] in tree} - tree
                tree |= more
                grew = bool(more)
            rss = 0
            for pid in tree & stats.keys():
                self.cpu[pid] = stats[pid][1]
                rss += stats[pid][2]
            self.peak = max(self.peak, rss)
            self.processes = max(self.processes, len(tree & stats.keys()))
            time.sleep(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed_tree(cmd: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds of the process tree, its peak summed RSS in MiB, the most
    processes at once, the output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    monitor = TreeMonitor(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    monitor.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.decode()[-3000:]}")
    return wall, sum(monitor.cpu.values()), monitor.peak / MIB, monitor.processes, out.decode()


def differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return sorted(set(files_a) ^ set(files_b))
    return [f for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]


def per_version(root: Path, numbers: list[int]) -> list[tuple[int, dict[str, float]]]:
    import json

    rows = []
    for n in numbers:
        with tempfile.TemporaryDirectory() as out:
            done = subprocess.run(
                [sys.executable, "-c", ONE_VERSION, str(root), str(n), f"{out}/site"],
                capture_output=True,
                text=True,
                check=True,
            )
        rows.append((n, json.loads(done.stdout.strip().splitlines()[-1])))
        r = rows[-1][1]
        print(
            f"  version {n:3}: {r['wall']:6.1f} s wall, {r['cpu']:6.1f} s CPU, of which "
            f"site_inputs (reading the packages, the series) {r['inputs']:5.1f} s CPU; "
            f"peak {r['rss']:.0f} MiB   [{load()}]",
            flush=True,
        )
    return rows


def line_fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares a + b·N."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return my - b * mx, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100x20", help="MxK: municipalities x monitors")
    parser.add_argument("--jobs", type=int, help="workers of the parallel build (default auto)")
    parser.add_argument("--versions", help="versions timed alone (default: 1, K/2, K)")
    parser.add_argument("--extrapolate", type=int, default=40, help="versions to sum to")
    parser.add_argument("--skip-builds", action="store_true", help="only the per-version part")
    parser.add_argument(
        "--parallel-only",
        action="store_true",
        help="only the fresh parallel build --all (issue 22's target; the other parts at "
        "350 x 40 take three times as long)",
    )
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    municipalities, monitors = (int(x) for x in args.size.lower().split("x"))
    work = Path(args.workdir or tempfile.mkdtemp(prefix="lvv-buildall-"))
    root = work / "a"
    print(f"buildall benchmark {args.size}, {os.cpu_count()} cores; {load()}", flush=True)
    if not (root / "datapackage" / str(monitors)).is_dir():
        start = time.perf_counter()
        synthetic.generate(root, municipalities, monitors, seed=1)
        publish_packages(root, range(1, monitors + 1))
        print(f"preparation (untimed): {time.perf_counter() - start:.0f} s", flush=True)
    numbers = (
        [int(x) for x in args.versions.split(",")]
        if args.versions
        else sorted({1, max(1, monitors // 2), monitors})
    )
    if args.parallel_only:
        parallel_build(root, work, args.jobs)
        return
    print("One version built alone in a fresh process:")
    rows = per_version(root, numbers)
    a, b = line_fit([(n, r["cpu"]) for n, r in rows])
    ai, bi = line_fit([(n, r["inputs"]) for n, r in rows])
    k = args.extrapolate
    total = sum(a + b * n for n in range(1, k + 1))
    inputs = sum(ai + bi * n for n in range(1, k + 1))
    print(
        f"  CPU per version ~ {a:.1f} + {b:.2f}·N s (of which inputs {ai:.1f} + {bi:.2f}·N);\n"
        f"  EXTRAPOLATED to versions 1..{k} at {municipalities} municipalities: "
        f"{total / 60:.1f} CPU-minutes (inputs: {inputs / 60:.1f}), so "
        f"{total / 60 / (os.cpu_count() or 1):.1f} min on {os.cpu_count()} cores at best",
        flush=True,
    )
    if args.skip_builds:
        return
    second = work / "b"
    for copy in (work / "seq", second):
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    lvv = [str(BIN / "lvv-publish"), "build", "--all"]
    parallel = ["--jobs", str(args.jobs)] if args.jobs else []
    results = {}
    for name, folder, extra in (
        ("--jobs 1", work / "seq", ["--jobs", "1"]),
        (" ".join(parallel) or "(auto)", second, parallel),
    ):
        before = load()
        wall, cpu, peak, procs, _ = timed_tree([*lvv, *extra], folder)
        results[name] = wall
        print(
            f"fresh build --all {name:9}: {wall:6.1f} s wall, {cpu:6.1f} s CPU (process tree), "
            f"peak {peak:.0f} MiB summed over {procs} processes; {before} -> {load()}",
            flush=True,
        )
    diff = differences(work / "seq" / "site", second / "site")
    print(f"sequential and parallel sites byte-identical: {not diff} {diff[:5]}")
    print(f"work folder: {work}")


def parallel_build(root: Path, work: Path, jobs: int | None) -> None:
    """A fresh ``build --all`` (workers as the machine allows, or ``jobs``) of a copy of
    ``root`` without its sites: the whole process tree timed, and what the command says of
    the whole site's size."""
    folder = work / "b"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(root, folder, ignore=shutil.ignore_patterns("site"))
    extra = ["--jobs", str(jobs)] if jobs else []
    before = load()
    wall, cpu, peak, procs, out = timed_tree(
        [str(BIN / "lvv-publish"), "build", "--all", *extra], folder
    )
    print(
        f"fresh build --all {' '.join(extra) or '(auto)'}: {wall:6.1f} s wall, {cpu:6.1f} s CPU "
        f"(process tree), peak {peak:.0f} MiB summed over {procs} processes; {before} -> "
        f"{load()}",
        flush=True,
    )
    print("".join(f"  {line}\n" for line in out.splitlines() if "whole site" in line), end="")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
