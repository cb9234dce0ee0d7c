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

# A raw or pre-formatted element whole, a comment, or one tag (quoted values may hold ">"):
# one group round the whole, so that ``split`` gives text and what is kept in turn.
_KEPT = re.compile(
    r"(<(?P<raw>pre|textarea|code|script|style)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<!--.*?-->"
    r"""|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)""",
    re.S | re.I,
)
# HTML's white space (not Python's \s, which also matches a no-break space).
_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
# A line break with white space beside it: text without one is as compact as it gets.
_LOOSE = re.compile(r"[ \t\r\f]\n|\n[ \t\r\n\f]")


def compact(html: str) -> str:
    # ``split`` in C, not a Python step per tag (version 40 of 350 x 40 has some two million
    # tags), and most bits of text between them hold no run to replace. It gives the text,
    # the kept part and the raw element's name (or None), in turn.
    parts: list[str | None] = _KEPT.split(html)
    for i in range(0, len(parts), 3):
        text = parts[i]
        if text and _LOOSE.search(text):
            parts[i] = _BREAK.sub("\n", text)
    del parts[2::3]
    return "".join(parts)  # type: ignore[arg-type]  # the names are gone: strings only
