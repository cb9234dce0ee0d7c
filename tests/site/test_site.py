"""The built site: key figures and municipality tables equal the data package's values."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lvv_publish.package import read_package
from lvv_publish.publish.stamps import assets_of

from ..chartdata import page_specs
from ..htmltables import page


@pytest.fixture(scope="module")
def package(released):
    return read_package(released / "datapackage/15")


def _headed(tables: list[list[list[str]]], first: str) -> list[list[str]]:
    """The table whose first header is ``first`` (charts and their data tables come before
    the tables of the home and municipality pages: issue 20)."""
    return next(t for t in tables if t[0][0] == first)


def test_home_shows_the_key_figures_of_monitor_15(released):
    tables, text = page(released / "site/15/index.html")
    key = {row[0]: row[1:] for row in _headed(tables, "Kerncijfer")}
    assert key["Kerncijfer"] == ["Berekening (indicatoren)", "Monitor 15", "Monitor 14"]
    assert key["Toegelaten sinds de start"] == ["2", "2797", "2730"]
    assert key["Uitgestroomd sinds de start"] == ["12", "2203", "2092"]
    assert key["Lopende trajecten op de peildatum"] == ["2.2", "593", "638"]
    assert key["Capaciteit (plaatsen)"] == ["1 (zonder satellietlocaties)", "1070", "1070"]
    assert key["Bezetting"] == ["2.2 / 1", "55%", "60%"]
    assert key["Perspectief bepaald (van de lopende trajecten)"] == ["5 / 2.2", "82,3%", "77,0%"]
    shares = {row[0]: row[2:] for row in _headed(tables, "Resultaat")}
    assert shares["Duurzaam"] == ["411", "18,7%"]
    assert shares["Semi-duurzaam"] == ["990", "44,9%"]
    assert shares["Niet-duurzaam"] == ["780", "35,4%"]
    assert shares["Overleden"] == ["14", "0,6%"]
    locations = {row[0]: row[1:] for row in _headed(tables, "Locatie")}
    assert locations["Groningen (met Emmen)"][:3] == ["300", "110", "37%"]
    assert "Emmen" not in locations
    assert locations["Totaal"][:3] == ["1070", "593", "55%"]


@pytest.mark.parametrize(
    "slug", ["amsterdam", "eindhoven", "emmen", "groningen", "rotterdam", "utrecht"]
)
def test_municipality_page_equals_the_package(released, package, slug):
    muns = package.municipalities
    code = muns.loc[muns["name"].str.lower() == slug, "code"].iloc[0]
    tables, text = page(released / f"site/15/gemeenten/{slug}/index.html")
    header, *rows = _headed(tables, "Code")
    assert header == [
        "Code",
        "Indicator",
        "Soort",
        "Monitor 13",
        "Monitor 14",
        "Monitor 15",
        "Verandering t.o.v. monitor 14",
    ]
    obs = package.observations[package.observations["municipality_code"] == code]
    expected = {
        (int(r.monitor), r.indicator): ("onbekend" if pd.isna(r.value) else str(int(r.value)))
        for r in obs.itertuples()
    }
    assert [r[0] for r in rows] == list(package.indicators["code"])
    for row in rows:
        for i, monitor in enumerate((13, 14, 15)):
            assert row[3 + i] == expected[(monitor, row[0])], (slug, row[0], monitor)
        new, old = expected[(15, row[0])], expected[(14, row[0])]
        if "onbekend" in (new, old):
            assert row[6] == "onbekend"
        else:
            diff = int(new) - int(old)
            assert row[6] == (f"+{diff}" if diff > 0 else f"\u2212{-diff}" if diff < 0 else "0")


def test_one_palette_without_a_switcher(released):
    """The palette is one mapping (mkdocs_config.py): the page's colours, and no switcher's
    form or script, which a single palette never uses."""
    for page_file in sorted((released / "site/15").glob("**/index.html"))[:40]:
        html = page_file.read_text()
        if "<body" not in html or "grafieken/" in page_file.as_posix():
            continue
        assert (
            '<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo"' in html
        )
        assert 'data-md-component="palette"' not in html and "__palette" not in html


def test_indicators_page_has_every_definition(released, package):
    _, text = page(released / "site/15/indicatoren/index.html")
    for ind in package.indicators.itertuples():
        assert f"{ind.code} {ind.name}" in text
        if not pd.isna(ind.definition):
            assert ind.definition[:60] in text
    assert text.count("Geen definitie.") == 2


def test_downloads_are_in_the_site_and_linked(released):
    site = released / "site/15"
    for name in (
        "observations.csv",
        "indicators.csv",
        "municipalities.csv",
        "monitors.csv",
        "datapackage.json",
    ):
        assert (site / "downloads" / name).read_bytes() == (
            released / "datapackage/15" / name
        ).read_bytes()
        # the page lives at /15/downloads/, so the files are at /15/downloads/<name>
        assert f'href="{name}"' in (site / "downloads/index.html").read_text()


def _charts_shown(released) -> dict[str, str]:
    """Every chart id on the site, with the page (relative to site/15) that shows it."""
    import re

    shown = {}
    for page_file in sorted((released / "site/15").glob("**/index.html")):
        for chart_id in re.findall(r'data-lvv-chart="spec-([^"]+)"', page_file.read_text()):
            rel = page_file.parent.relative_to(released / "site/15").as_posix()
            if not rel.startswith("grafieken/"):
                shown[chart_id] = rel
    return shown


def test_every_chart_has_a_page_of_its_own_with_its_source_and_data(released, package):
    import csv
    import re

    shown = _charts_shown(released)
    # the home page's one, the overview's four, two per municipality, and per indicator the
    # national total and the municipalities (not drawn: a national total never complete,
    # 5.2, 9.3, 9.3.2, 10.2)
    assert len(shown) == 1 + 4 + 2 * 6 + 2 * len(package.indicators) - 4
    source = package.descriptor["sources"][0]["title"]
    assert source.endswith("Ministerie van Justitie en Veiligheid")
    for chart_id, page_path in shown.items():
        folder = released / "site/15/grafieken" / chart_id
        html = (folder / "index.html").read_text()
        assert '<html lang="nl">' in html
        assert re.search(r"<title>[^<]+ - LVV Monitor</title>", html)
        assert f"Bron: {source}. Peildatum 30 april 2024." in html
        assert 'class="lvv-chart__description"' in html
        # Every chart's table: a name, then figures (right-aligned, figurecolumns.py).
        assert '<table data-lvv-figures="2+">' in html
        own = "" if page_path == "." else f"{page_path}/"  # the home page: the version's root
        assert f'href="../../{own}" target="_top"' in html
        # The spec from the chart's own script, which the page that shows the chart loads
        # too; Vega from the site's own copies, by relative paths: no CDN, no theme.
        # (The site's one set of scripts and styles: ../ above the version's folder.)
        shared = f"../../../assets/{assets_of(released / 'site/15')}/"
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert scripts == [
            "grafiek.js",
            f"{shared}vendor/vega.min.js",
            f"{shared}vendor/vega-interpreter.js",
            f"{shared}vendor/vega-lite.min.js",
            f"{shared}vendor/vega-embed.min.js",
            f"{shared}lvv.js",
        ]
        assert all((folder / script).is_file() for script in scripts)
        assert "stylesheets" not in html
        name = f"lvv-monitor-15-{chart_id}.csv"
        assert f'href="{name}" download' in html
        with (folder / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
        # The page that shows the chart links its CSV and its own page.
        page_html = (released / "site/15" / page_path / "index.html").read_text()
        back = "" if page_path == "." else "../" * (page_path.count("/") + 1)
        assert f'href="{back}grafieken/{chart_id}/{name}" download' in page_html
        assert f'href="{back}grafieken/{chart_id}/"' in page_html
        assert f'<script src="{back}grafieken/{chart_id}/grafiek.js"></script>' in page_html
        ((own_id, loaded),) = page_specs(folder / "index.html")
        assert own_id == chart_id
        assert (
            page_specs(released / "site/15" / page_path / "index.html").count((chart_id, loaded))
            == 1
        )
        assert json.loads(loaded)["$schema"].startswith("https://vega.github.io/schema/")


def test_chart_csv_holds_the_packages_figures(released, package):
    import csv

    obs = package.observations
    names = dict(zip(package.indicators["code"], package.indicators["name"], strict=True))
    labels = dict(zip(package.monitors["monitor"], package.monitors["label"], strict=True))
    folder = released / "site/15/grafieken/amsterdam-lopend"
    with (folder / "lvv-monitor-15-amsterdam-lopend.csv").open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    assert header == ["Indicator", *[labels[m] for m in (13, 14, 15)]]
    mine = obs[obs["municipality_code"] == "GM0363"]
    for code, row in zip(["1", "2.2", "5"], rows, strict=True):
        assert row[0] == f"{code} {names[code]}"
        for monitor, cell in zip((13, 14, 15), row[1:], strict=True):
            value = mine[(mine["monitor"] == monitor) & (mine["indicator"] == code)]["value"].iloc[
                0
            ]
            assert cell == ("" if pd.isna(value) else str(int(value)))
    # Stacked bars: one row per municipality, one column per category; unknown stays empty.
    with (released / "site/15/grafieken/uitstroomredenen/lvv-monitor-15-uitstroomredenen.csv").open(
        encoding="utf-8"
    ) as f:
        header, *rows = list(csv.reader(f))
    assert header[0] == "Gemeente" and header[1] == f"8.1 {names['8.1']}"
    amsterdam = next(r for r in rows if r[0] == "Amsterdam")
    assert amsterdam[header.index(f"9.3 {names['9.3']}")] == ""  # unknown in monitor 15


def test_embed_snippet_uses_the_site_url_when_there_is_one(released, package):
    from lvv_publish.publish import site_inputs
    from lvv_publish.site import render_pages
    from lvv_publish.sources import Project, load_monitor

    meta = load_monitor(released / "monitors", 15)
    inputs = site_inputs(Project(released), package, meta)
    with_url = render_pages(inputs, site_url="https://data.example.nl/lvv/")
    without = render_pages(inputs)
    hasa = '&lt;iframe src="{}" title="Resultaten Hasa&#39;s per gemeente, monitor 15"'
    assert hasa.format("https://data.example.nl/lvv/15/grafieken/hasa/") in with_url["landelijk.md"]
    assert "zet het webadres van de site ervoor" not in with_url["landelijk.md"]
    assert hasa.format("/15/grafieken/hasa/") in without["landelijk.md"]
    assert "zet het webadres van de site ervoor" in without["landelijk.md"]
    canonical = '<link rel="canonical" href="https://data.example.nl/lvv/15/grafieken/hasa/">'
    assert canonical in with_url["grafieken/hasa/index.html"]
    assert "canonical" not in without["grafieken/hasa/index.html"]
    # Everything but the addresses is the same.
    assert with_url.keys() == without.keys()
    assert (
        with_url["grafieken/hasa/lvv-monitor-15-hasa.csv"]
        == (without["grafieken/hasa/lvv-monitor-15-hasa.csv"])
    )


# The pages of the release as a whole, rendered after every other page: the home page and
# the downloads page list the files of its downloads folder (the first in its schema.org
# description).
RELEASE_PAGES = {
    "home.md.j2", "overview.md.j2", "narrative.md.j2", "guide.md.j2", "indicators.md.j2",
    "downloads.md.j2", "method.md.j2", "changelog.md.j2",
}  # fmt: skip


def test_the_downloads_are_asked_for_once_after_every_page_that_does_not_list_them(
    released, package, monkeypatch
):
    """At national scale a worker makes the downloads folder while the release renders its
    pages (issue 22): they are asked for once, when every page that does not need them is
    rendered, and the pages are the same as when ``render_pages`` makes them itself."""
    from lvv_publish.publish import site_inputs
    from lvv_publish.site import release_downloads, render, render_pages
    from lvv_publish.sources import Project, load_monitor

    inputs = site_inputs(Project(released), package, load_monitor(released / "monitors", 15))
    made = release_downloads(inputs)
    order: list[str] = []
    asked: list[int] = []
    original = render.PageRenderer.render

    def recording(self, template, ctx):
        order.append(template)
        return original(self, template, ctx)

    def files():
        asked.append(len(order))
        return made

    monkeypatch.setattr(render.PageRenderer, "render", recording)
    pages = render_pages(inputs, files=files)
    (at,) = asked
    assert {"municipality.md.j2", "indicator.md.j2", "chart.html.j2"} <= set(order[:at])
    assert RELEASE_PAGES.isdisjoint(order[:at])
    assert set(order[at:]) == RELEASE_PAGES
    monkeypatch.undo()
    eager = render_pages(inputs)
    assert list(pages) == list(eager)  # the same files, in the same order
    assert pages == eager
