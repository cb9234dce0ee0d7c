"""The site's charts as Vega-Lite specs: plain rows in, a spec of plain dicts and lists out.

Plain dicts, not Altair: at 350 municipalities a release builds some 700 trend charts, and
building them through Altair and a DataFrame each was about a seventh of a national release
(issue 22). The spec's shape is not checked at run time: tests/site/test_charts.py validates
every spec the bundled release shows, and the edge cases, against the Vega-Lite JSON schema.

Every chart carries a text description and its data as a table, so that the page can show
both next to it (a chart alone is not accessible). Unknown figures (None, or pandas' NaN) are
left out of a chart and named in its description; they are never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from .formatting import percent
from .formatting import unknown as _unknown
from .vegalite import SCHEME, Chart, axis_px, legend, spec_json, top_level

# How many monitor labels a trend chart's description lists one by one.
MAX_LISTED_MONITORS = 6

Rows = Sequence[Mapping[str, Any]]


def _opt_int(value: Any) -> int | None:
    return None if _unknown(value) else int(value)


def _field(name: str, kind: str, title: str | None, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, "title": title, **more}


def trend(
    chart_id: str,
    title: str,
    points: Rows,
    *,
    what: str,
    series_title: str = "Indicator",
    gaps_are: str = "Onbekend",
) -> Chart:
    """Lines over monitors: ``points`` has keys monitor, label, series, value (None = unknown).

    ``label`` is the monitor's axis label (``13 - nov 23``); ``series`` the line's name, and
    ``series_title`` what the lines are (the tooltip's and the data table's header);
    ``gaps_are`` how the description calls the values left out (``Onbekend``).
    """
    if not points:
        raise ValueError(f"chart {chart_id}: a trend needs at least one point")
    data = [
        {"monitor": int(p["monitor"]), "label": p["label"], "series": p["series"],
         "value": int(p["value"])}
        for p in points
        if not _unknown(p["value"])
    ]  # fmt: skip
    order = list(dict.fromkeys(p["label"] for p in sorted(points, key=lambda p: p["monitor"])))
    series = list(dict.fromkeys(p["series"] for p in points))
    # Every label while they are few; past that the first and last: a screen reader reads
    # the description in full, and at 40 monitors the list was most of every municipality's
    # entry in the search index (issue 11).
    span = (
        ", ".join(order)
        if len(order) <= MAX_LISTED_MONITORS
        else f"{len(order)} monitors, van {order[0]} tot en met {order[-1]}"
    )
    description = f"Lijngrafiek: {what} per monitor ({span})."
    gaps = [f"{p['series']} in monitor {int(p['monitor'])}" for p in points if _unknown(p["value"])]
    if gaps:
        description += f" {gaps_are} en daarom niet getekend: {'; '.join(gaps)}."
    # The widest y label; a chart with nothing known sizes its axis as pandas did ("nan").
    widest = str(max(d["value"] for d in data)) if data else "nan"
    encoding = {
        # In monitor order, by the monitor's number: not a list of the labels, which the
        # data holds already (a trend's data writes each label once, issue 11).
        "x": _field(
            "label", "ordinal", "Monitor",
            sort={"field": "monitor", "op": "min"}, axis={"labelAngle": 0},
        ),
        "y": _field("value", "quantitative", "Aantal"),
        "color": _field(
            "series", "nominal", None, sort=series, legend=legend(series, axis_px([widest]))
        ),
        "tooltip": [
            _field("series", "nominal", series_title),
            _field("label", "ordinal", "Monitor"),
            _field("value", "quantitative", "Aantal"),
        ],
    }  # fmt: skip
    spec = {"description": description, "mark": {"type": "line", "point": True},
            "encoding": encoding}  # fmt: skip
    pivot: dict[Any, dict[int, int | None]] = {s: {} for s in series}
    labels: dict[int, Any] = {}
    for p in points:
        pivot[p["series"]][int(p["monitor"])] = _opt_int(p["value"])
        labels[int(p["monitor"])] = p["label"]
    monitors = sorted(labels)
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=spec_json(top_level(spec, data, height=260)),
        headers=[series_title, *[str(labels[m]) for m in monitors]],
        units=["text", *["number"] * len(monitors)],
        rows=[[s, *[pivot[s].get(m) for m in monitors]] for s in series],
        height=260,
        legend_entries=len(series),
    )


def _shares(bars: Rows, categories: list[Any], normalize: bool) -> list[dict[str, Any]]:
    """The known values of a composition with each one's share of its group's total (the
    ``total`` key when the bars have one, else the sum of the known categories), that share
    as text, and the category's place in the order."""
    known = [b for b in bars if not _unknown(b["value"])]
    totals: dict[Any, Any] = {}
    if any("total" in b for b in bars):
        if normalize:
            known = [b for b in known if not _unknown(b.get("total"))]
        # An unknown total is left out: a group without one has no shares.
        totals = {b["group"]: b["total"] for b in known if not _unknown(b.get("total"))}
    else:
        for b in known:
            totals[b["group"]] = totals.get(b["group"], 0) + int(b["value"])
    place = {c: i for i, c in enumerate(categories)}
    out = []
    for b in known:
        g, v = b["group"], int(b["value"])
        t = totals.get(g)
        out.append(
            {
                "group": g,
                "category": b["category"],
                "value": v,
                "share": v / t if t else 0.0,
                # The tooltip shows the share rounded half-up in Dutch, like every figure on
                # the site (Vega's own format would round the binary value); unknown where
                # the total is.
                "share_text": (percent(Fraction(v, int(t)) if t else 0) if g in totals
                               else "onbekend"),
                "order": place[b["category"]],
            }
        )  # fmt: skip
    return out


