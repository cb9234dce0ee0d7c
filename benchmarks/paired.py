"""Benchmark (issue 22): each lvv-publish command beside the minimum work it stands for.

Prints figures; asserts nothing (machines here are shared and noisy). Every timed step is a
whole process, as a user runs it, timed by GNU time: wall, CPU (user + system, the children
it waited for included: the package's frictionless validation runs in one) and the peak
resident set of its largest process.

The minimum of a release is what no publisher of these pages and this package can skip: a
bare ``mkdocs build`` of the very MkDocs project the release built (kept with
``release N --keep-source DIR``) plus ``frictionless validate`` of the package it wrote.
Each run pairs the two, one right after the other, so that both see the same load.

Every run of ``release N`` starts from the state the first release of N starts from:
a copy of the project as release N-1 left it — the packages and sites of the earlier
versions, ``latest/``, the version index, the root files and the site-wide downloads — made
untimed before the run. One untimed run first fills the compiled-template cache, as every
release after a machine's first finds it.

    .venv/bin/python benchmarks/paired.py                 # the bundled monitors: release 15
    .venv/bin/python benchmarks/paired.py --size 350x40   # synthetic: release 40
    .venv/bin/python benchmarks/paired.py --repeat 5
    .venv/bin/python benchmarks/paired.py --size 350x40 --after-upgrade
    .venv/bin/python benchmarks/paired.py --size 350x40 --stand-ins --workdir /tmp/pw

The earlier versions' sites are built for real (``build --all``, untimed; some 8 minutes at
350 x 40 on 2 cores, once per ``--workdir`` and tool): a release reads them all, to measure
the whole site against its host's limits and to list every version's pages in the sitemap,
which at 350 x 40 is 138,000 files. ``--stand-ins`` gives them a build stamp and no pages
(``scale.stand_in_sites``), which is quicker to prepare and times the release without that
walk: until December 2026 this benchmark did so, and understated a release at 350 x 40 by
the seconds the walk took.

``--after-upgrade``: each release starts from a site-wide downloads folder that names another
lvv-publish as its maker, so the release makes the vintage file and the series anew from
every package instead of appending, as the first release after an upgrade of the tool does.

Also paired: ``validate N`` with ``frictionless validate`` of the same package, ``--help``
and ``--version`` with ``python -c pass``; and ``release N`` again, unchanged, with the
number of files it rewrote (target 0). At the end the sizes of the version, the whole site
and its largest file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from bundled import copy_bundled  # noqa: E402
from scale import (  # noqa: E402
    BIN,
    LVV,
    SIZES,
    Run,
    check,
    files_written,
    publish_packages,
    stand_in_sites,
    timed,
)

MKDOCS = [str(BIN / "mkdocs"), "build", "-q"]
FRICTIONLESS = [str(BIN / "frictionless"), "validate"]
QUIET = {"NO_MKDOCS_2_WARNING": "1"}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def baseline(size: str, workdir: Path, stand_ins: bool = False) -> tuple[Path, int]:
    """The project as release N-1 left it (untimed), and N; one that a run with the same
    ``--workdir``, the same code and the same ``stand_ins`` made before is used again (it is
    only ever copied). ``stand_ins``: the earlier versions' sites as stand-ins
    (``scale.stand_in_sites``), not built; not for the bundled monitors.
    Made by other code, the site-wide files' stamps would not match, and release N would
    make them anew instead of appending to them, as no quarter's release does."""
    from lvv_publish.publish import tool_digest

    ready = workdir / f"baseline-{size}{'-stand-ins' if stand_ins else ''}.ready"
    number = 15 if size == "bundled" else SIZES[size][1]
    if ready.is_file() and ready.read_text(encoding="utf-8") == tool_digest():
        return workdir / "baseline", number
    for stale in workdir.glob("baseline-*.ready"):  # another size's or kind's
        stale.unlink()
    if (workdir / "baseline").exists():
        shutil.rmtree(workdir / "baseline")
    root, number = _make_baseline(size, workdir, stand_ins)
    ready.write_text(tool_digest(), encoding="utf-8")
    return root, number


