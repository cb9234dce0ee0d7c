"""Benchmark: the size of the table page's data script (``tabel/reeksen.js``) at scale.

Builds the long series of a synthetic project (``benchmarks/synthetic.py``'s figures, its
share of unknown values; one release per monitor, the newest repeating every monitor, so
each value comes from the newest release; a few revisions; the national totals summed with
their unknown parts named) in the shape of ``reeksen.csv``, without publishing 40 packages,
and prints the bytes of ``reeksen.csv`` and of the script. Asserts nothing.

    .venv/bin/python benchmarks/table_data.py [--size 350x40]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from lvv_publish.models import table_schema  # noqa: E402
from lvv_publish.package import csv_bytes  # noqa: E402
from lvv_publish.site.contexts.tabledata import series_script  # noqa: E402

MB = 1000 * 1000
TARGET = 3 * MB


def synthetic_series(municipalities: int, monitors: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    towns = synthetic._municipalities(rng, municipalities, monitors)
    figures = {m.code: synthetic._simulate(rng, m, monitors) for m in towns}
    newest = f"{monitors}.0.0"
    rows, national = [], {}
    for m in towns:
        for code in synthetic.INDICATORS:
            for n in sorted(figures[m.code]):
                value = figures[m.code][n].get(code)
                if rng.random() < synthetic.UNKNOWN_SHARE:
                    value = None
                rows.append((n, m.code, m.name, code, value, newest, rng.random() < 0.002))
                total = national.setdefault((code, n), [0, [], False])
                if value is None:
                    total[1].append(m.code)
                else:
                    total[0] += value
                total[2] |= rows[-1][-1]
    frame = pd.DataFrame(
        rows,
        columns=["monitor", "municipality_code", "municipality", "indicator", "value", "release",
                 "revised"],
    )  # fmt: skip
    frame["compleet"], frame["onbekend"] = None, None
    nl = [
        (n, "NL01", "Nederland", code, v, newest, rev, not unknown, "; ".join(unknown) or None)
        for code in synthetic.INDICATORS
        for n in range(1, monitors + 1)
        if (code, n) in national
        for v, unknown, rev in [national[(code, n)]]
    ]
    frame = pd.concat([frame, pd.DataFrame(nl, columns=frame.columns)], ignore_index=True)
    frame["periode"] = frame["monitor"].map(synthetic.label)
    frame = frame[[c.name for c in table_schema("series").fields]]
    for col in table_schema("series").fields:
        frame[col.name] = col.cast(frame[col.name])
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="350x40", help="municipalities x monitors")
    args = parser.parse_args()
    municipalities, monitors = map(int, args.size.split("x"))
    series = synthetic_series(municipalities, monitors)
    names = pd.DataFrame({"code": synthetic.INDICATORS, "name": list(synthetic.NAMES.values())})
    start = time.perf_counter()
    script = series_script(series, SimpleNamespace(indicators=names), monitors)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    size = len(script.encode("utf-8"))
    print(f"{municipalities} municipalities x {monitors} monitors: {len(series):,} rows")
    print(f"  reeksen.csv      {len(csv_bytes(series)) / MB:8.2f} MB")
    target = f"target <= {TARGET / MB:.0f} MB"
    print(f"  tabel/reeksen.js {size / MB:8.2f} MB ({target}), made in {took:.1f} s")


if __name__ == "__main__":
    main()
