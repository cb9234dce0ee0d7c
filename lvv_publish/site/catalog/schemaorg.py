"""The schema.org ``Dataset`` that the home and downloads pages of a version embed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...package import PublishedPackage, first_published, published_time
from ..formatting import RECORDED, input_link
from .records import FORMATS, Download


def dataset_jsonld(
    package: PublishedPackage, downloads: Sequence[Download], root: str
) -> dict[str, Any]:
    """The schema.org ``Dataset`` of one release, from its data package.

    ``root`` is the version's address: absolute (``https://…/15/``) with a site URL, else
    relative to the page (``./``, ``../``), which JSON-LD resolves against the page.
    ``datePublished``/``dateModified``: when the release and its current version were
    published, a date-time where it was recorded.
    """
    desc = package.descriptor
    monitors, muns = package.monitors, package.municipalities
    lic = desc["licenses"][0]
    licence = input_link(lic["path"], "license.path", RECORDED) if "path" in lic else lic["name"]

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
        "license": licence,
        "keywords": list(desc.get("keywords", [])),
        "creator": organisations("author"),
        "publisher": organisations("publisher"),
        "datePublished": first_published(desc).value.isoformat(),
        "dateModified": published_time(desc).value.isoformat(),
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
