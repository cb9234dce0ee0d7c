"""The built site: key figures and municipality tables equal the data package's values."""

from __future__ import annotations

import pandas as pd
import pytest

from lvv_publish.package import read_package

from .htmltables import page


@pytest.fixture(scope="module")
def package(released):
    return read_package(released / "datapackage/15")


def test_home_shows_the_key_figures_of_monitor_15(released):
    tables, text = page(released / "site/15/index.html")
    key = {row[0]: row[1:] for row in tables[0]}
    assert key["Kerncijfer"] == ["Berekening (indicatoren)", "Monitor 15", "Monitor 14"]
    assert key["Toegelaten sinds de start"] == ["2", "2797", "2730"]
    assert key["Uitgestroomd sinds de start"] == ["12", "2203", "2092"]
    assert key["Lopende trajecten op de peildatum"] == ["2.2", "593", "638"]
    assert key["Capaciteit (plaatsen)"] == ["1 (zonder satellietlocaties)", "1070", "1070"]
    assert key["Bezetting"] == ["2.2 / 1", "55%", "60%"]
    assert key["Perspectief bepaald (van de lopende trajecten)"] == ["5 / 2.2", "82,3%", "77,0%"]
    shares = {row[0]: row[2:] for row in tables[1]}
    assert shares["Duurzaam"] == ["411", "18,7%"]
    assert shares["Semi-duurzaam"] == ["990", "44,9%"]
    assert shares["Niet-duurzaam"] == ["780", "35,4%"]
    assert shares["Overleden"] == ["14", "0,6%"]
    locations = {row[0]: row[1:] for row in tables[2]}
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
    header, *rows = tables[0]
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
