"""The asset set the versions share (``site/assets.py``): its name, and each page's
addresses sent to it."""

from __future__ import annotations

from lvv_publish.site.assets import assets_digest, shared_references

NAME = "0123456789abcdef"


def test_every_kind_of_address_of_the_versions_assets_goes_to_the_shared_set():
    page = (
        '<link rel="stylesheet" href="../../assets/stylesheets/main.css">\n'
        '<script src="../../assets/lvv.js"></script>\n'
        '<link rel="icon" href="assets/images/favicon.png">\n'
        '<script id="__config" type="application/json">'
        '{"base": "../..", "search": "../../assets/javascripts/workers/search.js"}</script>\n'
        '<link href="/40/assets/lvv.css"><script src="/lvv-publish/7/assets/lvv.js"></script>\n'
    )
    assert shared_references(page, NAME) == (
        f'<link rel="stylesheet" href="../../../assets/{NAME}/stylesheets/main.css">\n'
        f'<script src="../../../assets/{NAME}/lvv.js"></script>\n'
        f'<link rel="icon" href="../assets/{NAME}/images/favicon.png">\n'
        '<script id="__config" type="application/json">'
        f'{{"base": "../..", "search": "../../../assets/{NAME}/javascripts/workers/search.js"}}'
        "</script>\n"
        f'<link href="/assets/{NAME}/lvv.css"><script src="/lvv-publish/assets/{NAME}/lvv.js">'
        "</script>\n"
    )


def test_other_addresses_and_text_are_left_alone():
    page = (
        '<a href="../../downloads/assets/x.csv">x</a>'
        '<a href="https://example.org/assets/a.js">a</a>'
        '<img src="//cdn.example.org/1/assets/b.png">'
        '<a href="/latest/assets/">c</a>'
        "<p>The file assets/lvv.js and href=assets/lvv.css in a text.</p>"
        '<p>Text as a reader typed it: &lt;script src="../assets/lvv.js"&gt; and '
        '"search": "assets/x.js", <code>&lt;a href="assets/lvv.css"&gt;</code></p>'
    )
    assert shared_references(page, NAME) == page


def test_the_name_is_a_digest_of_every_file_path_and_byte(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "lvv.js").write_text("one")
    (tmp_path / "b.css").write_text("two")
    name = assets_digest(tmp_path)
    assert len(name) == 16 and int(name, 16) >= 0
    assert assets_digest(tmp_path) == name
    (tmp_path / "b.css").write_text("twO")
    changed = assets_digest(tmp_path)
    assert changed != name
    (tmp_path / "b.css").rename(tmp_path / "c.css")
    assert assets_digest(tmp_path) not in (name, changed)
