"""Shared fixtures: the repository, temporary project copies, the released monitor 15."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# This repository's publication project keeps its registry here (see README).
REGISTRY_DIR = ROOT / "registry"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files (tests/golden/) from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_project(dest: Path, *, with_packages: bool = True) -> Path:
    """A copy of the project's inputs (and published packages) under ``dest``.

    The packages of the earlier releases (13, 14) are copied; the bundled monitor's own
    release (15) is not: a test that needs it releases it, so no test depends on the
    committed bytes of datapackage/15 (a change to what the package writer produces is
    published as a correction after review, not assumed by the tests).
    """
    shutil.copytree(ROOT / "monitors", dest / "monitors")
    shutil.copytree(ROOT / "registry", dest / "registry")
    if with_packages and (ROOT / "datapackage").is_dir():
        shutil.copytree(ROOT / "datapackage", dest / "datapackage", ignore=_skip_bundled_release)
    return dest


def _skip_bundled_release(folder: str, names: list[str]) -> list[str]:
    return ["15"] if Path(folder) == ROOT / "datapackage" else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", with_packages=False)


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy in which monitor 15 has been released once (shared by many tests)."""
    from lvv_publish.publish import Project, release

    root = copy_project(tmp_path_factory.mktemp("released") / "project", with_packages=False)
    release(Project(root), 15)
    return root