def composition(
    chart_id: str,
    title: str,
    bars: Rows,
    *,
    what: str,
    category_title: str,
    group_title: str,
    normalize: bool,
    scheme: str = SCHEME,
) -> Chart:
    """Stacked bars: ``bars`` has keys group, category, value (None = unknown).

    ``group_title`` names the groups (the bars) in the data table, ``category_title`` the
    categories (the colours).

    With ``normalize`` the bars show shares of each group's total: the ``total`` key when
    the bars have one (e.g. indicator 12, so that a broken sum stays visible), else the sum
    of the known categories.
    """
    if not bars:
        raise ValueError(f"chart {chart_id}: a composition needs at least one bar")
    groups = list(dict.fromkeys(b["group"] for b in bars))
    categories = list(dict.fromkeys(b["category"] for b in bars))
    description = f"Gestapelde staven: {what}."
    gaps = [f"{b['category']} ({b['group']})" for b in bars if _unknown(b["value"])]
    if gaps:
        description += f" Onbekend en daarom niet getekend: {'; '.join(gaps)}."
    x = (
        _field("share", "quantitative", "Aandeel", axis={"format": ".0%"},
               scale={"domain": [0, 1]})
        if normalize
        else _field("value", "quantitative", "Aantal")
    )  # fmt: skip
    encoding = {
        "y": _field("group", "nominal", None, sort=groups),
        "x": x,
        "color": _field(
            "category", "nominal", category_title,
            sort=categories, legend=legend(categories, axis_px(groups)),
        ),
        "order": {"field": "order", "type": "quantitative"},
        "tooltip": [
            _field("group", "nominal", "Gemeente"),
            _field("category", "nominal", category_title),
            _field("value", "quantitative", "Aantal"),
            _field("share_text", "nominal", "Aandeel"),
        ],
    }  # fmt: skip
    height = 34 * len(groups) + 20
    spec = {"description": description, "mark": {"type": "bar"}, "encoding": encoding}
    data = _shares(bars, categories, normalize)
    cells = {(b["group"], b["category"]): b["value"] for b in bars}
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=spec_json(top_level(spec, data, height=height, scheme=scheme)),
        headers=[group_title, *categories],
        units=["text", *["number"] * len(categories)],
        rows=[[g, *[_opt_int(cells.get((g, c))) for c in categories]] for g in groups],
        height=height,
        legend_entries=len(categories) + 1,  # and the legend's title
    )


def occupancy(chart_id: str, title: str, locations: Rows) -> Chart:
    """Bars of occupancy per location; ``locations``: location, current, capacity (None =
    unknown)."""
    table = []
    data = []
    unknown = []
    for loc in locations:
        current, capacity = _opt_int(loc["current"]), _opt_int(loc["capacity"])
        # Unknown stays unknown; a capacity of 0 has none.
        if current is None or not capacity:
            table.append([loc["location"], capacity, current, None])
            unknown.append(str(loc["location"]))
            continue
        table.append([loc["location"], capacity, current, current / capacity])
        data.append(
            {
                "location": loc["location"],
                "current": current,
                "capacity": capacity,
                "occupancy": current / capacity,
                "occupancy_text": percent(Fraction(current, capacity), 0),
            }
        )
    description = (
        "Staafdiagram: bezetting (lopende trajecten gedeeld door capaciteit) per LVV-locatie."
    )
    if unknown:
        description += " Onbekend: " + ", ".join(unknown) + "."
    encoding = {
        "y": _field("location", "nominal", None, sort=[loc["location"] for loc in locations]),
        "x": _field(
            "occupancy", "quantitative", "Bezetting",
            axis={"format": ".0%"}, scale={"domain": [0, 1]},
        ),
        "tooltip": [
            _field("location", "nominal", "Locatie"),
            _field("occupancy_text", "nominal", "Bezetting"),
            _field("current", "quantitative", "Lopende trajecten"),
            _field("capacity", "quantitative", "Capaciteit"),
        ],
    }  # fmt: skip
    height = 34 * len(locations) + 20
    spec = {"description": description, "mark": {"type": "bar"}, "encoding": encoding}
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        spec_json=spec_json(top_level(spec, data, height=height)),
        headers=["Locatie", "Capaciteit", "Lopende trajecten", "Bezetting"],
        units=["text", "number", "number", "percent"],
        rows=table,
        height=height,
    )
