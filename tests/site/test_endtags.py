"""Tables without the end tags HTML lets a page leave out (lean/endtags.py): every page
builds the same document in an HTML5 parser, as a browser builds it."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from lvv_publish.site import build as site_build
from lvv_publish.site import render as site_render
from lvv_publish.site.lean import without_end_tags

from ..conftest import pages_beside


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n<tr>\n<td>3</td>\n</tr>\n</tbody>",
            "<tbody>\n<tr>\n<td>1<td>2<tr>\n<td>3</tbody>",
        ),
        ("<thead><tr><th>a</th><th>b</th></tr></thead>", "<thead><tr><th>a<th>b</thead>"),
        ('<tr><td>1</td><th scope="row">x</th></tr></table>', '<tr><td>1<th scope="row">x</table>'),
        ("<tr><td>1</td>\n<td class='a'>2</td></tr><tr >", "<tr><td>1<td class='a'>2<tr >"),
        ("<td>1</td> <p>", "<td>1</td> <p>"),  # not before a cell or a row's end: kept
        ("<td>1</td><thead>", "<td>1</td><thead>"),  # <thead> is not <th>
        ("<tr><td>1</td></tr><tfoot>", "<tr><td>1</tr><tfoot>"),  # no row end before <tfoot>
        ("<TD>1</TD><TD>", "<TD>1</TD><TD>"),  # the site writes lower case; left alone
        ("<pre></td><td></pre>", "<pre></td><td></pre>"),
        ('<script>x = "</td><td>";</script>', '<script>x = "</td><td>";</script>'),
        ("<!-- </td><td> -->", "<!-- </td><td> -->"),
        ("<code></tr><tr></code><td>1</td></tr>", "<code></tr><tr></code><td>1</tr>"),
        ("no tables here", "no tables here"),
        # Inside a tag's value, a title or a template: kept, as a browser reads them there.
        ('<td title="1</td><td>2">x</td><td>', '<td title="1</td><td>2">x<td>'),
        ("<td data-x='</tr><tr>'>x</td></tr>", "<td data-x='</tr><tr>'>x</tr>"),
        ("<title>a</td><td>b</title>", "<title>a</td><td>b</title>"),
        ("<template><td>1</td><td>2</td></template>", "<template><td>1</td><td>2</td></template>"),
        (
            '<th scope="row">x</th>\n<td class="n">1</td>\n</tr>',
            '<th scope="row">x<td class="n">1</tr>',
        ),
    ],
)
def test_without_end_tags(html, expected):
    assert without_end_tags(html) == expected


# Elements whose white-space text a browser shows nowhere: it is in no cell.
TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr"}


def document(text: str) -> list[tuple]:
    """The page as an HTML5 parser builds it: elements, attributes and text, without the
    white space that sits between a table's cells and rows."""
    root = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    out: list[tuple] = []

    def kept(parent: str, text: str | None) -> bool:
        return bool(text) and not (parent in TABLE_PARTS and text.isspace())

    def walk(element) -> None:
        out.append(("start", element.tag, tuple(sorted(element.attrib.items()))))
        if kept(element.tag, element.text):
            out.append(("text", element.text))
        for child in element:
            walk(child)
            if kept(element.tag, child.tail):
                out.append(("text", child.tail))
        out.append(("end", element.tag))

    walk(root)
    return out


def test_every_page_builds_the_same_document_as_with_its_end_tags(released, tmp_path, monkeypatch):
    for stage in (site_build, site_render):
        monkeypatch.setattr(stage, "without_end_tags", lambda html: html)
    before, after, pages = pages_beside(released, tmp_path)
    shortened = 0
    for page in pages:
        old, new = (before / page).read_text("utf-8"), (after / page).read_text("utf-8")
        assert document(new) == document(old), page
        shortened += old != new
    # The municipality pages, the indicator pages and the charts' own pages all have tables.
    assert shortened > 40
    assert "</td>" in (before / "gemeenten/groningen/index.html").read_text("utf-8")
    size = {site: sum((site / p).stat().st_size for p in pages) for site in (before, after)}
    assert size[after] < 0.97 * size[before], size


def test_the_parser_sees_a_difference_where_there_is_one():
    """The comparison above can fail: a cell moved to the next row is another document."""
    with_tags = "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"
    moved = "<table><tr><td>1<tr><td>2<td>3</table>"
    assert document(with_tags) == document(without_end_tags(with_tags))
    assert document(with_tags) != document(moved)


def test_the_tests_table_reader_reads_what_an_html5_parser_reads(released):
    """The tests' own table reader (tests/htmltables.py) gives the cells an HTML5 parser
    builds, on pages that leave out their end tags."""
    from ..htmltables import page

    for name in ("gemeenten/groningen", "indicator/9-1-4", "grafieken/hasa"):
        path = Path(released / f"site/15/{name}/index.html")
        root = html5lib.parse(path.read_text("utf-8"), "etree", namespaceHTMLElements=False)
        parsed = [
            [
                [" ".join("".join(cell.itertext()).split()) for cell in row]
                for row in table.iter("tr")
            ]
            for table in root.iter("table")
        ]
        tables, _ = page(path)
        assert tables == parsed and len(tables) >= 1, name
