"""The table page's data script (``tabel/reeksen.js``, ``contexts/tabledata.py``): decoded
as ``assets/lvv-table.js`` decodes it, it gives every line of the series as ``csv_bytes``
writes it (``reeksen.csv``), hostile names, renamed municipalities and exceptions included."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from lvv_publish.models import table_schema
from lvv_publish.package import csv_bytes
from lvv_publish.site.contexts.tabledata import series_script

from ..conftest import copy_project

LAST = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
CONTINUE = "WXYZabcdefghijklmnopqrstuvwxyz_-"


def data_of(script: str) -> dict:
    body = script.split("window.LVV_SERIES = ", 1)[1]
    return json.loads(body.rstrip().removesuffix(";"))


def decode_csv(d: dict) -> bytes:
    """Every line, as lvv-table.js makes them for a selection of everything."""
    n_mun, n_ind, n_mon = len(d["municipalities"]), len(d["indicators"]), len(d["monitors"])
    values: list[object] = []
    s, i = d["values"], 0
    while len(values) < n_mun * n_ind * n_mon:
        if len(values) % n_mon == 0:
            previous = 0
        c = s[i]
        i += 1
        if c in ".~":
            values.append(c)
            continue
        z, scale = 0, 1
        while c in CONTINUE:
            z += CONTINUE.index(c) * scale
            scale *= 32
            c = s[i]
            i += 1
        z += LAST.index(c) * scale
        previous += -(z + 1) // 2 if z % 2 else z // 2
        values.append(previous)
    assert i == len(s)
    at, revised = 0, set()
    for gap in d["revised"]:
        at += gap
        revised.add(at)
    at, release = 0, {}
    for gap, rel in zip(d["releases_other"][::2], d["releases_other"][1::2], strict=True):
        at += gap
        release[at] = rel
    incomplete = {p: csv for p, _, csv in d["incomplete"]}
    renamed = {p: csv for p, _, csv in d["renamed"]}
    lines = [d["header"]]
    for place, v in enumerate(values):
        if v == ".":
            continue
        mun, rest = divmod(place, n_ind * n_mon)
        ind, mon = divmod(rest, n_mon)
        monitor = d["monitors"][mon]
        national = d["municipalities"][mun][3]
        rel = release.get(place, d["default_release"][str(monitor[0])])
        lines.append(
            ",".join(
                [
                    monitor[2],
                    renamed.get(place, d["municipalities"][mun][2]),
                    d["indicators"][ind][2],
                    "" if v == "~" else str(v),
                    d["releases"][rel],
                    "true" if place in revised else "false",
                    ("false" if place in incomplete else "true") if national else "",
                    incomplete.get(place, ""),
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = copy_project(tmp_path_factory.mktemp("tabledata") / "project")
    release(Project(root), 15)
    return root / "site"


def test_the_newest_versions_script_holds_reeksen_csv(site):
    script = (site / "15/tabel/reeksen.js").read_text(encoding="utf-8")
    assert decode_csv(data_of(script)) == (site / "downloads/reeksen.csv").read_bytes()
    # latest/tabel/ sends the reader to 15's page, which loads 15's script
    assert not (site / "latest/tabel/reeksen.js").exists()
    assert data_of(script)["release"] == 15
    assert data_of((site / "14/tabel/reeksen.js").read_text(encoding="utf-8"))["release"] == 14


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in table_schema("series").fields:
        frame[col.name] = col.cast(frame[col.name])
    return frame


HOSTILE = 'Den "Haag", <script>alert(1)</script>\n&amp; \u2028'


def test_hostile_names_renames_revisions_and_releases_round_trip():
    rows = []
    for mun, name in [("GM0001", HOSTILE), ("GM0002", "Bé,rg")]:
        for ind in ["1", "2.1", "9.1.4"]:
            for monitor in [3, 4, 5]:
                if mun == "GM0002" and monitor == 3:
                    continue  # joined later: no row
                value = None if (ind, monitor) == ("2.1", 4) else monitor * 1000 - 4000 + len(ind)
                rows.append(
                    {
                        "monitor": monitor,
                        "periode": f'{monitor} - "mei", 24',
                        "municipality_code": mun,
                        "municipality": 'Oud, "eerst"'
                        if (mun, monitor, ind) == ("GM0002", 4, "1")
                        else name,
                        "indicator": ind,
                        "value": value,
                        "release": "5.10.0" if (ind, monitor) == ("9.1.4", 3) else "5.2.0",
                        "revised": ind == "2.1" and monitor == 5,
                        "compleet": None,
                        "onbekend": None,
                    }
                )
    for ind in ["1", "2.1", "9.1.4"]:
        for monitor in [3, 4, 5]:
            rows.append(
                {
                    "monitor": monitor, "periode": f"{monitor} - \"mei\", 24",
                    "municipality_code": "NL01", "municipality": "Nederland", "indicator": ind,
                    "value": 7, "release": "5.2.0", "revised": False,
                    "compleet": monitor != 4, "onbekend": "GM0001; GM0002" if monitor == 4 else None,
                }
            )  # fmt: skip
    series = _frame(rows)
    package = SimpleNamespace(indicators=pd.DataFrame({"code": ["1"], "name": [HOSTILE]}))
    script = series_script(series, package, 5)  # type: ignore[arg-type]
    assert decode_csv(data_of(script)) == csv_bytes(series)
    for raw in ("<", ">", "&", "\u2028", "\n"):
        assert raw not in script.split("= ", 1)[1].rstrip("\n"), raw
    assert series_script(series, package, 5) == script  # type: ignore[arg-type]
