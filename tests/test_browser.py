"""The built site in a real headless Chromium (Debian's), served on 127.0.0.1.

Every request that does not go to 127.0.0.1 is blocked and recorded: the site must work
offline. Select these tests with ``-m browser``. Without Chromium they are skipped, unless
``LVV_REQUIRE_BROWSER=1`` (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lvv_publish.publish import Project, release
from lvv_publish.serve import preview_server

from .conftest import ROOT, copy_project

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LVV_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("LVV_REQUIRE_BROWSER") == "1"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what} (LVV_REQUIRE_BROWSER=1)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> Path:
    """A fresh-clone-like project: committed packages 13-15, then `release 15`."""
    root = copy_project(tmp_path_factory.mktemp("browser") / "project")
    release(Project(root), 15)
    return root / "site"


@pytest.fixture(scope="session")
def base_url(site_root) -> Iterator[str]:
    import threading

    server = preview_server(site_root, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        # launch() gives every run a fresh temporary profile (its own --user-data-dir).
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@dataclass
class Log:
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser):
    log = Log()
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})

    def guard(route, request):
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            log.blocked.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on(
        "console", lambda m: log.errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    pg.on("pageerror", lambda exc: log.errors.append(f"page: {exc}"))
    pg.log = log
    yield pg
    context.close()
    assert log.blocked == [], f"requests left 127.0.0.1: {log.blocked}"
    assert log.errors == [], f"browser console errors: {log.errors}"


def axe_violations(pg) -> list[dict]:
    if not AXE.is_file():
        _missing(f"{AXE} is missing (npm ci)")
    pg.add_script_tag(path=str(AXE))
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


def test_municipality_page_shows_its_table_and_a_rendered_chart(page, base_url):
    page.goto(f"{base_url}/15/gemeenten/amsterdam/", wait_until="load")
    rows = page.locator("article table").first.locator("tbody tr")
    assert rows.count() == 39
    page.wait_for_selector("#chart-amsterdam-lopend[data-rendered=yes]", timeout=15_000)
    assert page.locator("#chart-amsterdam-lopend svg").count() >= 1
    label = page.get_attribute("#chart-amsterdam-lopend", "aria-label") or ""
    assert label.startswith("Lijngrafiek")


def test_every_chart_of_the_overview_renders_offline(page, base_url):
    page.goto(f"{base_url}/15/landelijk/", wait_until="load")
    charts = page.locator("[data-lvv-chart]")
    assert charts.count() == 4
    page.wait_for_function(
        "[...document.querySelectorAll('[data-lvv-chart]')].every(e => e.dataset.rendered === 'yes')",
        timeout=15_000,
    )
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
    assert "LVV Monitor mei 2024" in page.inner_text("article")
    page.goto(f"{base_url}/", wait_until="load")
    page.wait_for_url(f"{base_url}/latest/", timeout=10_000)


def test_search_finds_a_municipality(page, base_url):
    page.goto(f"{base_url}/15/", wait_until="load")
    page.locator(".md-search__input").click()
    # Type once the search index has loaded (the theme says so in the result meta line).
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('Typ')",
        timeout=15_000,
    )
    page.keyboard.type("Eindhoven", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("Eindhoven" in r for r in results)


@pytest.mark.parametrize(
    "path",
    ["/15/", "/15/gemeenten/amsterdam/", "/15/vergelijking/", "/15/landelijk/"],
)
def test_no_wcag_21_aa_violations(page, base_url, path):
    page.goto(f"{base_url}{path}", wait_until="load")
    if page.locator("[data-lvv-chart]").count():
        page.wait_for_function(
            "[...document.querySelectorAll('[data-lvv-chart]')]"
            ".every(e => e.dataset.rendered === 'yes')",
            timeout=15_000,
        )
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


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
    """Every response the page gets: (status, method, resource type, URL)."""
    seen: list[tuple[int, str, str, str]] = []
    pg.on(
        "response",
        lambda r: seen.append((r.status, r.request.method, r.request.resource_type, r.url)),
    )
    pg.on("requestfailed", lambda r: seen.append((0, r.method, r.resource_type, r.url)))
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
    page.wait_for_url(f"{site}/latest/", timeout=10_000)
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
        assert f"{base_url}/{version}/gemeenten/amsterdam/" in hrefs
        assert f"{base_url}/latest/" in hrefs
        for href in hrefs:
            status = page.request.head(href).status
            assert status == 200, (version, href, status)
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
