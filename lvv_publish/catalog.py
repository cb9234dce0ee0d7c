"""Catalogue and search metadata for the whole site: DCAT-AP-NL, Atom, sitemap, robots.txt.

``release_records`` reads what each release holds (its data package, ``monitor.yaml`` and the
files in ``site/<N>/downloads/``); the builders below are pure: records in, text out.
``root_files`` gives every root file at once; without a site URL the files that need
absolute addresses are ``None`` (to be removed), because a wrong address is worse than none.
``dataset_jsonld`` gives the schema.org ``Dataset`` that the pages of one version embed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .formatting import date as dutch_date
from .models import Publication
from .package import PublishedPackage, read_package
from .project import Project
from .sources.monitor import load_monitor, load_publication

# rdflib's DCAT namespace stops at DCAT 2 (it warns on dcat:version, dcat:inSeries, ...).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

# The EU vocabularies DCAT-AP-NL prescribes, with the Dutch labels of the concepts used.
DATA_THEMES = {
    "AGRI": "Landbouw, visserij, bosbouw en voeding",
    "ECON": "Economie en financiën",
    "EDUC": "Onderwijs, cultuur en sport",
    "ENER": "Energie",
    "ENVI": "Milieu",
    "GOVE": "Overheid en publieke sector",
    "HEAL": "Gezondheid",
    "INTR": "Internationale vraagstukken",
    "JUST": "Justitie, rechtsstelsel en openbare veiligheid",
    "REGI": "Regio's en steden",
    "SOCI": "Bevolking en samenleving",
    "TECH": "Wetenschap en technologie",
    "TRAN": "Vervoer",
}
# SPDX identifiers (datapackage.json) to the EU Licence vocabulary.
EU_LICENCES = {"CC0-1.0": "CC0", "CC-BY-4.0": "CC_BY_4_0", "CC-BY-SA-4.0": "CC_BY_SA_4_0"}
LANGUAGE = URIRef(EU + "language/NLD")
# The LVV is a national facility: the data cover the Netherlands (its locations are named in
# municipalities.csv and in the schema.org description of each version).
COUNTRY = URIRef(EU + "country/NLD")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
FRICTIONLESS = URIRef("https://specs.frictionlessdata.io/tabular-data-package/")

# The downloads described as distributions, by extension: (EU file type, IANA media type).
FORMATS = {
    ".csv": ("CSV", "text/csv"),
    ".json": ("JSON", "application/json"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
DESCRIPTOR = "datapackage.json"


# --- what each release holds --------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One file of ``site/<N>/downloads/``."""

    name: str
    bytes: int
    sha256: str | None
    title: str | None = None
    description: str | None = None

    @property
    def media_type(self) -> str:
        return FORMATS[Path(self.name).suffix][1]


@dataclass(frozen=True)
class Correction:
    """One entry of a package's ``corrections``: a corrected version of a release."""

    version: str
    date: dt.date
    reason: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReleaseRecord:
    """One release as the catalogue, the feed and the sitemap describe it.

    ``period_start``/``period_end``: the span of every monitor the release carries;
    ``pages``: the page addresses of its site, relative to the version's root.
    """

    number: int
    title: str
    description: str
    version: str
    approved: dt.date
    period_start: dt.date
    period_end: dt.date
    peildatum: dt.date
    keywords: tuple[str, ...]
    corrections: tuple[Correction, ...]
    downloads: tuple[Download, ...]
    pages: tuple[str, ...]

    @property
    def modified(self) -> dt.date:
        """The last correction's date, else the approval date."""
        return self.corrections[-1].date if self.corrections else self.approved


def corrections(descriptor: dict[str, Any]) -> tuple[Correction, ...]:
    """The ``corrections`` of a package descriptor, oldest first."""
    return tuple(
        Correction(
            version=str(c["version"]),
            date=dt.date.fromisoformat(str(c["date"])),
            reason=str(c.get("reason", "")),
            changes=tuple(_change_text(x) for x in c.get("changes", [])),
        )
        for c in descriptor.get("corrections", [])
    )


def _change_text(change: Any) -> str:
    if isinstance(change, dict):
        return "; ".join(f"{k}: {change[k]}" for k in sorted(change))
    return str(change)


def downloads_in(folder: Path, descriptor: dict[str, Any]) -> tuple[Download, ...]:
    """The files directly in ``folder`` that are data (by extension), named after the
    package's resources where they are one. Checksum files and sub-folders are left out."""
    resources = {r["path"]: r for r in descriptor.get("resources", [])}
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_file() or path.suffix not in FORMATS:
            continue
        data = path.read_bytes()
        res = resources.get(path.name, {})
        out.append(
            Download(
                name=path.name,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                title=res.get("title"),
                description=res.get("description"),
            )
        )
    return tuple(out)


