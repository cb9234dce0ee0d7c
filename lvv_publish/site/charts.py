"""Charts as Vega-Lite specs, built with Altair. Pure: DataFrame in, spec out.

Every chart carries a text description and its data as a table, so that the page can show
both next to it (a chart alone is not accessible). Unknown figures are left out of a chart
and named in its description; they are never drawn as zero.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import altair as alt
import pandas as pd

from ..dutch import half_up
from .formatting import percent
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
def _spec_json(chart: alt.TopLevelMixin) -> str:
    # Unvalidated: Altair checks each spec against the Vega-Lite schema as it builds it, a
    # tenth of a release's page rendering; tests/test_charts.py validates every spec the
    # site shows instead.
    spec = _in_columns(chart.to_dict(validate=False))
    # sort_keys: the same data gives byte-identical pages
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    # Inside <script>: "</" would end the element, "<!--" change how it is parsed.
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def _in_columns(spec: dict[str, Any]) -> dict[str, Any]:
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


def _config(chart: alt.Chart, scheme: str = SCHEME) -> alt.Chart:
    return chart.properties(width="container").configure_range(category={"scheme": scheme})


# Vega's default axis and legend labels are 10 px sans-serif: about 5.5 px a character. A
# legend entry's symbol and the gap to the next entry take about 30 px more.
_CHAR_PX = 5.5
_ENTRY_PX = 30
# What the y axis takes of the width besides its labels: ticks, padding, a rotated title.
_AXIS_PX = 30


def _axis_px(labels: list[str]) -> int:
    return round(max(len(lbl) for lbl in labels) * _CHAR_PX + _AXIS_PX)


def _legend(labels: list[str], axis_px: int) -> alt.Legend:
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


# How many monitor labels a trend chart's description lists one by one.
MAX_LISTED_MONITORS = 6


def trend(
    chart_id: str,
    title: str,
    frame: pd.DataFrame,
    *,
    what: str,
) -> Chart:
    """Lines over monitors: ``frame`` has columns monitor, label, series, value (None = unknown).

    ``label`` is the monitor's axis label (``13 - nov 23``); ``series`` the line's name.
    """
    known = frame.dropna(subset=["value"]).copy()
    known["value"] = known["value"].astype(int)
    missing = frame[frame["value"].isna()]
    order = list(dict.fromkeys(frame.sort_values("monitor")["label"]))
    series = list(dict.fromkeys(frame["series"]))
    # Every label while they are few; past that the first and last: a screen reader reads
    # the description in full, and at 40 monitors the list was most of every municipality's
    # entry in the search index (issue 11).
    span = (
        ", ".join(order)
        if len(order) <= MAX_LISTED_MONITORS
        else f"{len(order)} monitors, van {order[0]} tot en met {order[-1]}"
    )
    description = f"Lijngrafiek: {what} per monitor ({span})."
    if not missing.empty:
        gaps = "; ".join(f"{r.series} in monitor {r.monitor}" for r in missing.itertuples())
        description += f" Onbekend en daarom niet getekend: {gaps}."
    chart = (
        alt.Chart(known, description=description)
        .mark_line(point=True)
        .encode(
            # In monitor order, by the monitor's number: not a list of the labels, which
            # the spec holds already (a trend's data writes each label once, issue 11).
            x=alt.X(
                "label:O",
                title="Monitor",
                sort=alt.EncodingSortField("monitor", op="min"),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("value:Q", title="Aantal"),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                legend=_legend(series, _axis_px([str(known["value"].max())])),
            ),
            tooltip=[
                alt.Tooltip("series:N", title="Indicator"),
                alt.Tooltip("label:O", title="Monitor"),
                alt.Tooltip("value:Q", title="Aantal"),
            ],
        )
        .properties(height=260)
    )
    pivot = {
        s: {int(r.monitor): r.value for r in frame[frame["series"] == s].itertuples()}
        for s in series
    }
    monitors = sorted(int(m) for m in frame["monitor"].unique())
    rows = [[s, *[_opt_int(pivot[s].get(m)) for m in monitors]] for s in series]
    labels = dict(zip(frame["monitor"], frame["label"], strict=False))
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=_spec_json(_config(chart)),
        headers=["Indicator", *[str(labels[m]) for m in monitors]],
        units=["text", *["number"] * len(monitors)],
        rows=rows,
        height=260,
        legend_entries=len(series),
    )


def composition(
    chart_id: str,
    title: str,
    frame: pd.DataFrame,
    *,
    what: str,
    category_title: str,
    group_title: str,
    normalize: bool,
    scheme: str = SCHEME,
) -> Chart:
    """Stacked bars: ``frame`` has columns group, category, value (None = unknown).

    ``group_title`` names the groups (the bars) in the data table, ``category_title`` the
    categories (the colours).

    With ``normalize`` the bars show shares of each group's total: the ``total`` column when
    the frame has one (e.g. indicator 12, so that a broken sum stays visible), else the sum
    of the known categories.
    """
    groups = list(dict.fromkeys(frame["group"]))
    categories = list(dict.fromkeys(frame["category"]))
    known = frame.dropna(subset=["value"]).copy()
    known["value"] = known["value"].astype(int)
    if "total" in known.columns:
        known = known.dropna(subset=["total"]) if normalize else known
        # An unknown total (pandas' NaN) is left out: a group without one has no shares.
        totals = {
            g: t for g, t in zip(known["group"], known["total"], strict=True) if not pd.isna(t)
        }
    else:
        totals = known.groupby("group")["value"].sum().to_dict()
    known["share"] = [
        (v / totals[g]) if totals.get(g) else 0.0
        for g, v in zip(known["group"], known["value"], strict=True)
    ]
    # The tooltip shows the share rounded half-up in Dutch, like every figure on the site
    # (Vega's own format would round the binary value); unknown where the total is.
    known["share_text"] = [
        percent(Fraction(int(v), int(totals[g])) if totals.get(g) else 0)
        if g in totals
        else "onbekend"
        for g, v in zip(known["group"], known["value"], strict=True)
    ]
    if "total" in known.columns:
        known = known.drop(columns=["total"])
    known["order"] = known["category"].map({c: i for i, c in enumerate(categories)})
    missing = frame[frame["value"].isna()]
    description = f"Gestapelde staven: {what}."
    if not missing.empty:
        gaps = "; ".join(f"{r.category} ({r.group})" for r in missing.itertuples())
        description += f" Onbekend en daarom niet getekend: {gaps}."
    x = (
        alt.X(
            "share:Q", title="Aandeel", axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
        )
        if normalize
        else alt.X("value:Q", title="Aantal")
    )
    chart = (
        alt.Chart(known, description=description)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=groups),
            x=x,
            color=alt.Color(
                "category:N",
                title=category_title,
                sort=categories,
                legend=_legend(categories, _axis_px(groups)),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("group:N", title="Gemeente"),
                alt.Tooltip("category:N", title=category_title),
                alt.Tooltip("value:Q", title="Aantal"),
                alt.Tooltip("share_text:N", title="Aandeel"),
            ],
        )
        .properties(height=34 * len(groups) + 20)
    )
    cells = {(r.group, r.category): r.value for r in frame.itertuples()}
    rows = [[g, *[_opt_int(cells.get((g, c))) for c in categories]] for g in groups]
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=_spec_json(_config(chart, scheme)),
        headers=[group_title, *categories],
        units=["text", *["number"] * len(categories)],
        rows=rows,
        height=34 * len(groups) + 20,
        legend_entries=len(categories) + 1,  # and the legend's title
    )


def occupancy(chart_id: str, title: str, frame: pd.DataFrame) -> Chart:
    """Bars of occupancy per location; ``frame``: location, current, capacity (None = unknown)."""
    data = frame.copy()
    data["occupancy"] = [
        # Unknown (None, or NaN in a float column) stays unknown; a capacity of 0 has none.
        (c / k) if not pd.isna(c) and not pd.isna(k) and k else None
        for c, k in zip(data["current"], data["capacity"], strict=True)
    ]
    known = data.dropna(subset=["occupancy"]).copy()
    known["occupancy_text"] = [
        percent(Fraction(int(c), int(k)), 0)
        for c, k in zip(known["current"], known["capacity"], strict=True)
    ]
    description = (
        "Staafdiagram: bezetting (lopende trajecten gedeeld door capaciteit) per LVV-locatie."
    )
    unknown = data[data["occupancy"].isna()]
    if not unknown.empty:
        description += " Onbekend: " + ", ".join(unknown["location"]) + "."
    chart = (
        alt.Chart(known, description=description)
        .mark_bar()
        .encode(
            y=alt.Y("location:N", title=None, sort=list(data["location"])),
            x=alt.X(
                "occupancy:Q",
                title="Bezetting",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("location:N", title="Locatie"),
                alt.Tooltip("occupancy_text:N", title="Bezetting"),
                alt.Tooltip("current:Q", title="Lopende trajecten"),
                alt.Tooltip("capacity:Q", title="Capaciteit"),
            ],
        )
        .properties(height=34 * len(data) + 20)
    )
    rows = [
        [
            r.location,
            _opt_int(r.capacity),
            _opt_int(r.current),
            None if pd.isna(r.occupancy) else r.occupancy,
        ]
        for r in data.itertuples()
    ]
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=_spec_json(_config(chart)),
        headers=["Locatie", "Capaciteit", "Lopende trajecten", "Bezetting"],
        units=["text", "number", "number", "percent"],
        rows=rows,
        height=34 * len(data) + 20,
    )


def _opt_int(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)
