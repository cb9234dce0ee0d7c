"""Catalogue and search metadata: DCAT-AP-NL, Atom feed, sitemap, robots.txt, schema.org."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pandas as pd
import pytest
from pydantic import ValidationError
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SH
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.models import ContactPoint
from lvv_publish.publish import update_versions
from lvv_publish.site.catalog import ABSOLUTE_FILES, ACCESSIBILITY_PAGE, ADMS, DCAT, SPDX
from lvv_publish.sources import Project

from ..conftest import ROOT, copy_project

SITE_URL = "https://example.org/lvv"
SHAPES = Path(os.environ.get("LVV_DCAT_SHAPES", ROOT.parent / "shared" / "dcat-ap-nl-3.0"))
# The files that must give zero violations, and the ones the catalogue meets as well.
REQUIRED_SHAPES = ("dcat-ap-nl-SHACL.ttl", "dcat-ap-nl-SHACL-klassebereik.ttl")
FURTHER_SHAPES = ("dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl", "dcat-ap-SHACL.ttl")
DATA_SUFFIXES = (".csv", ".json", ".xlsx")

runner = CliRunner()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone after `release 15 --site-url …`: versions 13, 14, 15 and latest."""
    root = copy_project(tmp_path_factory.mktemp("catalog") / "project")
    result = runner.invoke(app, ["release", "15", "--project", str(root), "--site-url", SITE_URL])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def catalog(published: Path) -> Graph:
    return Graph().parse(published / "site" / "catalog.ttl", format="turtle")


def shapes(name: str) -> Graph:
    if not (SHAPES / name).is_file():
        pytest.skip(f"DCAT-AP-NL shapes not found in {SHAPES} (set LVV_DCAT_SHAPES)")
    return Graph().parse(SHAPES / name, format="turtle")