def site_pages(version_dir: Path) -> tuple[str, ...]:
    """Every page of a built version, as addresses relative to its root (``""``,
    ``"gemeenten/amsterdam/"``); assets, downloads and the 404 page are not pages."""
    pages = []
    for path in version_dir.rglob("*.html"):
        rel = path.relative_to(version_dir)
        if rel.parts[0] == "assets" or rel.name == "404.html":
            continue
        if rel.parts[0] == "downloads" and len(rel.parts) > 2:
            continue
        pages.append("" if rel == Path("index.html") else rel.as_posix().removesuffix("index.html"))
    return tuple(sorted(pages))


def release_records(project: Project, numbers: Sequence[int]) -> list[ReleaseRecord]:
    """The records of the released ``numbers`` whose site has been built, oldest first."""
    records = []
    for n in sorted(numbers):
        package = read_package(project.package_dir(n), validate=False)
        meta = load_monitor(project.monitors, n)
        desc = package.descriptor
        site = project.site_dir(n)
        records.append(
            ReleaseRecord(
                number=n,
                title=str(desc.get("title", meta.title)),
                description=str(desc.get("description", "")),
                version=str(desc["version"]),
                approved=meta.approval.date if meta.approval else meta.peildatum,
                period_start=min(package.monitors["period_start"]),
                period_end=max(package.monitors["period_end"]),
                peildatum=meta.peildatum,
                keywords=tuple(str(k) for k in desc.get("keywords", [])),
                corrections=corrections(desc),
                downloads=downloads_in(site / "downloads", desc),
                pages=site_pages(site),
            )
        )
    return records


# --- DCAT-AP-NL ------------------------------------------------------------------------------


def catalog_graph(records: Sequence[ReleaseRecord], pub: Publication, site_url: str) -> Graph:
    """The DCAT-AP-NL 3.0 catalogue: one dataset per release, in one dataset series."""
    base = site_url.rstrip("/")
    g = Graph(bind_namespaces="none")
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("skos", SKOS),
        ("adms", ADMS),
        ("spdx", SPDX),
        ("rdfs", RDFS),
        ("xsd", XSD),
    ):
        g.bind(prefix, ns)
    catalog, series = URIRef(f"{base}/#catalogus"), URIRef(f"{base}/#reeks")
    publisher = _publisher(g, pub, base)
    contact = _contact_point(g, pub, base)
    licence = _licence(g, pub)
    _vocabulary_terms(g, pub)

    g.add((catalog, RDF.type, DCAT.Catalog))
    _describe(g, catalog, f"Catalogus {pub.title}", pub.description, publisher, contact)
    g.add((catalog, DCTERMS.creator, publisher))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, FOAF.homepage, _document(g, f"{base}/latest/")))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))

    # A series is a dataset (DCAT 3: dcat:DatasetSeries rdfs:subClassOf dcat:Dataset); the
    # entailed type is stated, as the shapes check the class of dcat:dataset without inference.
    g.add((series, RDF.type, DCAT.DatasetSeries))
    g.add((series, RDF.type, DCAT.Dataset))
    _describe(g, series, pub.title, pub.description, publisher, contact)
    _themes(g, series, pub)
    g.add((series, DCTERMS.identifier, Literal(str(series))))
    g.add((series, DCTERMS.creator, publisher))
    g.add((series, DCTERMS.accessRights, PUBLIC))
    g.add((series, DCAT.landingPage, _document(g, f"{base}/latest/")))
    g.add((series, FOAF.page, _document(g, f"{base}/latest/methode/")))
    g.add((series, DCTERMS.conformsTo, FRICTIONLESS))
    for keyword in pub.keywords:
        g.add((series, DCAT.keyword, Literal(keyword, lang="nl")))
    g.add((catalog, DCAT.dataset, series))
    if pub.frequency:
        g.add((series, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/" + pub.frequency)))
    if records:
        _coverage(g, series, base + "/#periode", records[0].period_start, records[-1].period_end)
        g.add((series, DCTERMS.issued, Literal(records[0].approved)))
        g.add((series, DCTERMS.modified, Literal(max(r.modified for r in records))))

    previous = None
    for rec in records:
        dataset = _dataset(g, rec, pub, base, publisher, contact, licence)
        g.add((dataset, DCAT.inSeries, series))
        g.add((catalog, DCAT.dataset, dataset))
        if previous is not None:
            g.add((dataset, DCAT.prev, previous))
        previous = dataset
    if records:
        g.add((series, DCAT.first, URIRef(f"{base}/{records[0].number}/#dataset")))
        g.add((series, DCAT.last, URIRef(f"{base}/{records[-1].number}/#dataset")))
    return g


def _dataset(
    g: Graph,
    rec: ReleaseRecord,
    pub: Publication,
    base: str,
    publisher: URIRef,
    contact: URIRef | None,
    licence: URIRef,
) -> URIRef:
    root = f"{base}/{rec.number}/"
    dataset = URIRef(root + "#dataset")
    g.add((dataset, RDF.type, DCAT.Dataset))
    _describe(g, dataset, rec.title, rec.description, publisher, contact)
    _themes(g, dataset, pub)
    g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    g.add((dataset, DCTERMS.creator, publisher))
    g.add((dataset, DCTERMS.accessRights, PUBLIC))
    g.add((dataset, DCAT.version, Literal(rec.version)))
    g.add((dataset, DCTERMS.issued, Literal(rec.approved)))
    g.add((dataset, DCTERMS.modified, Literal(rec.modified)))
    if rec.corrections:
        g.add((dataset, ADMS.versionNotes, Literal(rec.corrections[-1].reason, lang="nl")))
    g.add((dataset, DCAT.landingPage, _document(g, root)))
    g.add((dataset, FOAF.page, _document(g, root + "methode/")))
    g.add((dataset, DCTERMS.conformsTo, FRICTIONLESS))
    _coverage(g, dataset, root + "#periode", rec.period_start, rec.period_end)
    for keyword in rec.keywords:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="nl")))
    for d in rec.downloads:
        g.add((dataset, DCAT.distribution, _distribution(g, d, root, rec, licence)))
    return dataset


