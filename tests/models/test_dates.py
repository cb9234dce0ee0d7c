"""A date column: ``datetime.date`` objects, one per distinct date, NaT where unknown."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lvv_publish.models import calendar_dates

MAY, FEB = dt.date(2024, 5, 1), dt.date(2024, 2, 1)


@pytest.mark.parametrize(
    "values, expected",
    [
        (pd.Series(["2024-05-01"] * 4 + ["2024-02-01"] * 2, dtype="string"), [MAY] * 4 + [FEB] * 2),
        (pd.Series(["2024-05-01", pd.NA, "2024-05-01"], dtype="string"), [MAY, None, MAY]),
        (pd.Series([MAY, MAY, None], dtype=object), [MAY, MAY, None]),  # dates already
        (pd.Series(["2024-05-01", "2024-02-01"], dtype="string"), [MAY, FEB]),  # none repeated
        (pd.Series([pd.NA, pd.NA], dtype="string"), [None, None]),  # none known
        (pd.Series([], dtype="string"), []),
    ],
)
def test_dates_are_calendar_dates_and_unknown_stays_unknown(values, expected):
    values = values.set_axis(range(10, 10 + len(values))).rename("peildatum")
    out = calendar_dates(values)
    assert out.dtype == object
    assert out.name == "peildatum"
    assert list(out.index) == list(values.index)
    assert [None if v is pd.NaT else v for v in out] == expected
    assert all(type(v) is dt.date for v in out if v is not pd.NaT)


def test_a_repeated_date_is_one_object():
    out = calendar_dates(pd.Series(["2024-05-01"] * 1000 + ["2024-02-01"], dtype="string"))
    assert len({id(v) for v in out}) == 2


def test_a_value_that_is_no_date_is_refused_naming_it():
    with pytest.raises(ValueError, match='time data "31-05-2024"'):
        calendar_dates(pd.Series(["2024-05-01", "31-05-2024", "31-05-2024"], dtype="string"))
