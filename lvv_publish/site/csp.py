"""The Content-Security-Policy of every page: scripts only from the site itself.

The policy goes into each HTML file as a ``<meta http-equiv>`` tag (GitHub Pages cannot send
headers), before any script. It allows scripts from the site's own origin and, by their
SHA-256, the few small inline scripts the theme writes into each page (Material's scope
set-up, which differs per page depth, and its check of the version and of a tab's
anchor); no ``'unsafe-inline'``, no ``'unsafe-eval'``: Vega evaluates its expressions with
the vendored vega-interpreter (``assets/lvv.js``).
JSON in ``<script type="application/ld+json">`` (schema.org) is data, not run, and needs no
hash; the charts' specs are scripts of the site's own (``vegalite.spec_script``). Styles may
be inline (vega-embed and the theme set them), images may be ``data:`` URLs (the PNG/SVG
export of a chart).
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.IGNORECASE)
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` of every inline script the browser would run, in page order."""
    hashes = []
    for m in _SCRIPT.finditer(html):
        attrs = m["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") not in _RUN_TYPES:
            continue
        digest = hashlib.sha256(m["body"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return list(dict.fromkeys(hashes))


def with_policy(html: str) -> str:
    """``html`` with its Content-Security-Policy meta tag (replacing an earlier one)."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
    hashes = "".join(f" {h}" for h in inline_script_hashes(html))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    match = _HEAD.search(html)
    if match is None:
        raise ValueError("an HTML page without <head>: cannot add its Content-Security-Policy")
    return html[: match.end()] + "\n" + tag + html[match.end() :]
