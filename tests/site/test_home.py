"""The home page's opening (issue 20.1): headline figures with their change and a sparkline
over every published monitor, the chart under them; and the marks of revised values (20.7).

Every expected figure here is computed by ``national_figures`` over the data package, a
path of its own beside the long series the page is built from: nothing is typed in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from fractions import Fraction

import pandas as pd
import pytest

from lvv_publish.package import read_package
from lvv_publish.publish import site_inputs
from lvv_publish.site import SiteInputs, render_pages
from lvv_publish.site.contexts import home_context, municipality_contexts, release_info
from lvv_publish.site.contexts.headline import plotted
from lvv_publish.site.downloads import NATIONAL_CODE, Release, release_of, series_table
from lvv_publish.site.figures import Ratio
from lvv_publish.site.formatting import REVISED_MARK, figure, points, signed
from lvv_publish.site.layout import LAYOUT
from lvv_publish.site.national import national_figures
from lvv_publish.site.sparkline import HEIGHT, sparkline
from lvv_publish.sources import Project, load_monitor

from ..conftest import copy_project

AMSTERDAM, GRONINGEN = "GM0363", "GM0014"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> SiteInputs:
    """Release 15's site inputs, with 13 and 14 (and their corrections) published before."""
    root = copy_project(tmp_path_factory.mktemp("home") / "project")
    project = Project(root)
    package = read_package(project.package_dir(15))
    return site_inputs(project, package, load_monitor(project.monitors, 15))


def _info(inputs: SiteInputs):
    return release_info(inputs.package, inputs.meta, inputs.pilot_start)


def _figures_up_to(inputs: SiteInputs, monitor: int):
    """The national figures of ``monitor`` computed from the package itself."""
    pkg = inputs.package
    monitors = tuple(m for m in _info(inputs).monitors if m <= monitor)
    return national_figures(pkg.observations, pkg.municipalities, monitors)


def test_the_headline_figures_are_the_national_figures_with_their_change(inputs):
    info = _info(inputs)
    ctx = home_context(inputs.package, info, inputs.long_series)
    now, before = _figures_up_to(inputs, 15), _figures_up_to(inputs, 14)
    assert [h.name for h in ctx.headlines] == [h.figure for h in LAYOUT.headlines]
    assert len(ctx.headlines) == 3
    for spec, h in zip(LAYOUT.headlines, ctx.headlines, strict=True):
        a, b = now[spec.figure].value, before[spec.figure].value
        assert h.value == figure(now[spec.figure], spec.decimals, note=False)
        assert not a.partial and not b.partial and h.note == ""
        if isinstance(a, Ratio):
            assert isinstance(b, Ratio)
            step = Fraction(a.numerator.value, a.denominator.value) - Fraction(
                b.numerator.value, b.denominator.value
            )
            assert h.change == f"{points(step, spec.decimals)} sinds monitor 14"
        else:
            assert h.change == f"{signed(a.value - b.value)} sinds monitor 14"


def test_the_sparklines_are_the_national_figures_of_every_monitor(inputs):
    ctx = home_context(inputs.package, _info(inputs), inputs.long_series)
    per_monitor = {m: _figures_up_to(inputs, m) for m in (13, 14, 15)}
    for h in ctx.headlines:
        expected = [(m, plotted(per_monitor[m][h.name])) for m in (13, 14, 15)]
        assert all(v is not None for _, v in expected)
        assert h.spark == sparkline(expected)
        assert [d.monitor for d in h.spark.dots] == [13, 14, 15]
        assert len(h.spark.lines) == 1 and len(h.spark.lines[0].split()) == 3
        for m in (13, 14, 15):
            label = inputs.long_series.loc[inputs.long_series["monitor"] == m, "periode"].iloc[0]
            decimals = next(s.decimals for s in LAYOUT.headlines if s.figure == h.name)
            assert f"{label}: {figure(per_monitor[m][h.name], decimals)}" in h.trend
    # The chart: the figures of pages.yaml's home_chart per monitor, from the same source.
    rows = {row[0]: row[1:] for row in ctx.chart.rows}
    for name in LAYOUT.home_chart.figures:
        label = per_monitor[15][name].label
        assert rows[label] == [per_monitor[m][name].value.value for m in (13, 14, 15)]


