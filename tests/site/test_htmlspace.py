"""Pages without the theme's indentation (htmlspace.py): only white space changes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lvv_publish.site import build as site_build
from lvv_publish.site.lean.htmlspace import compact

from ..conftest import pages_beside


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<ul>\n    <li>a</li>\n\n    <li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("<span>\n  \n    Home\n  \n</span>", "<span>\nHome\n</span>"),
        ("<p>one two  three</p>", "<p>one two  three</p>"),  # no line break: left alone
        ("<p>a\u00a0\n  b</p>", "<p>a\u00a0\nb</p>"),  # a no-break space is not white space
        ("<pre>x\n    y\n\n</pre>\n  <p>", "<pre>x\n    y\n\n</pre>\n<p>"),
        ("<pre><code>  a\n    b</code></pre>", "<pre><code>  a\n    b</code></pre>"),
        ("<p><code>a\n   b</code></p>", "<p><code>a\n   b</code></p>"),
        ("<script>if (a)\n    b();</script>", "<script>if (a)\n    b();</script>"),
        ("<style>\n  p { x: y }\n</style>", "<style>\n  p { x: y }\n</style>"),
        ("<textarea>\n  kept\n</textarea>", "<textarea>\n  kept\n</textarea>"),
        ("<!-- a\n     b -->\n   <p>", "<!-- a\n     b -->\n<p>"),
        ('<a title="x >\n    y">\n   z</a>', '<a title="x >\n    y">\nz</a>'),
        ("<PRE>\n  a</PRE >  \n  b", "<PRE>\n  a</PRE >\nb"),
    ],
)
def test_compact(html, expected):
    assert compact(html) == expected


class _Shown(HTMLParser):
    """A page as a browser reads it: tags with their attributes, and text with each run of
    white space as one space, except where white space is kept."""

    KEEP = {"pre", "textarea", "code", "script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.items: list[tuple] = []
        self.kept = 0

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, tuple(attrs)))
        self.kept += tag in self.KEEP

    def handle_endtag(self, tag):
        self.items.append(("end", tag))
        self.kept -= tag in self.KEEP

    def handle_data(self, data):
        text = data if self.kept else re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.items and self.items[-1][0] == "text":  # the parser may split text
            text = self.items.pop()[1] + text
        self.items.append(("text", text))

    def handle_comment(self, data):
        self.items.append(("comment", data))

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_decl(self, decl):
        self.items.append(("decl", decl))


def shown(page: Path) -> list[tuple]:
    parser = _Shown()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.items


def test_every_page_shows_the_same_as_with_the_themes_indentation(released, tmp_path, monkeypatch):
    monkeypatch.setattr(site_build, "compact", lambda html: html)
    before, after, pages = pages_beside(released, tmp_path)
    assert len(pages) > 20
    for page in pages:
        assert shown(after / page) == shown(before / page), page
    size = {site: sum((site / p).stat().st_size for p in pages) for site in (before, after)}
    assert size[after] < 0.9 * size[before], size
