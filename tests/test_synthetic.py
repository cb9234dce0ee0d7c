"""benchmarks/synthetic.py makes projects that lvv-publish accepts, the same for a seed."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

from lvv_publish.publish import release_package, validate_release
from lvv_publish.sources import Project

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path):
    a = synthetic.generate(tmp_path / "a", 8, 3, seed=7)
    b = synthetic.generate(tmp_path / "b", 8, 3, seed=7)
    c = synthetic.generate(tmp_path / "c", 8, 3, seed=8)
    assert digests(a) == digests(b)
    assert digests(a) != digests(c)


def test_a_synthetic_project_validates_and_releases(tmp_path):
    root = synthetic.generate(tmp_path / "p", 12, 4, seed=3)
    registry = yaml.safe_load((root / "registry/municipalities.yaml").read_text())
    muns = registry["municipalities"]
    assert len(muns) == 12
    assert all(len(m["code"]) == 6 and m["code"].startswith("GM") for m in muns)
    satellites = [m for m in muns if m["role"] == "satelliet"]
    assert satellites and all(m["capacity_included_in"] == m["location"] for m in satellites)
    assert any(m.get("first_monitor", 1) > 1 for m in muns)  # joins late
    project = Project(root)
    unknown = 0
    for n in range(1, 5):
        validation = validate_release(project, n)
        assert validation.report.counts["error"] == 0, validation.report.findings[:3]
        unknown += int(validation.data.observations["value"].isna().sum())
        if n < 4:
            release_package(project, n)
    assert unknown > 0  # some cells are unknown
