"""The national figures are a data file of named formulas: the formula shown beside a figure
is the formula that computed it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from lvv_publish.package import read_package
from lvv_publish.site import national
from lvv_publish.site.figures import Ratio, Total
from lvv_publish.site.national import FIGURES, FigureSpec, national_figures

from ..conftest import ROOT


@pytest.fixture(scope="module")
def package():
    return read_package(ROOT / "datapackage" / "14")


def test_national_capacity_counts_emmen_under_groningen(package):
    """Monitor 14 of the committed release: the sum of every municipality's capacity
    counts Emmen's places twice; the national figure does not."""
    obs = package.observations
    capacity = obs[(obs["monitor"] == 14) & (obs["indicator"] == "1")]
    by_code = dict(zip(capacity["municipality_code"], capacity["value"], strict=True))
    f = national_figures(obs, package.municipalities, (12, 13, 14))
    assert f["capaciteit"].value.value == sum(by_code.values()) - by_code["GM0114"]
    assert f["capaciteit"].formula == "1 (zonder satellietlocaties)"


def test_every_figure_shows_its_own_formula(package):
    f = national_figures(package.observations, package.municipalities, (12, 13, 14))
    assert [s.name for s in FIGURES if s.name in f] == list(f)
    assert f["bestendig_pct"].formula == "(8 + 9.1.2 + 9.2.2 + 9.3.2) / 12"
    assert f["hasa_ingediend_periode"].formula == "9.1 − 9.1 (monitor 13)"
    assert f["bezetting_vorige_pct"].formula == "2.2 / 1 (monitor 13)"
    share = f["bezetting_pct"].value
    assert isinstance(share, Ratio)
    assert share.numerator == f["lopend"].value and share.denominator == f["capaciteit"].value


def test_changing_a_formula_changes_the_figure_and_its_text(package, monkeypatch):
    spec = FigureSpec(name="netto", label="Toegelaten min uitgestroomd", formula="2 - 12")
    monkeypatch.setattr(national, "FIGURES", (spec,))
    f = national_figures(package.observations, package.municipalities, (12, 13, 14))
    monkeypatch.undo()
    whole = national_figures(package.observations, package.municipalities, (12, 13, 14))
    assert f["netto"].formula == "2 − 12"
    assert isinstance(f["netto"].value, Total)
    assert f["netto"].value.value == (
        whole["toegelaten"].value.value - whole["uitgestroomd"].value.value
    )


def test_a_figure_whose_monitor_the_release_lacks_is_left_out(package):
    f = national_figures(package.observations, package.municipalities, (14,))
    assert "bezetting_vorige_pct" not in f and "hasa_ingediend_periode" not in f
    assert "bezetting_pct" in f


@pytest.mark.parametrize(("formula", "unit"), [("2 / 12", "count"), ("2 + 12", "percent")])
def test_a_percent_is_a_division_and_only_that(formula, unit):
    with pytest.raises(ValidationError, match="a percent is a formula a / b"):
        FigureSpec(name="x", label="x", formula=formula, unit=unit)


def test_the_figures_file_is_the_one_the_site_reads():
    text = (ROOT / "lvv_publish/data/figures.yaml").read_text(encoding="utf-8")
    assert [line.split("name: ")[1] for line in text.splitlines() if "- name: " in line] == [
        s.name for s in FIGURES
    ]
