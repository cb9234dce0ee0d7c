"""A chart as a page embeds it: its Vega-Lite spec (JSON text), description and data table.

Specs are plain dicts and lists (``charts.py``), written as JSON here with their data as
columns (``in_columns``); nothing checks them at run time: tests/site/test_charts.py
validates every spec the bundled release shows, and the edge cases, against the Vega-Lite
JSON schema of the version the site runs (``node_modules/vega-lite``). The legend is sized
to fit the chart's width, also on a phone; the data table is also the chart's CSV download.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from ..dutch import half_up
from .tables import stored_once

# Colour-blind-safe categorical palette (Vega's "tableau10").
SCHEME = "tableau10"

# The Vega-Lite version a spec names. The site runs the vendored vega-lite (package.json,
# 6.4.x); the specs name 6.4.1, as when Altair 6.0 wrote them, so that they stayed byte for
# byte the same when Altair went (a test checks that the minor version is the vendored one).
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
# Altair's default view size, which the specs always carried; ``width`` and ``height`` of
# every chart override it, so it changes nothing drawn.
_VIEW = {"continuousHeight": 300, "continuousWidth": 300}


@dataclass(frozen=True)
class Chart:
    """A chart for a page: its spec (JSON text), description and data table.

    ``units`` says per table column how to format it: ``text``, ``number`` or ``percent``.
    ``height`` is the plot's height in pixels, ``legend_entries`` the number of legend
    entries: together they size the iframe of the embed snippet.
    """

    id: str
    title: str
    description: str
    spec_json: str
    headers: list[str]
    units: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    height: int = 0
    legend_entries: int = 0

    @property
    def embed_height(self) -> int:
        """Height in pixels of an iframe that shows the chart's own page without scrolling.

        Sized for a phone-wide frame (about 360 px), where the legend has one column and
        the description wraps most: plot, axis, legend rows, the description's lines (about
        45 characters each), and the title, source and links.
        """
        lines = -(-len(self.description) // 45)
        return self.height + 40 + 16 * self.legend_entries + 20 * lines + 260


def top_level(
    spec: dict[str, Any], rows: list[dict[str, Any]], *, height: int, scheme: str = SCHEME
) -> dict[str, Any]:
    """``spec`` (description, mark, encoding) as a whole Vega-Lite spec: its data ``rows``
    as a named dataset, as wide as its container, ``height`` pixels high, coloured with
    ``scheme``. The page shows each chart's title as text above it, so the specs carry none.

    The dataset's name is a hash of the rows (as Altair named it: "data-" and 32 hex digits
    of the SHA-256 of the rows as sorted JSON), so the same data gives the same name.
    """
    rows_json = json.dumps(rows, sort_keys=True)
    name = "data-" + hashlib.sha256(rows_json.encode()).hexdigest()[:32]
    return {
        "$schema": SCHEMA_URL,
        "config": {"range": {"category": {"scheme": scheme}}, "view": _VIEW},
        "data": {"name": name},
        "datasets": {name: rows},
        **spec,
        "height": height,
        "width": "container",
    }


def spec_json(spec: dict[str, Any]) -> str:
    """The spec as the page embeds it: its data as columns, keys sorted (the same data gives
    byte-identical pages), without spaces after separators (at 350 municipalities x 40
    monitors they were some 20 MB of the whole site, issue 22), safe inside ``<script>``."""
    text = json.dumps(in_columns(spec), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>: "</" would end the element, "<!--" change how it is parsed.
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


# The charts' specs, by the id in their container's data-lvv-chart (assets/lvv.js reads it).
SPEC_REGISTRY = "LVV_CHARTS"


def spec_script(chart: Chart) -> str:
    """The script ``grafieken/<id>/grafiek.js`` of ``chart``: it puts the spec where
    ``assets/lvv.js`` finds it. The page that shows the chart and the chart's own page load
    the same file, so the spec is in the site once, not in both pages (75 MB of the site at
    350 municipalities x 40 monitors, issue 22). A script, not JSON: ``fetch`` reads nothing
    from ``file://``, and the site works opened from its folder."""
    key = json.dumps("spec-" + chart.id, ensure_ascii=False)
    return f"(self.{SPEC_REGISTRY}=self.{SPEC_REGISTRY}||{{}})[{key}]={chart.spec_json};\n"


