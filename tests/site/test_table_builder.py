"""The table builder ``/<N>/tabel/`` in headless Chromium: the selection in the address,
the table with the values of ``reeksen.csv``, its CSV and XLSX downloads, the page from
``file://``, the notice of a newer release, accessibility and hostile names."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from lvv_publish.site.serve import preview_server

from .test_browser import CSP_WATCH, DESKTOP, PHONE, axe_violations

pytestmark = pytest.mark.browser

QUERY = "?i=2,2.1&g=GM0363,GM0344&m=13,14,15"
CHOSEN = {"indicator": ["2", "2.1"], "code": ["GM0363", "GM0344"], "monitor": ["13", "14", "15"]}


def reeksen_lines(site_root: Path) -> tuple[str, list[str]]:
    """The header and the lines of reeksen.csv for the chosen selection, in its order."""
    text = (site_root / "downloads/reeksen.csv").read_text(encoding="utf-8")
    header, *lines = text.splitlines()
    chosen = []
    for line in lines:
        row = next(csv.reader([line]))
        if (
            row[4] in CHOSEN["indicator"]
            and row[2] in CHOSEN["code"]
            and row[0] in CHOSEN["monitor"]
        ):
            chosen.append(line)
    return header, chosen


def download(pg, name: str) -> tuple[str, bytes]:
    with pg.expect_download() as info:
        pg.get_by_role("button", name=name).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def shown_values(pg) -> dict[tuple[str, str, str], str]:
    """{(municipality, indicator code, monitor label): the cell's text}."""
    return pg.evaluate(
        """() => {
          const t = document.querySelector('.lvv-tablebuilder table');
          const mons = Array.from(t.tHead.rows[0].cells).slice(2).map((c) => c.textContent);
          const out = {};
          for (const tr of t.tBodies[0].rows) {
            const mun = tr.cells[0].textContent, ind = tr.cells[1].textContent.split(' ')[0];
            mons.forEach((m, k) => { out[mun + '|' + ind + '|' + m] = tr.cells[k + 2].textContent; });
          }
          return out;
        }"""
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_query_shows_its_selection_and_downloads_reeksens_lines(
    page, base_url, site_root, width
):
    page.add_init_script(CSP_WATCH)
    page.goto(f"{base_url}/15/tabel/{QUERY}", wait_until="load")
    page.wait_for_selector(".lvv-tablebuilder table")
    header, lines = reeksen_lines(site_root)
    assert len(lines) == 12
    shown = shown_values(page)
    for line in lines:
        row = next(csv.reader([line]))
        cell = shown[f"{row[3]}|{row[4]}|{row[1]}"]
        expected = row[5] or "onbekend"
        assert cell.startswith(expected), (line, cell)
        assert ("*" in cell) == (row[7] == "true"), (line, cell)
    caption = page.locator(".lvv-tablebuilder caption").inner_text()
    assert "2 indicatoren" in caption and "2 gemeenten" in caption and "3 monitors" in caption
    assert page.locator(".lvv-tablebuilder th[scope=col]").count() == 5
    assert page.locator(".lvv-tablebuilder th[scope=row]").count() == 8
    # No phone cards (lvv-tables.js): the row headers stay row headers at every width.
    assert (
        page.locator(".lvv-tablebuilder [role]").count()
        == page.locator(".lvv-tablebuilder [role=region], .lvv-tablebuilder [role=status]").count()
    )
    # The CSV: reeksen's header and exactly its lines of the selection, byte for byte.
    name, data = download(page, "Download als CSV")
    assert name == "lvv-monitor-15-tabel.csv"
    assert data == ("\n".join([header, *lines]) + "\n").encode("utf-8")
    # The XLSX: a workbook with the same values; numbers as numbers, codes as text.
    name, data = download(page, "Download als Excel (XLSX)")
    assert name == "lvv-monitor-15-tabel.xlsx"
    ws = load_workbook(io.BytesIO(data)).active
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert got[0] == header.split(",")
    for line, cells in zip(lines, got[1:], strict=True):
        row = next(csv.reader([line]))
        assert cells[0] == int(row[0]) and cells[1] == row[1]
        assert cells[2:5] == row[2:5] and all(isinstance(c, str) for c in cells[2:5])
        assert cells[5] == (int(row[5]) if row[5] else None)
        assert cells[6] == row[6] and cells[7] is (row[7] == "true")
        assert cells[8] == ({"true": True, "false": False}.get(row[8]))
        assert cells[9] == (row[9] or None)
    assert page.evaluate("window.__csp") == []
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


def test_changing_the_selection_updates_the_address_and_the_national_total(
    page, base_url, site_root
):
    page.goto(f"{base_url}/15/tabel/{QUERY}", wait_until="load")
    page.get_by_label("Nederland (NL01)").check()
    assert urlsplit(page.url).query == "i=2,2.1&g=GM0363,GM0344,NL01&m=13,14,15"
    assert page.locator(".lvv-tablebuilder tbody tr").count() == 6
    # An incomplete national total is marked and names its unknown municipalities.
    page.goto(f"{base_url}/15/tabel/?i=5.2&g=NL01&m=15", wait_until="load")
    cell = page.locator(".lvv-tablebuilder tbody td").first.inner_text()
    assert "onvolledig" in cell and "Amsterdam" in cell
    _, data = download(page, "Download als CSV")
    row = next(csv.reader([data.decode("utf-8").splitlines()[1]]))
    assert row[2] == "NL01" and row[8] == "false" and "GM0363" in row[9]


def test_unknown_codes_in_the_address_are_reported(page, base_url):
    page.goto(f"{base_url}/15/tabel/?i=2,99&g=GM0363,GM9999&m=15,77", wait_until="load")
    warning = page.locator(".lvv-tablebuilder .admonition.warning").inner_text()
    assert "99" in warning and "GM9999" in warning and "77" in warning
    assert page.locator(".lvv-tablebuilder tbody tr").count() == 1


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_an_older_version_links_the_same_selection_in_latest(page, base_url, width):
    page.goto(f"{base_url}/14/tabel/{QUERY}", wait_until="load")
    link = page.get_by_role("link", name="Dezelfde tabel in de nieuwste uitgave")
    link.wait_for()
    assert link.get_attribute("href") == f"../../latest/tabel/{QUERY}"
    link.click()
    page.wait_for_selector(".lvv-tablebuilder table")
    assert page.url == f"{base_url}/15/tabel/{QUERY}"  # latest/ sends the reader on, query kept
    assert page.locator(".lvv-tablebuilder__newer").is_hidden()
    page.goto(f"{base_url}/15/tabel/{QUERY}", wait_until="load")
    page.wait_for_timeout(300)
    assert page.locator(".lvv-tablebuilder__newer").is_hidden()
    page.goto(f"{base_url}/14/tabel/{QUERY}", wait_until="load")
    page.get_by_role("link", name="Dezelfde tabel in de nieuwste uitgave").wait_for()
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


def test_the_page_works_from_a_file_url(browser, site_root):
    """Opened from the built folder, no server: the data is a script, not a fetch."""
    context = browser.new_context(accept_downloads=True)
    blocked: list[str] = []
    context.route(
        "**/*",
        lambda route, request: (
            route.continue_()
            if urlsplit(request.url).scheme in ("file", "data", "blob")
            else (blocked.append(request.url), route.abort("blockedbyclient"))
        ),
    )
    errors: list[str] = []
    try:
        pg = context.new_page()
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.add_init_script(CSP_WATCH)
        url = (site_root / "15/tabel/index.html").as_uri() + QUERY
        pg.goto(url, wait_until="load")
        pg.wait_for_selector(".lvv-tablebuilder table")
        assert pg.locator(".lvv-tablebuilder tbody tr").count() == 4
        header, lines = reeksen_lines(site_root)
        _, data = download(pg, "Download als CSV")
        assert data == ("\n".join([header, *lines]) + "\n").encode("utf-8")
        pg.get_by_label("Monitor 13 - nov 23").uncheck()
        assert pg.url.endswith("?i=2,2.1&g=GM0363,GM0344&m=14,15")
        assert pg.evaluate("window.__csp") == []
        assert errors == [] and blocked == []
    finally:
        context.close()


def test_without_javascript_the_page_links_the_downloads(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{base_url}/15/tabel/", wait_until="load")
        text = pg.locator(".lvv-tablebuilder").inner_text()
        assert "JavaScript" in text
        # The compressed series: the one file of it there at any size (issue 22).
        link = pg.locator('.lvv-tablebuilder a[href="../../downloads/reeksen.csv.gz"]')
        assert link.count() == 1
        assert pg.locator('.lvv-tablebuilder a[href="../downloads/"]').count() == 1
    finally:
        context.close()


def test_hostile_names_are_text(tmp_path_factory, browser):
    from .test_hostile import NAME, build_hostile_site

    hostile_site = build_hostile_site(tmp_path_factory)
    server = preview_server(hostile_site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(service_workers="block")
    dialogs: list[str] = []
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.add_init_script(CSP_WATCH)
        pg.goto(f"{base}/15/tabel/?i=1,2&g=GM0344,NL01&m=15", wait_until="load")
        pg.wait_for_selector(".lvv-tablebuilder table")
        assert NAME in pg.locator(".lvv-tablebuilder tbody").inner_text()
        assert pg.get_by_label(f"{NAME} (GM0344)").count() == 1
        assert pg.locator(".lvv-tablebuilder img").count() == 0
        pg.wait_for_timeout(300)
        assert dialogs == [] and pg.evaluate("window.__csp") == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_an_indicator_page_opens_the_table_of_its_indicator(page, base_url, site_root):
    """The link on an indicator's page opens the table builder with that indicator,
    Nederland and the municipalities of its table, in every monitor of the series."""
    page.goto(f"{base_url}/15/indicator/9-1-3/", wait_until="load")
    page.get_by_role("link", name="Maak een tabel van deze indicator").click()
    page.wait_for_selector(".lvv-tablebuilder table")
    assert "/15/tabel/?i=9.1.3&" in page.url
    shown = shown_values(page)
    text = (site_root / "downloads/reeksen.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader(text.splitlines()[1:]) if r[4] == "9.1.3"]
    assert len(shown) == len(rows) > 0
    for row in rows:
        assert shown[f"{row[3]}|{row[4]}|{row[1]}"].startswith(row[5] or "onbekend"), row


def test_an_indicator_pages_rows_download_as_its_site_wide_file(page, base_url, site_root):
    """The page's "every row" link opens the table builder with the indicator, Nederland
    and every municipality in every monitor; its CSV is, for the newest version, byte for byte the site-wide ``reeks-<code>.csv`` (the
    per-version copies went, issue 22); an older version's holds its own monitors."""
    for version, newest in (("15", True), ("14", False)):
        page.goto(f"{base_url}/{version}/indicator/9-1-3/", wait_until="load")
        page.get_by_role("link", name="Alle rijen van deze indicator").click()
        page.wait_for_selector(".lvv-tablebuilder table")
        assert f"/{version}/tabel/?i=9.1.3&g=NL01," in page.url
        _, data = download(page, "Download als CSV")
        rows = list(csv.reader(data.decode("utf-8").splitlines()[1:]))
        assert rows and {r[4] for r in rows} == {"9.1.3"}
        if newest:
            assert data == (site_root / "downloads/reeks-9-1-3.csv").read_bytes()
        else:
            assert max(int(r[0]) for r in rows) == 14
