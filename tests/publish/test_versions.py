"""The versioned site: every release frozen, latest, the selector's index, build --all."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.errors import LvvError
from lvv_publish.package import read_package
from lvv_publish.publish import build_version, update_versions
from lvv_publish.publish.stamps import assets_of
from lvv_publish.site.assets import assets_digest
from lvv_publish.site.contexts import changelog_context, release_info
from lvv_publish.sources import Project, load_monitor

from ..conftest import ROOT, copy_project
from ..htmltables import page

runner = CliRunner()


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A fresh clone's state after the README's main command: `release 15`."""
    root = copy_project(tmp_path_factory.mktemp("published") / "project")
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_fresh_release_gives_every_version_latest_and_the_index(published):
    site = published / "site"
    assert sorted(p.name for p in site.iterdir()) == [
        "13",
        "14",
        "15",
        "404.html",
        "assets",
        "downloads",
        "index.html",
        "latest",
        "robots.txt",
        "toegankelijkheid",
        "versions.json",
    ]
    assert json.loads((site / "versions.json").read_text()) == [
        {"version": "15", "title": "15: mei 2024", "aliases": ["latest"]},
        {"version": "14", "title": "14: februari 2024", "aliases": []},
        {"version": "13", "title": "13: november 2023", "aliases": []},
    ]
    # the site's root: straight to the newest version's home page, named canonical
    root = (site / "index.html").read_text()
    assert '<script>location.replace("15/" + location.search + location.hash)</script>' in root
    assert 'url=15/"' in root and '<link rel="canonical" href="15/">' in root
    for version in ("13", "14", "15", "latest"):
        for name in ("observations.csv", "datapackage.json", "findings.csv"):
            assert (site / version / "downloads" / name).is_file(), (version, name)


REDIRECT = re.compile(
    r'<script>location\.replace\(("[^"]*") \+ location\.search \+ location\.hash\)</script>\n'
    r'<noscript><meta http-equiv="refresh" content="0; url=([^"]*)"></noscript>'
)


def test_latest_sends_every_page_to_the_newest_and_holds_its_downloads(published):
    """latest/ (site/latest.py): a redirect for every page of 15, to the same page; the
    downloads and the charts' CSVs as files with 15's bytes; nothing the pages alone use."""
    site = published / "site"
    newest, latest = tree(site / "15"), tree(site / "latest")
    pages = {name for name in newest if name.endswith(".html")}
    kept = {
        name
        for name in newest
        if name.startswith("downloads/")
        or (name.startswith("grafieken/") and name.endswith(".csv"))
    }
    assert set(latest) == pages | kept
    for name in kept - pages:
        assert latest[name] == newest[name], name
    # not there: the theme and Vega, the search index, the tables' JSON, the charts' specs
    assert not [n for n in latest if n.startswith(("assets/", "search/", "tabellen/"))]
    assert not [n for n in latest if n.endswith((".js", ".lvv-build.json"))]
    for name in sorted(pages):
        html = (site / "latest" / name).read_text(encoding="utf-8")
        match = REDIRECT.search(html)
        assert match, name
        target = json.loads(match.group(1))
        assert match.group(2) == target and f'<a href="{target}">' in html
        # the same page of 15, from latest/'s folder of this page
        folder = (site / "latest" / name).parent
        page_file = (folder / target).resolve()
        if page_file.is_dir():
            page_file = page_file / "index.html"
        assert page_file == (site / "15" / name).resolve(), name
        title = re.search(r"<title>(.*?)</title>", (site / "15" / name).read_text()).group(1)
        mine = re.search(r"<title>(.*?)</title>", html).group(1)
        assert unescape(mine) == unescape(title.strip()), name
        assert 'http-equiv="Content-Security-Policy"' in html
        assert '<meta name="robots" content="noindex">' in html


