"""The home page's opening and a municipality's charts, as a reader meets them (issue 20.1):
in headless Chromium at a phone's 390 × 844 and a desktop's 1280 × 900.

The fixtures are those of ``conftest.py`` (the site built from a fresh clone, served on
127.0.0.1, every other request blocked).
"""

from __future__ import annotations

import pandas as pd
import pytest

from lvv_publish.site.layout import LAYOUT

from .conftest import DESKTOP, PHONE
from .test_browser import axe_violations, wait_for_charts

pytestmark = pytest.mark.browser

HEIGHTS = {PHONE: 844, DESKTOP: 900}

# Per headline figure the boxes of its parts, and whether any of them is cut off (its text
# wider than its box, or the box outside the viewport).
HEADLINE_BOXES = """() => Array.from(document.querySelectorAll('article .lvv-headline')).map(
  (card) => Array.from(card.querySelectorAll(
      '.lvv-headline__label, .lvv-headline__value, .lvv-headline__change, svg.lvv-spark'))
    .map((el) => {
      const r = el.getBoundingClientRect();
      return {cls: el.getAttribute('class'), text: el.textContent.trim(),
              top: r.top, bottom: r.bottom, left: r.left, right: r.right,
              clipped: el.scrollWidth > Math.ceil(r.width) + 1,
              w: window.innerWidth, h: window.innerHeight};
    }))"""


def _page_at(page, width: int):
    page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
    return page


@pytest.mark.parametrize("path", ["/15/", "/14/"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_headline_figures_and_their_changes_are_on_the_first_screen(
    page, base_url, path, width
):
    """Three large figures, each with its change and sparkline, inside the first screen and
    not cut off; also on 14, which carries the notices of a reconstructed and a corrected
    monitor and the banner of an older version."""
    pg = _page_at(page, width)
    pg.goto(f"{base_url}{path}", wait_until="load")
    cards = pg.evaluate(HEADLINE_BOXES)
    assert len(cards) == len(LAYOUT.headlines) == 3
    for parts in cards:
        assert [p["cls"].split()[0] for p in parts] == [
            "lvv-headline__label",
            "lvv-headline__value",
            "lvv-headline__change",
            "lvv-spark",
        ]
        for p in parts:
            assert p["top"] >= 0 and p["bottom"] <= p["h"], p
            assert p["left"] >= 0 and p["right"] <= p["w"], p
            assert not p["clipped"], p
        assert "sinds monitor" in parts[2]["text"], parts[2]
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    # Large: the number is at least twice the size of the running text.
    sizes = pg.evaluate(
        """() => [getComputedStyle(document.querySelector('.lvv-headline__value')).fontSize,
                 getComputedStyle(document.querySelector('article p')).fontSize]"""
    )
    assert float(sizes[0].rstrip("px")) >= 2 * float(sizes[1].rstrip("px"))


def test_each_sparkline_has_a_point_per_published_monitor(page, base_url, site_root):
    """One point per monitor of the site-wide series (reeksen.csv), and a text alternative
    that gives the value of each."""
    series = pd.read_csv(site_root / "downloads/reeksen.csv", dtype={"indicator": str})
    labels = dict(zip(series["monitor"], series["periode"], strict=False))
    monitors = sorted(int(m) for m in series["monitor"].unique())
    page.goto(f"{base_url}/15/", wait_until="load")
    sparks = page.locator("article svg.lvv-spark")
    assert sparks.count() == 3
    for i in range(3):
        spark = sparks.nth(i)
        assert spark.get_attribute("data-lvv-monitors") == " ".join(map(str, monitors))
        points = spark.locator("circle")
        assert [
            int(points.nth(j).get_attribute("data-lvv-monitor")) for j in range(points.count())
        ] == monitors
        assert spark.locator("polyline").count() == 1
        text = spark.locator("xpath=following-sibling::p[@class='lvv-sr']").text_content()
        assert all(labels[m] in text for m in monitors), text


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_municipality_shows_its_charts_before_its_table(page, base_url, width):
    pg = _page_at(page, width)
    pg.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    wait_for_charts(pg)
    chart = pg.locator("article .lvv-chart").first.bounding_box()
    table = pg.locator("article .lvv-filter table").first.bounding_box()
    assert chart is not None and table is not None
    assert chart["y"] + chart["height"] < table["y"]
    # The first chart starts on the first screen, on a phone too.
    assert chart["y"] < HEIGHTS[width]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("path", ["/15/", "/14/", "/15/gemeenten/groningen/"])
def test_the_opening_has_no_wcag_21_aa_violations(page, base_url, path, width):
    pg = _page_at(page, width)
    pg.goto(f"{base_url}{path}", wait_until="load")
    wait_for_charts(pg)
    violations = axe_violations(pg)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
