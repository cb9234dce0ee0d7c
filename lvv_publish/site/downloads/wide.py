"""The derived tables of the downloads: the Totaaloverzicht slide and a table per municipality,
indicators down and monitors across, as the monitor shows them."""

from __future__ import annotations

import pandas as pd

from ...package import PublishedPackage

WIDE_NAME = "totaaloverzicht.csv"

# Dutch titles of the columns of the wide tables; the monitor columns are titled already.
WIDE_TITLES = {"indicator": "Indicator", "name": "Naam"}


def wide_table(package: PublishedPackage) -> pd.DataFrame:
    """The Totaaloverzicht slide: indicator code and name down, municipality × monitor across.

    One header row (``Amsterdam 13 - nov 23``) rather than the slide's two, so that pandas,
    DuckDB and Excel's filter read it as an ordinary table. Empty where unknown.
    """
    labels = _labels(package)
    muns = package.municipalities
    columns = {
        (str(code), m): f"{name} {labels[m]}"
        for code, name in zip(muns["code"], muns["name"], strict=True)
        for m in labels
    }
    grid = package.observations.pivot(
        index="indicator", columns=["municipality_code", "monitor"], values="value"
    )
    grid = grid.reindex(columns=pd.MultiIndex.from_tuples(list(columns)))
    grid.columns = list(columns.values())
    return _with_names(package, grid)


def municipality_tables(package: PublishedPackage) -> list[tuple[str, pd.DataFrame]]:
    """Per municipality (in the package's order): its name, and every indicator down, every
    monitor across."""
    labels = _labels(package)
    obs = package.observations
    # One pass: a filter of the observations per municipality grew as M² (issue 11).
    by_code = dict(iter(obs.groupby("municipality_code", sort=False)))
    out = []
    muns = package.municipalities
    for code, name in zip(muns["code"], muns["name"], strict=True):
        mine = by_code.get(code, obs.iloc[0:0])
        grid = mine.pivot(index="indicator", columns="monitor", values="value")
        grid = grid.reindex(columns=list(labels))
        grid.columns = [f"Monitor {labels[m]}" for m in labels]  # a bare label reads as a date
        out.append((str(name), _with_names(package, grid)))
    return out


def _labels(package: PublishedPackage) -> dict[int, str]:
    monitors = package.monitors.sort_values("monitor")
    return {int(m): str(lbl) for m, lbl in zip(monitors["monitor"], monitors["label"], strict=True)}


def _with_names(package: PublishedPackage, grid: pd.DataFrame) -> pd.DataFrame:
    """``grid`` (indexed by indicator code) with every indicator of the package, in its order,
    and the code and name as the first two columns."""
    inds = package.indicators
    grid = grid.reindex(list(inds["code"])).astype("Int64")
    grid.insert(0, "name", list(inds["name"]))
    grid.insert(0, "indicator", list(inds["code"]))
    out = grid.reset_index(drop=True)
    out["indicator"] = out["indicator"].astype("string")
    out["name"] = out["name"].astype("string")
    return out
