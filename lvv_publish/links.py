"""Which addresses from the inputs may become a link: ``https:``, ``http:`` and ``mailto:``.

A licence path, a contact address, a publisher URI or the site's own address ends up in an
``href``, a Markdown link, the site's configuration or the catalogue. Anything else
(``javascript:``, ``data:``, ``file:``, a scheme hidden behind a tab or a space) is refused,
and so is any character that could end the link where it is written (a space, a quote, a
bracket, a parenthesis): percent-encode those. Links the code builds itself (relative paths
within the site) do not pass through here.

Below the models (their field validators use it) and the site: it imports only ``errors``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import quote

WEB = ("https", "http")
LINKS = (*WEB, "mailto")

# Whitespace and controls (browsers drop them, so "java\tscript:" is javascript:), quotes,
# brackets, parentheses, backslash and backtick: what could close an href, a Markdown link
# or a YAML/Turtle value around the address.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s\"'<>()\[\]{}\\`|^]")


def checked_link(url: str, schemes: tuple[str, ...] = LINKS) -> str:
    """``url`` itself when it is an absolute address of one of ``schemes`` (``https:``,
    ``http:``, ``mailto:``) with nothing that could end the link; ``ValueError`` otherwise,
    with a message for the person who wrote it (a pydantic validator shows it as is)."""
    allowed = ", ".join(f"{s}:" for s in schemes)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ValueError(
            f"{quote(url)} is not an address the site may link to: only {allowed} addresses are "
            "allowed"
        )
    bad = _UNSAFE.search(url)
    if bad:
        raise ValueError(
            f"{quote(url)} is not an address the site may link to: it holds {bad.group()!r}. "
            f"Only {allowed} addresses, with spaces, quotes and brackets percent-encoded"
        )
    if scheme in WEB and not parts.hostname:
        raise ValueError(f"{quote(url)} is not an address the site may link to: it names no host")
    if scheme == "mailto" and "@" not in parts.path:
        raise ValueError(f"{quote(url)} is not an address the site may link to: no e-mail address")
    return url
