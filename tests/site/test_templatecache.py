"""Compiled templates are kept between runs, and never used for a changed template."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from lvv_publish.site.lean import templatecache
from lvv_publish.site.lean.templatecache import TemplateCache, fingerprint


def _env(folder: Path, cache: TemplateCache | None, **options: object) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options
    )


def test_a_second_environment_loads_the_compiled_code_and_renders_the_same(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.j2").write_text("{% for i in items %}[{{ i }}]{% endfor %}\n")
    cache = TemplateCache(str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    first = _env(tmp_path / "t", cache).get_template("page.j2").render(items=[1, 2])
    assert len(list((tmp_path / "cache").iterdir())) == 1
    # Compiling again would fail: the second environment must take the code from disk.
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: pytest.fail("compiled"))
    again = _env(tmp_path / "t", cache).get_template("page.j2").render(items=[1, 2])
    assert again == first == "[1][2]"


def test_a_changed_template_is_compiled_again(tmp_path):
    (tmp_path / "cache").mkdir()
    cache = TemplateCache(str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.j2"
    page.write_text("old {{ x }}")
    assert _env(tmp_path / "t", cache).get_template("page.j2").render(x=1) == "old 1"
    page.write_text("new {{ x }}")
    assert _env(tmp_path / "t", cache).get_template("page.j2").render(x=1) == "new 1"


def test_the_same_template_in_another_folder_shares_the_entry(tmp_path):
    # MkDocs reads our overrides from a new temporary folder per build: one entry, not one
    # per build.
    (tmp_path / "cache").mkdir()
    cache = TemplateCache(str(tmp_path / "cache"))
    for name in ("build-1", "build-2", "build-3"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.html").write_text("{{ x }}")
        assert _env(tmp_path / name, cache).get_template("main.html").render(x=2) == "2"
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_whitespace_options_give_their_own_entry(tmp_path):
    # trim_blocks changes the compiled code: the same source must not share it.
    (tmp_path / "cache").mkdir()
    cache = TemplateCache(str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "p.j2").write_text("{% if true %}\nx\n{% endif %}\n")
    plain = _env(tmp_path / "t", cache).get_template("p.j2").render()
    trimmed = _env(tmp_path / "t", cache, trim_blocks=True).get_template("p.j2").render()
    assert (plain, trimmed) == ("\nx\n", "x\n")
    assert fingerprint(_env(tmp_path, None)) != fingerprint(_env(tmp_path, None, trim_blocks=True))
    assert fingerprint(_env(tmp_path, None)) == fingerprint(_env(tmp_path / "t", None))


def test_a_failing_write_only_costs_time(tmp_path, monkeypatch):
    # A read-only home or a full disk: the template still renders.
    (tmp_path / "cache").mkdir()
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "p.j2").write_text("{{ x }}")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(templatecache.FileSystemBytecodeCache, "dump_bytecode", full_disk)
    cache = TemplateCache(str(tmp_path / "cache"))
    assert _env(tmp_path / "t", cache).get_template("p.j2").render(x=4) == "4"


def test_the_folder_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(templatecache.CACHE_ENV, "off")
    assert templatecache.template_cache() is None
    monkeypatch.setenv(templatecache.CACHE_ENV, str(tmp_path / "c"))
    cache = templatecache.template_cache()
    assert cache is not None and Path(cache.directory) == tmp_path / "c" / "jinja"
    assert (tmp_path / "c" / "jinja").is_dir()
    monkeypatch.delenv(templatecache.CACHE_ENV)
    assert "lvv-publish" in str(templatecache.cache_dir())


def test_a_release_fills_the_cache_and_builds_the_same_site_from_it(tmp_path):
    """Two whole ``lvv-publish`` processes, the second with every template from the cache:
    byte-identical sites."""
    from ..conftest import RELEASE_15_AT, copy_project, epoch

    # Both runs publish 15 at the same time: byte-identical packages, downloads and pages.
    env = {
        **os.environ,
        templatecache.CACHE_ENV: str(tmp_path / "cache"),
        "SOURCE_DATE_EPOCH": epoch(RELEASE_15_AT),
    }
    sites = []
    for run in ("cold", "warm"):
        root = copy_project(tmp_path / run, with_packages=False)
        done = subprocess.run(
            [sys.executable, "-m", "lvv_publish", "release", "15", "--project", str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        sites.append(
            {
                p.relative_to(root / "site/15").as_posix(): p.read_bytes()
                for p in sorted((root / "site/15").rglob("*"))
                if p.is_file()
            }
        )
        if run == "cold":
            entries = sorted((tmp_path / "cache" / "jinja").iterdir())
            # Ours and Material's: dozens of templates, each compiled once.
            assert len(entries) > 30
    assert sites[0] == sites[1]
    assert sorted((tmp_path / "cache" / "jinja").iterdir()) == entries