def _make_baseline(size: str, workdir: Path, stand_ins: bool) -> tuple[Path, int]:
    if size == "bundled":
        root = copy_bundled(workdir / "baseline")
        # Sites 13 and 14, latest/, the index, the root files, the site-wide downloads.
        check(timed([*LVV, "build", "--all"], root), "build --all (13, 14)")
        return root, 15
    municipalities, monitors = SIZES[size]
    root = workdir / "baseline"
    synthetic.generate(root, municipalities, monitors, seed=1)
    publish_packages(root, range(1, monitors))
    if stand_ins:
        # The earlier sites as stand-ins, the site-wide downloads made for real.
        stand_in_sites(root, range(1, monitors))
    else:
        # The earlier sites built for real, as the releases before N left them: release N
        # walks every version's pages (the sitemap) and the whole site (its size).
        check(timed([*LVV, "build", "--all"], root), f"build --all (1 … {monitors - 1})")
    return root, monitors


def fresh_copy(root: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root, dest, symlinks=True)
    return dest


def tree_size(folder: Path) -> tuple[int, int, tuple[int, str]]:
    """Bytes, files, and the largest file (bytes, path) under ``folder``."""
    total = count = 0
    largest = (0, "")
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            n = path.stat().st_size
            total, count = total + n, count + 1
            largest = max(largest, (n, str(path.relative_to(folder))))
    return total, count, largest


class Table:
    """Runs by name; prints min / median / max of wall, CPU and memory."""

    def __init__(self) -> None:
        self.runs: dict[str, list[Run]] = {}

    def add(self, name: str, run: Run) -> Run:
        self.runs.setdefault(name, []).append(run)
        return run

    def median(self, name: str, what: Callable[[Run], float]) -> float:
        return statistics.median(what(r) for r in self.runs[name])

    def print_rows(self) -> None:
        print(f"  {'command':34s} {'wall s: min  median  max':>26s} {'CPU s: median':>14s}  MiB")
        for name, runs in self.runs.items():
            walls = [r.seconds for r in runs]
            print(
                f"  {name:34s} {min(walls):8.2f} {statistics.median(walls):7.2f} "
                f"{max(walls):6.2f}  {statistics.median(r.cpu for r in runs):12.2f}  "
                f"{max(r.mib for r in runs):5.0f}  (n={len(runs)})"
            )

    def ratio(self, label: str, ours: str, minimum: list[str], target: str) -> None:
        parts = []
        for what, unit in ((lambda r: r.seconds, "wall"), (lambda r: r.cpu, "CPU")):
            mine = self.median(ours, what)
            least = sum(self.median(m, what) for m in minimum)
            parts.append(f"{unit} {mine:.2f} s / {least:.2f} s = {mine / least:.2f}x")
        print(f"  {label:34s} {'; '.join(parts)}  (target {target})")


def release_pairs(
    root: Path, number: int, workdir: Path, repeat: int, table: Table, *, upgraded: bool = False
) -> Path:
    """``release N`` and its minimum, ``repeat`` times, each from a fresh copy of ``root``
    (``upgraded``: as made by another lvv-publish)."""
    project = workdir / "project"
    for run in range(repeat + 1):
        fresh_copy(root, project)
        if upgraded:
            made_by_another_tool(project)
        kept = workdir / "source"
        if kept.exists():
            shutil.rmtree(kept)
        cmd = [*LVV, "release", str(number), "--keep-source", str(kept)]
        result = check(timed(cmd, project), f"release {number}")
        out = workdir / "bare"
        if out.exists():
            shutil.rmtree(out)
        bare = [*MKDOCS, "-f", str(kept / str(number) / "mkdocs.yml"), "-d", str(out)]
        mkdocs = check(timed(bare, kept, QUIET), "mkdocs build")
        package = project / "datapackage" / str(number) / "datapackage.json"
        valid = check(timed([*FRICTIONLESS, str(package)], project), "frictionless validate")
        if run == 0:
            continue  # the warm-up: fills the compiled-template cache
        table.add(f"release {number}", result)
        table.add("  mkdocs build (bare)", mkdocs)
        table.add("  frictionless validate", valid)
    return project


