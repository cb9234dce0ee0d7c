"""Light pages: Vega only where a chart is, one municipality index instead of a navigation
link each, long tables paged from JSON, the movers, and what the search index holds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from lvv_publish.dutch import signed
from lvv_publish.package import read_package
from lvv_publish.site.contexts import CompareRow, movers
from lvv_publish.site.contexts.overview import largest
from lvv_publish.site.tables import Cell, DataTable, page_url, table_json

from ..htmltables import page

SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def package(released):
    return read_package(released / "datapackage/15")


@pytest.fixture(scope="module")
def site(released) -> Path:
    return released / "site/15"


def cells(package) -> dict[tuple[int, str, str], int | None]:
    obs = package.observations
    return {
        (int(m), str(c), str(i)): (None if pd.isna(v) else int(v))
        for m, c, i, v in zip(
            obs["monitor"], obs["municipality_code"], obs["indicator"], obs["value"], strict=True
        )
    }


def decoded(data: dict) -> list[list[object]]:
    """The rows of a table's JSON, with the columns stored once put back in place."""
    values = data["values"]
    return [
        [values[str(i)][c] if str(i) in values else c for i, c in enumerate(row)]
        for row in data["rows"]
    ]


def test_vega_loads_only_on_pages_with_a_chart(site):
    with_chart = without = 0
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        vega = [s for s in SCRIPT.findall(text) if "vega" in s.rsplit("/", 1)[-1]]
        if "data-lvv-chart=" in text:
            with_chart += 1
            assert [s.rsplit("/", 1)[-1] for s in vega] == [
                "vega.min.js", "vega-interpreter.js", "vega-lite.min.js", "vega-embed.min.js",
            ], html  # fmt: skip
            for src in vega:
                assert (html.parent / src).resolve().is_file(), (html, src)
        else:
            without += 1
            assert vega == [], html
    assert with_chart >= 3 and without >= 10  # overview, municipalities; methode, downloads …


def test_navigation_links_the_municipality_index_not_every_municipality(site, package):
    text = (site / "methode/index.html").read_text(encoding="utf-8")
    links = HREF.findall(text)
    assert "../gemeenten/" in links
    for name in package.municipalities["name"]:
        slug = name.lower()
        assert not any(f"gemeenten/{slug}/" in a for a in links), name


def test_municipality_index_lists_every_municipality_with_its_figures(site, package):
    tables, text = page(site / "gemeenten/index.html")
    header, *rows = tables[0]
    assert header[:3] == ["Gemeente", "CBS-code", "Rol"]
    assert header[3:] == [
        "Capaciteit (monitor 15)",
        "Lopende trajecten (monitor 15)",
        "Toegelaten sinds de start (monitor 15)",
        "Uitgestroomd sinds de start (monitor 15)",
    ]
    muns = package.municipalities
    assert [r[0] for r in rows] == list(muns["name"])
    assert [r[1] for r in rows] == list(muns["code"])
    got = cells(package)
    for row in rows:
        for text_, ind in zip(row[3:], ["1", "2.2", "2", "12"], strict=True):
            value = got[(15, row[1], ind)]
            assert text_ == ("onbekend" if value is None else str(value)), (row[0], ind)
    emmen = next(r for r in rows if r[0] == "Emmen")
    assert emmen[2] == "satellietlocatie van Groningen"
    html = (site / "gemeenten/index.html").read_text(encoding="utf-8")
    assert 'href="../gemeenten/amsterdam/"' in html  # raw HTML: the address from the version's root
    assert "data-lvv-sort" in html and 'data-lvv-filter-text="0 1"' in html


def test_comparison_table_is_paged_from_json_that_equals_the_package(site, package):
    tables, text = page(site / "vergelijking/index.html")
    data = json.loads((site / "tabellen/vergelijking-14-15.json").read_text(encoding="utf-8"))
    assert data["headers"] == [
        "Gemeente", "Code", "Indicator", "Monitor 14", "Monitor 15", "Verschil", "Verschil (%)",
    ]  # fmt: skip
    rows = decoded(data)
    muns = dict(zip(package.municipalities["name"], package.municipalities["code"], strict=True))
    got = cells(package)
    expected = {
        (m, i) for (n, m, i) in got if n in (14, 15)
    }  # every municipality × indicator with a row in either monitor
    assert len(rows) == len(expected) == 234
    for mun, code, _name, a, b, change, _pct in rows:
        assert isinstance(mun, list) and mun[1] == f"gemeenten/{mun[0].lower()}/"
        assert isinstance(code, list) and code[1].startswith("indicatoren/#i-")
        va, vb = got[(14, muns[mun[0]], code[0])], got[(15, muns[mun[0]], code[0])]
        assert a == ("onbekend" if va is None else str(va))
        assert b == ("onbekend" if vb is None else str(vb))
        assert change == signed(None if va is None or vb is None else vb - va)
    # The page holds the first 100 rows (biggest movers first), the same as the JSON's.
    table = next(t for t in tables if t[0][0] == "Gemeente")
    assert len(table) - 1 == 100
    assert [r[:5] for r in table[1:]] == [[r[0][0], r[1][0], r[2], r[3], r[4]] for r in rows[:100]]
    html = (site / "vergelijking/index.html").read_text(encoding="utf-8")
    assert 'data-lvv-rows="../tabellen/vergelijking-14-15.json"' in html
    assert "Hier staan de eerste 100 van de 234 rijen" in text
    assert 'href="../downloads/totaaloverzicht.csv"' in html


