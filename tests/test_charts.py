"""Chart data with unknown cells (found at scale by benchmarks/scale.py)."""

from __future__ import annotations

import pandas as pd

from lvv_publish.charts import chart_csv, occupancy


def test_occupancy_with_an_unknown_capacity_or_current_is_unknown_not_nan():
    frame = pd.DataFrame(
        {
            "location": ["A", "B", "C"],
            "current": [30.0, float("nan"), 10.0],  # pandas carries unknown as NaN
            "capacity": [40.0, 50.0, float("nan")],
        }
    )
    chart = occupancy("bezetting", "Bezetting", frame)
    assert [row[3] for row in chart.rows] == [0.75, None, None]
    assert chart_csv(chart).splitlines()[1:] == ["A,40,30,0.75", "B,50,,", "C,,10,"]
    assert "Onbekend: B, C." in chart.description
