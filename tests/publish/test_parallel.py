"""``build --all`` builds versions in worker processes (``parallel.py``): the same bytes as
one after another, a failing or killed worker names its version and publishes nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from lvv_publish.errors import LvvError, SourceError
from lvv_publish.publish import STAMP_NAME, build_all
from lvv_publish.publish.build import build_job, version_job
from lvv_publish.publish.parallel import Beside, Job, build_jobs, plan_workers
from lvv_publish.sources import Project

from ..conftest import copy_project

MIB = 1024 * 1024


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the lock (which a command leaves)."""
    return {k: v for k, v in tree(root).items() if not k.endswith(".lvv-publish.lock")}


def no_leftovers(root: Path) -> None:
    left = [p for p in root.rglob(".*") if ".staging-" in p.name or ".old-" in p.name]
    assert not left, left


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project with 13, 14 and 15 built one after another, in this process."""
    root = copy_project(tmp_path_factory.mktemp("sequential") / "project")
    assert build_all(Project(root), jobs=1).built == (13, 14, 15)
    return root


def test_a_parallel_build_is_byte_for_byte_the_sequential_one(sequential, tmp_path):
    root = copy_project(tmp_path / "project")
    assert build_all(Project(root), jobs=3).built == (13, 14, 15)
    ours, theirs = tree(root / "site"), tree(sequential / "site")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    no_leftovers(root)


def fail_14(project: Project, job: Job, site_url: str | None) -> None:
    """A version's build that fails for version 14 with an error that cannot be pickled as
    it is (``SourceError`` takes keywords) and the exit code of a refusal."""
    if job.number == 14:
        error = SourceError("cannot be read.", file="monitors/14/monitor.yaml", fix="Fix it.")
        error.exit_code = 2
        raise error
    build_job(project, job, site_url)


@pytest.mark.parametrize("workers", [1, 3])
def test_a_failing_version_is_named_with_the_original_message(sequential, tmp_path, workers):
    root = tmp_path / "project"
    shutil.copytree(sequential, root)
    for n in (13, 14, 15):  # every version is out of date
        (root / "site" / str(n) / STAMP_NAME).write_text("{}\n")
    project = Project(root)
    with ExitStack() as stack:
        todo = [version_job(project, n, None, stack) for n in (13, 14, 15)]
        with pytest.raises(LvvError) as raised:
            build_jobs(fail_14, project, [job for job in todo if job], None, workers)
    assert str(raised.value) == "version 14: monitors/14/monitor.yaml: cannot be read. Fix it."
    assert raised.value.exit_code == 2
    no_leftovers(root)


def test_a_killed_worker_names_the_unfinished_versions_and_publishes_nothing(sequential, tmp_path):
    """A worker killed (as the kernel does when memory runs out) half-way: the command
    fails with the versions still being built, and the published site is as it was."""
    root = tmp_path / "project"
    shutil.copytree(sequential, root)
    for n in (13, 14, 15):  # every version is out of date
        (root / "site" / str(n) / STAMP_NAME).write_text("{}\n")
    before = snapshot(root)
    env = {**os.environ, "LVV_KILL_AT": "version-built-14"}
    cmd = [sys.executable, "-m", "lvv_publish", "build", "--all", "--jobs", "2"]
    done = subprocess.run(
        [*cmd, "--project", str(root)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr
    versions = done.stderr.removeprefix("Error: ").split(":")[0]
    assert versions.startswith("version") and "14" in versions, done.stderr
    assert "worker process" in done.stderr
    assert "Nothing published was changed" in done.stderr
    assert snapshot(root) == before
    no_leftovers(root)


def test_the_workers_fit_the_cores_the_versions_and_the_memory():
    assert plan_workers(40, 500 * MIB, cpus=2, available=8000 * MIB, jobs=None) == 2
    assert plan_workers(1, 500 * MIB, cpus=8, available=8000 * MIB, jobs=None) == 1
    assert plan_workers(40, 500 * MIB, cpus=8, available=1600 * MIB, jobs=None) == 3
    assert plan_workers(40, 500 * MIB, cpus=8, available=100 * MIB, jobs=None) == 1
    assert plan_workers(40, 500 * MIB, cpus=8, available=None, jobs=None) == 8
    assert plan_workers(40, 500 * MIB, cpus=2, available=100 * MIB, jobs=5) == 5
    assert plan_workers(3, 500 * MIB, cpus=2, available=100 * MIB, jobs=5) == 3
    assert plan_workers(0, 500 * MIB, cpus=2, available=None, jobs=None) == 0
    with pytest.raises(LvvError, match="--jobs 0"):
        plan_workers(3, 500 * MIB, cpus=2, available=None, jobs=0)


def refuse(path: str) -> None:
    """Work that fails with an error that cannot be pickled as it is."""
    error = SourceError("cannot be read.", file=path, fix="Fix it.")
    error.exit_code = 2
    raise error


def test_work_beside_this_process_fails_here_with_its_message():
    worker = Beside()
    work = worker.start("the site-wide downloads", refuse, "monitors/14/monitor.yaml")
    with pytest.raises(LvvError) as raised:
        work.result()
    assert str(raised.value) == "monitors/14/monitor.yaml: cannot be read. Fix it."
    assert raised.value.exit_code == 2
    worker.stop()  # after its end too: nothing to stop


def square(n: int) -> int:
    return n * n


def test_work_beside_this_process_is_done_in_order_and_gives_its_values():
    worker = Beside()
    first = worker.start("a square", square, 12)
    second = worker.start("another", square, 3)
    assert first.result() == 144
    assert second.result() == 9
    worker.stop()


def die() -> None:
    """Work that kills the worker doing it (as a kill at a named point does)."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_beside_that_dies_fails_every_call_not_done_naming_it():
    worker = Beside()
    dying = worker.start("the workbook", die)
    after = worker.start("the site-wide downloads", square, 2)
    for work, what in ((dying, "the workbook"), (after, "the site-wide downloads")):
        with pytest.raises(LvvError) as raised:
            work.result()
        message = str(raised.value)
        assert message.startswith(f"{what}: the worker process stopped before it finished")
        assert message.endswith("Nothing published was changed.")
    worker.stop()


def test_work_beside_this_process_is_stopped_unfinished():
    start = time.monotonic()
    worker = Beside()
    worker.start("a minute's sleep", time.sleep, 60)
    worker.start("what comes after it", square, 2)
    worker.stop()
    assert time.monotonic() - start < 30
