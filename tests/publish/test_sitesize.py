"""The whole site's size against GitHub Pages' limits (issue 22): measured after every
``build --all`` and ``release``, with a warning when it comes near them. The limits are
tested small: no test writes a large file."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import site_size
from lvv_publish.site import FILE_WARNING, PAGES_SITE_LIMIT, SITE_WARNING

runner = CliRunner()


def test_the_limits_are_githubs_with_room_to_spare():
    assert SITE_WARNING <= 0.9 * PAGES_SITE_LIMIT
    assert FILE_WARNING == 50_000_000


def test_size_counts_every_file_and_names_the_largest(tmp_path):
    (tmp_path / "15" / "assets").mkdir(parents=True)
    (tmp_path / "15" / "index.html").write_bytes(b"x" * 300)
    (tmp_path / "15" / "assets" / "a.js").write_bytes(b"y" * 1200)
    (tmp_path / "versions.json").write_bytes(b"[]")
    (tmp_path / "link").symlink_to(tmp_path / "15" / "index.html")
    size = site_size(tmp_path)
    assert (size.size, size.files) == (1502, 3)
    assert size.largest[:2] == (("15/assets/a.js", 1200), ("15/index.html", 300))
    assert size.warnings == ()


def test_near_the_limits_it_warns_for_the_site_and_each_large_file(tmp_path):
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "big.csv").write_bytes(b"1" * 800)
    (tmp_path / "downloads" / "bigger.csv").write_bytes(b"1" * 900)
    (tmp_path / "index.html").write_bytes(b"1" * 100)
    size = site_size(tmp_path, site_warning=1500, file_warning=700)
    assert size.warnings == (
        "the site is 1.8 kB, over 1.5 kB: GitHub Pages publishes at most 1000.0 MB. "
        "`lvv-publish docs site` (the host's limits) says what takes the room.",
        "downloads/bigger.csv is 0.9 kB, over 0.7 kB: git warns about a file this large and "
        "refuses one over 100 MB.",
        "downloads/big.csv is 0.8 kB, over 0.7 kB: git warns about a file this large and "
        "refuses one over 100 MB.",
    )
    assert site_size(tmp_path, site_warning=1800, file_warning=900).warnings == ()


def test_build_and_release_print_the_size_and_warn_near_the_limits(
    released_clone, tmp_path, monkeypatch
):
    root = tmp_path / "project"
    shutil.copytree(released_clone, root)
    measured = site_size(root / "site")
    result = runner.invoke(app, ["build", "--all", "--project", str(root)])
    assert result.exit_code == 0, result.output
    line = f"The whole site ({root / 'site'}) is "
    assert f"{line}{measured.size / 1e6:.1f} MB in {measured.files} files.\n" in result.stdout
    assert result.stderr == ""
    # the limits just under the site and its largest file (vega.min.js, in every version)
    largest, size = measured.largest[0]
    monkeypatch.setattr("lvv_publish.site.FILE_WARNING", size - 1)
    monkeypatch.setattr("lvv_publish.site.SITE_WARNING", measured.size - 1)
    expected = site_size(root / "site").warnings
    assert expected[0].startswith("the site is ") and expected[1].startswith(f"{largest} is ")
    for args in (["build", "--all"], ["release", "15"]):
        result = runner.invoke(app, [*args, "--project", str(root)])
        assert result.exit_code == 0, result.output
        assert line in result.stdout
        assert result.stderr == "".join(f"Warning: {w}\n" for w in expected)
