"""Charts carry their data as columns, and draw exactly what they drew from JSON objects.

Each chart is built twice from the same data: as the site has it, and with the data as
one JSON object per row (the old form: ``vegalite.in_columns`` patched out). Both are compiled
with Vega-Lite and rendered headless with Vega (scripts/render-charts.mjs, through
vega-interpreter and without eval, as on the site), at a phone's and a desktop's width: the
SVGs must be byte-identical, and so must the rows every mark draws from (an SVG alone can
hide a number read as text). Skipped without node or node_modules (``npm ci``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lvv_publish.publish import release
from lvv_publish.site import charts, vegalite
from lvv_publish.sources import Project

from ..chartdata import columns, page_specs, set_words, words
from ..conftest import ROOT, copy_project
from .test_hostile import NAME

SCRIPT = ROOT / "scripts" / "render-charts.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None or not (ROOT / "node_modules" / "vega-lite").is_dir(),
    reason="needs node and node_modules (npm ci)",
)
WIDTHS = [360, 800]


def render(specs: list[dict]) -> list[dict[str, Any]]:
    """Per spec: {"svg": {width: SVG}, "data": {dataset: rows the marks draw from}}."""
    done = subprocess.run(
        [NODE, str(SCRIPT)],
        input=json.dumps({"specs": specs, "widths": WIDTHS}),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def drawn(result: dict[str, Any]) -> tuple[Any, ...]:
    # Dataset names are Vega-Lite's own (data_0, data_1): compared in order, not by name.
    return (result["svg"], list(result["data"].values()))


def old_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """Charts built from here on carry their data as one JSON object per row, as before."""
    monkeypatch.setattr(vegalite, "in_columns", lambda spec: spec)


# Names that text formats could misread: commas, quotes, line breaks, dots (a path in a
# Vega-Lite field name), digits only (a number if parsed as one), spaces at the ends, markup.
HOSTILE = [
    'Den Haag, "de Residentie"',
    NAME,
    "0344",
    "1e3",
    "  Súdwest-Fryslân  ",
    "Twee\nregels",
    "</script><!-- a\\b",
    "NaN",
]


def _trend() -> vegalite.Chart:
    rows = []
    # Values whose order as text differs from their order as numbers (9 < 10 < 100).
    for monitor, label in [(7, "7 - aug 22"), (9, "9"), (10, "10 - feb 23")]:
        for i, series in enumerate(["2.2 Toegelaten actueel", "12", 'Uit, "gestroomd"']):
            value = None if (monitor, i) == (9, 1) else [9, 10, 100][i] * monitor
            rows.append({"monitor": monitor, "label": label, "series": series, "value": value})
    return charts.trend("trend", "Trend", rows, what="toegelaten")


def _composition(*, normalize: bool, total: bool) -> vegalite.Chart:
    rows = []
    for g, group in enumerate(HOSTILE):
        for c, category in enumerate(["duurzaam (8)", "8.1 Terugkeer", "11", "a,b"]):
            value = None if (g, c) == (2, 1) else 3 * g + c + 1
            row = {"group": group, "category": category, "value": value}
            if total:
                row["total"] = None if g == 4 else 7 * g + 13
            rows.append(row)
    return charts.composition(
        "samenstelling",
        "Samenstelling",
        rows,
        what="de uitstroom",
        category_title="Resultaat",
        group_title="Gemeente",
        normalize=normalize,
        scheme="tableau20",
    )


def _occupancy() -> vegalite.Chart:
    frame = pd.DataFrame(
        {
            "location": HOSTILE[:6],
            "current": [30.0, float("nan"), 10.0, 7.0, 0.0, 284.0],
            "capacity": [40.0, 50.0, float("nan"), 0.0, 12.0, 360.0],
        }
    )
    # pandas' NaN for unknown, as a DataFrame's records carry it
    return charts.occupancy("bezetting", "Bezetting", frame.to_dict("records"))


CHARTS: dict[str, Callable[[], vegalite.Chart]] = {
    "trend with an unknown value and a label of digits": _trend,
    "shares of a total, one total unknown": lambda: _composition(normalize=True, total=True),
    "shares of the known sum": lambda: _composition(normalize=True, total=False),
    "counts": lambda: _composition(normalize=False, total=False),
    "occupancy with unknown and zero capacity": _occupancy,
}


def _both(monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict], list[dict]]:
    new = [json.loads(build().spec_json) for build in CHARTS.values()]
    with monkeypatch.context() as m:
        old_form(m)
        old = [json.loads(build().spec_json) for build in CHARTS.values()]
    return old, new


def test_repeated_text_is_written_once():
    trend = json.loads(_trend().spec_json)
    written = columns(trend)
    assert words(trend, "series") == ["2.2 Toegelaten actueel", "12", 'Uit, "gestroomd"']
    assert words(trend, "label") == ["7 - aug 22", "9", "10 - feb 23"]
    assert written["series"] == [0, 1, 2, 0, 2, 0, 1, 2]  # monitor 9's "12" is unknown
    assert written["value"] == [63, 70, 700, 81, 900, 90, 100, 1000]
    # Text that does not repeat is left as it is: here every location once.
    occupancy = json.loads(_occupancy().spec_json)
    assert all(isinstance(v, str) for v in columns(occupancy)["location"])
    assert [t["as"] for t in occupancy["transform"][1:]] == []


def test_hostile_and_unknown_data_draw_the_same_fromcolumns(monkeypatch):
    old, new = _both(monkeypatch)
    for spec in new:
        assert all(isinstance(column, list) for column in columns(spec).values())
    for name, before, after in zip(CHARTS, render(old), render(new), strict=True):
        assert drawn(after) == drawn(before), name


def test_a_trend_in_monitor_order_draws_as_with_the_list_of_labels():
    """The x axis sorts labels by their monitor's number; it used to list the labels. Also
    with a monitor whose every figure is unknown, and labels whose order as text differs."""
    rows = []
    for monitor, label in [(7, "7 - aug 22"), (8, "8"), (9, "9"), (10, "10 - feb 23")]:
        for i, series in enumerate(["a", "12"]):
            value = None if monitor == 8 or (monitor, i) == (9, 1) else 10 * monitor + i
            rows.append({"monitor": monitor, "label": label, "series": series, "value": value})
    spec = json.loads(charts.trend("t", "T", rows, what="x").spec_json)
    listed = json.loads(json.dumps(spec))
    listed["encoding"]["x"]["sort"] = ["7 - aug 22", "8", "9", "10 - feb 23"]
    by_number, by_list = render([spec, listed])
    assert by_number["svg"] == by_list["svg"]

    def rows_drawn(result: dict) -> list:
        # Vega-Lite's own sort key for a list differs; the rows are otherwise the same.
        return [
            [{k: v for k, v in row.items() if k != "x_label_sort_index"} for row in data]
            for data in result["data"].values()
        ]

    assert rows_drawn(by_number) == rows_drawn(by_list)
    assert ">8<" not in by_number["svg"]["800"]  # no figure known: not on the axis


def test_the_comparison_sees_wrong_data(monkeypatch):
    old, new = _both(monkeypatch)
    trend, composition = new[0], new[1]
    broken = []

    def spoil(spec: dict, change: Callable[[dict, dict[str, list]], None]) -> None:
        spec = json.loads(json.dumps(spec))
        change(spec, columns(spec))
        broken.append(spec)

    # Numbers as text; a label of digits as a number; a name of digits as a number.
    spoil(trend, lambda s, c: c.update(value=[None if v is None else str(v) for v in c["value"]]))

    def digits_as_numbers(field: str) -> Callable[[dict, dict[str, list]], None]:
        def change(spec: dict, columns: dict[str, list]) -> None:
            spoilt = [int(v) if v.isdigit() else v for v in words(spec, field)]
            set_words(spec, field, spoilt)

        return change

    spoil(trend, digits_as_numbers("label"))
    spoil(composition, digits_as_numbers("group"))
    # A field left out of the flatten; one column in another order.
    spoil(composition, lambda s, c: s["transform"][0]["flatten"].remove("order"))
    spoil(composition, lambda s, c: c["share_text"].reverse())
    before = render([old[0], old[0], old[1], old[1], old[1]])
    for i, (good, bad) in enumerate(zip(before, render(broken), strict=True)):
        assert drawn(bad) != drawn(good), i


def _specs(site: Path) -> dict[tuple[str, str], dict]:
    return {
        (page.relative_to(site).as_posix(), chart_id): json.loads(text)
        for page in sorted(site.glob("**/index.html"))
        for chart_id, text in page_specs(page)
    }


def test_every_chart_of_the_site_draws_as_before(released, tmp_path, monkeypatch):
    old_form(monkeypatch)
    root = copy_project(tmp_path / "project", with_packages=False)
    release(Project(root), 15)
    before, after = _specs(root / "site/15"), _specs(released / "site/15")
    assert sorted(before) == sorted(after) and len(after) >= 10
    assert all(columns(spec) for spec in after.values())
    keys = sorted(after)
    results = render([before[k] for k in keys] + [after[k] for k in keys])
    for i, key in enumerate(keys):
        assert drawn(results[len(keys) + i]) == drawn(results[i]), key


def test_the_renderer_refuses_eval_as_the_site_does():
    # Vega reads CSV with d3-dsv, which builds its rows with the Function constructor: the
    # pages' Content-Security-Policy refuses that (test_browser.py saw it), so does render().
    spec = {
        "data": {"values": "name,value\nA,1", "format": {"type": "csv"}},
        "mark": "bar",
        "encoding": {"y": {"field": "name", "type": "nominal"}},
    }
    with pytest.raises(AssertionError, match="EvalError: eval refused"):
        render([spec])