def test_movers_are_the_largest_rises_and_falls_of_the_comparison(site):
    data = json.loads((site / "tabellen/vergelijking-14-15.json").read_text(encoding="utf-8"))
    changes = []
    for r in decoded(data):
        if r[5] not in ("onbekend", "n.v.t."):
            changes.append((int(r[5].replace("\u2212", "-")), r[0][0], r[1][0]))
    tables, text = page(site / "vergelijking/index.html")
    rises = next(t for t in tables if t[0][0] == "Stijgingen: gemeente")[1:]
    falls = next(t for t in tables if t[0][0] == "Dalingen: gemeente")[1:]
    assert len(rises) == len(falls) == 10
    top = sorted((c for c in changes if c[0] > 0), key=lambda c: (-c[0], c[2], c[1]))[:10]
    bottom = sorted((c for c in changes if c[0] < 0), key=lambda c: (c[0], c[2], c[1]))[:10]
    assert [(int(r[5].replace("+", "")), r[0], r[1]) for r in rises] == top
    assert [(int(r[5].replace("\u2212", "-")), r[0], r[1]) for r in falls] == bottom
    # The national overview shows the first five of each.
    tables, text = page(site / "landelijk/index.html")
    assert next(t for t in tables if t[0][0] == "Stijgingen: gemeente")[1:] == [
        r[:6] for r in rises[:5]
    ]


def test_movers_leave_out_unknown_and_absent_rows():
    rows = [
        CompareRow("1", "a", "actueel", "A", 10, 30),
        CompareRow("1", "a", "actueel", "B", 10, None),
        CompareRow("1", "a", "actueel", "C", None, 5, absent_a=True),
        CompareRow("2", "b", "actueel", "A", 50, 20),
        CompareRow("2", "b", "actueel", "B", 5, 5),
    ]
    rises, falls = movers(rows)
    assert [(r.municipality, r.change) for r in rises] == [("A", 20)]
    assert [(r.municipality, r.change) for r in falls] == [("A", -30)]


def test_search_index_leaves_out_the_long_tables(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert "gemeenten/eindhoven/" in locations  # the municipality pages are found
    per_municipality = [
        d["text"]
        for d in index["docs"]
        if d["location"].startswith("vergelijking/") and d["location"].endswith("#per-gemeente")
    ]
    assert per_municipality and not any("Amsterdam" in t for t in per_municipality)
    amsterdam = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith("gemeenten/amsterdam/")
    )
    assert "Toegelaten deze periode" not in amsterdam  # its table of every indicator


def test_overview_tables_are_turned_for_a_few_municipalities(site):
    tables, _ = page(site / "landelijk/index.html")
    assert any(t[0][0] == "Reden" for t in tables)  # turned: a column per municipality
    html = (site / "landelijk/index.html").read_text(encoding="utf-8")
    # Six rows need neither a filter nor sorting.
    assert 'data-lvv-filter-text="0"' not in html


def test_charts_show_the_largest_municipalities_when_there_are_many():
    weights = {f"G{i:03d}": i for i in range(30)} | {"unknown": None}
    assert largest(weights, 20) == {f"G{i:03d}" for i in range(10, 30)}
    assert largest({"a": 1, "b": None}, 20) is None


def test_table_json_stores_repeated_columns_once():
    rows = [
        [Cell(m, f"gemeenten/{m.lower()}.md"), Cell(f"{m}{v}")]
        for m in ("A", "B")
        for v in range(3)
    ]
    table = DataTable("t", ["Gemeente", "Waarde"], [False, True], rows)
    data = json.loads(table_json(table))
    assert data["values"] == {"0": [["A", "gemeenten/a/"], ["B", "gemeenten/b/"]]}
    assert data["rows"] == [[0, "A0"], [0, "A1"], [0, "A2"], [1, "B0"], [1, "B1"], [1, "B2"]]
    assert decoded(data)[3] == [["B", "gemeenten/b/"], "B0"]


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("gemeenten/amsterdam.md", "gemeenten/amsterdam/"),
        ("indicatoren.md#i-9-1", "indicatoren/#i-9-1"),
        ("vergelijking/index.md", "vergelijking/"),
        ("index.md", "./"),
        ("methode.md#sum-mismatch", "methode/#sum-mismatch"),
    ],
)
def test_page_url(target, url):
    assert page_url(target) == url


def test_a_note_on_many_unknown_cells_counts_them():
    from lvv_publish.site.figures import unknown_note

    few = tuple((f"G{i}", "5.2") for i in range(2))
    assert unknown_note(few) == "zonder G0 en G1: onbekend"
    many = tuple((f"G{i}", "5.2") for i in range(85))
    assert unknown_note(many) == "zonder 85 gemeenten: onbekend"
    assert unknown_note(many, by_cell=True) == "onbekend: 85 cijfers van 85 gemeenten"


ID = re.compile(r'\bid="([^"]+)"')


def test_every_link_on_the_pages_leads_to_a_file_and_anchor_of_the_site(site):
    """The generated tables are raw HTML (issue 22), whose links MkDocs neither rewrites nor
    checks: every relative address on every page of the version leads to a file of the
    site (a folder: its index.html), and its #anchor to an id of that page."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(ID.findall(path.read_text(encoding="utf-8")))
        return ids[path]

    broken, checked = [], 0
    for path in sorted(site.rglob("*.html")):
        for href in HREF.findall(path.read_text(encoding="utf-8")):
            href = unescape(href)
            if re.match(r"[a-z]+:|//|/", href):
                continue  # another site, mailto:, or the error page's absolute links
            address, _, anchor = href.partition("#")
            target = (path.parent / address.split("?", 1)[0]).resolve() if address else path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            missing = not target.is_file()
            if missing or (anchor and target.suffix == ".html" and anchor not in anchors(target)):
                broken.append((str(path.relative_to(site)), href))
    assert checked > 1000
    assert broken == []
