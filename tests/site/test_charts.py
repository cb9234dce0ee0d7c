"""Chart data with unknown cells (found at scale by benchmarks/scale.py)."""

from __future__ import annotations

import pandas as pd

from lvv_publish.site.charts import occupancy
from lvv_publish.site.vegalite import chart_csv

from ..chartdata import decoded


def test_occupancy_with_an_unknown_capacity_or_current_is_unknown_not_nan():
    frame = pd.DataFrame(
        {
            "location": ["A", "B", "C"],
            "current": [30.0, float("nan"), 10.0],  # pandas carries unknown as NaN
            "capacity": [40.0, 50.0, float("nan")],
        }
    )
    chart = occupancy("bezetting", "Bezetting", frame.to_dict("records"))
    assert [row[3] for row in chart.rows] == [0.75, None, None]
    assert chart_csv(chart).splitlines()[1:] == ["A,40,30,0.75", "B,50,,", "C,,10,"]
    assert "Onbekend: B, C." in chart.description


def test_a_long_trend_names_its_first_and_last_monitor_not_every_one():
    from lvv_publish.site.charts import MAX_LISTED_MONITORS, trend

    def frame(monitors: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "monitor": list(range(1, monitors + 1)),
                "label": [f"{m} - jan {m:02d}" for m in range(1, monitors + 1)],
                "series": ["2 Toegelaten cumulatief"] * monitors,
                "value": [10 * m for m in range(1, monitors + 1)],
            }
        )

    few = trend("t", "T", frame(MAX_LISTED_MONITORS).to_dict("records"), what="toegelaten")
    assert few.description.endswith(
        "per monitor (" + ", ".join(f"{m} - jan {m:02d}" for m in range(1, 7)) + ")."
    )
    many = trend("t", "T", frame(40).to_dict("records"), what="toegelaten")
    assert many.description == (
        "Lijngrafiek: toegelaten per monitor (40 monitors, van 1 - jan 01 tot en met 40 - jan 40)."
    )
    assert many.headers[1:] == [f"{m} - jan {m:02d}" for m in range(1, 41)]  # the table has all


def test_counts_with_an_unknown_total_show_their_share_as_unknown():
    """composition(normalize=False) with a total column: an unknown total used to raise."""
    import json

    from lvv_publish.site.charts import composition

    frame = pd.DataFrame(
        {
            "group": ["A", "A", "B", "B"],
            "category": ["terug", "anders", "terug", "anders"],
            "value": [3, 1, 2, 2],
            "total": [4, 4, float("nan"), float("nan")],
        }
    )
    chart = composition(
        "c", "C", frame.to_dict("records"), what="uitstroom", category_title="Reden", group_title="Gemeente",
        normalize=False,
    )  # fmt: skip
    columns = decoded(json.loads(chart.spec_json))
    cells = zip(columns["group"], columns["category"], strict=True)
    texts = dict(zip(cells, columns["share_text"], strict=True))
    assert texts[("A", "terug")] == "75,0%"
    assert texts[("B", "terug")] == texts[("B", "anders")] == "onbekend"


def test_a_chart_without_data_is_refused_by_name():
    import pytest

    from lvv_publish.site.charts import composition, trend

    with pytest.raises(ValueError, match="chart t: a trend needs at least one point"):
        trend("t", "T", [], what="x")
    with pytest.raises(ValueError, match="chart c: a composition needs at least one bar"):
        composition("c", "C", [], what="x", category_title="K", group_title="G", normalize=True)