def test_versions_load_one_shared_set_of_scripts_and_styles(published):
    """Issue 22: the theme's and our scripts and styles once, at site/assets/<set>/, named
    by a digest of its files; no version carries a copy, and every address in every page of
    every version leads to a file that is there."""
    site = published / "site"
    names = {assets_of(site / v) for v in ("13", "14", "15")}
    assert len(names) == 1 and None not in names
    (name,) = names
    assert [p.name for p in (site / "assets").iterdir()] == [name]
    shared = site / "assets" / name
    assert assets_digest(shared) == name
    assert (shared / "lvv.js").read_bytes() == (ROOT / "site_templates/assets/lvv.js").read_bytes()
    # Material's search worker loads ../lunr/ next to itself: the set keeps its tree.
    assert (shared / "javascripts/lunr/min/lunr.nl.min.js").is_file()
    loaded = set()
    for version in ("13", "14", "15"):
        assert not (site / version / "assets").exists(), version
        for html in sorted((site / version).rglob("*.html")):
            text = html.read_text(encoding="utf-8")
            worker = re.search(r'"search": "([^"]*)"', text)
            for address in addresses(html) + ([worker.group(1)] if worker else []):
                if "assets/" not in address or html.name == "404.html":
                    continue
                assert f"assets/{name}/" in address, (html, address)
                target = (html.parent / address).resolve()
                assert target.is_file(), (html, address)
                loaded.add(target.relative_to(shared).as_posix())
    assert {"lvv.js", "vendor/vega.min.js", "lvv-embed.css", "lvv-table.js"} <= loaded


def test_a_shared_set_stays_while_a_version_names_it(published, tmp_path):
    """An older version keeps the set it was built with (an upgrade's new set comes beside
    it); a set no version names goes; a set removed by hand is built again by the next
    release, and update_versions refuses to publish versions without theirs."""
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    project = Project(root)
    site = project.site
    name = assets_of(site / "13")
    stamp = site / "13" / ".lvv-build.json"
    original = stamp.read_text()
    older = "0123456789abcdef"
    shutil.copytree(site / "assets" / name, site / "assets" / older)
    stamp.write_text(original.replace(name, older))
    (site / "assets" / older / "lvv.js").write_text("// an older lvv.js\n")
    update_versions(project)
    assert sorted(p.name for p in (site / "assets").iterdir()) == sorted([name, older])
    assert (site / "assets" / older / "lvv.js").read_text() == "// an older lvv.js\n"
    stamp.write_text(original)
    assert update_versions(project) == ["site/assets"]
    assert [p.name for p in (site / "assets").iterdir()] == [name]

    before = tree(site)
    shutil.rmtree(site / "assets")
    with pytest.raises(LvvError, match=rf"site/assets/{name}: missing, and site/13 loads"):
        update_versions(project)
    assert not (site / "assets").exists()
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "site/assets" in result.output
    assert tree(site) == before


def test_a_version_without_its_stamp_is_built_again_before_its_set_could_go(published, tmp_path):
    """The stamp names the set a version's pages load: a version whose stamp is gone, the
    only one on an older set, is built again by the next release (found in review: its set
    was left out of site/assets/ and its pages lost their scripts)."""
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    site = root / "site"
    name = assets_of(site / "14")
    older = "fedcba9876543210"
    shutil.copytree(site / "assets" / name, site / "assets" / older)
    for html in (site / "14").rglob("*.html"):
        html.write_text(html.read_text().replace(f"assets/{name}/", f"assets/{older}/"))
    (site / "14" / ".lvv-build.json").unlink()
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "site/14" in result.output
    assert assets_of(site / "14") == name
    for html in sorted((site / "14").rglob("*.html")):
        for address in addresses(html):
            if "assets/" in address and not address.startswith("/"):
                assert (html.parent / address).resolve().is_file(), (html, address)


def test_releasing_again_leaves_earlier_versions_byte_identical(published, tmp_path):
    before = {v: tree(published / "site" / v) for v in ("13", "14")}
    mtimes = {p: p.stat().st_mtime_ns for p in (published / "site/13").rglob("*")}
    result = runner.invoke(app, ["release", "15", "--project", str(published)])
    assert result.exit_code == 0, result.output
    assert {v: tree(published / "site" / v) for v in ("13", "14")} == before
    assert {p: p.stat().st_mtime_ns for p in (published / "site/13").rglob("*")} == mtimes


