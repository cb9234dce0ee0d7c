"""The page per indicator (issue 20): every municipality and Nederland over every monitor of
the long series, its CSV (the indicator's lines of ``reeksen.csv``, once for the whole
site), its charts legible at
scale; and the municipalities' trend charts over every published monitor, also those the
newest release no longer carries. The browser tests use the fixtures of ``conftest.py``."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.package import read_package
from lvv_publish.site.contexts import indicator_pages, release_info
from lvv_publish.site.contexts.indicator import MAX_LINES
from lvv_publish.site.downloads import NATIONAL_CODE, SERIES_NAME
from lvv_publish.site.serve import preview_server
from lvv_publish.sources import Project, load_monitor

from ..conftest import copy_project
from ..cycle import deliver, note_the_revision_of_amsterdam_15, override
from .conftest import DESKTOP, PHONE
from .test_browser import axe_violations, wait_for_charts

runner = CliRunner()


def _lines_of(text: str, indicator: str) -> list[str]:
    """The header and the lines of ``indicator`` of a CSV of the series, as written."""
    lines = text.splitlines(keepends=True)
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    column = header.index("indicator")
    return [lines[0]] + [
        line for line, row in zip(lines[1:], rows, strict=True) if row[column] == indicator
    ]


def test_each_indicators_csv_is_its_lines_of_the_series(site_root):
    """Once for the whole site (``/downloads/reeks-<code>.csv``), byte for byte the
    indicator's lines of ``reeksen.csv``; no version repeats them (issue 22: its table
    builder gives its own view as CSV)."""
    series = (site_root / "downloads" / SERIES_NAME).read_text(encoding="utf-8")
    package = read_package(site_root.parent / "datapackage/15")
    sums = (site_root / "downloads/SHA256SUMS").read_text(encoding="utf-8")
    for code in package.indicators["code"].astype(str):
        name = f"reeks-{code.replace('.', '-')}.csv"
        mine = site_root / "downloads" / name
        assert mine.read_bytes() == "".join(_lines_of(series, code)).encode("utf-8"), code
        assert f"  {name}\n" in sums
    for version in ("13", "14", "15", "latest"):
        assert list((site_root / version / "indicator").glob("*.csv")) == [], version
    # and the link from the definitions page and from the index reach the page
    definitions = (site_root / "15/indicatoren/index.html").read_text(encoding="utf-8")
    assert 'href="../indicator/9-1-4/"' in definitions
    index = (site_root / "15/indicator/index.html").read_text(encoding="utf-8")
    assert 'href="9-1-4/"' in index
    built = (site_root / "15/indicator/9-1-4/index.html").read_text(encoding="utf-8")
    # the site-wide file from /15/indicator/9-1-4/, and the version's rows in its table
    assert 'href="../../../downloads/reeks-9-1-4.csv"' in built
    assert 'href="../../tabel/?i=9.1.4&amp;g=NL01,' in built


def test_the_navigation_has_one_entry_for_the_indicator_pages(site_root):
    home = (site_root / "15/index.html").read_text(encoding="utf-8")
    assert home.count('href="indicator/') == 1
    assert "Reeksen per indicator" in home


@pytest.fixture(scope="module")
def inputs_15(tmp_path_factory):
    from lvv_publish.publish import site_inputs

    root = copy_project(tmp_path_factory.mktemp("indicator") / "project")
    project = Project(root)
    return site_inputs(
        project, read_package(project.package_dir(15)), load_monitor(project.monitors, 15)
    )


def _many_municipalities(series: pd.DataFrame, copies: int) -> pd.DataFrame:
    """The series with every municipality repeated ``copies`` times under new codes (the
    national rows as they are): the shape of a national LVV."""
    muns = series[series["municipality_code"] != NATIONAL_CODE]
    extra = [
        muns.assign(
            municipality_code=muns["municipality_code"].str.replace("GM", f"GX{k}"),
            municipality=muns["municipality"] + f" {k}",
            value=muns["value"] + k,
        )
        for k in range(1, copies)
    ]
    return pd.concat([muns, *extra, series[series["municipality_code"] == NATIONAL_CODE]])


def test_a_national_lvv_keeps_the_chart_legible_and_the_table_whole(inputs_15):
    pkg = inputs_15.package
    info = release_info(pkg, inputs_15.meta, inputs_15.pilot_start)
    series = _many_municipalities(inputs_15.long_series, 5)  # 30 municipalities
    index, pages = indicator_pages(series, pkg, info)
    ctx = next(p for p in pages if p.code == "2")
    assert index.municipalities == 30
    assert len(ctx.rows) == 30 and ctx.national is not None and ctx.interactive
    national, municipalities = ctx.charts
    assert [r[0] for r in national.rows] == ["Nederland"]
    assert len(municipalities.rows) == MAX_LINES
    assert ctx.chart_note and "hoogste cijfer in monitor 15" in ctx.chart_note
    # the highest in monitor 15: the copies with the most added
    newest = [r[-1] for r in municipalities.rows]
    assert newest == sorted(newest, reverse=True)


def test_revised_unknown_and_incomplete_are_marked_in_the_table(inputs_15):
    from dataclasses import replace

    from lvv_publish.site import render_pages

    series = inputs_15.long_series.copy()
    amsterdam_15 = (series["municipality_code"] == "GM0363") & (series["monitor"] == 15)
    series.loc[amsterdam_15 & (series["indicator"] == "9.1.3"), "revised"] = True
    pages = render_pages(replace(inputs_15, series=series))
    text = pages["indicator/9-1-3.md"]
    # The table is raw HTML (issue 22): a row is the text between <tr> and </tr>.
    rows = re.findall(r"<tr>\n(.*?)\n</tr>", text, re.S)
    row = next(r for r in rows if ">Amsterdam</a></td>" in r)
    assert row.endswith(
        '<td>3<span class="lvv-mark" aria-hidden="true">*</span>'
        '<span class="lvv-sr"> (herzien)</span></td>'
    )
    assert "Deze tabel heeft 1 herziene\nwaarde." in text
    eindhoven = next(r for r in rows if ">Eindhoven</a></td>" in r)
    assert "<td>onbekend</td>" in eindhoven
    national = next(r for r in rows if r.startswith("<td><strong>Nederland</strong></td>"))
    assert "<td><strong>20</strong> (onvolledig)</td>" in national
    assert "- Monitor 13 - nov 23: zonder Eindhoven." in text
    # no national total of 5.2 is complete: no chart of Nederland, and the page says why
    never = pages["indicator/5-2.md"]
    assert "daarom is er geen grafiek van Nederland" in never
    assert 'id="chart-indicator-5-2-gemeenten"' in never
    assert "chart-indicator-5-2-nederland" not in never
    # no CSV per version: the page links the table builder's and the site-wide one
    assert not [p for p in pages if p.endswith(".csv") and p.startswith("indicator/")]
    assert '<a href="../../tabel/?i=9.1.3&amp;g=NL01,' in text
    assert '<a href="../../../downloads/reeks-9-1-3.csv">' in text


# --- in the browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", ["/15/indicator/", "/15/indicator/9-1-3/", "/15/indicator/2/"])
def test_indicator_pages_have_no_violations_and_fit(page, base_url, path, width):
    page.goto(f"{base_url}{path}", wait_until="load")
    wait_for_charts(page)
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
def test_an_indicator_page_draws_both_charts(page, base_url):
    page.goto(f"{base_url}/15/indicator/2/", wait_until="load")
    wait_for_charts(page)
    assert page.locator("[data-lvv-chart] svg.marks").count() == 2
    assert page.locator("article table").count() == 3  # two charts' data and the table


# --- the municipalities' trend over every published monitor --------------------------------


def invoke(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site_16(tmp_path_factory) -> Path:
    """13, 14 (committed) and 15 published, then 16 released: it carries 14, 15 and 16, so
    monitor 13 is only in earlier packages; Amsterdam's indicator 2 of 15 revised (noted)."""
    root = copy_project(tmp_path_factory.mktemp("sixteen") / "project")
    invoke("new", "16", "--project", str(root))
    deliver(root, 16, lambda municipality, code, previous: previous)
    override(root, 16, "15/GM0363/2", 1070, "Amsterdam telde twee aanmeldingen dubbel.")
    note_the_revision_of_amsterdam_15(root)
    invoke("compile", "16", "--project", str(root))
    invoke("approve", "16", "--by", "Programmabureau LVV", "--project", str(root))
    invoke("release", "16", "--project", str(root))
    return root


