"""Citeer deze cijfers: each version's home and downloads pages cite it at its dated, stable
address, with CSL-JSON and BibTeX files beside the downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.site.downloads import Citation, bibtex, bibtex_text, csl_json

from ..conftest import copy_project

SITE_URL = "https://example.org/lvv"
HOSTILE = 'Monitor 50% & {meer} \\input{/etc/passwd} $x$ #1 a_b ^ ~ @misc{x,\n} "q"'

runner = CliRunner()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("citation") / "project")
    result = runner.invoke(app, ["release", "15", "--project", str(root), "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("n", [14, 15])
def test_csl_json_has_the_fields_of_the_version(published, n):
    descriptor = json.loads((published / f"datapackage/{n}/datapackage.json").read_text())
    for version in (str(n), "latest") if n == 15 else (str(n),):
        (item,) = json.loads((published / f"site/{version}/downloads/citeer.json").read_text())
        assert item["type"] == "dataset"
        assert item["title"] == descriptor["title"]
        assert item["version"] == descriptor["version"]
        assert item["URL"] == f"{SITE_URL}/{n}/"  # the dated address, also in latest/
        assert item["publisher"] == "Programmabureau LVV"
        assert item["author"] == [{"literal": "Ministerie van Justitie en Veiligheid"}]
        (parts,) = item["issued"]["date-parts"]
        assert len(parts) == 3 and all(isinstance(p, int) for p in parts)
    if "published" in descriptor and not descriptor.get("corrections"):
        assert "-".join(f"{p:02d}" for p in parts) == descriptor["published"][:10]


def test_home_and_downloads_pages_cite_the_version_and_link_the_files(published):
    site = published / "site" / "15"
    descriptor = json.loads((published / "datapackage/15/datapackage.json").read_text())
    for page in ("index.html", "downloads/index.html"):
        text = (site / page).read_text()
        assert 'id="citeer-deze-cijfers"' in text
        assert f'href="{SITE_URL}/15/"' in text
        assert f"versie {descriptor['version']}" in text
        for name in ("citeer.json", "citeer.bib"):
            link = re.search(rf'href="([^"]*{name})"', text)
            assert link is not None
            assert (site / Path(page).parent / link.group(1)).resolve() == (
                site / "downloads" / name
            ).resolve()
    sums = (site / "downloads" / "SHA256SUMS").read_text()
    assert "citeer.json" in sums and "citeer.bib" in sums


def test_bibtex_escapes_a_hostile_title():
    c = Citation(
        key="lvv-monitor-15",
        title=HOSTILE,
        author="Ministerie van Justitie & Veiligheid",
        publisher="Programmabureau LVV",
        version="15.0.0",
        issued="2026-12-01",
        url=f"{SITE_URL}/15/",
    )
    text = bibtex(c).decode()
    assert text.startswith("@misc{lvv-monitor-15:15.0.0,\n")
    # The hostile "@misc{" starts no second entry: braced, inside the title's braces.
    assert re.findall(r"^\s*@", text, re.M) == ["@"]
    assert len(text.strip().splitlines()) == 12  # one line a field: the newline is gone
    title = re.search(r"^  title = \{\{(.*)\}\},$", text, re.M)
    assert title is not None
    assert title.group(1) == (
        r"Monitor 50\% \& \{meer\} \textbackslash{}input\{/etc/passwd\} \$x\$ \#1 a\_b \^{} "
        r'\~{} {@}misc\{x, \} "q"'
    )
    assert r"Justitie \& Veiligheid" in text
    # Braces balance once the escaped ones are taken out: the entry ends where it should.
    bare = re.sub(r"\\[{}]", "", text)
    depth = 0
    for ch in bare:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert bibtex_text("a\tb\r\nc\x00d") == "a b c d"


def test_without_a_site_url_the_citation_names_no_address():
    c = Citation("lvv-monitor-15", "T", "A", "P", "15.0.0", "2026-12-01", None)
    (item,) = json.loads(csl_json(c))
    assert "URL" not in item
    assert "url" not in bibtex(c).decode()