def results(data: Graph, shapes_graph: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every SHACL result."""
    _, report, _ = shacl_validate(data, shacl_graph=shapes_graph)
    return sorted(
        (
            str(report.value(r, SH.resultSeverity)).split("#")[-1],
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


def json_ld_of(page: Path) -> dict:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S
    )
    assert len(scripts) == 1, f"{page}: {len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0])


def data_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in DATA_SUFFIXES and p.name != "citeer.json"
    )


# --- DCAT-AP-NL ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUIRED_SHAPES + FURTHER_SHAPES)
def test_catalogue_conforms_to_the_dcat_ap_nl_shapes(catalog, name):
    assert results(catalog, shapes(name)) == []


def test_only_the_access_service_recommendation_is_left(catalog):
    """No data service (API) exists, so each distribution lacks dcat:accessService; every
    other recommended property is given."""
    found = results(catalog, shapes("dcat-ap-nl-SHACL-aanbevolen.ttl"))
    distributions = sorted(str(d) for d in catalog.subjects(RDF.type, DCAT.Distribution))
    assert found == [("Warning", d, str(DCAT.accessService)) for d in distributions]


def test_catalogue_has_a_dataset_per_release_with_its_downloads(published, catalog):
    site = published / "site"
    series = URIRef(f"{SITE_URL}/#reeks")
    assert (series, RDF.type, DCAT.DatasetSeries) in catalog
    datasets = sorted(
        str(d)
        for d in catalog.subjects(DCAT.inSeries, series)
        if (d, RDF.type, DCAT.DatasetSeries) not in catalog
    )
    assert datasets == [f"{SITE_URL}/{n}/#dataset" for n in (13, 14, 15)]
    for n in (13, 14, 15):
        dataset = URIRef(f"{SITE_URL}/{n}/#dataset")
        descriptor = json.loads(
            (published / "datapackage" / str(n) / "datapackage.json").read_text()
        )
        assert catalog.value(dataset, DCAT.version) == Literal(descriptor["version"])
        monitors = pd.read_csv(published / "datapackage" / str(n) / "monitors.csv")
        period = catalog.value(dataset, DCTERMS.temporal)
        assert str(catalog.value(period, DCAT.startDate)) == monitors["period_start"].min()
        assert str(catalog.value(period, DCAT.endDate)) == monitors["period_end"].max()
        approved = catalog.value(dataset, DCTERMS.issued).toPython()
        # Modified: the date of the last correction (13 and 14 are corrected), else issued.
        corrections = descriptor.get("corrections") or []
        modified = dt.date.fromisoformat(corrections[-1]["date"]) if corrections else approved
        assert catalog.value(dataset, DCTERMS.modified).toPython() == modified
        urls = {}
        for dist in catalog.objects(dataset, DCAT.distribution):
            url = str(catalog.value(dist, DCAT.downloadURL))
            checksum = catalog.value(dist, SPDX.checksum)
            urls[url] = (
                int(catalog.value(dist, DCAT.byteSize)),
                str(catalog.value(checksum, SPDX.checksumValue)),
            )
        files = data_files(site / str(n) / "downloads")
        assert {p.suffix for p in files} == set(DATA_SUFFIXES)
        assert urls == {
            f"{SITE_URL}/{n}/downloads/{p.name}": (
                p.stat().st_size,
                hashlib.sha256(p.read_bytes()).hexdigest(),
            )
            for p in files
        }
    assert (URIRef(f"{SITE_URL}/15/#dataset"), DCAT.prev, URIRef(f"{SITE_URL}/14/#dataset")) in (
        catalog
    )


def test_catalogue_in_json_ld_is_the_same_graph(published, catalog):
    other = Graph().parse(published / "site" / "catalog.jsonld", format="json-ld")
    assert len(other) == len(catalog)
    assert isomorphic(other, catalog)


def test_contact_point_needs_an_address():
    with pytest.raises(ValidationError, match="email address or a url"):
        ContactPoint(name="Programmabureau LVV")
    with pytest.raises(ValidationError):
        ContactPoint(name="Programmabureau LVV", email="not an address")
    assert ContactPoint(name="Programmabureau LVV", email="lvv@example.org").url is None


# --- feed, sitemap, robots.txt --------------------------------------------------------------


def test_feed_has_one_entry_per_release(published):
    feed = feedparser.parse((published / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "nl"
    releases = [e for e in feed.entries if "#versie-" not in e.id]
    assert [e.id for e in releases] == [f"{SITE_URL}/{n}/" for n in (15, 14, 13)]
    assert [e.link for e in releases] == [f"{SITE_URL}/{n}/" for n in (15, 14, 13)]
    # And one entry per correction of a release (the committed 13 and 14 are corrected).
    assert sorted(e.id for e in feed.entries if "#versie-" in e.id) == sorted(
        f"{SITE_URL}/{n}/#versie-{c['version']}"
        for n in (13, 14, 15)
        for c in json.loads((published / f"datapackage/{n}/datapackage.json").read_text()).get(
            "corrections", []
        )
    )
    assert "LVV Monitor mei 2024" in releases[0].title
    assert "peildatum 30 april 2024" in releases[0].summary


def test_feed_and_catalogue_follow_the_corrections_of_a_release(published, tmp_path):
    """A corrected package (version 15.2.0 with two corrections) gives the feed an entry per
    correction and the dataset its version, modification date and version note."""
    root = tmp_path / "project"
    shutil.copytree(published, root)
    path = root / "datapackage" / "15" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["version"] = "15.2.0"
    descriptor["corrections"] = [
        {
            "version": "15.1.0",
            "previous_version": "15.0.0",
            "date": "2026-12-01",
            "reason": "Tikfout Utrecht",
            "other_changes": ["datapackage.json: title gewijzigd"],
        },
        {
            "version": "15.2.0",
            "previous_version": "15.1.0",
            "date": "2027-01-15",
            "reason": "Herziene bezetting Emmen",
            "changes": [
                {
                    "monitor": 15,
                    "municipality_code": "GM0114",
                    "municipality": "Emmen",
                    "indicator": "3",
                    "before": 40,
                    "after": 41,
                    "change": "gewijzigd",
                }
            ],
        },
    ]
    path.write_text(json.dumps(descriptor, indent=2))
    update_versions(Project(root), site_url=SITE_URL)

    feed = feedparser.parse((root / "site" / "feed.xml").read_bytes())
    assert not feed.bozo
    ids = [e.id for e in feed.entries]
    assert ids[:2] == [f"{SITE_URL}/15/#versie-15.2.0", f"{SITE_URL}/15/#versie-15.1.0"]
    # The rest are older (the releases, and the corrections of the committed 13 and 14).
    assert set(ids[2:]) >= {f"{SITE_URL}/{n}/" for n in (15, 14, 13)}
    newest = feed.entries[0]
    assert newest.updated.startswith("2027-01-15")
    assert "Herziene bezetting Emmen" in newest.summary
    assert "Emmen, indicator 3, monitor 15: 40 → 41" in newest.summary
    assert "datapackage.json: title gewijzigd" in feed.entries[1].summary
    assert feed.feed.updated.startswith("2027-01-15")

    g = Graph().parse(root / "site" / "catalog.ttl", format="turtle")
    dataset = URIRef(f"{SITE_URL}/15/#dataset")
    assert g.value(dataset, DCAT.version) == Literal("15.2.0")
    assert g.value(dataset, DCTERMS.modified).toPython() == dt.date(2027, 1, 15)
    assert str(g.value(dataset, ADMS.versionNotes)) == "Herziene bezetting Emmen"
    assert results(g, shapes(REQUIRED_SHAPES[0])) == []


def canonical_of(page: Path) -> str | None:
    """The address a page declares canonical (``<link rel="canonical">``), if any."""
    found = re.findall(r'<link rel="?canonical"? href="?([^"> ]+)"?', page.read_text())
    assert len(found) <= 1, f"{page}: {found}"
    return found[0] if found else None


def test_sitemap_lists_exactly_the_addresses_the_pages_declare_canonical(published):
    """One canonical rule: every page of every version (``latest/`` included) names its
    ``/<N>/`` address as canonical, and the sitemap lists exactly those addresses."""
    site = published / "site"
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    declared: set[str] = set()
    for version in ("13", "14", "15", "latest"):
        for page in (site / version).rglob("*.html"):
            rel = page.relative_to(site / version)
            if page.name == "404.html" or rel.parts[0] == "assets":
                continue
            canonical = canonical_of(page)
            assert canonical is not None, page
            declared.add(canonical)
    # The site's own page outside the versions: the accessibility statement.
    declared.add(canonical_of(site / "toegankelijkheid" / "index.html"))
    assert set(locs) == declared
    assert f"{SITE_URL}/toegankelijkheid/" in locs
    assert f"{SITE_URL}/15/gemeenten/amsterdam/" in locs
    assert not [u for u in locs if "/latest/" in u]
    assert (site / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {SITE_URL}/sitemap.xml"


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locs(path: Path) -> list[str]:
    """The addresses of a sitemap, or of each sitemap an index names (read from its folder)."""
    root = ET.parse(path).getroot()
    if root.tag.endswith("sitemapindex"):
        names = [e.text.rsplit("/", 1)[-1] for e in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
        return [loc for name in names for loc in sitemap_locs(path.parent / name)]
    return [e.text for e in root.findall("s:url/s:loc", SITEMAP_NS)]


def test_past_the_protocols_limit_the_sitemap_is_an_index_of_parts(published):
    """A sitemap may list 50,000 addresses (some 44 versions of 350 municipalities): past
    ``per_file`` the same addresses, in the same order, are in parts an index names, each
    dated as the newest address of all (a new version moves every address a place on)."""
    from lvv_publish.site.catalog import release_records, sitemaps

    records = release_records(Project(published), [13, 14, 15])
    whole = sitemaps(records, SITE_URL, ["toegankelijkheid/"])
    assert list(whole) == ["sitemap.xml"]
    urls = ET.fromstring(whole["sitemap.xml"]).findall("s:url", SITEMAP_NS)
    assert len(urls) > 250
    split = sitemaps(records, SITE_URL, ["toegankelijkheid/"], per_file=100)
    count = -(-len(urls) // 100)
    assert list(split) == ["sitemap.xml"] + [f"sitemap-{k}.xml" for k in range(1, count + 1)]
    index = ET.fromstring(split["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    entries = index.findall("s:sitemap", SITEMAP_NS)
    assert [e.find("s:loc", SITEMAP_NS).text for e in entries] == [
        f"{SITE_URL}/sitemap-{k}.xml" for k in range(1, count + 1)
    ]
    parts = [ET.fromstring(split[f"sitemap-{k}.xml"]).findall("s:url", SITEMAP_NS) for k in
             range(1, count + 1)]  # fmt: skip
    assert [len(p) for p in parts[:-1]] == [100] * (count - 1) and 0 < len(parts[-1]) <= 100
    pairs = [[(u.find("s:loc", SITEMAP_NS).text, u.find("s:lastmod", SITEMAP_NS).text) for u in p]
             for p in parts]  # fmt: skip
    whole_pairs = [(u.find("s:loc", SITEMAP_NS).text, u.find("s:lastmod", SITEMAP_NS).text)
                   for u in urls]  # fmt: skip
    assert [pair for p in pairs for pair in p] == whole_pairs
    newest = max(time for _, time in whole_pairs)
    assert [e.find("s:lastmod", SITEMAP_NS).text for e in entries] == [newest] * count


def test_the_parts_of_a_sitemap_index_come_and_go_with_the_index(published, tmp_path, monkeypatch):
    """Written by the root files' swap: a smaller index leaves none of its earlier parts,
    and back under the limit ``sitemap.xml`` is the one sitemap it was."""
    from lvv_publish.site.catalog import feeds

    root = tmp_path / "project"
    shutil.copytree(published, root)
    site = root / "site"
    one = (site / "sitemap.xml").read_bytes()
    addresses = sitemap_locs(site / "sitemap.xml")

    def parts() -> list[str]:
        return sorted(p.name for p in site.glob("sitemap-*.xml"))

    assert parts() == []
    for per_file in (100, 200):
        monkeypatch.setattr(feeds, "SITEMAP_URLS", per_file)
        update_versions(Project(root), site_url=SITE_URL)
        count = -(-len(addresses) // per_file)
        assert parts() == sorted(f"sitemap-{k}.xml" for k in range(1, count + 1))
        assert sitemap_locs(site / "sitemap.xml") == addresses
        assert (site / "robots.txt").read_text().splitlines()[
            -1
        ] == f"Sitemap: {SITE_URL}/sitemap.xml"
    monkeypatch.undo()
    update_versions(Project(root), site_url=SITE_URL)
    assert parts() == [] and (site / "sitemap.xml").read_bytes() == one
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 100)
    update_versions(Project(root), site_url=SITE_URL)
    assert parts() != []
    update_versions(Project(root), site_url=None)  # no address: no sitemap, and no parts
    assert parts() == [] and not (site / "sitemap.xml").exists()


# --- schema.org on the pages ----------------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "downloads/index.html"])
def test_home_and_downloads_pages_describe_the_dataset(published, page):
    site = published / "site"
    data = json_ld_of(site / "15" / page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["url"] == f"{SITE_URL}/15/"
    assert data["version"] == "15.0.0"
    assert data["temporalCoverage"] == "2023-08-01/2024-04-30"
    downloads = {d["contentUrl"]: d for d in data["distribution"]}
    files = data_files(site / "15" / "downloads")
    assert set(downloads) == {f"{SITE_URL}/15/downloads/{p.name}" for p in files}
    for p in files:
        d = downloads[f"{SITE_URL}/15/downloads/{p.name}"]
        if "sha256" in d:
            assert d["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
    # latest/'s page sends the reader to this one and names it canonical (site/latest.py)
    assert "application/ld+json" not in (site / "latest" / page).read_text()
    assert canonical_of(site / "latest" / page) == canonical_of(site / "15" / page)


def test_without_a_site_url_nothing_needs_an_absolute_address(released):
    """The default build (no site URL): no catalogue, feed or sitemap, a robots.txt without
    a Sitemap line, and page-relative addresses in the pages' JSON-LD."""
    site = released / "site"
    assert [name for name in ABSOLUTE_FILES if (site / name).exists()] == []
    assert "Sitemap" not in (site / "robots.txt").read_text()
    for page, root in (("index.html", "./"), ("downloads/index.html", "../")):
        data = json_ld_of(site / "15" / page)
        assert data["@type"] == "Dataset"
        assert data["url"] == root
        for d in data["distribution"]:
            assert not d["contentUrl"].startswith("http")
            assert (site / "15" / Path(page).parent / d["contentUrl"]).is_file()


def test_files_with_absolute_addresses_go_when_the_site_url_does(published, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published, root)
    update_versions(Project(root), site_url=None)
    site = root / "site"
    assert [name for name in ABSOLUTE_FILES if (site / name).exists()] == []
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_without_a_site_url_the_root_files_read_no_pages_or_downloads(published, monkeypatch):
    """Only the catalogue, feed and sitemap need every version's pages and downloads: at 350
    municipalities x 40 versions listing them is some 47,000 folders on every release."""
    from lvv_publish.site import catalog
    from lvv_publish.site.catalog import records

    project = Project(published)
    before = catalog.root_files(project, [13, 14, 15], None)

    def refused(*args):
        raise AssertionError(f"read without a site URL: {args}")

    monkeypatch.setattr(records, "site_pages", refused)
    monkeypatch.setattr(records, "downloads_in", refused)
    assert catalog.root_files(project, [13, 14, 15], None) == before
    assert [name for name in ABSOLUTE_FILES if before[name] is not None] == []


def test_root_files_are_byte_identical_whatever_the_hash_seed(published, tmp_path):
    """rdflib's store order follows Python's string hashes; the output must not."""
    script = (
        "import sys; from pathlib import Path; from lvv_publish.site.catalog import root_files; "
        "from lvv_publish.sources import Project; "
        "files = root_files(Project(Path(sys.argv[1])), [13, 14, 15], sys.argv[2]); "
        "out = Path(sys.argv[3]); [(out / n).parent.mkdir(exist_ok=True) for n in files]; "
        "[(out / n).write_text(t) for n, t in files.items() if t is not None]"
    )
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(published), SITE_URL, str(out)], check=True, env=env
        )
        for name in (*ABSOLUTE_FILES, "robots.txt", ACCESSIBILITY_PAGE):
            assert (out / name).read_bytes() == (published / "site" / name).read_bytes(), name