def test_a_monitor_the_release_does_not_carry_is_in_the_sparkline(inputs):
    """The sparkline spans every published monitor of the long series, also one before the
    monitors the release repeats (here a monitor 12, made from 13)."""
    series = inputs.long_series
    m13 = series[series["monitor"] == 13].copy()
    m13["monitor"] = 12
    m13["periode"] = "12 - aug 23"
    ctx = home_context(inputs.package, _info(inputs), pd.concat([m13, series]))
    for h in ctx.headlines:
        assert h.spark.monitors == [12, 13, 14, 15]
        assert len(h.spark.dots) == 4
        assert h.trend.startswith("Per monitor: 12 - aug 23: ")


def test_an_unknown_part_is_a_gap_and_said_so(inputs):
    """Amsterdam's running trajecten (2.2) of monitor 14 unknown: the national figure of 14
    is incomplete, so the sparkline has no point there (never zero, never the sum of the
    known parts), its text says why, and the change since 14 is unknown."""
    series = inputs.long_series.copy()
    gone = (
        (series["monitor"] == 14)
        & (series["municipality_code"] == AMSTERDAM)
        & (series["indicator"] == "2.2")
    )
    series.loc[gone, "value"] = pd.NA
    ctx = home_context(inputs.package, _info(inputs), series)
    lopend = next(h for h in ctx.headlines if h.name == "lopend")
    assert [d.monitor for d in lopend.spark.dots] == [13, 15]
    assert lopend.spark.monitors == [13, 14, 15]
    assert lopend.spark.lines == []  # two points with a gap between: no line joins them
    assert "14 - feb 24: " in lopend.trend
    assert "onvolledig en daarom niet getekend" in lopend.trend
    assert "Amsterdam" in lopend.trend
    assert lopend.change.startswith("Verandering sinds monitor 14 onbekend")
    chart = dict((row[0], row[1:]) for row in ctx.chart.rows)
    assert chart["Lopende trajecten"][1] is None
    assert "Onbekend en daarom niet getekend" in ctx.chart.description


def test_an_incomplete_figure_of_the_release_says_so_beside_the_number(inputs):
    """Amsterdam's 2.2 of monitor 15 unknown in the package and the series: the number is
    the sum of the known parts and says it is incomplete; no point for 15, no change."""
    pkg, series = inputs.package, inputs.long_series.copy()
    obs = pkg.observations.copy()
    for frame in (obs, series):
        gone = (
            (frame["monitor"] == 15)
            & (frame["municipality_code"] == AMSTERDAM)
            & (frame["indicator"] == "2.2")
        )
        frame.loc[gone, "value"] = pd.NA
    ctx = home_context(dataclasses.replace(pkg, observations=obs), _info(inputs), series)
    lopend = next(h for h in ctx.headlines if h.name == "lopend")
    assert lopend.note == "Onvolledig (zonder Amsterdam: onbekend)."
    assert lopend.spark.last is None and [d.monitor for d in lopend.spark.dots] == [13, 14]
    assert lopend.change.startswith("Verandering sinds monitor 14 onbekend")


def test_sparkline_geometry():
    line = sparkline([(1, 10), (2, None), (3, 20), (4, 15)])
    assert [d.monitor for d in line.dots] == [1, 3, 4]
    assert line.lines == [f"{line.dots[1].x},{line.dots[1].y} {line.dots[2].x},{line.dots[2].y}"]
    assert float(line.dots[0].y) > float(line.dots[1].y)  # higher value, higher on screen
    assert line.last == line.dots[-1]
    flat = sparkline([(1, 5), (2, 5)])
    assert {d.y for d in flat.dots} == {f"{HEIGHT / 2:.2f}"}
    assert sparkline([(1, 5), (2, None)]).last is None


