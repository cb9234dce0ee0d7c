"""The accessibility statement at ``/toegankelijkheid/``: linked from the footer of every
page, in the model statement's structure, with how the site is tested taken from data that
tests hold to the browser tests and to ``package-lock.json``."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.dutch import date as dutch_date
from lvv_publish.site.catalog import ACCESSIBILITY_PAGE, accessibility_facts

from ..conftest import ROOT
from .test_browser import DESKTOP, PHONE

SITE_URL = "https://example.org/lvv"
HOSTILE = 'Programmabureau <script>alert(1)</script> & "LVV"'

runner = CliRunner()


def test_the_tested_axe_version_and_widths_are_those_of_the_tests():
    facts = accessibility_facts()
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert facts["axe_core"] == lock["packages"]["node_modules/axe-core"]["version"]
    installed = ROOT / "node_modules" / "axe-core" / "package.json"
    if installed.is_file():
        assert facts["axe_core"] == json.loads(installed.read_text(encoding="utf-8"))["version"]
    assert sorted(facts["widths"]) == sorted([PHONE, DESKTOP])


def text_of(page: Path) -> str:
    """The page's text as a reader sees it (tags out, white space collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())).split())


def test_the_statement_is_at_the_root_with_the_model_structure(released):
    page = released / "site" / ACCESSIBILITY_PAGE
    text = text_of(page)
    headings = re.findall(r"<h2>(.*?)</h2>", page.read_text())
    assert headings == ["Status", "Onderzoek", "Bevindingen", "Maatregelen", "Contact"]
    facts = accessibility_facts()
    assert f"axe-core {facts['axe_core']}" in text
    assert "390 pixels en 1280 pixels" in text
    assert "WCAG 2.1 niveau AA" in text
    descriptor = json.loads((released / "datapackage/15/datapackage.json").read_text())
    day = descriptor["published"][:10]
    assert f"gebouwd op {dutch_date(day)}, toen monitor 15" in text
    publication = yaml.safe_load((released / "monitors/publication.yaml").read_text())
    assert publication["contact_point"]["url"] in page.read_text()
    assert 'http-equiv="Content-Security-Policy"' in page.read_text()
    assert 'rel="canonical"' not in page.read_text()  # no site URL: no address to give


@pytest.mark.parametrize(
    "page",
    ["15/index.html", "15/methode/index.html", "15/gemeenten/emmen/index.html", "15/404.html"],
)
def test_the_footer_of_every_page_links_the_statement(released, page):
    path = released / "site" / page
    footer = path.read_text()[path.read_text().index('class="md-copyright lvv-footer"') :]
    href = re.search(r'href="([^"]*toegankelijkheid/)"', footer)
    assert href is not None
    # The error page's links are absolute paths (from the site's root without a site URL).
    start = released / "site" if href.group(1).startswith("/") else path.parent
    assert (start / href.group(1).lstrip("/") / "index.html").resolve() == (
        released / "site" / ACCESSIBILITY_PAGE
    ).resolve()


def test_the_contact_is_escaped_and_the_address_canonical(released, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(released, root, ignore=shutil.ignore_patterns("site"))
    path = root / "monitors" / "publication.yaml"
    data = yaml.safe_load(path.read_text())
    data["contact_point"] = {"name": HOSTILE, "email": "lvv@example.org"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = runner.invoke(app, ["build", "--all", "--project", str(root), "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    page = (root / "site" / ACCESSIBILITY_PAGE).read_text()
    assert "<script>alert" not in page
    assert HOSTILE in html.unescape(page)
    assert '<a href="mailto:lvv@example.org">' in page
    assert f'<link rel="canonical" href="{SITE_URL}/toegankelijkheid/">' in page
