"""The browser tests' shared fixtures (``test_browser.py``, ``test_table_builder.py``): one
built site, one server and one Chromium per session. Fixtures imported into a test module
are registered again there, and a second session-scoped Chromium cannot start beside the
first (Playwright's sync API): they live here, where every module of the folder sees them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lvv_publish.site.serve import preview_server

CHROMIUM = os.environ.get("LVV_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("LVV_REQUIRE_BROWSER") == "1"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what} (LVV_REQUIRE_BROWSER=1)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def site_root(released_clone) -> Path:
    """The site of a fresh clone after `release 15` (``released_clone``)."""
    return released_clone / "site"


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


DESKTOP, PHONE = 1280, 390


@pytest.fixture
def width() -> int:
    """The viewport's width; tests parametrized on ``width`` override it."""
    return DESKTOP


@pytest.fixture
def page(browser, width):
    log = Log()
    context = browser.new_context(
        service_workers="block", viewport={"width": width, "height": 900}, accept_downloads=True
    )

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
