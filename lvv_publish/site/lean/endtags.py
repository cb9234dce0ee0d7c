"""Tables without the end tags that HTML lets a page leave out (issue 22).

HTML ends a table cell where the next cell or the row's end begins, and a row where the
next row or the end of its group (``tbody``, ``thead``, ``tfoot``, ``table``) begins: the
end tags ``</td>``, ``</th>`` and ``</tr>`` may be omitted there (HTML Living Standard,
"Optional tags"), and every browser builds the same table. At 350 municipalities x 40
monitors those tags, with the line break after each, were some 108 MB of the 1.46 GB site:
the indicator pages' tables of every municipality in every monitor hold some 14,000 cells
each.

Only those three end tags go, and only before what ends them anyway; the white space between
a cell's end and the next cell or row goes with them (a browser puts it in no cell). Left
as they are: the content of ``pre``, ``textarea``, ``code``, ``script``, ``style``,
``title``, ``noscript`` and ``template``, comments, and every tag with attributes (a
value may hold ``</td>``, should one ever be written unescaped). Upper-case tags too: the
site writes none. The tests compare every page of a release with the page as it was, as an
HTML5 parser builds them (``tests/site/test_endtags.py``).

Hand-written, not a minifier such as minify-html, for the reason given in ``htmlspace.py``:
those also rewrite inline scripts, whose hashes the pages' Content-Security-Policy lists.
"""

from __future__ import annotations

import re

_SPACE = "[ \t\r\n\f]*"
# One pass: what is kept is matched whole (and given back), so that nothing inside it can
# match the end tags after it.
_TOKEN = re.compile(
    r"(?P<kept>(?i:<(?P<raw>pre|textarea|code|script|style|title|noscript|template)\b[^>]*>"
    r".*?</(?P=raw)\s*>|<!--.*?-->"
    r"""|<[a-z][^\s>"'/]*[\s/](?:[^>"']|"[^"]*"|'[^']*')*>))"""
    # A cell's end before the next cell or the end of its row.
    rf"|</t[dh]>{_SPACE}(?=<t[dh][ \t\r\n\f/>]|</tr>)"
    # A row's end before the next row or the end of its group.
    rf"|</tr>{_SPACE}(?=<tr[ \t\r\n\f/>]|</(?:tbody|thead|tfoot|table)>)",
    re.S,
)


def without_end_tags(html: str) -> str:
    """``html`` without the cell and row end tags it may leave out (see module doc)."""
    if "</t" not in html:
        return html
    # ``split`` in C rather than ``sub`` with a Python call per match: it gives the text,
    # then ``kept`` (None for an end tag that goes) and ``raw``, in turn.
    parts = _TOKEN.split(html)
    del parts[2::3]
    return "".join(filter(None, parts))