def test_no_previous_monitor_or_a_joined_municipality_is_said_plainly(inputs):
    info = _info(inputs)
    first = dataclasses.replace(info, monitors=(13,), number=13)
    series = inputs.long_series[inputs.long_series["monitor"] == 13]
    pkg = inputs.package
    only13 = dataclasses.replace(
        pkg, observations=pkg.observations[pkg.observations["monitor"] == 13]
    )
    ctx = home_context(only13, first, series)
    assert {h.change for h in ctx.headlines} == {"Geen eerdere monitor om mee te vergelijken."}
    muns = pkg.municipalities.copy()
    muns["first_monitor"] = muns["first_monitor"].astype("Int64")
    muns.loc[muns["code"] == "GM0344", "first_monitor"] = 15
    joined = dataclasses.replace(pkg, municipalities=muns)
    ctx = home_context(joined, info, inputs.long_series)
    assert {h.change for h in ctx.headlines} == {
        "Niet te vergelijken met monitor 14: Utrecht doet sinds monitor 15 mee."
    }


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, 1, hour, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def corrected(inputs) -> tuple[SiteInputs, dict[str, str]]:
    """Release 15 corrected (15.1.0): Groningen's running trajecten (2.2) of monitor 15 is
    one more than first published. The pages of that version."""
    first = release_of(inputs.package)
    obs = first.observations.copy()
    cell = (
        (obs["monitor"] == 15)
        & (obs["municipality_code"] == GRONINGEN)
        & (obs["indicator"] == "2.2")
    )
    obs.loc[cell, "value"] = obs.loc[cell, "value"] + 1
    day = dt.date(2026, 12, 1)
    releases = [
        Release("15.0.0", day, first.observations, _at(9), first.municipalities, first.monitors),
        Release("15.1.0", day, obs, _at(10), first.municipalities, first.monitors),
    ]
    package = dataclasses.replace(inputs.package, observations=obs)
    fixed = dataclasses.replace(inputs, package=package, series=series_table(releases))
    return fixed, render_pages(fixed)


def test_a_revised_value_carries_the_mark(corrected):
    fixed, pages = corrected
    series = fixed.long_series
    revised = series[series["revised"]]
    assert set(zip(revised["municipality_code"], revised["indicator"], strict=True)) == {
        (GRONINGEN, "2.2"),
        (NATIONAL_CODE, "2.2"),
    }
    info = _info(fixed)
    (groningen,) = [
        c for c in municipality_contexts(fixed.package, info, series) if c.code == GRONINGEN
    ]
    row = next(r for r in groningen.rows if r.code == "2.2")
    assert row.revised == [False, False, True]
    assert groningen.revised_count == 1
    mark = f'aria-hidden="true">{REVISED_MARK}</span><span class="lvv-sr"> (herzien)</span>'
    rows = re.findall(r"<tr>\n(.*?)\n</tr>", pages["gemeenten/groningen.md"], re.S)
    table_row = next(r for r in rows if '#i-2-2">' in r)
    assert table_row.count(mark) == 1
    assert pages["gemeenten/amsterdam.md"].count(mark) == 0
    # The key figures built from 2.2 (lopend, bezetting) are marked in monitor 15 only.
    home = home_context(fixed.package, info, series)
    marked = {r.label: r.revised for r in home.key_rows}
    for k in LAYOUT.key_figures:
        uses = k.figure in ("lopend", "bezetting_pct", "perspectief_bepaald_pct")
        assert marked[k.label] == [uses, False], k.figure
    assert "leeswijzer.md#tekens-in-de-tabellen" in pages["index.md"]


@pytest.fixture(scope="module")
def pages(inputs) -> dict[str, str]:
    return render_pages(inputs)


def test_no_mark_without_a_revision(inputs, pages):
    assert not inputs.long_series["revised"].any()  # the bundled data has no revised value
    assert all('class="lvv-mark"' not in text for text in pages.values())
    assert "## Tekens in de tabellen" in pages["leeswijzer.md"]


def test_the_home_pages_opening_comes_before_the_tables(pages):
    page = pages["index.md"]
    order = [
        page.index('<section class="lvv-headlines"'),
        page.index('class="lvv-chart"'),
        page.index("## Kerncijfers"),
    ]
    assert order == sorted(order)
    municipality = pages["gemeenten/amsterdam.md"]
    assert municipality.index('class="lvv-chart"') < municipality.index("<th>Code</th>")