def in_columns(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its rows as columns, one list per field, and a flatten transform that
    makes the rows again: the same rows, with the same JSON types.

    Rows as JSON objects repeat every field name in every row;
    columns name each field once, in about 60% of the bytes (a municipality page carries two
    charts, and each chart has a page of its own). Not CSV, though smaller: Vega reads CSV
    with d3-dsv, which builds its rows with the Function constructor, and the pages'
    Content-Security-Policy allows no eval.

    A column of text that repeats itself (a series' name in every row of its line, a
    monitor's label once per series) is written as positions in a list of its distinct
    values (``tables.stored_once``, as the long tables' JSON does), which a ``calculate``
    step after the flatten turns back into the text: at 40 monitors this is most of a
    trend's data (issue 11).
    """
    ((name, rows),) = spec["datasets"].items()
    if not rows:
        return spec
    fields = list(rows[0])  # every row has every field, in the same order
    columns = {field: [row[field] for row in rows] for field in fields}
    decode = []
    for field, values in columns.items():
        # Numbers, and text with an unknown (null) in it, stay as they are.
        once = stored_once(values) if all(isinstance(v, str) for v in values) else None
        if once is None:
            continue
        distinct, columns[field] = once
        # JSON's string syntax is a subset of the Vega expression language's.
        words = json.dumps(distinct, ensure_ascii=False)
        decode.append({"calculate": f"{words}[datum[{json.dumps(field)}]]", "as": field})
    flatten = {"flatten": fields}
    return {
        **spec,
        "datasets": {name: [columns]},
        # before any other step
        "transform": [flatten, *decode, *spec.get("transform", [])],
    }


# Vega's default axis and legend labels are 10 px sans-serif: about 5.5 px a character. A
# legend entry's symbol and the gap to the next entry take about 30 px more.
_CHAR_PX = 5.5
_ENTRY_PX = 30
# What the y axis takes of the width besides its labels: ticks, padding, a rotated title.
_AXIS_PX = 30


def axis_px(labels: list[str]) -> int:
    return round(max(len(lbl) for lbl in labels) * _CHAR_PX + _AXIS_PX)


def legend(labels: list[str], axis_px: int) -> dict[str, Any]:
    """A legend below the plot that fits the chart's width, also on a phone.

    Vega does not wrap legend entries by itself: the number of columns follows the width of
    the chart's container, one column when it is narrow. The legend starts where the plot
    starts, right of the y axis (``axis_px``), so that is what a label may not be longer
    than; a longer one ends in an ellipsis. ``containerSize()``, not the ``width`` signal:
    Vega sizes the view before a legend that follows ``width`` is laid out, which clips it.
    """
    entry = round(max(len(lbl) for lbl in labels) * _CHAR_PX + _ENTRY_PX)
    room = f"(containerSize()[0] - {axis_px})"
    return {
        "orient": "bottom",
        "columns": {"expr": f"max(1, min({len(labels)}, floor({room} / {entry})))"},
        "labelLimit": {"expr": f"max(60, {room} - {_ENTRY_PX})"},
    }


def chart_csv(chart: Chart) -> str:
    """The chart's data as CSV (comma, ``.`` decimals, empty = unknown): its data table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(chart.headers)
    for row in chart.rows:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    # Shares are fractions (0.3667 = 36,67%): four decimals, more than a page shows, without
    # the float noise of 0.36666666666666664; rounded half-up like every figure shown.
    return float(half_up(value, 4)) if isinstance(value, float) else value
