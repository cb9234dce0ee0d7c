"""``formatting.md``, the one escaping of text from the inputs for Markdown, rendered with the
site's own Markdown extensions: a hostile value in every place a template prints one (a
paragraph, a heading with an anchor, a list item, a table cell, a link's text, an
admonition's body, bold text, an md_in_html block) adds no element, attribute or admonition
to what plain text gives there, and its text is shown as written (on one line)."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from lvv_publish.site.formatting import html, md

from ..hostile_strings import HOSTILE

# Where a value lands in a page: a paragraph, a heading, a list item, a table cell …
PLACES = [
    "{v}",
    "Tekst: {v}",
    "# {v}",
    "## {v} {{ #anker }}",  # {{ }}: a brace of the place itself (str.format)
    "- {v}",
    "| A | B |\n|---|---|\n| {v} | x |",
    "[{v}](a.md)",
    '!!! warning "Let op"\n    Tekst: {v}\n',
    "> {v}",
    "tekst\n{v}",
    "**{v}**",
    "<div markdown>\n\n{v}\n\n</div>",
]
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]
# What md drops: controls and bidi overrides are no text.
DROPPED = dict.fromkeys(map(ord, "\x00\x1b\u202e"))


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...], str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(n for n, _ in attrs)), dict(attrs).get("class")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(source: str) -> _Html:
    page = _Html()
    page.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return page


@pytest.mark.parametrize("place", PLACES)
def test_hostile_text_adds_no_markup_and_reads_as_written(place: str) -> None:
    plain = _render(place.format(v="Gewone tekst"))
    for value in HOSTILE:
        page = _render(place.format(v=md(value)))
        assert page.tags == plain.tags, (place, value)
        written = " ".join(value.translate(DROPPED).split())
        assert written in " ".join("".join(page.text).split()), (place, value)


# Where a value lands in the tables the templates write as raw HTML (issue 22): Python-Markdown
# passes the block through, so nothing in it is Markdown.
HTML_PLACES = [
    '<div class="lvv-data" data-search-exclude>\n<table>\n<tbody>\n'
    "<tr><td>{v}</td><td>1</td></tr>\n</tbody>\n</table>\n</div>",
    "<table>\n<thead>\n<tr><th>{v}</th></tr>\n</thead>\n</table>",
    '<div>\n<p>Gegevens bij de grafiek "{v}":</p>\n<table><tbody><tr><td><a href="../x/">'
    "{v}</a></td><td><strong>{v}</strong></td></tr></tbody></table>\n</div>",
]


@pytest.mark.parametrize("place", HTML_PLACES)
def test_hostile_text_in_raw_html_tables_adds_no_markup(place: str) -> None:
    plain = _render(f"Tekst.\n\n{place.format(v='Gewone tekst')}\n\nMeer tekst.")
    for value in HOSTILE:
        page = _render(f"Tekst.\n\n{place.format(v=html(value))}\n\nMeer tekst.")
        assert page.tags == plain.tags, (place, value)
        written = " ".join(value.translate(DROPPED).split())
        assert written in " ".join("".join(page.text).split()), (place, value)


def test_plain_text_is_left_alone() -> None:
    for text in ("Utrecht", "Den Haag", "Ter Apel - Groningen", "hasa's", "15 - mei 24"):
        assert md(text) == text
    assert md("Justitie & Veiligheid") == "Justitie &amp; Veiligheid"
    assert md("**990 personen**") == "\\*\\*990 personen\\*\\*"
    assert md("2024. Een jaar") == "2024\\. Een jaar"
    assert md("a\u2028b\tc\r\nd ") == "a b c  d"
    assert html("Justitie & Veiligheid **x** <b>") == "Justitie &amp; Veiligheid **x** &lt;b&gt;"
    assert html(" a\u2028b\u202e\tc ") == "a b c"