def test_build_all_rebuilds_every_version_identically(published):
    before = tree(published / "site")
    result = runner.invoke(app, ["build", "--all", "--project", str(published)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Versions 13, 14, 15 and latest (= 15) are up to date")
    assert "rebuilt none" in result.output
    assert tree(published / "site") == before


def test_build_needs_all_and_released_packages(tmp_path):
    assert runner.invoke(app, ["build", "--project", str(tmp_path)]).exit_code == 2
    empty = copy_project(tmp_path / "p", with_packages=False)
    result = runner.invoke(app, ["build", "--all", "--project", str(empty)])
    assert result.exit_code == 1
    assert "no released data packages" in result.output


def test_overview_of_15_shows_the_monitors_figures_computed(published):
    tables, text = page(published / "site/15/landelijk/index.html")
    for sentence in (
        "In totaal zijn er 2797 personen toegelaten en 2203 uitgestroomd.",
        "Op de peildatum liepen 593 LVV-begeleidingstrajecten.",
        "Voor 411 personen (19% van de uitstroom) is een directe duurzame oplossing",
        "990 personen (45%) zijn semi-duurzaam uitgestroomd",
        "780 personen (35%) hebben de LVV verlaten",
        "In 14 gevallen (0,6%)",
        "Voor 841 (onbekend: 9.3.2 van Amsterdam) personen (38,2% van de uitstroom)",
        "In totaal zijn er 727 Hasa's ingediend, waarvan 33 in deze periode",
        "Daarvan zijn er 355 ingewilligd",
        "is 75,7% ingewilligd",
        "De landelijke bezetting was 55%; in de vorige monitor 60%",
        "inbewaringstelling 32 (zonder Amsterdam: onbekend)",
    ):
        assert sentence in text, sentence
    # The monitor's own text says 998; the page states 990 and reports the difference.
    assert "noemt 998; uit de tabel volgt 990" in text
    locations = {row[0]: row for row in tables[0]}
    assert locations["Emmen"][1] == "valt onder de capaciteit van Groningen"
    assert locations["Totaal"][1:6] == ["1070", "2797", "77", "593", "2203"]


def test_comparison_and_changelog_pages_exist_for_every_release(published):
    site = published / "site"
    assert (site / "13/vergelijking/index.html").is_file()
    assert (site / "14/vergelijking/index.html").is_file()
    for pair in ("vergelijking", "vergelijking/13-14", "vergelijking/13-15"):
        assert (site / "15" / pair / "index.html").is_file(), pair
    for version in ("13", "14", "15"):
        assert (site / version / "wijzigingen/index.html").is_file()


def test_comparison_page_lists_biggest_movers_first(published):
    tables, text = page(published / "site/15/vergelijking/index.html")
    national = tables[0]
    assert national[0][3:5] == ["Monitor 14", "Monitor 15"]
    rows = {r[0]: r for r in national[1:]}
    assert rows["2"][3:7] == ["2730", "2797", "+67", "+2,5%"]
    changes = [abs(int(r[5].replace("\u2212", "-"))) for r in national[1:] if r[5] != "onbekend"]
    assert changes == sorted(changes, reverse=True)


def test_changelog_of_15_shows_the_editor_note_and_the_detected_changes(published):
    _, text = page(published / "site/15/wijzigingen/index.html")
    assert "Wijziging t.o.v. de vorige monitor" in text
    assert "Bij de Hasa's (slide 16) is nu het aantal 'afwijzingen niet in rechte vast'" in text
    assert "Rotterdam monitor 13 monitor 14 117 → 45" in text
    assert "ten opzichte van uitgave 14" in text.lower()


def test_changelog_detects_added_removed_renamed_and_redefined_indicators(published):
    current = read_package(published / "datapackage/15")
    previous = read_package(published / "datapackage/14")
    inds = previous.indicators.copy()
    inds.loc[inds["code"] == "7", "name"] = "Geplaatst in medische voorziening cumulatief"
    inds.loc[inds["code"] == "3", "definition"] = "Een oudere definitie."
    inds = inds[inds["code"] != "6"]
    extra = inds[inds["code"] == "11"].assign(code="13", name="Een oude indicator")
    from dataclasses import replace

    import pandas as pd

    previous = replace(previous, indicators=pd.concat([inds, extra], ignore_index=True))
    meta = load_monitor(published / "monitors", 15)
    info = release_info(current, meta, pd.Timestamp("2019-04-01").date())
    ctx = changelog_context(current, info, [], previous)
    got = {(c.code, c.what) for c in ctx.indicator_changes}
    assert got == {
        ("13", "verwijderd"),
        ("6", "toegevoegd"),
        ("7", "naam gewijzigd"),
        ("3", "definitie gewijzigd"),
    }
    assert [(c.municipality, c.before, c.after) for c in ctx.capacity_changes] == [
        ("Rotterdam", 117, 45)
    ]


def test_excel_download_is_readable_and_deterministic(published, tmp_path):
    xlsx = published / "site/15/downloads/lvv-monitor.xlsx"
    wb = load_workbook(xlsx)
    assert wb.sheetnames == [
        "Toelichting",
        "Totaaloverzicht",
        "Cijfers",
        "Indicatoren",
        "Gemeenten",
        "Monitors",
        "Bevindingen",
        "Regels",
    ]
    rows = list(wb["Cijfers"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Monitor",
        "Peildatum",
        "Gemeente",
        "CBS-code",
        "Indicator",
        "Naam indicator",
        "Waarde",
    )
    assert len(rows) == 703
    empty = [r for r in rows[1:] if r[6] is None]
    assert len(empty) == 18  # unknown stays empty, not 0
    assert isinstance(rows[1][1], datetime.datetime)  # a date cell, not ISO text
    assert rows[1][7] == "nee"  # not 0/1 or FALSE
    again = copy_project(tmp_path / "again")
    runner.invoke(app, ["release", "15", "--project", str(again)])
    assert (again / "site/15/downloads/lvv-monitor.xlsx").read_bytes() == xlsx.read_bytes()
    # the same address in every version: /latest/downloads/lvv-monitor.xlsx
    assert (published / "site/latest/downloads/lvv-monitor.xlsx").read_bytes() == xlsx.read_bytes()
    assert 'href="lvv-monitor.xlsx"' in (published / "site/15/downloads/index.html").read_text()


def test_vendored_javascript_is_the_pinned_npm_packages():
    vendor = ROOT / "site_templates/assets/vendor"
    modules = ROOT / "node_modules"
    if not modules.is_dir():
        pytest.skip("node_modules is missing (npm ci)")
    pairs = {
        "vega.min.js": "vega/build/vega.min.js",
        "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
        "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    }
    for name, source in pairs.items():
        assert (vendor / name).read_bytes() == (modules / source).read_bytes(), (
            f"{name} differs from node_modules: run `npm run vendor`"
        )
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/vega-lite"]["version"] == "6.4.3"
    # vega-interpreter is wrapped for a classic script (scripts/vendor-interpreter.cjs).
    version = lock["packages"]["node_modules/vega-interpreter"]["version"]
    wrapped = (vendor / "vega-interpreter.js").read_text()
    assert wrapped.startswith(f"/* vega-interpreter {version} ")
    assert "vega.expressionInterpreter = expression;" in wrapped


def test_partial_national_figures_say_which_cells_are_unknown(published):
    tables, text = page(published / "site/15/landelijk/index.html")
    assert "61,5% (onbekend: 5.2 van Amsterdam) verblijf" in text
    perspective = next(t for t in tables if "Doormigratie (5.2)" in t[0])
    perspective_total = next(r for r in perspective if r[0] == "Totaal")
    assert perspective_total[5] == "4 (zonder Amsterdam: onbekend)"
    tables, _ = page(published / "site/15/vergelijking/13-15/index.html")
    rows = {r[0]: r for r in tables[0][1:]}
    # Same municipality unknown on both sides: the change over the others is meaningful.
    assert rows["5.2"][3:6] == [
        "5 (zonder Amsterdam: onbekend)",
        "4 (zonder Amsterdam: onbekend)",
        "\u22121",
    ]
    # Eindhoven unknown in 13 only: the two sums cover different municipalities.
    assert rows["9.1.3"][3:7] == [
        "20 (zonder Eindhoven: onbekend)",
        "12",
        "niet te vergelijken",
        "niet te vergelijken",
    ]


def test_release_is_all_or_nothing_when_an_earlier_version_cannot_be_built(tmp_path):
    root = copy_project(tmp_path / "p")
    shutil.rmtree(root / "datapackage/15")  # 15 is released for the first time
    (root / "monitors/13/monitor.yaml").unlink()  # site/13 is missing and cannot be built
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 1
    assert "monitors/13/monitor.yaml: file not found." in result.output
    assert not (root / "site").exists() or not any((root / "site").iterdir())
    # The new package was not moved into place either.
    assert sorted(p.name for p in (root / "datapackage").iterdir() if p.is_dir()) == ["13", "14"]


def addresses(html: Path) -> list[str]:
    """Every href and src of a built page."""
    return re.findall(r'(?:href|src)="([^"]*)"', html.read_text(encoding="utf-8"))


def test_without_a_site_url_there_is_no_empty_sitemap_and_404_pages_link_to_their_version(
    published,
):
    site = published / "site"
    for version in ("13", "14", "15", "latest"):
        assert not (site / version / "sitemap.xml").exists(), version
        assert not (site / version / "sitemap.xml.gz").exists(), version
    # MkDocs gives an error page absolute links, "/" without a site URL: ours start at the
    # version's folder, so they work at any depth of a site served from the server's root.
    links = addresses(site / "14/404.html")
    shared = f"/assets/{assets_of(site / '14')}/"
    assert f"{shared}stylesheets/main.57a0d79d.min.css" in links
    assert "/14/gemeenten/" in links  # the navigation: one index, no page per municipality
    assert [a for a in links if a.startswith("/") and not a.startswith(("/14/", shared))] == []
    assert "Pagina niet gevonden" in (site / "14/404.html").read_text()
    # The root's error page: no assets, Dutch, a link to the newest version.
    root = (site / "404.html").read_text()
    assert addresses(site / "404.html") == ["/latest/"]
    assert '<html lang="nl">' in root
    assert "<link" not in root


def test_with_a_site_url_sitemaps_and_404_pages_hold_its_addresses(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    url = "https://example.github.io/lvv-publish"
    build_version(project, 14, site_url=url)
    update_versions(project, site_url=url)
    version = project.site / "14"
    locs = [e.text for e in ET.parse(version / "sitemap.xml").iter() if e.tag.endswith("loc")]
    assert f"{url}/14/" in locs
    assert f"{url}/14/gemeenten/amsterdam/" in locs
    assert all(loc and loc.startswith(f"{url}/14/") for loc in locs)
    assert (
        gzip.decompress((version / "sitemap.xml.gz").read_bytes())
        == (version / "sitemap.xml").read_bytes()
    )
    links = addresses(version / "404.html")
    assert "/lvv-publish/14/gemeenten/" in links
    shared = f"/lvv-publish/assets/{assets_of(version)}/"
    assert f"{shared}lvv.js" in links and (project.site / shared[13:] / "lvv.js").is_file()
    assert [
        a for a in links if a.startswith("/") and not a.startswith(("/lvv-publish/14/", shared))
    ] == []
    assert addresses(project.site / "404.html") == ["/lvv-publish/latest/"]


def test_a_project_given_by_a_relative_path_gets_its_pages(tmp_path, monkeypatch):
    """Found while benchmarking: MkDocs read a relative output folder as relative to its
    temporary config folder, so a library caller with Project(Path(".")) got sites with a
    build stamp and no pages."""
    from lvv_publish.publish import build_version
    from lvv_publish.sources import Project

    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    assert build_version(Project(Path(".")), 13)
    assert (root / "site/13/index.html").is_file()
    assert (root / "site/13/gemeenten/amsterdam/index.html").is_file()
