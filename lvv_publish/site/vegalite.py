"""A chart as a page embeds it: its Vega-Lite spec (JSON text), description and data table.

The spec's data is written as columns (``in_columns``) and without validation at run time
(the tests validate every spec against the Vega-Lite schema); the legend is sized to fit
the chart's width, also on a phone; the data table is also the chart's CSV download.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import altair as alt

from ..dutch import half_up
from .tables import stored_once

# Colour-blind-safe categorical palette (Vega's "tableau10").
SCHEME = "tableau10"


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


# The page shows each chart's title as text above it, so the specs carry none.
def spec_json(chart: alt.TopLevelMixin) -> str:
    # Unvalidated: Altair checks each spec against the Vega-Lite schema as it builds it, a
    # tenth of a release's page rendering; tests/site/test_charts.py validates every spec the
    # site shows instead.
    spec = in_columns(chart.to_dict(validate=False))
    # sort_keys: the same data gives byte-identical pages
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    # Inside <script>: "</" would end the element, "<!--" change how it is parsed.
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def in_columns(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its rows as columns, one list per field, and a flatten transform that
    makes the rows again: the same rows, with the same JSON types.

    Altair writes the rows as JSON objects, which repeat every field name in every row;
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
    fields = list(rows[0])  # a DataFrame's records: every row has every field
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


def chart_config(chart: alt.Chart, scheme: str = SCHEME) -> alt.Chart:
    return chart.properties(width="container").configure_range(category={"scheme": scheme})


# Vega's default axis and legend labels are 10 px sans-serif: about 5.5 px a character. A
# legend entry's symbol and the gap to the next entry take about 30 px more.
_CHAR_PX = 5.5
_ENTRY_PX = 30
# What the y axis takes of the width besides its labels: ticks, padding, a rotated title.
_AXIS_PX = 30


def axis_px(labels: list[str]) -> int:
    return round(max(len(lbl) for lbl in labels) * _CHAR_PX + _AXIS_PX)


def legend(labels: list[str], axis_px: int) -> alt.Legend:
    """A legend below the plot that fits the chart's width, also on a phone.

    Vega does not wrap legend entries by itself: the number of columns follows the width of
    the chart's container, one column when it is narrow. The legend starts where the plot
    starts, right of the y axis (``axis_px``), so that is what a label may not be longer
    than; a longer one ends in an ellipsis. ``containerSize()``, not the ``width`` signal:
    Vega sizes the view before a legend that follows ``width`` is laid out, which clips it.
    """
    entry = round(max(len(lbl) for lbl in labels) * _CHAR_PX + _ENTRY_PX)
    room = f"(containerSize()[0] - {axis_px})"
    return alt.Legend(
        orient="bottom",
        columns=alt.ExprRef(f"max(1, min({len(labels)}, floor({room} / {entry})))"),
        labelLimit=alt.ExprRef(f"max(60, {room} - {_ENTRY_PX})"),
    )


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
