"""The files the tool ships, as ``lvv_publish.resources`` finds and reads them."""

from __future__ import annotations

import yaml

from lvv_publish.resources import data_dir, yaml_data


def test_the_shipped_yaml_reads_as_pyyamls_own_safe_loader_reads_it():
    """``yaml_data`` uses libyaml's loader where there is one: the same data as PyYAML's."""
    files = sorted(data_dir().rglob("*.yaml"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml_data(text) == yaml.safe_load(text), path.name