def made_by_another_tool(project: Path) -> None:
    """The site-wide downloads' record names another lvv-publish: the release cannot append
    to the vintage file (``publish/versions.py``), and makes it anew."""
    record = project / "site" / "downloads" / ".lvv-releases.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["tool"] = "an earlier lvv-publish"
    record.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def other_pairs(project: Path, number: int, repeat: int, table: Table) -> int:
    """validate, --help, --version beside their minimum; the unchanged release; files it
    rewrote."""
    package = project / "datapackage" / str(number) / "datapackage.json"
    for _ in range(repeat):
        table.add(f"validate {number}", check(timed([*LVV, "validate", str(number)], project), "v"))
        table.add(
            "  frictionless validate ",
            check(timed([*FRICTIONLESS, str(package)], project), "frictionless"),
        )
    for _ in range(repeat):
        table.add("--help", check(timed([*LVV, "--help"], project), "--help"))
        table.add("--version", check(timed([*LVV, "--version"], project), "--version"))
        table.add("  python -c pass", check(timed([sys.executable, "-c", "pass"], project), "py"))
    time.sleep(1.1)  # modification times have a resolution: make a rewrite visible
    since = time.time()
    for _ in range(repeat):
        again = [*LVV, "release", str(number)]
        table.add(f"release {number} again (unchanged)", check(timed(again, project), "again"))
    return files_written(project, since)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="bundled", choices=["bundled", *SIZES])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument(
        "--workdir", type=Path, help="keep the projects here (and use them again: the same size)"
    )
    parser.add_argument(
        "--after-upgrade",
        action="store_true",
        help="each release makes the site-wide files anew, as the first after a tool upgrade",
    )
    parser.add_argument(
        "--stand-ins",
        action="store_true",
        help="earlier versions' sites as stand-ins, not built (quicker; the release is "
        "timed without the walk over their pages)",
    )
    args = parser.parse_args()
    upgrade = ", after an upgrade" if args.after_upgrade else ""
    print(f"lvv-publish paired benchmark, {args.size}{upgrade}; {os.cpu_count()} cores; {load()}")
    with tempfile.TemporaryDirectory(prefix="lvv-paired-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        stand_ins = args.stand_ins and args.size != "bundled"  # the bundled sites are built
        root, number = baseline(args.size, workdir, stand_ins)
        earlier = "stand-ins" if stand_ins else "built"
        print(
            f"  preparation (untimed): {time.perf_counter() - start:.0f} s; "
            f"the earlier versions' sites {earlier}"
        )
        table = Table()
        project = release_pairs(
            root, number, workdir, args.repeat, table, upgraded=args.after_upgrade
        )
        rewritten = other_pairs(project, number, args.repeat, table)
        print(f"\nRuns ({args.repeat} each after one untimed warm-up; {load()}):")
        table.print_rows()
        print("\nBeside the minimum (ratio of medians):")
        bare = ["  mkdocs build (bare)", "  frictionless validate"]
        # Issue 22's targets: the bundled release within 1.2x, one version of 350 x 40 within
        # 1.5x (and 30 s, 512 MiB).
        target = "<= 1.2x" if args.size == "bundled" else "<= 1.5x, <= 30 s, <= 512 MiB"
        table.ratio(f"release {number}", f"release {number}", bare, f"{target} wall and CPU")
        table.ratio(
            f"validate {number}", f"validate {number}", ["  frictionless validate "], "<= 1.1x"
        )
        for command in ("--help", "--version"):
            wall = table.median(command, lambda r: r.seconds)
            print(f"  {command:34s} wall {wall:.2f} s (target <= 0.15 s)")
        print(f"  release {number} again: {rewritten} files rewritten (target 0)")
        sizes(project, number)
        print(f"\nwhole run: {time.perf_counter() - start:.0f} s; {load()}")


def sizes(project: Path, number: int) -> None:
    mb = 1e6
    print("\nSizes after the release:")
    for label, folder in (
        (f"site/{number}/", project / "site" / str(number)),
        ("site/ (the whole site)", project / "site"),
        (f"datapackage/{number}/", project / "datapackage" / str(number)),
    ):
        total, count, (largest, name) = tree_size(folder)
        print(
            f"  {label:24s} {total / mb:8.1f} MB in {count:6d} files; "
            f"largest {largest / mb:.1f} MB ({name})"
        )


if __name__ == "__main__":
    main()
