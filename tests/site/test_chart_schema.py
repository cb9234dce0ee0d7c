"""Every chart spec is valid Vega-Lite: the spec the bundled release shows and the edge cases
``charts.py`` handles, held to the JSON schema of the Vega-Lite the site runs.

``charts.py`` writes its specs as plain dicts and checks nothing at run time; this is where
their shape is checked. The schema is the vendored one (``node_modules/vega-lite``, the
version the site's pages load): skipped without node_modules (``npm ci``), like the
rendering tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

from lvv_publish.site import charts, vegalite

from ..chartdata import page_specs
from ..conftest import ROOT

VEGA_LITE = ROOT / "node_modules" / "vega-lite"
SCHEMA = VEGA_LITE / "build" / "vega-lite-schema.json"
pytestmark = pytest.mark.skipif(not SCHEMA.is_file(), reason="needs node_modules (npm ci)")


@cache
def _validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def problem(spec: dict[str, Any]) -> str | None:
    """Why ``spec`` is not valid Vega-Lite, or None when it is."""
    error = best_match(_validator().iter_errors(spec))
    return None if error is None else f"{error.json_path}: {error.message[:300]}"


def _trend(monitors: list[int], series: list[str], unknown: set[tuple[int, str]]) -> Any:
    points = [
        {"monitor": m, "label": f"{m} - jan", "series": s,
         "value": None if (m, s) in unknown else 7 * m + len(s)}
        for m in monitors
        for s in series
    ]  # fmt: skip
    return charts.trend("t", "T", points, what="iets", series_title="Gemeente")


GROUPS = ['Den Haag, "de Residentie"', "0344", "</script><!--"]
CATEGORIES = ["terug (8.1)", "anders", "a,b"]


def _composition(normalize: bool, total: bool, unknown: set[tuple[str, str]]) -> Any:
    bars = []
    for g, group in enumerate(GROUPS):
        for c, category in enumerate(CATEGORIES):
            bar: dict[str, Any] = {
                "group": group,
                "category": category,
                "value": None if (group, category) in unknown else g + c,
            }
            if total:
                bar["total"] = None if g == 1 else 10 + g  # one unknown total
            bars.append(bar)
    return charts.composition(
        "c", "C", bars, what="de uitstroom", category_title="Reden", group_title="Gemeente",
        normalize=normalize, scheme="tableau20",
    )  # fmt: skip


NAN = float("nan")
EDGE_CASES: dict[str, Callable[[], Any]] = {
    "trend, one monitor": lambda: _trend([15], ["a"], set()),
    "trend, one monitor, one of two unknown": lambda: _trend([15], ["a", "b"], {(15, "b")}),
    "trend with a gap (a monitor with nothing known)": lambda: _trend(
        [7, 8, 9], ["a", "b"], {(8, "a"), (8, "b"), (9, "b")}
    ),
    "trend, nothing known": lambda: _trend([7, 8], ["a"], {(7, "a"), (8, "a")}),
    "trend, 40 monitors": lambda: _trend(list(range(1, 41)), ["a", "b", "c"], {(3, "b")}),
    "shares of a total, one unknown": lambda: _composition(True, True, {("0344", "anders")}),
    "shares of the known sum": lambda: _composition(True, False, set()),
    "counts with totals": lambda: _composition(False, True, set()),
    "counts, every value unknown": lambda: _composition(
        False, False, {(g, c) for g in GROUPS for c in CATEGORIES}
    ),
    "occupancy, unknown and zero capacity": lambda: charts.occupancy(
        "o",
        "O",
        [
            {"location": "A", "current": 30, "capacity": 40},
            {"location": "B", "current": None, "capacity": 50},
            {"location": "C", "current": 10.0, "capacity": NAN},
            {"location": "D", "current": 7, "capacity": 0},
        ],
    ),
    "occupancy, nothing known": lambda: charts.occupancy(
        "o", "O", [{"location": "A", "current": None, "capacity": None}]
    ),
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_the_edge_cases_are_valid_vega_lite(case):
    assert problem(json.loads(EDGE_CASES[case]().spec_json)) is None


def test_every_chart_the_bundled_release_shows_is_valid_vega_lite(released):
    specs: dict[str, str] = {}
    for page in sorted((released / "site").glob("**/index.html")):
        for chart_id, text in page_specs(page):
            specs.setdefault(text, f"{page.relative_to(released).as_posix()}#{chart_id}")
    # The home page's, the overview's four, every indicator's and municipality's.
    assert len(specs) >= 20, sorted(specs.values())
    kinds = {json.loads(text)["mark"]["type"] for text in specs}
    assert kinds == {"line", "bar"}
    for text, where in specs.items():
        assert problem(json.loads(text)) is None, where


def _spoilt(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = json.loads(EDGE_CASES["shares of a total, one unknown"]().spec_json)
    change(spec)
    return spec


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.update(mark={"type": "taart"}),  # a mark Vega-Lite does not have
        lambda s: s["encoding"]["x"].update(type="kwantitatief"),
        lambda s: s["encoding"].update(colour=s["encoding"].pop("color")),  # no such channel
        lambda s: s["encoding"]["color"]["legend"].update(orient="onder"),
        lambda s: s.update(width="breed"),
        lambda s: s["transform"][0].update(flatten="share"),  # a list of fields, not one
    ],
)
def test_a_malformed_spec_is_refused(change):
    assert problem(_spoilt(lambda s: None)) is None
    assert problem(_spoilt(change)) is not None


def test_the_specs_name_the_minor_version_the_site_runs():
    vendored = json.loads((VEGA_LITE / "package.json").read_text(encoding="utf-8"))["version"]
    named = re.fullmatch(r"https://vega\.github\.io/schema/vega-lite/v([\d.]+)\.json",
                         vegalite.SCHEMA_URL)  # fmt: skip
    assert named is not None
    assert named.group(1).split(".")[:2] == vendored.split(".")[:2]
