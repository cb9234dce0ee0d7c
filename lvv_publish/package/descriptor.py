"""The ``datapackage.json`` of a release: its metadata, and a resource per table.

Each resource's title, description and Table Schema come from the table's schema file
(``lvv_publish/data/schemas/``); the package's own metadata from ``monitor.yaml`` and
``publication.yaml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from ..errors import LvvError
from ..models import Correction, table_schema
from ..sources import ReleaseData
from .texts import PACKAGE_FORMAT

PROFILE = "tabular-data-package"


def resource_descriptor(name: str, data: bytes, number: int, carried: str) -> dict[str, Any]:
    """The resource of table ``name`` with the bytes ``data`` of its CSV file, in the package
    of monitor ``number`` (which carries the monitors ``carried``)."""
    schema = table_schema(name)
    assert schema.title is not None and schema.description is not None  # resources have both
    words = {"number": number, "carried": carried}
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": schema.title.nl,
        "description": schema.description.nl.format(**words),
        "en": {"title": schema.title.en, "description": schema.description.en.format(**words)},
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "schema": schema.table_schema(),
    }


def package_descriptor(
    release: ReleaseData,
    tables: dict[str, bytes],
    *,
    version: str | None = None,
    corrections: tuple[Correction, ...] = (),
    published: dt.datetime | None = None,
    texts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` of a release, as a dict (its keys in a fixed order).

    ``tables``: the bytes of each table's CSV file, in the order of the resources;
    ``published``: when the release was first published (None: not recorded, as in packages
    published before lvv-publish recorded it).
    """
    meta, pub = release.monitor, release.publication
    if meta.approval is None:
        raise LvvError(f"monitor {meta.number} has no approval; it cannot be packaged.")
    created = dt.datetime.combine(meta.approval.date, dt.time(0, 0), tzinfo=dt.UTC)
    carried = ", ".join(str(p.monitor) for p in meta.periods)
    n = meta.number
    descriptor: dict[str, Any] = {
        "profile": PROFILE,
        "id": package_id(pub.name, n),
        "name": f"{pub.name}-{n}",
        "title": f"{meta.title} (monitor {n})",
        "description": pub.description,
        "version": version or f"{n}.0.0",
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if published is not None:
        # Not in the spec: when the release was first published, to the second, Amsterdam
        # time; `created` stays the approval date, which the files' bytes depend on.
        descriptor["published"] = published.isoformat(timespec="seconds")
    if pub.site_url:
        descriptor["homepage"] = f"{pub.site_url.rstrip('/')}/{n}/"
    source: dict[str, str] = {"title": meta.source.title}
    if meta.source.url:
        source["path"] = meta.source.url
    descriptor |= {
        # Not in the Data Package spec: the period the figures cover (cumulatief figures count
        # from the pilot start), like DCAT's dct:temporal.
        "temporal": {"start": meta.periods[0].start.isoformat(), "end": meta.peildatum.isoformat()},
        "licenses": [pub.license.model_dump()],
        "sources": [source],
        "contributors": [c.model_dump() for c in pub.contributors],
        "keywords": list(pub.keywords),
        # Not in the spec: the format this package is written in, and its published texts
        # (``texts.py``), so that a later lvv-publish reads it as it was written.
        "lvvFormat": PACKAGE_FORMAT,
        **({"texts": texts} if texts is not None else {}),
        "resources": [resource_descriptor(k, data, n, carried) for k, data in tables.items()],
    }
    if release.revision_base:
        # Not in the spec: which published version of each earlier monitor's figures this
        # release was checked against (its `revised` flags are relative to these).
        descriptor["revisionBase"] = {str(m): v for m, v in sorted(release.revision_base.items())}
    if corrections:
        descriptor["corrections"] = [c.record() for c in corrections]
    return descriptor


def package_id(publication: str, number: int) -> str:
    """A stable, globally unique id for release ``number`` (the same for its corrections)."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"urn:lvv-publish:{publication}:{number}")
    )
