"""Benchmark: building the chart specs (and the per-municipality contexts) of a national
release, with this working tree's code and, in the same run, a git ``REF``'s.

Untimed preparation: a synthetic project (``benchmarks/synthetic.py``) of M municipalities
× K monitors, and the packages that give release K every monitor's figures (K, and every
third monitor before it: each carries its own period and the two before it), written
without the sites. Then, per side, a process of its own reads the package and the site's
inputs as a release does (``site_inputs``, ``release_info``) and times, each the minimum of
``--repeat`` runs:

- the charts of every municipality page (``municipality_charts``: two per municipality);
- the charts of every indicator page (``indicator_pages``, its tables and CSV included);
- the national overview (``overview_context``: four charts and its tables);
- the municipality pages' contexts (``municipality_contexts``: tables, findings).

Each side also prints a SHA-256 over every chart spec it built: equal digests, the same
specs byte for byte. The ``REF`` side imports its own ``lvv_publish`` (``git archive``)
through ``PYTHONPATH`` and needs its own dependencies (Altair before issue 22) in this
virtual environment. Prints figures and the load; asserts nothing.

    .venv/bin/python benchmarks/charts.py [--ref main] [-m 350] [-k 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from scale import publish_packages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Run in the measuring process (``--measure``), with either side's lvv_publish.
CHILD = """
import hashlib, json, sys, time
from pathlib import Path

from lvv_publish.package import read_package
from lvv_publish.publish import site_inputs
from lvv_publish.site.contexts import release_info
from lvv_publish.site.contexts.indicator import indicator_pages
from lvv_publish.site.contexts.municipality import municipality_charts, municipality_contexts
from lvv_publish.site.contexts.overview import overview_context
from lvv_publish.sources import Project, load_monitor

root, number, repeat = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
dump = Path(sys.argv[4]) if len(sys.argv) > 4 else None
project = Project(root)
package = read_package(project.package_dir(number))
inputs = site_inputs(project, package, load_monitor(project.monitors, number))
info = release_info(package, inputs.meta, inputs.pilot_start, None, inputs.next_publication)
labels = {**inputs.labels, **info.monitor_labels}
history = inputs.history if inputs.history is not None else package.observations.iloc[0:0]
steps = {
    "municipality charts": lambda: municipality_charts(package, history, labels),
    "indicator pages": lambda: indicator_pages(inputs.long_series, package, info),
    "national overview": lambda: overview_context(package, info),
    "municipality contexts": lambda: municipality_contexts(package, info, inputs.long_series),
}
out = {"times": {}, "charts": {}, "specs": {}}
for name, step in steps.items():
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    out["times"][name] = best
    if name == "municipality charts":
        built = [c for page in result.values() for c in page]
    elif name == "indicator pages":
        built = [c for page in result[1] for c in page.charts]
    elif name == "national overview":
        built = result.charts
    else:
        continue
    out["charts"][name] = len(built)
    specs = hashlib.sha256()
    for chart in built:
        specs.update(chart.spec_json.encode())
    out["specs"][name] = specs.hexdigest()
    if dump is not None:
        with dump.open("a", encoding="utf-8") as f:
            f.writelines(f"{chart.id}\\t{chart.spec_json}\\n" for chart in built)
print(json.dumps(out))
"""


def prepare(workdir: Path, municipalities: int, monitors: int) -> Path:
    """The synthetic project with the packages release ``monitors`` reads (untimed)."""
    root = synthetic.generate(workdir / "project", municipalities, monitors)
    publish_packages(root, [*range(monitors - 1, 0, -3)][::-1] + [monitors])
    return root


def export(ref: str, into: Path) -> Path:
    """The package of git ``ref`` in ``into``, as ``scripts/compare-outputs.py`` exports
    it (that script's file name is not a module name, so it is loaded by its path)."""
    path = ROOT / "scripts" / "compare-outputs.py"
    spec = importlib.util.spec_from_file_location("compare_outputs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.export(ref, into)


def measure(
    code: Path | None, root: Path, number: int, repeat: int, dump: Path | None = None
) -> dict:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(root),
            str(number),
            str(repeat),
            *([str(dump)] if dump else []),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
        cwd=code or ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default=None, help="git ref to compare with (e.g. main)")
    parser.add_argument("--municipalities", "-m", type=int, default=350)
    parser.add_argument("--monitors", "-k", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--project", type=Path, help="keep the prepared project here (reused when it exists)"
    )
    parser.add_argument("--dump", type=Path, help="write each side's specs to DIR/<side>.tsv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lvv-charts-") as tmp:
        work = Path(tmp)
        if args.project is not None and (args.project / "project").is_dir():
            root = args.project / "project"
        else:
            root = prepare(args.project or work, args.municipalities, args.monitors)
        sides: dict[str, Path | None] = {"working tree": None}
        if args.ref:
            sides = {args.ref: export(args.ref, work / "ref"), **sides}
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
        results = {
            name: measure(
                code, root, args.monitors, args.repeat,
                args.dump / f"{name.replace('/', '-')}.tsv" if args.dump else None,
            )
            for name, code in sides.items()
        }  # fmt: skip
        size = f"{args.municipalities} municipalities x {args.monitors} monitors"
        load = f"load {os.getloadavg()[0]:.2f} (1 min) at the end"
        print(f"{size}, min of {args.repeat}; {load}")
        steps = list(next(iter(results.values()))["times"])
        print(f"{'':24}" + "".join(f"{name:>16}" for name in results))
        for step in steps:
            print(f"{step:24}" + "".join(f"{r['times'][step]:>15.3f}s" for r in results.values()))
        for name, r in results.items():
            digests = {step: digest[:12] for step, digest in r["specs"].items()}
            print(f"{name}: charts {r['charts']}, specs sha256 {digests}")


if __name__ == "__main__":
    main()
