"""The built site in a real headless Chromium (Debian's), served on 127.0.0.1 (the fixtures
are in ``conftest.py``, shared with the other browser tests).

Every request that does not go to 127.0.0.1 is blocked and recorded: the site must work
offline. Select these tests with ``-m browser``. Without Chromium they are skipped, unless
``LVV_REQUIRE_BROWSER=1`` (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from lvv_publish.site.serve import preview_server

from ..conftest import ROOT
from .conftest import DESKTOP, PHONE, _missing

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(pg) -> list[dict]:
    if not AXE.is_file():
        _missing(f"{AXE} is missing (npm ci)")
    # Through DevTools, not a <script> tag: the page's Content-Security-Policy allows no
    # inline script, and the test must not weaken it.
    pg.evaluate(AXE.read_text(encoding="utf-8"))
    result = pg.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_21_AA,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_home_shows_the_key_figures(page, base_url):
    page.goto(f"{base_url}/15/", wait_until="load")
    text = page.inner_text("article")
    for figure in ("2797", "2203", "593", "1070", "55%", "60%", "82,3%"):
        assert figure in text, figure


# The lines a box of text takes: its rendered height over its line height, per child.
NOTICE_LINES = """(sel) => {
  const box = document.querySelector(sel);
  if (!box) return null;
  let lines = 0;
  for (const el of box.children) {
    const line = parseFloat(getComputedStyle(el).lineHeight);
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const inner = rect.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    lines += Math.round(inner / line);
  }
  return lines;
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_correction_notice_takes_at_most_three_lines(page, base_url, width):
    """14 is corrected (14.1.0): its notice, title included, fits in three lines on a phone,
    after the headline figures, which stay on the first screen (issue 20)."""
    page.goto(f"{base_url}/14/", wait_until="load")
    lines = page.evaluate(NOTICE_LINES, "article .admonition.warning")
    assert lines is not None, "no correction notice on the page of a corrected version"
    assert 2 <= lines <= 3, lines
    bottom = page.evaluate(
        "document.querySelector('article .lvv-headlines').getBoundingClientRect().bottom"
    )
    assert bottom < 844


def test_municipality_page_shows_its_table_and_a_rendered_chart(page, base_url):
    page.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    rows = page.locator("article .lvv-filter table").first.locator("tbody tr")
    assert rows.count() == 39
    page.wait_for_selector("#chart-amsterdam-lopend[data-rendered=yes]", timeout=15_000)
    assert page.locator("#chart-amsterdam-lopend svg").count() >= 1
    # Vega names the chart by its description, on the wrapper vega-embed puts around it.
    label = page.get_attribute("#chart-amsterdam-lopend [role=graphics-document]", "aria-label")
    assert (label or "").startswith("Lijngrafiek")


def test_a_chart_whose_script_did_not_load_says_so_and_the_others_draw(page, base_url):
    """Each chart's spec is a script of its own (grafieken/<id>/grafiek.js): one that does
    not arrive marks its chart as failed, names it in the console, and stops no other."""
    page.route("**/grafieken/amsterdam-lopend/grafiek.js", lambda route: route.abort("failed"))
    page.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    page.wait_for_selector("#chart-amsterdam-instroom-uitstroom[data-rendered=yes]")
    page.wait_for_selector("#chart-amsterdam-lopend[data-rendered=error]")
    assert page.locator("#chart-amsterdam-lopend svg").count() == 0
    errors, page.log.errors[:] = list(page.log.errors), []
    assert any("chart chart-amsterdam-lopend: its spec did not load" in e for e in errors), errors


ALIGNMENT = """(table) => Array.from(table.querySelectorAll('tr')).map(
    (tr) => Array.from(tr.cells).map((c) => getComputedStyle(c).textAlign))"""


@pytest.mark.parametrize(
    ("path", "figures_from"),
    [
        ("/15/gemeenten/amsterdam/", 3),  # code, indicator, kind; then the monitors
        ("/15/grafieken/amsterdam-lopend/", 1),  # the chart's own page: indicator, then monitors
        ("/15/leeswijzer/", None),
    ],
)
def test_figures_are_right_aligned_and_text_is_not(page, base_url, path, figures_from):
    """The figure columns are said once per table (data-lvv-figures), not on every cell."""
    page.goto(f"{base_url}{path}", wait_until="load")
    # A municipality's indicator table (its charts' tables come before it).
    table = page.locator(".lvv-filter table" if "gemeenten" in path else "table").first
    cells = table.evaluate(ALIGNMENT)
    assert len(cells) > 2
    for row in cells:
        if figures_from is None:  # the reading guide's first column: the indicator code
            assert row[0] == "right" and set(row[1:]) == {"left"}, row
        else:
            assert set(row[:figures_from]) == {"left"}, row
            assert set(row[figures_from:]) == {"right"}, row


def test_every_chart_of_the_overview_renders_offline(page, base_url):
    page.goto(f"{base_url}/15/landelijk/", wait_until="load")
    charts = page.locator("[data-lvv-chart]")
    assert charts.count() == 4
    wait_for_charts(page)
    assert page.locator("[data-lvv-chart] svg").count() >= 4


def test_version_selector_lists_and_switches_versions(page, base_url):
    page.goto(f"{base_url}/15/", wait_until="load")
    page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
    titles = page.locator(".md-version__link").all_inner_texts()
    assert [t.split(":")[0].strip() for t in titles] == ["15", "14", "13"]
    page.locator(".md-version").hover()  # the list opens on hover, as for a mouse user
    page.locator(".md-version__link", has_text="14:").click()
    page.wait_for_url(f"{base_url}/14/**", timeout=10_000)
    assert "LVV Monitor februari 2024" in page.inner_text("article")


def test_latest_is_the_newest_version(page, base_url):
    page.goto(f"{base_url}/latest/", wait_until="load")
    page.wait_for_url(f"{base_url}/15/", timeout=10_000)
    assert "LVV Monitor mei 2024" in page.inner_text("article")
    page.goto(f"{base_url}/", wait_until="load")  # the site's root: to 15
    page.wait_for_url(f"{base_url}/15/", timeout=10_000)
    # a page of latest/ sends the reader to the same page of 15, query and anchor kept
    page.goto(f"{base_url}/latest/gemeenten/amsterdam/?x=1#door-de-tijd", wait_until="load")
    page.wait_for_url(f"{base_url}/15/gemeenten/amsterdam/?x=1#door-de-tijd", timeout=10_000)
    assert page.locator("article h1").inner_text().startswith("Amsterdam")


def test_latest_sends_a_reader_without_javascript_on_too(browser, base_url):
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    context.route(
        "**/*",
        lambda route, request: (
            route.continue_()
            if request.url.startswith(base_url)
            else route.abort("blockedbyclient")
        ),
    )
    try:
        pg = context.new_page()
        pg.goto(f"{base_url}/latest/grafieken/amsterdam-lopend/", wait_until="load")
        pg.wait_for_url(f"{base_url}/15/grafieken/amsterdam-lopend/", timeout=10_000)
        assert pg.locator("h1").inner_text().startswith("Amsterdam")
    finally:
        context.close()


def test_search_finds_a_municipality(page, base_url):
    page.goto(f"{base_url}/15/", wait_until="load")
    page.locator(".md-search__input").click()
    # Type once the search index has loaded (the theme says so in the result meta line).
    wait_for_search(page)
    page.keyboard.type("Eindhoven", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("Eindhoven" in r for r in results)


# Waits through locators, not page.wait_for_function with a string: Playwright evaluates
# such a string with eval in the page when it has to poll, and the pages' CSP forbids eval
# (a slow run then failed with an EvalError). Locators run in Playwright's isolated world.
def wait_for_charts(pg) -> None:
    from playwright.sync_api import expect

    expect(pg.locator("[data-lvv-chart]:not([data-rendered='yes'])")).to_have_count(
        0, timeout=15_000
    )


def wait_for_search(pg) -> None:
    from playwright.sync_api import expect

    expect(pg.locator(".md-search-result__meta")).to_contain_text("Typ", timeout=15_000)


# One page of every type, and a chart alone on its page (for embedding).
PAGE_TYPES = [
    "/15/",
    "/15/landelijk/",
    "/15/tekst/",
    "/15/gemeenten/",
    "/15/gemeenten/amsterdam/",
    "/15/vergelijking/",
    "/15/vergelijking/13-14/",
    "/15/wijzigingen/",
    "/15/leeswijzer/",
    "/15/indicatoren/",
    "/15/datakwaliteit/",
    "/15/methode/",
    "/15/downloads/",
    "/15/grafieken/uitstroomredenen/",
]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_wcag_21_aa_violations(page, base_url, path, width):
    page.goto(f"{base_url}{path}", wait_until="load")
    wait_for_charts(page)
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_open_chart_menu_snippet_and_table_have_no_violations(page, base_url, width):
    page.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    wait_for_charts(page)
    page.locator("#chart-amsterdam-lopend summary").click()
    page.locator(".lvv-chart__embed summary").first.click()
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
    page.goto(f"{base_url}/15/grafieken/uitstroomredenen/", wait_until="load")
    wait_for_charts(page)
    page.locator(".lvv-chart__data summary").click()
    page.locator("#chart-uitstroomredenen summary").click()
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


# --- pages that fit ------------------------------------------------------------------------

# Cells that are not fully visible: outside the viewport, or cut off by an ancestor that
# scrolls or hides its overflow. Of the given columns (by header) in the tables that have
# them, or of every column of every table.
HIDDEN_CELLS = """([selector, headers]) => {
  const hidden = [];
  let checked = 0;
  for (const table of document.querySelectorAll(selector)) {
    const head = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
    const columns = headers.length ? headers.map(h => head.indexOf(h)) : head.map((_, i) => i);
    if (columns.includes(-1)) continue;
    checked++;
    // A header row a stacked table hides (its cells label the figures) needs no room.
    const rows = getComputedStyle(table.tHead).position === "absolute" ? [] : [table.tHead.rows[0]];
    for (const row of [...rows, ...table.tBodies[0].rows]) {
      for (const i of columns) {
        const r = row.cells[i].getBoundingClientRect();
        const where = `${head[i]} of "${row.cells[0].textContent.trim()}"`;
        if (r.width === 0 || r.left < -0.5 || r.right > window.innerWidth + 0.5) {
          hidden.push(`${where}: outside the viewport`);
          continue;
        }
        for (let box = row.cells[i].parentElement; box !== document.body; box = box.parentElement) {
          if (getComputedStyle(box).overflowX === "visible") continue;
          const b = box.getBoundingClientRect();
          if (r.left < b.left - 0.5 || r.right > b.right + 0.5) {
            hidden.push(`${where}: cut off by ${box.tagName}.${box.className}`);
            break;
          }
        }
      }
    }
  }
  return {checked, hidden};
}"""


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize(
    ("path", "headers", "tables"),
    [
        ("/15/gemeenten/amsterdam/", ["Monitor 15", "Verandering t.o.v. monitor 14"], 1),
        ("/15/gemeenten/groningen/", ["Monitor 15", "Verandering t.o.v. monitor 14"], 1),
        # national, the largest rises and falls, per municipality
        ("/15/vergelijking/", ["Monitor 15", "Verschil", "Verschil (%)"], 4),
        ("/15/vergelijking/13-15/", ["Monitor 15", "Verschil", "Verschil (%)"], 4),
        ("/15/", ["Monitor 15", "Monitor 14"], 1),
    ],
)
def test_the_releases_figures_and_changes_are_on_screen(
    page, base_url, path, headers, tables, width
):
    page.goto(f"{base_url}{path}", wait_until="load")
    page.wait_for_selector("table[data-lvv-stack]", state="attached")
    got = page.evaluate(HIDDEN_CELLS, ["article table", headers])
    assert got["checked"] == tables
    assert got["hidden"] == [], got["hidden"][:10]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# The pages with tables: the definitions and the downloads are lists, the text from the
# data is prose, a chart's page has no theme (its table scrolls in a box of its own).
TABLE_PAGES = [
    p
    for p in PAGE_TYPES
    if p
    not in ("/15/indicatoren/", "/15/downloads/", "/15/tekst/", "/15/grafieken/uitstroomredenen/")
]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_cell_of_every_table_is_on_screen(page, base_url, path, width):
    page.goto(f"{base_url}{path}", wait_until="load")
    page.wait_for_selector("article table", state="attached")
    got = page.evaluate(HIDDEN_CELLS, ["article table", []])
    assert got["checked"] == page.locator("article table").count() > 0
    assert got["hidden"] == [], got["hidden"][:10]


def test_filter_shows_the_rows_of_a_municipality_and_indicator(page, base_url, site_root):
    """The comparison per municipality: its first 100 rows in the page, all 234 from its JSON,
    filtered, paged and sorted in the browser."""
    import json

    page.goto(f"{base_url}/15/vergelijking/", wait_until="load")
    box = page.locator(".lvv-filter").nth(1)
    page.wait_for_selector(".lvv-data[data-lvv-loaded=yes]", state="attached", timeout=10_000)
    rows = box.locator("tbody tr")
    status = box.get_by_role("status")
    assert status.inner_text() == "Rij 1 tot en met 100 van 234"
    assert box.locator(".lvv-nojs").is_hidden()  # the no-JavaScript note
    data = json.loads((site_root / "15/tabellen/vergelijking-14-15.json").read_text())
    values = data["values"]  # columns stored once
    table = [
        [values[str(i)][c] if str(i) in values else c for i, c in enumerate(row)]
        for row in data["rows"]
    ]

    def visible() -> list[list[str]]:
        return [
            [c.strip() for c in r.locator("td").all_inner_texts()]
            for r in rows.all()
            if r.is_visible()
        ]

    assert len(visible()) == 100
    # The next page: rows 101 to 200 of the JSON.
    box.get_by_role("button", name="Volgende rijen").click()
    assert status.inner_text() == "Rij 101 tot en met 200 van 234"
    assert [r[0] for r in visible()] == [r[0][0] for r in table[100:200]]
    box.get_by_role("button", name="Volgende rijen").click()
    assert len(visible()) == 34
    assert box.get_by_role("button", name="Volgende rijen").is_disabled()

    # By keyboard: Tab into the municipality list, choose with the arrow keys.
    box.get_by_label("Gemeente").focus()
    page.keyboard.press("ArrowDown")  # Alle gemeenten -> Amsterdam
    shown = visible()
    assert len(shown) == 39  # every row of Amsterdam, from the JSON, on one page
    assert {r[0] for r in shown} == {"Amsterdam"}
    assert box.locator(".lvv-pager").is_hidden()
    page.keyboard.press("Tab")
    page.keyboard.type("9.1", delay=20)
    shown = visible()
    assert {r[1] for r in shown} == {"9.1", "9.1.1", "9.1.2", "9.1.3", "9.1.4", "9.1.5"}
    from playwright.sync_api import expect

    expect(status).to_have_text("6 van 234 rijen getoond")
    box.get_by_label("Indicator (code of naam)").fill("hasa nog")
    assert [r[1:3] for r in visible()] == [["9.1.1", "Hasa nog niet beslist"]]
    box.get_by_label("Gemeente").select_option("")
    box.get_by_label("Indicator (code of naam)").fill("")
    assert len(visible()) == 100
    # Sorting by a figure column: unknown and n.v.t. last, a second press reverses.
    header = box.locator("th", has_text="Monitor 15")
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    firsts = [r[4] for r in visible()]
    assert [int(v.replace("\u2212", "-")) for v in firsts[:20]] == sorted(
        int(v.replace("\u2212", "-")) for v in firsts[:20]
    )
    assert firsts[0] == "0"
    header.get_by_role("button").press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert visible()[0][4] == str(max(int(r[4]) for r in table if r[4].isdigit()))


def test_municipality_index_sorts_and_filters(page, base_url, site_root):
    from lvv_publish.package import read_package

    muns = read_package(site_root.parent / "datapackage/15").municipalities
    page.goto(f"{base_url}/15/gemeenten/", wait_until="load")
    box = page.locator(".lvv-filter")
    rows = box.locator("tbody tr")
    assert [r.locator("td").first.inner_text() for r in rows.all()] == list(muns["name"])
    header = box.locator("th", has_text="Capaciteit")
    header.get_by_role("button").click()
    capacities = [int(r.locator("td").nth(3).inner_text()) for r in rows.all()]
    assert capacities == sorted(capacities)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert rows.first.locator("td").first.inner_text() == "Amsterdam"  # 360 places
    box.get_by_label("Gemeente (naam of CBS-code)").fill("GM03")
    shown = [r.locator("td").first.inner_text() for r in rows.all() if r.is_visible()]
    assert sorted(shown) == ["Amsterdam", "Utrecht"]  # GM0363, GM0344
    box.get_by_label("Gemeente (naam of CBS-code)").fill("rot")
    shown = [r for r in rows.all() if r.is_visible()]
    assert len(shown) == 1
    shown[0].get_by_role("link").click()
    page.wait_for_url(f"{base_url}/15/gemeenten/rotterdam/")


def test_a_page_without_a_chart_loads_no_vega(page, base_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    for path in ("/15/methode/", "/15/gemeenten/", "/15/vergelijking/", "/15/datakwaliteit/"):
        page.goto(f"{base_url}{path}", wait_until="networkidle")
    assert [u for u in requested if "vega" in u] == []
    page.goto(f"{base_url}/15/landelijk/", wait_until="load")
    wait_for_charts(page)
    assert sorted(u.rsplit("/", 1)[-1] for u in requested if "vega" in u) == [
        "vega-embed.min.js", "vega-interpreter.js", "vega-lite.min.js", "vega.min.js",
    ]  # fmt: skip


def test_municipality_table_filters_by_indicator(page, base_url, site_root):
    from lvv_publish.package import read_package

    indicators = read_package(site_root.parent / "datapackage/15").indicators
    expected = [
        code
        for code, name in zip(indicators["code"], indicators["name"], strict=True)
        if any(word.startswith("uitstroom") for word in name.lower().split())
    ]
    assert len(expected) >= 4
    page.goto(f"{base_url}/15/gemeenten/utrecht/", wait_until="load")
    box = page.locator(".lvv-filter")
    assert box.get_by_label("Gemeente").count() == 0  # one municipality: nothing to choose
    box.get_by_label("Indicator (code of naam)").fill("uitstroom")
    rows = box.locator("tbody tr").all()
    assert [r.locator("td").first.inner_text() for r in rows if r.is_visible()] == expected
    box.get_by_label("Indicator (code of naam)").fill("2.")  # a code's start: 2.1, 2.2
    assert [r.locator("td").first.inner_text() for r in rows if r.is_visible()] == ["2.1", "2.2"]


# --- charts: downloads and embedding -------------------------------------------------------


def chart_menu_downloads(pg, chart_id: str) -> dict[str, tuple[str, bytes]]:
    """Open a chart's menu and take each of its downloads: {link text: (file name, bytes)}."""
    chart = pg.locator(f"#chart-{chart_id}")
    chart.locator("summary").click()
    links = chart.locator(".vega-actions a")
    got = {}
    for i in range(links.count()):
        link = links.nth(i)
        if not link.is_visible():
            chart.locator("summary").click()
        with pg.expect_download() as info:
            link.click()
        download = info.value
        got[link.inner_text()] = (download.suggested_filename, Path(download.path()).read_bytes())
    return got


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/15/landelijk/", ["bezetting", "resultaat", "uitstroomredenen", "hasa"]),
        ("/15/gemeenten/amsterdam/", ["amsterdam-instroom-uitstroom", "amsterdam-lopend"]),
    ],
)
def test_every_chart_offers_png_svg_and_csv_offline(page, base_url, site_root, path, charts):
    page.goto(f"{base_url}{path}", wait_until="load")
    wait_for_charts(page)
    assert page.locator("[data-lvv-chart]").count() == len(charts)
    for chart_id in charts:
        got = chart_menu_downloads(page, chart_id)
        assert list(got) == ["Afbeelding als SVG", "Afbeelding als PNG", "Gegevens als CSV"]
        name, svg = got["Afbeelding als SVG"]
        assert name == f"lvv-monitor-15-{chart_id}.svg"
        assert svg.lstrip().startswith(b"<svg") and b"</svg>" in svg
        name, png = got["Afbeelding als PNG"]
        assert name == f"lvv-monitor-15-{chart_id}.png"
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000
        name, csv = got["Gegevens als CSV"]
        assert name == f"lvv-monitor-15-{chart_id}.csv"
        assert csv == (site_root / f"15/grafieken/{chart_id}/{name}").read_bytes()


def test_chart_downloads_work_from_the_keyboard(page, base_url):
    page.goto(f"{base_url}/15/gemeenten/eindhoven/", wait_until="load")
    wait_for_charts(page)
    page.locator("#chart-eindhoven-lopend summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first action: SVG
    page.keyboard.press("Tab")  # PNG
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "lvv-monitor-15-eindhoven-lopend.png"
    assert Path(info.value.path()).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_chart_legends_fit(page, base_url, width):
    for path in ("/15/landelijk/", "/15/gemeenten/amsterdam/"):
        page.goto(f"{base_url}{path}", wait_until="load")
        wait_for_charts(page)
        cut = page.evaluate(
            """() => [...document.querySelectorAll('[data-lvv-chart] svg')].flatMap(svg => {
                const s = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('.role-legend text')]
                  .filter(t => { const r = t.getBoundingClientRect();
                    return r.left < s.left - 1 || r.right > Math.min(s.right, innerWidth) + 1
                        || r.bottom > s.bottom + 1 || t.textContent.endsWith('…'); })
                  .map(t => t.textContent);
            })"""
        )
        assert cut == [], (path, cut)


def test_embed_snippet_points_at_the_bare_chart_page(page, base_url, site_root, elsewhere):
    page.goto(f"{base_url}/15/landelijk/", wait_until="load")
    snippet = page.locator("#chart-hasa ~ .lvv-chart__embed code")
    page.locator("#chart-hasa ~ .lvv-chart__embed summary").click()
    code = snippet.inner_text()
    assert code.startswith(
        '<iframe src="/15/grafieken/hasa/" title="Resultaten Hasa\'s per gemeente'
    )
    assert "Bron: LVV Monitor mei 2024 (V0.1), Ministerie van Justitie en Veiligheid" in code
    # Built without a site URL: the page says that the address starts at the site's root.
    assert (
        "zet het webadres van de site ervoor"
        in page.locator("#chart-hasa ~ .lvv-chart__embed").inner_text()
    )
    page.goto(f"{base_url}/15/grafieken/hasa/", wait_until="load")
    wait_for_charts(page)
    assert page.get_attribute("html", "lang") == "nl"
    assert page.title() == "Resultaten Hasa's per gemeente, monitor 15 - LVV Monitor"
    text = page.inner_text("main")
    assert "Bron: LVV Monitor mei 2024 (V0.1), Ministerie van Justitie en Veiligheid." in text
    assert page.locator("main svg").count() >= 1
    assert page.locator("main table tbody tr").count() == 6
    got = chart_menu_downloads(page, "hasa")
    assert list(got) == ["Afbeelding als SVG", "Afbeelding als PNG", "Gegevens als CSV"]
    # The snippet on another site (another origin) shows the chart, offline too.
    show_elsewhere(page, elsewhere, code.replace('src="/', f'src="{base_url}/'))
    frame = page.frame_locator("iframe")
    frame.locator("[data-lvv-chart][data-rendered=yes]").wait_for(timeout=15_000)
    assert "Bron: LVV Monitor mei 2024" in frame.locator("main").inner_text()


@pytest.fixture(scope="session")
def elsewhere(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """Another site: another origin (its own port on 127.0.0.1) serving a folder."""
    import threading

    folder = tmp_path_factory.mktemp("elders")
    server = preview_server(folder, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def show_elsewhere(pg, elsewhere: tuple[str, Path], html: str) -> None:
    """Open a page on the other site that holds ``html``."""
    url, folder = elsewhere
    name = f"{len(list(folder.iterdir()))}.html"  # a new page each time: nothing cached
    (folder / name).write_text(f"<!doctype html><html lang='nl'><body>{html}</body></html>")
    pg.goto(f"{url}/{name}", wait_until="load")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_embed_snippet_shows_the_whole_chart_page(page, base_url, width, elsewhere):
    """The snippet's iframe is high enough for its page, without scrolling inside it."""
    snippets = []
    for path in ("/15/landelijk/", "/15/gemeenten/amsterdam/"):
        page.goto(f"{base_url}{path}", wait_until="load")
        snippets += page.locator(".lvv-chart__embed code").all_text_contents()
    assert len(snippets) == 6
    for snippet in snippets:
        show_elsewhere(page, elsewhere, snippet.replace('src="/', f'src="{base_url}/'))
        frame = page.frame_locator("iframe")
        frame.locator("[data-lvv-chart][data-rendered=yes]").wait_for(timeout=15_000)
        frame.locator("main").wait_for()
        overflow = frame.locator("html").evaluate("html => html.scrollHeight - html.clientHeight")
        assert overflow <= 0, (snippet, overflow)


# --- the version selector and the error pages, built without a site URL ------------------


@pytest.mark.parametrize("start", ["/15/gemeenten/amsterdam/", "/latest/gemeenten/amsterdam/"])
def test_version_selector_keeps_the_page_with_the_mouse(page, base_url, start):
    page.goto(f"{base_url}{start}", wait_until="load")
    page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text="14:").click()
    page.wait_for_url(f"{base_url}/14/gemeenten/amsterdam/", timeout=10_000)
    assert page.locator("article h1").inner_text().startswith("Amsterdam")


def test_version_selector_keeps_the_page_with_the_keyboard(page, base_url):
    page.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
    page.focus(".md-version__current")
    for _ in range(4):  # Tab from the button into the list, to the link of version 14
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith("14:"):
            break
    else:
        pytest.fail("the version 14 link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/14/gemeenten/amsterdam/", timeout=10_000)


def test_version_selector_goes_home_when_the_other_version_lacks_the_page(page, base_url):
    # Version 14 compares only 13 and 14: it has no page for monitors 13 and 15.
    seen = record_responses(page)
    page.goto(f"{base_url}/15/vergelijking/13-15/", wait_until="load")
    page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text="14:").click()
    page.wait_for_url(f"{base_url}/14/", timeout=10_000)
    assert "LVV Monitor februari 2024" in page.inner_text("article")
    # The one question that got "no" is the script's: nothing else was missing.
    assert [s for s in seen if s[0] >= 400] == [
        (404, "HEAD", "fetch", f"{base_url}/14/vergelijking/13-15/")
    ]
    forget_expected_404s(page)


def record_responses(pg) -> list[tuple[int, str, str, str]]:
    """Every response the page gets: (status, method, resource type, URL); a request that
    got none has status 0 and the reason after its type (``other: net::ERR_ABORTED``), so
    a failure says whether an asset was missing or a request was cut off."""
    seen: list[tuple[int, str, str, str]] = []
    pg.on(
        "response",
        lambda r: seen.append((r.status, r.request.method, r.request.resource_type, r.url)),
    )
    pg.on(
        "requestfailed",
        lambda r: seen.append((0, r.method, f"{r.resource_type}: {r.failure}", r.url)),
    )
    return seen


def forget_expected_404s(pg) -> None:
    """Chromium logs every 404 to the console, the page's own included; the tests check the
    responses themselves instead."""
    pg.log.errors[:] = [e for e in pg.log.errors if "status of 404" not in e]


def links_on(pg, selector: str) -> list[str]:
    return pg.eval_on_selector_all(selector, "els => els.map(e => e.href)")


@pytest.fixture(scope="session")
def project_site_url(site_root) -> Iterator[str]:
    """The same site as GitHub Pages serves a project site: under /lvv-publish/."""
    import tempfile
    import threading

    with tempfile.TemporaryDirectory(prefix="lvv-pages-") as tmp:
        (Path(tmp) / "lvv-publish").symlink_to(site_root, target_is_directory=True)
        (Path(tmp) / "404.html").symlink_to(site_root / "404.html")
        server = preview_server(Path(tmp), 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/lvv-publish"
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("missing", ["/does-not-exist/", "/15/gemeenten/does-not-exist/"])
@pytest.mark.parametrize("where", ["domain root", "project site"])
def test_root_404_links_to_the_newest_version_from_any_depth(
    page, base_url, project_site_url, missing, where
):
    site = base_url if where == "domain root" else project_site_url
    seen = record_responses(page)
    response = page.goto(f"{site}{missing}", wait_until="load")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Pagina niet gevonden"
    link = page.locator("#lvv-latest")
    page.wait_for_selector("#lvv-latest[data-site-root]", timeout=10_000)
    assert link.evaluate("a => a.href") == f"{site}/latest/"
    # Only the page itself and the script's look-ups for versions.json may be missing.
    missing_assets = [
        s for s in seen if s[0] >= 400 or s[0] == 0
        if s[3] != f"{site}{missing}" and not s[3].endswith("/versions.json")
    ]  # fmt: skip
    assert missing_assets == []
    forget_expected_404s(page)
    link.click()
    page.wait_for_url(f"{site}/15/", timeout=10_000)  # latest/ sends the reader on
    assert "LVV Monitor mei 2024" in page.inner_text("article")


def test_version_404_pages_load_every_asset_and_link_to_existing_pages(page, base_url):
    for version in ("14", "15"):
        seen = record_responses(page)
        response = page.goto(f"{base_url}/{version}/404.html", wait_until="load")
        assert response is not None and response.status == 200
        page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
        assert page.locator("article h1").inner_text() == "Pagina niet gevonden"
        assert [s for s in seen if not 200 <= s[0] < 400] == []
        hrefs = sorted(
            {h.split("#")[0] for h in links_on(page, "a[href]") if h.startswith(base_url)}
        )
        assert f"{base_url}/{version}/gemeenten/" in hrefs  # the municipality index
        assert f"{base_url}/latest/" in hrefs
        for href in hrefs:
            status = page.request.head(href).status
            assert status == 200, (version, href, status)
        # Leave the page before the next one is recorded: a request still running here is
        # cut off by the next navigation, as status 0, and would go into the next version's
        # record. The likely cause of one failure in a full run (the search worker's
        # lunr.nl.min.js at status 0); not reproduced on demand.
        page.goto("about:blank")
    page.goto(f"{base_url}/15/404.html", wait_until="load")
    page.wait_for_selector(".md-version__list", state="attached", timeout=10_000)
    # From an error page the version selector goes to the other version's home.
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text="13:").click()
    page.wait_for_url(f"{base_url}/13/", timeout=10_000)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["/does-not-exist/", "/15/404.html"])
def test_no_wcag_21_aa_violations_on_the_error_pages(page, base_url, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}{path}", wait_until="load")
    if path == "/does-not-exist/":  # its script has found the site's root
        page.wait_for_selector("#lvv-latest[data-site-root]", timeout=10_000)
    forget_expected_404s(page)
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_wcag_21_aa_violations_on_the_accessibility_statement(page, base_url, width):
    """The statement at the site's root, reached from the footer of a version's page."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/15/methode/", wait_until="load")
    page.locator(".lvv-footer a", has_text="Toegankelijkheid").click()
    page.wait_for_url(f"{base_url}/toegankelijkheid/", timeout=10_000)
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
    # Nothing wider than the screen, at either width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' +
                    (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


@pytest.mark.parametrize(
    "path",
    ["15/", "15/gemeenten/amsterdam/", "15/landelijk/", "15/grafieken/amsterdam-lopend/",
     "15/wijzigingen/", "404.html"],
)  # fmt: skip
def test_pages_break_no_content_security_policy_and_still_work(page, base_url, path):
    """Every page carries the CSP meta tag, and nothing on it violates it: the theme's
    inline scripts are allowed by hash, Vega runs without eval (vega-interpreter)."""
    page.add_init_script(CSP_WATCH)
    page.goto(f"{base_url}/{path}", wait_until="load")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0] and "unsafe-eval" not in policy
    wait_for_charts(page)
    if path == "15/":
        page.locator(".md-search__input").click()
        wait_for_search(page)
        page.keyboard.type("Utrecht", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    if "gemeenten" in path or "landelijk" in path or "grafieken" in path:
        assert page.locator("[data-lvv-chart] svg").count() >= 1
    assert page.evaluate("window.__csp") == []


def test_hostile_pages_open_without_a_dialog_or_a_csp_violation(tmp_path_factory, browser):
    """Text from the inputs built to run (tests/test_hostile.py) does not, in a browser."""
    from .test_hostile import build_hostile_site

    hostile_site = build_hostile_site(tmp_path_factory)
    server = preview_server(hostile_site, 0)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    dialogs: list[str] = []
    context = browser.new_context(service_workers="block")
    context.route(
        "**/*",
        lambda route, request: (
            route.continue_()
            if request.url.startswith(base) or request.url.startswith("data:")
            else route.abort("blockedbyclient")
        ),
    )
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.add_init_script(CSP_WATCH)
        slug = next(
            p.name for p in (hostile_site / "15/gemeenten").iterdir() if "utrecht" in p.name
        )
        for path in ("15/", "15/wijzigingen/", f"15/gemeenten/{slug}/", "15/indicatoren/"):
            pg.goto(f"{base}/{path}", wait_until="load")
            pg.wait_for_timeout(300)
            for el in pg.locator("img, b").all()[:50]:  # hovering would fire onmouseover
                if el.is_visible():
                    el.hover(timeout=2_000)
            assert pg.evaluate("window.__csp") == [], path
        assert dialogs == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("version", ["13", "15", "latest"])
def test_every_downloads_page_reaches_the_site_wide_vintage_file(page, base_url, version):
    page.goto(f"{base_url}/{version}/downloads/", wait_until="load")
    hrefs = [h for h in links_on(page, "a[href]") if "/downloads/alle-uitgaven" in h]
    assert f"{base_url}/downloads/alle-uitgaven.csv" in hrefs
    assert f"{base_url}/downloads/alle-uitgaven.csv.gz" in hrefs
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, (href, response.status)
        # the compressed file as a file (no Content-Encoding): it unpacks to the CSV
        body = gzip.decompress(response.body()) if href.endswith(".gz") else response.body()
        assert body.lstrip(b"\xef\xbb\xbf").startswith((b"release,", b"Uitgave;"))
