"""The DCAT-AP-NL 3.0 catalogue of the releases, built with rdflib.

``dct:issued`` and ``dct:modified`` are ``xsd:dateTime`` where the time of publication was
recorded, ``xsd:date`` (the day) for versions published before that; the profile takes both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ...models import Publication
from ..formatting import input_link
from .records import DESCRIPTOR, FORMATS, Download, ReleaseRecord

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
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "adms": ADMS,
    "spdx": SPDX,
    "rdfs": RDFS,
    "xsd": XSD,
}


@dataclass(frozen=True)
class _Common:
    """What every node of the catalogue refers to."""

    base: str
    publisher: URIRef
    contact: URIRef | None
    licence: URIRef
    themes: tuple[URIRef, ...]


def catalog_graph(records: Sequence[ReleaseRecord], pub: Publication, site_url: str) -> Graph:
    """The DCAT-AP-NL 3.0 catalogue: one dataset per release, in one dataset series."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    base = site_url.rstrip("/")
    common = _Common(
        base=base,
        publisher=_publisher(g, pub, base),
        contact=_contact_point(g, pub, base),
        licence=_licence(g, pub),
        themes=tuple(URIRef(EU + "data-theme/" + code) for code in pub.themes),
    )
    _vocabulary_terms(g, pub)
    catalog = URIRef(f"{base}/#catalogus")
    g.add((catalog, RDF.type, DCAT.Catalog))
    _describe(g, catalog, f"Catalogus {pub.title}", pub.description, common)
    g.add((catalog, DCTERMS.creator, common.publisher))
    g.add((catalog, DCTERMS.license, common.licence))
    g.add((catalog, FOAF.homepage, _document(g, f"{base}/latest/")))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    series = _series(g, records, pub, common)
    g.add((catalog, DCAT.dataset, series))
    datasets = [_dataset(g, rec, common) for rec in records]
    for i, dataset in enumerate(datasets):
        g.add((catalog, DCAT.dataset, dataset))
        g.add((dataset, DCAT.inSeries, series))
        if i:
            g.add((dataset, DCAT.prev, datasets[i - 1]))
    if datasets:
        g.add((series, DCAT.first, datasets[0]))
        g.add((series, DCAT.last, datasets[-1]))
    return g


def _series(
    g: Graph, records: Sequence[ReleaseRecord], pub: Publication, common: _Common
) -> URIRef:
    series = URIRef(f"{common.base}/#reeks")
    # A series is a dataset (DCAT 3: dcat:DatasetSeries rdfs:subClassOf dcat:Dataset); the
    # entailed type is stated, as the shapes check the class of dcat:dataset without inference.
    g.add((series, RDF.type, DCAT.DatasetSeries))
    g.add((series, RDF.type, DCAT.Dataset))
    _describe(g, series, pub.title, pub.description, common)
    _about_a_dataset(g, series, f"{common.base}/latest/", common)
    for keyword in pub.keywords:
        g.add((series, DCAT.keyword, Literal(keyword, lang="nl")))
    if pub.frequency:
        g.add((series, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/" + pub.frequency)))
    if records:
        start, end = records[0].period_start, records[-1].period_end
        _coverage(g, series, f"{common.base}/#periode", start, end)
        first = min(records, key=lambda r: r.published.key())
        last = max(records, key=lambda r: r.modified.key())
        g.add((series, DCTERMS.issued, Literal(first.published.value)))
        g.add((series, DCTERMS.modified, Literal(last.modified.value)))
    return series


def _dataset(g: Graph, rec: ReleaseRecord, common: _Common) -> URIRef:
    root = f"{common.base}/{rec.number}/"
    dataset = URIRef(root + "#dataset")
    g.add((dataset, RDF.type, DCAT.Dataset))
    _describe(g, dataset, rec.title, rec.description, common)
    _about_a_dataset(g, dataset, root, common)
    g.add((dataset, DCAT.version, Literal(rec.version)))
    g.add((dataset, DCTERMS.issued, Literal(rec.published.value)))
    g.add((dataset, DCTERMS.modified, Literal(rec.modified.value)))
    if rec.corrections:
        g.add((dataset, ADMS.versionNotes, Literal(rec.corrections[-1].reason, lang="nl")))
    _coverage(g, dataset, root + "#periode", rec.period_start, rec.period_end)
    for keyword in rec.keywords:
        g.add((dataset, DCAT.keyword, Literal(keyword, lang="nl")))
    for d in rec.downloads:
        g.add((dataset, DCAT.distribution, _distribution(g, d, root, rec, common.licence)))
    return dataset


def _about_a_dataset(g: Graph, node: URIRef, landing_page: str, common: _Common) -> None:
    """What DCAT-AP-NL asks of every dataset (the series included) beyond ``_describe``."""
    g.add((node, DCTERMS.identifier, Literal(str(node))))
    g.add((node, DCTERMS.creator, common.publisher))
    g.add((node, DCTERMS.accessRights, PUBLIC))
    for theme in common.themes:
        g.add((node, DCAT.theme, theme))
    g.add((node, DCAT.landingPage, _document(g, landing_page)))
    g.add((node, FOAF.page, _document(g, landing_page + "methode/")))
    g.add((node, DCTERMS.conformsTo, FRICTIONLESS))


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
    g.add((dist, DCTERMS.issued, Literal(rec.published.value)))
    g.add((dist, DCTERMS.modified, Literal(rec.modified.value)))
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


def _describe(g: Graph, node: URIRef, title: str, description: str, common: _Common) -> None:
    """What catalogue, series and datasets share: title, description, publisher, contact,
    language and spatial coverage."""
    g.add((node, DCTERMS.title, Literal(title, lang="nl")))
    g.add((node, DCTERMS.description, Literal(description, lang="nl")))
    g.add((node, DCTERMS.publisher, common.publisher))
    if common.contact is not None:
        g.add((node, DCAT.contactPoint, common.contact))
    g.add((node, DCTERMS.language, LANGUAGE))
    g.add((node, DCTERMS.spatial, COUNTRY))


def _coverage(g: Graph, node: URIRef, iri: str, start: dt.date, end: dt.date) -> None:
    period = URIRef(iri)
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(start)))
    g.add((period, DCAT.endDate, Literal(end)))
    g.add((node, DCTERMS.temporal, period))


def _publisher(g: Graph, pub: Publication, base: str) -> URIRef:
    uri = pub.publisher_uri and input_link(pub.publisher_uri, "publisher_uri")
    agent = URIRef(uri or f"{base}/#uitgever")
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
        email = input_link("mailto:" + cp.email, "contact_point.email")
        g.add((contact, VCARD.hasEmail, URIRef(email)))
    if cp.url:
        g.add((contact, VCARD.hasURL, URIRef(input_link(cp.url, "contact_point.url"))))
    return contact


def _licence(g: Graph, pub: Publication) -> URIRef:
    lic = pub.license
    input_link(lic.path, "license.path")
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
