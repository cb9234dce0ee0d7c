"""The site's charts as Vega-Lite specs, built with Altair. Pure: DataFrame in, spec out.

Every chart carries a text description and its data as a table, so that the page can show
both next to it (a chart alone is not accessible). Unknown figures are left out of a chart
and named in its description; they are never drawn as zero.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import altair as alt
import pandas as pd

from .formatting import percent
from .vegalite import SCHEME, Chart, axis_px, chart_config, legend, spec_json

# How many monitor labels a trend chart's description lists one by one.
MAX_LISTED_MONITORS = 6


def trend(
    chart_id: str,
    title: str,
    frame: pd.DataFrame,
    *,
    what: str,
    series_title: str = "Indicator",
    gaps_are: str = "Onbekend",
) -> Chart:
    """Lines over monitors: ``frame`` has columns monitor, label, series, value (None = unknown).

    ``label`` is the monitor's axis label (``13 - nov 23``); ``series`` the line's name, and
    ``series_title`` what the lines are (the tooltip's and the data table's header);
    ``gaps_are`` how the description calls the values left out (``Onbekend``).
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
        description += f" {gaps_are} en daarom niet getekend: {gaps}."
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
                legend=legend(series, axis_px([str(known["value"].max())])),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=series_title),
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
        spec_json=spec_json(chart_config(chart)),
        headers=[series_title, *[str(labels[m]) for m in monitors]],
        units=["text", *["number"] * len(monitors)],
        rows=rows,
        height=260,
        legend_entries=len(series),
    )


def _shares(frame: pd.DataFrame, categories: list[str], normalize: bool) -> pd.DataFrame:
    """The known values of a composition with each one's share of its group's total (the
    ``total`` column when the frame has one, else the sum of the known categories), that
    share as text, and the categories' order."""
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
    return known


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
    known = _shares(frame, categories, normalize)
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
                legend=legend(categories, axis_px(groups)),
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
        spec_json=spec_json(chart_config(chart, scheme)),
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
        spec_json=spec_json(chart_config(chart)),
        headers=["Locatie", "Capaciteit", "Lopende trajecten", "Bezetting"],
        units=["text", "number", "number", "percent"],
        rows=rows,
        height=34 * len(data) + 20,
    )


def _opt_int(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)
