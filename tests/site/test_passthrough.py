"""Long tables kept from Python-Markdown's parser (lean/passthrough.py): the pages are the
same bytes, and only what the search index leaves out is put aside."""

from __future__ import annotations

import re

from lvv_publish.package import read_package
from lvv_publish.publish import release, site_inputs
from lvv_publish.site import build as site_build
from lvv_publish.site import render_pages
from lvv_publish.site.lean import Stash, collecting
from lvv_publish.sources import Project, load_monitor

from ..conftest import RELEASE_15_AT, clock_at, copy_project


def test_a_placeholder_is_filled_only_with_its_own_stash():
    stash = Stash()
    table = "<table>\n<tr><td>1</td></tr>\n</table>\n"
    placeholder = stash.put(table)
    # What a user could type: the form of a placeholder, without this build's random key.
    forged = "<!--lvv-0123456789abcdef-0-->"
    assert stash.fill(f"<div>\n{placeholder}</div>\n{forged}") == f"<div>\n{table}</div>\n{forged}"
    assert Stash().fill(placeholder) == placeholder
    assert Stash().key != stash.key


def test_rendered_for_a_build_the_pages_fill_back_to_the_whole_markdown(released):
    package = read_package(released / "datapackage/15")
    inputs = site_inputs(Project(released), package, load_monitor(released / "monitors", 15))
    whole = render_pages(inputs)
    stash = Stash()
    with collecting(stash):
        aside = render_pages(inputs)
    assert aside.keys() == whole.keys()
    assert {k: stash.fill(v) for k, v in aside.items()} == whole
    # The long tables are what is put aside: none is left in an indicator's Markdown.
    indicator = next(k for k in aside if k.startswith("indicator/") and k != "indicator/index.md")
    assert "<table" in whole[indicator] and "<table" not in aside[indicator]
    # Every block is the content of an element the search index leaves out, or a script.
    for page in whole:
        for placeholder in re.findall(rf"<!--lvv-{stash.key}-\d+-->", aside[page]):
            before = aside[page][: aside[page].index(placeholder)]
            block = stash.blocks[placeholder]
            assert block.startswith("<script") or before.rfind("data-search-exclude") > max(
                before.rfind("</div>"), before.rfind("<div>")
            ), (page, block[:80])
    # A bare page is copied as it is, not built: nothing of it is put aside.
    bare = [k for k in aside if k.endswith(".html")]
    assert bare and all(aside[k] == whole[k] for k in bare)
    assert len(stash.blocks) > 50


def test_every_file_is_the_same_as_built_without_it(released, tmp_path, monkeypatch):
    """The search index too: what was put aside is what it leaves out."""
    monkeypatch.setattr(site_build, "collecting", lambda stash: collecting(None))
    root = copy_project(tmp_path / "project", with_packages=False)
    release(Project(root), 15, clock=clock_at(RELEASE_15_AT))  # the time of `released`
    without, with_it = root / "site/15", released / "site/15"
    files = sorted(p.relative_to(with_it) for p in with_it.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(without) for p in without.rglob("*") if p.is_file())
    assert "search/search_index.json" in {str(f) for f in files}
    for f in files:
        assert (with_it / f).read_bytes() == (without / f).read_bytes(), f
        if f.suffix == ".html":
            assert "<!--lvv-" not in (with_it / f).read_text(encoding="utf-8"), f
