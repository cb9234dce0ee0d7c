"""The theme's and our scripts and styles once for the whole site, at ``site/assets/<set>/``.

Every version used to carry its own copy of Material's and our scripts and styles (1.3 MB,
about 50 MB over 40 versions at national scale: issue 22). A version built for publication
(``build_site(..., share_assets=True)``) names a shared set instead:

- ``assets_digest`` names the set by a SHA-256 of its files: every version one tool builds
  names the same set, and an upgrade that changes any file makes a new set while an older
  version keeps its own;
- ``shared_references`` sends each page's ``<depth>assets/…`` to
  ``<depth>../assets/<set>/…``: the ``href`` and ``src`` attributes, the theme's
  search-worker address in ``__config``, and the absolute ``/<N>/assets/…`` of a version's
  ``404.html``.

The tree inside a set is the version's ``assets/`` as it was built, because Material's search
worker loads ``../lunr/`` next to itself. The publish stage moves the set out of the version
and keeps at ``site/assets/`` the sets the published versions name. A version built alone
(tests, ``release --keep-source``'s bare build) keeps its own ``assets/``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ASSETS = "assets"
# 64 bits of the digest: enough to tell a handful of sets apart, short in every address.
_SET_NAME_LENGTH = 16

# An address of the version's ``assets/``: relative (``../../assets/``, ``assets/``) on a page
# of the version; absolute (``/40/assets/``, ``/lvv/40/assets/``) on its ``404.html``, which
# MkDocs writes for any depth.
_ADDRESS = r"(?:(?P<up>(?:\.\./)*)|(?P<root>/(?:[^\"/\s]+/)*?)\d+/)assets/"
# Where a page names one: an ``href`` or ``src`` in a tag (a real ``<``: text shows it as
# ``&lt;``, so a reader's text that looks like one is left alone), and the search worker in
# the theme's ``__config`` JSON (which escapes ``<``).
_REFERENCES = (
    re.compile(r'(?P<lead><[a-zA-Z][^<>]*?\s(?:href|src)=")' + _ADDRESS),
    re.compile(
        r'(?P<lead><script id="__config" type="application/json">[^<]*?"search": ")' + _ADDRESS
    ),
)


def assets_digest(folder: Path) -> str:
    """The name of the asset set in ``folder``: a digest of every file's path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:_SET_NAME_LENGTH]


def shared_references(html: str, name: str) -> str:
    """``html`` with every address of the version's ``assets/`` sent to the shared set
    ``name`` at the site's root (one level up from the version's folder)."""

    def shared(m: re.Match[str]) -> str:
        if m["root"] is not None:
            return f"{m['lead']}{m['root']}{ASSETS}/{name}/"
        return f"{m['lead']}{m['up']}../{ASSETS}/{name}/"

    for reference in _REFERENCES:
        html = reference.sub(shared, html)
    return html
