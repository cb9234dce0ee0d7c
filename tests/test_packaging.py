"""The wheel carries everything the tool reads at run time (templates, assets, defaults,
documentation)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .conftest import ROOT


def _shipped(folder: Path, prefix: str) -> set[str]:
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}"
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_wheel_holds_the_templates_assets_defaults_and_docs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = (
        _shipped(ROOT / "site_templates", "lvv_publish/site_templates")
        | _shipped(ROOT / "lvv_publish" / "data", "lvv_publish/data")
        # the documentation, read by `lvv-publish docs` and copied by init
        | {n for n in _shipped(ROOT / "docs", "lvv_publish/docs") if n.endswith(".md")}
        # every module of every stage (pyproject.toml lists the packages one by one)
        | {n for n in _shipped(ROOT / "lvv_publish", "lvv_publish") if n.endswith(".py")}
    )
    assert expected - names == set()
    assert "lvv_publish/site_templates/assets/vendor/vega-lite.min.js" in names
    assert "lvv_publish/data/monitor-yaml-comments.yaml" in names
    assert "lvv_publish/__main__.py" in names
    assert "lvv_publish/docs/releasing.md" in names
    assert "lvv_publish/data/defaults/workflows/pages.yml" in names
