"""Pages without the theme's indentation: each run of white space that holds a line break,
between tags, becomes one line break.

Material's templates indent their markup and leave a blank line for every Jinja block;
at 350 municipalities x 40 monitors that was about 1.5 MB of a version (issue 11). A browser
shows any run of white space in text as one space, or none at a line's end, so one line
break shows the same as the run it replaces. Left as they are: the content of ``pre``,
``textarea``, ``code``, ``script`` and ``style`` (white space kept, or not HTML), comments,
and everything inside a tag (an attribute's value keeps its own white space).

Hand-written, not a minifier such as minify-html: those also drop quotes around attribute
values and optional end tags, and rewrite inline scripts, whose hashes the pages'
Content-Security-Policy lists; this changes white space only.
"""

from __future__ import annotations

import re

# A raw or pre-formatted element whole, a comment, or one tag (quoted values may hold ">").
_KEPT = re.compile(
    r"<(pre|textarea|code|script|style)\b[^>]*>.*?</\1\s*>"
    r"|<!--.*?-->"
    r"""|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""",
    re.S | re.I,
)
# HTML's white space (not Python's \s, which also matches a no-break space).
_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compact(html: str) -> str:
    out: list[str] = []
    pos = 0
    for kept in _KEPT.finditer(html):
        out.append(_compacted(html[pos : kept.start()]))
        out.append(kept.group(0))
        pos = kept.end()
    out.append(_compacted(html[pos:]))
    return "".join(out)


def _compacted(text: str) -> str:
    # Most text between two tags holds no line break: no substitution to run.
    return _BREAK.sub("\n", text) if "\n" in text else text
