"""Shared fixtures: the repository, temporary project copies, the released monitor 15."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# This repository's publication project keeps its registry here (see README).
REGISTRY_DIR = ROOT / "registry"
# The columns of the observations, as the data contract says them (docs/data-contract.md):
# tests compare with this literal, not with the schema file the code reads.
OBSERVATION_NAMES = [
    "monitor",
    "peildatum",
    "municipality",
    "municipality_code",
    "indicator",
    "value",
    "revised",
    "published_value",
]
# When the tests' own release of monitor 15 is published: the day it was approved, before the
# committed corrections of 13 and 14 (24 November 2026), as in the committed history. A fixed
# time, so that separate releases of 15 give the same bytes (goldens, byte comparisons).
RELEASE_15_AT = dt.datetime(2026, 11, 22, 14, 3, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def clock_at(moment: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that stands still at ``moment``, for ``release(..., clock=…)``."""
    return lambda: moment


def epoch(moment: dt.datetime) -> str:
    """``moment`` as ``SOURCE_DATE_EPOCH`` gives it: whole seconds since 1970 UTC."""
    return str(int(moment.timestamp()))


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

    The packages of the earlier releases (13, 14) are the committed ones; the bundled
    monitor's own release (15) is released by this code (once per session, then copied), so
    no test depends on the committed bytes of datapackage/15: a change to what the package
    writer produces is published as a correction after review (`release 15 --correct`).
    """
    shutil.copytree(ROOT / "monitors", dest / "monitors")
    shutil.copytree(ROOT / "registry", dest / "registry")
    if with_packages and (ROOT / "datapackage").is_dir():
        shutil.copytree(ROOT / "datapackage", dest / "datapackage", ignore=_skip_bundled_release)
        shutil.copytree(fresh_release_15(), dest / "datapackage/15")
    return dest


def pages_beside(released: Path, tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    """Release 15 again into a copy under ``tmp_path``, at the time of ``released`` (after
    the caller switched something off); the ``site/15`` of the copy and of ``released``, and
    the HTML pages both have (the same in both: checked)."""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = copy_project(tmp_path / "project", with_packages=False)
    release(Project(root), 15, clock=clock_at(RELEASE_15_AT))
    before, after = root / "site/15", released / "site/15"
    pages = sorted(p.relative_to(after) for p in after.rglob("*.html"))
    assert pages == sorted(p.relative_to(before) for p in before.rglob("*.html"))
    return before, after, pages


def _skip_bundled_release(folder: str, names: list[str]) -> list[str]:
    return ["15"] if Path(folder) == ROOT / "datapackage" else []


@functools.cache
def fresh_release_15() -> Path:
    """datapackage/15 as this code releases it after the committed 13 and 14."""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = Path(tempfile.mkdtemp(prefix="lvv-fresh15-"))
    atexit.register(shutil.rmtree, root, True)
    copy_project(root / "project", with_packages=False)
    packages = root / "project/datapackage"
    shutil.copytree(ROOT / "datapackage", packages, ignore=_skip_bundled_release)
    # As it happened: 15 was published before the corrections of 13 and 14 (24 November), so
    # it is released next to their first versions; a release dated before a published
    # version is refused (it would rewrite the history of the vintage file).
    for number in (13, 14):
        first = packages / str(number) / "versies" / f"{number}.0.0"
        if first.is_dir():
            shutil.move(first, root / f"{number}.0.0")
            shutil.rmtree(packages / str(number))
            shutil.move(root / f"{number}.0.0", packages / str(number))
    release(Project(root / "project"), 15, clock=clock_at(RELEASE_15_AT))
    return root / "project/datapackage/15"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", with_packages=False)


@pytest.fixture(scope="session")
def released_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone's state after the README's main command (committed packages 13-15 and
    their versions, then `release 15`), shared by the tests that only read it: the long
    series, the downloads and the browser tests. A test that changes it works on a copy."""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = copy_project(tmp_path_factory.mktemp("clone") / "project")
    release(Project(root), 15)
    return root


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy in which monitor 15 has been released once (shared by many tests)."""
    from lvv_publish.publish import release
    from lvv_publish.sources import Project

    root = copy_project(tmp_path_factory.mktemp("released") / "project", with_packages=False)
    release(Project(root), 15, clock=clock_at(RELEASE_15_AT))
    return root


def _not_the_source(folder: str, names: list[str]) -> list[str]:
    """What a clean copy of the repository leaves out: tools, builds, the built site (the
    top-level site/, not the package's lvv_publish/site/)."""
    skip = [
        n
        for n in names
        if n in (".git", "node_modules", "build", "dist", "__pycache__")
        or n.startswith(".venv")
        or n.endswith(".egg-info")
    ]
    return skip + (["site"] if Path(folder) == ROOT and "site" in names else [])


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this tree, built from a clean copy (setuptools' build/ folder would carry
    files of earlier builds), without build isolation."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=_not_the_source)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(source),
        ],  # fmt: skip
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (built,) = folder.glob("lvv_publish-*.whl")
    return built


@pytest.fixture(scope="session")
def installed_tool(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with only the wheel installed (and
    its dependencies, from the package registry): the tool as the office installs it."""
    import subprocess
    import sys

    venv = tmp_path_factory.mktemp("tool") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    result = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return venv / "bin"
