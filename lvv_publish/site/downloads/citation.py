"""How to cite a version: ``citeer.json`` (CSL-JSON) and ``citeer.bib`` (BibTeX) in
``/<N>/downloads/``, and the same citation as text on the home and downloads pages.

Each cites the version at its dated, stable address (``<site URL>/<N>/``, never ``latest/``),
with the version and publication date its ``datapackage.json`` records (the last correction's,
for a corrected release). CSL-JSON is written with ``json``. BibTeX by hand: the Python
libraries for it (bibtexparser, pybtex) are parsers first, and leave turning text into LaTeX
to optional encoding steps (bibtexparser 2's middleware, pybtex's LaTeX codec, with known
round-trip problems such as pybtex issue 118), a dependency for one entry. The format needs
little: one entry, its specials escaped here (``bibtex_text``, pinned by
``tests/site/test_citation.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ...package import PublishedPackage, published_time
from ..formatting import site_address

CSL_NAME = "citeer.json"
BIBTEX_NAME = "citeer.bib"


@dataclass(frozen=True)
class Citation:
    """One version as a reference: ``url`` is None without a site URL (no address to
    give); ``issued`` is the day the version was published."""

    key: str
    title: str
    author: str
    publisher: str
    version: str
    issued: str
    url: str | None


def _contributor(descriptor: dict[str, Any], role: str, default: str) -> str:
    for c in descriptor.get("contributors", []):
        if c.get("role") == role and c.get("title"):
            return str(c["title"])
    return default


def citation(package: PublishedPackage, number: int, site_url: str | None) -> Citation:
    """The citation of release ``number`` as published in ``package``."""
    desc = package.descriptor
    author = _contributor(desc, "author", "")
    base = site_address(site_url)
    return Citation(
        key=str(desc["name"]),
        title=str(desc.get("title", desc["name"])),
        author=author,
        publisher=_contributor(desc, "publisher", author),
        version=str(desc["version"]),
        issued=published_time(desc).day.isoformat(),
        url=f"{base.rstrip('/')}/{number}/" if base else None,
    )


def csl_json(c: Citation) -> bytes:
    """The citation as CSL-JSON (a list of one item of type ``dataset``)."""
    year, month, day = (int(x) for x in c.issued.split("-"))
    item: dict[str, Any] = {
        "id": c.key,
        "type": "dataset",
        "title": c.title,
        "author": [{"literal": c.author}] if c.author else [],
        "publisher": c.publisher,
        "issued": {"date-parts": [[year, month, day]]},
        "version": c.version,
        "language": "nl",
    }
    if c.url:
        item["URL"] = c.url
    return (json.dumps([item], ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


# BibTeX's specials as LaTeX text; a backslash first, so that the escapes stay whole.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "@": r"{@}",
}
_SPECIAL = re.compile("|".join(re.escape(k) for k in _BIBTEX))


def bibtex_text(text: str) -> str:
    """``text`` as the value of a BibTeX field: specials escaped, every run of white space
    (line breaks, tabs) and control characters one space, so nothing ends the entry early."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return _SPECIAL.sub(lambda m: _BIBTEX[m.group(0)], flat)


def bibtex(c: Citation) -> bytes:
    """The citation as a BibTeX ``@misc`` entry (``@dataset`` is biblatex's only)."""
    fields = [
        ("title", "{" + bibtex_text(c.title) + "}"),  # double braces: keep its capitals
        ("author", "{" + bibtex_text(c.author) + "}"),
        ("publisher", bibtex_text(c.publisher)),
        ("year", c.issued[:4]),
        ("date", c.issued),
        ("version", bibtex_text(c.version)),
        ("note", f"Dataset, versie {bibtex_text(c.version)}"),
        ("language", "dutch"),
    ]
    if c.url:
        # A URL field is read verbatim; its braces and backslashes (not in a checked site
        # address, but never trusted) are percent-encoded.
        url = c.url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
        fields.append(("url", url))
        fields.append(("howpublished", "\\url{" + url + "}"))
    key = re.sub(r"[^A-Za-z0-9_.:-]", "-", c.key) + ":" + c.version
    lines = [f"@misc{{{key},"] + [f"  {name} = {{{value}}}," for name, value in fields] + ["}"]
    return ("\n".join(lines) + "\n").encode()


def text_citation(c: Citation) -> str:
    """The citation as the pages show it (plain text; the template escapes it)."""
    who = c.author or c.publisher
    day = c.issued
    where = f" {c.url}" if c.url else ""
    return f"{who} ({day[:4]}). {c.title} (versie {c.version}) [Dataset]. {c.publisher}.{where}"