def _distribution(g: Graph, d: Download, root: str, rec: ReleaseRecord, licence: URIRef) -> URIRef:
    url = URIRef(f"{root}downloads/{d.name}")
    dist = URIRef(f"{root}downloads/#{d.name}")
    file_type, media_type = FORMATS[Path(d.name).suffix]
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(d.title or d.name)))
    if d.description:
        g.add((dist, DCTERMS.description, Literal(d.description)))
    g.add((url, RDF.type, RDFS.Resource))  # the class DCAT-AP's shapes expect of an URL
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCTERMS.format, URIRef(EU + "file-type/" + file_type)))
    g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
    g.add((dist, DCTERMS.license, licence))
    g.add((dist, DCTERMS.language, LANGUAGE))
    g.add((dist, DCAT.byteSize, Literal(d.bytes, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.issued, Literal(rec.approved)))
    g.add((dist, DCTERMS.modified, Literal(rec.modified)))
    # Every file of the package is described by its datapackage.json (Table Schemas included).
    schema = FRICTIONLESS if d.name == DESCRIPTOR else URIRef(f"{root}downloads/{DESCRIPTOR}")
    g.add((schema, RDF.type, DCTERMS.Standard))
    g.add((dist, DCTERMS.conformsTo, schema))
    checksum = URIRef(f"{dist}-sha256")
    if d.sha256:
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(d.sha256, datatype=XSD.hexBinary)))
        g.add((dist, SPDX.checksum, checksum))
    return dist


def _describe(
    g: Graph,
    node: URIRef,
    title: str,
    description: str,
    publisher: URIRef,
    contact: URIRef | None,
) -> None:
    """What catalogue, series and datasets share: title, description, publisher, contact,
    language and spatial coverage."""
    g.add((node, DCTERMS.title, Literal(title, lang="nl")))
    g.add((node, DCTERMS.description, Literal(description, lang="nl")))
    g.add((node, DCTERMS.publisher, publisher))
    if contact is not None:
        g.add((node, DCAT.contactPoint, contact))
    g.add((node, DCTERMS.language, LANGUAGE))
    g.add((node, DCTERMS.spatial, COUNTRY))


def _themes(g: Graph, node: URIRef, pub: Publication) -> None:
    for code in pub.themes:
        g.add((node, DCAT.theme, URIRef(EU + "data-theme/" + code)))


def _coverage(g: Graph, node: URIRef, iri: str, start: dt.date, end: dt.date) -> None:
    period = URIRef(iri)
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(start)))
    g.add((period, DCAT.endDate, Literal(end)))
    g.add((node, DCTERMS.temporal, period))