@pytest.fixture(scope="module")
def base_url_16(site_16) -> Iterator[str]:
    server = preview_server(site_16 / "site", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_release_16_no_longer_carries_13(site_16):
    carried = read_package(site_16 / "datapackage/16").observations["monitor"].unique()
    assert 13 not in set(int(m) for m in carried)
    series = (site_16 / "site/downloads" / SERIES_NAME).read_text(encoding="utf-8")
    assert (
        "".join(_lines_of(series, "2")).encode()
        == (site_16 / "site/downloads/reeks-2.csv").read_bytes()
    )
    # the revision shows as such on the indicator's page
    built = (site_16 / "site/16/indicator/2/index.html").read_text(encoding="utf-8")
    assert "(herzien)" in built


# Per chart: the distinct x positions of its points, and how many points it draws.
POINTS = """(id) => {
  const xs = new Set();
  const marks = document.querySelectorAll(`#${id} svg .mark-symbol.role-mark path`);
  for (const p of marks) {
    const m = /translate\\(([-0-9.e]+)/.exec(p.getAttribute('transform') || '');
    if (m) xs.add(Math.round(parseFloat(m[1])));
  }
  return {positions: xs.size, points: marks.length};
}"""


@pytest.mark.browser
def test_a_municipalitys_trend_has_a_point_per_published_monitor(page, base_url_16, site_16):
    published = sorted(
        int(m)
        for n in (13, 14, 15, 16)
        for m in read_package(site_16 / f"datapackage/{n}").observations["monitor"].unique()
    )
    monitors = sorted(set(published))
    assert monitors == [13, 14, 15, 16]
    page.goto(f"{base_url_16}/16/gemeenten/amsterdam/", wait_until="load")
    wait_for_charts(page)
    for chart, series in (("amsterdam-instroom-uitstroom", 2), ("amsterdam-lopend", 3)):
        got = page.evaluate(POINTS, f"chart-{chart}")
        assert got["positions"] == len(monitors), (chart, got)
        assert got["points"] == series * len(monitors), (chart, got)
    labels = page.evaluate(
        "[...document.querySelectorAll('#chart-amsterdam-lopend svg .role-axis-label text')]"
        ".map(t => t.textContent)"
    )
    assert any(re.match(r"13 - ", t) for t in labels), labels