def _publisher(g: Graph, pub: Publication, base: str) -> URIRef:
    agent = URIRef(pub.publisher_uri or f"{base}/#uitgever")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, RDF.type, FOAF.Organization))
    g.add((agent, FOAF.name, Literal(pub.publisher, lang="nl")))
    return agent


def _contact_point(g: Graph, pub: Publication, base: str) -> URIRef | None:
    if pub.contact_point is None:
        return None
    cp = pub.contact_point
    contact = URIRef(f"{base}/#contactpunt")
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(cp.name, lang="nl")))
    if cp.email:
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + cp.email)))
    if cp.url:
        g.add((contact, VCARD.hasURL, URIRef(cp.url)))
    return contact


def _licence(g: Graph, pub: Publication) -> URIRef:
    lic = pub.license
    code = EU_LICENCES.get(lic.name)
    licence = URIRef(EU + "licence/" + code) if code else URIRef(lic.path)
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, Literal(lic.title)))
    if code:
        g.add((licence, RDFS.seeAlso, URIRef(lic.path)))
    return licence


def _document(g: Graph, url: str) -> URIRef:
    doc = URIRef(url)
    g.add((doc, RDF.type, FOAF.Document))
    return doc


def _vocabulary_terms(g: Graph, pub: Publication) -> None:
    """Type the code-list terms used, as the DCAT-AP shapes check the class of each value."""
    scheme = URIRef(EU + "data-theme")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal("Data Theme", lang="en")))
    for code in pub.themes:
        theme = URIRef(f"{scheme}/{code}")
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.inScheme, scheme))
        g.add((theme, SKOS.prefLabel, Literal(DATA_THEMES[code], lang="nl")))
    g.add((LANGUAGE, RDF.type, DCTERMS.LinguisticSystem))
    g.add((COUNTRY, RDF.type, DCTERMS.Location))
    g.add((PUBLIC, RDF.type, DCTERMS.RightsStatement))
    g.add((FRICTIONLESS, RDF.type, DCTERMS.Standard))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    if pub.frequency:
        g.add((URIRef(EU + "frequency/" + pub.frequency), RDF.type, DCTERMS.Frequency))
    for file_type, media_type in FORMATS.values():
        g.add((URIRef(EU + "file-type/" + file_type), RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((URIRef(IANA + media_type), RDF.type, DCTERMS.MediaType))


def catalog_turtle(g: Graph) -> str:
    """Turtle; rdflib sorts subjects and predicates, so the output is stable."""
    return g.serialize(format="turtle")


def catalog_jsonld(g: Graph) -> str:
    """JSON-LD with the prefixes as context, nodes and values sorted (rdflib keeps the
    store's order, which varies between runs)."""
    context = {prefix: str(ns) for prefix, ns in g.namespaces()}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    graph = data.get("@graph", [data])
    for node in graph:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    out = {"@context": context, "@graph": sorted(graph, key=lambda n: str(n.get("@id")))}
    return json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- Atom feed, sitemap, robots.txt ----------------------------------------------------------


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of the feed: a release (``order`` 0) or its ``order``-th correction."""

    day: dt.date
    number: int
    order: int
    id: str
    title: str
    link: str
    summary: str


def feed_entries(records: Sequence[ReleaseRecord], site_url: str) -> list[FeedEntry]:
    """One entry per release and one per correction, newest first."""
    base = site_url.rstrip("/")
    entries = []
    for rec in records:
        root = f"{base}/{rec.number}/"
        summary = (
            f"Monitor {rec.number} met peildatum {dutch_date(rec.peildatum)}: de cijfers van "
            f"{dutch_date(rec.period_start)} tot en met {dutch_date(rec.period_end)}."
        )
        entries.append(
            FeedEntry(rec.approved, rec.number, 0, root, f"Uitgave: {rec.title}", root, summary)
        )
        for order, c in enumerate(rec.corrections, start=1):
            entries.append(
                FeedEntry(
                    day=c.date,
                    number=rec.number,
                    order=order,
                    id=f"{root}#versie-{c.version}",
                    title=f"Correctie: {rec.title}, versie {c.version}",
                    link=root,
                    summary="\n".join([c.reason, *(f"- {x}" for x in c.changes)]),
                )
            )
    return sorted(entries, key=lambda e: (e.day, e.number, e.order), reverse=True)


def atom_feed(records: Sequence[ReleaseRecord], pub: Publication, site_url: str) -> str:
    """The Atom feed of ``feed_entries`` (feedgen writes and escapes the XML)."""
    from feedgen.feed import FeedGenerator

    base = site_url.rstrip("/")
    entries = feed_entries(records, site_url)
    fg = FeedGenerator()
    fg.id(f"{base}/feed.xml")
    fg.title(f"{pub.title}: uitgaven en correcties")
    fg.subtitle(pub.description)
    fg.author({"name": pub.publisher})
    fg.link(href=f"{base}/feed.xml", rel="self")
    fg.link(href=f"{base}/latest/", rel="alternate")
    fg.language("nl")
    fg.rights(pub.license.title)
    fg.generator("lvv-publish")  # without a version: the feed changes only with the data
    fg.updated(_midnight(max(e.day for e in entries)))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e.id)
        fe.title(e.title)
        fe.link(href=e.link)
        fe.published(_midnight(e.day))
        fe.updated(_midnight(e.day))
        fe.summary(e.summary)
    return fg.atom_str(pretty=True).decode("utf-8")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(records: Sequence[ReleaseRecord], site_url: str) -> str:
    """Every page of every version: the newest under ``latest/`` (the address readers
    share), older ones under their number. ``<N>/`` of the newest is left out: it is the
    same page as ``latest/``."""
    base = site_url.rstrip("/")
    newest = records[-1]
    urls = [(f"{base}/latest/{page}", newest.modified) for page in newest.pages]
    for rec in reversed(records[:-1]):
        urls += [(f"{base}/{rec.number}/{page}", rec.modified) for page in rec.pages]
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc, lastmod in urls:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="unicode", xml_declaration=True) + "\n"


def robots_txt(site_url: str | None) -> str:
    """Everything may be crawled; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


ABSOLUTE_FILES = ("catalog.ttl", "catalog.jsonld", "feed.xml", "sitemap.xml")


def root_files(
    project: Project, numbers: Sequence[int], site_url: str | None
) -> dict[str, str | None]:
    """The files at the root of ``site/``: ``{name: text}``, ``None`` for a file that must
    not exist (without a site URL there are no absolute addresses to give)."""
    files: dict[str, str | None] = {"robots.txt": robots_txt(site_url)}
    records = release_records(project, numbers)
    if not site_url or not records:
        return {**files, **dict.fromkeys(ABSOLUTE_FILES)}
    pub = load_publication(project.monitors)
    graph = catalog_graph(records, pub, site_url)
    return {
        **files,
        "catalog.ttl": catalog_turtle(graph),
        "catalog.jsonld": catalog_jsonld(graph),
        "feed.xml": atom_feed(records, pub, site_url),
        "sitemap.xml": sitemap(records, site_url),
    }


# --- schema.org on the pages -----------------------------------------------------------------


def dataset_jsonld(
    package: PublishedPackage, approved: dt.date, downloads: Sequence[Download], root: str
) -> dict[str, Any]:
    """The schema.org ``Dataset`` of one release, from its data package.

    ``root`` is the version's address: absolute (``https://…/15/``) with a site URL, else
    relative to the page (``./``, ``../``), which JSON-LD resolves against the page.
    """
    desc = package.descriptor
    monitors, muns = package.monitors, package.municipalities
    lic = desc["licenses"][0]

    def organisations(role: str) -> list[dict[str, str]]:
        return [
            {"@type": "Organization", "name": str(c["title"])}
            for c in desc.get("contributors", [])
            if c.get("role") == role
        ]

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": desc["title"],
        "description": desc["description"],
        "url": root,
        "version": desc["version"],
        "inLanguage": "nl",
        "isAccessibleForFree": True,
        "license": lic.get("path", lic.get("name")),
        "keywords": list(desc.get("keywords", [])),
        "creator": organisations("author"),
        "publisher": organisations("publisher"),
        "datePublished": approved.isoformat(),
        "dateModified": (corrections(desc)[-1].date if corrections(desc) else approved).isoformat(),
        "temporalCoverage": f"{min(monitors['period_start'])}/{max(monitors['period_end'])}",
        "spatialCoverage": [
            {"@type": "AdministrativeArea", "name": str(m["name"]), "identifier": str(m["code"])}
            for _, m in muns.iterrows()
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.name,
                "encodingFormat": d.media_type,
                "contentUrl": f"{root}downloads/{d.name}",
                "contentSize": f"{d.bytes} B",
                **({"description": d.description} if d.description else {}),
                **({"sha256": d.sha256} if d.sha256 else {}),
            }
            for d in downloads
            if Path(d.name).suffix in FORMATS and "/" not in d.name
        ],
    }
    if desc.get("id"):
        data["identifier"] = desc["id"]
    return data
