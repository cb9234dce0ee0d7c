"""Faults: a release killed with SIGKILL, two commands at once, a full or read-only disk.

Kills are deterministic: ``LVV_KILL_AT=<point>`` makes the release (a real subprocess) kill
itself with SIGKILL at a named point (``locking.checkpoint``), from "package staged" to
"swap committed". After each kill the published files are intact (or, killed in the
middle of the swap, restored by the next command from the swap journal), and the next run
succeeds. A full disk is a real, small tmpfs where ``mount`` is allowed (we run as root),
and a monkeypatched write that raises ENOSPC / EROFS everywhere else.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import JOURNAL_NAME, LOCK_NAME, release
from lvv_publish.sources import Project

from ..conftest import ROOT, copy_project
from ..test_cli import snapshot

runner = CliRunner()
BEFORE_SWAP = ("package-staged", "site-staged", "package-validated", "swap-journal-written")
IN_SWAP = ("swap-target-aside", "swap-moved")
AFTER_SWAP = ("swap-committed", "versions-index")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Monitors 13, 14 and 15 published (packages and site)."""
    root = copy_project(tmp_path_factory.mktemp("faults") / "project", with_packages=False)
    for n in (13, 14):
        shutil.copytree(ROOT / "datapackage" / str(n), root / "datapackage" / str(n))
    release(Project(root), 15)
    return root


def corrected_copy(published: Path, dest: Path) -> Path:
    """A copy of ``published`` whose monitor 15 has one changed figure (needs --correct)."""
    root = dest / "project"
    shutil.copytree(published, root)
    path = root / "monitors/15/totaaloverzicht.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("5.1 Terugkeer actueel,87,72,71,") == 1
    path.write_text(
        text.replace("5.1 Terugkeer actueel,87,72,71,", "5.1 Terugkeer actueel,87,72,70,")
    )
    return root


def published_files(root: Path) -> dict[str, str]:
    """``snapshot`` without the dot-folders a run works in (staging, old, temporary); the
    dot-files of a published version (its build stamp) stay in."""
    return {
        k: v
        for k, v in snapshot(root).items()
        if not any(part.startswith(".") for part in k.split("/")[:-1])
    }


def run_killed(root: Path, point: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LVV_KILL_AT": point}
    return subprocess.run(
        [sys.executable, "-m", "lvv_publish", "release", "15", "--correct", "Terugkeer",
         "--project", str(root)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("point", BEFORE_SWAP + IN_SWAP + AFTER_SWAP)
def test_release_killed_at_any_point_leaves_the_publication_intact(
    point: str, published: Path, tmp_path: Path
) -> None:
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    killed = run_killed(root, point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if point in BEFORE_SWAP:
        # Nothing published was touched: only the dead run's staging folders are left.
        assert published_files(root) == before
    if point in BEFORE_SWAP + IN_SWAP:
        # The next command recovers first (rolls the swap back), then refuses the changed
        # figure without --correct: the last good publication is back, byte for byte.
        result = runner.invoke(app, ["release", "15", "--project", str(root)])
        assert result.exit_code == 2, result.output
        assert "--correct" in result.output
        assert snapshot(root) == before
    else:
        # Killed after the swap was committed: the correction is published; the next run
        # removes what was left and brings the version index up to date.
        result = runner.invoke(app, ["release", "15", "--project", str(root)])
        assert result.exit_code == 0, result.output
        assert '"version": "15.1.0"' in (root / "datapackage/15/datapackage.json").read_text()
    assert not (root / JOURNAL_NAME).exists()
    assert not [p for p in (root / "datapackage").iterdir() if p.name.startswith(".")]
    assert not [p for p in (root / "site").iterdir() if p.name.startswith(".")]


def test_the_next_run_after_a_kill_succeeds(published: Path, tmp_path: Path) -> None:
    root = corrected_copy(published, tmp_path)
    assert run_killed(root, "swap-moved").returncode == -signal.SIGKILL
    result = runner.invoke(app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Corrected monitor 15 (version 15.1.0)")
    assert (root / "site/15/downloads/versies/15.0.0/observations.csv").is_file()


def test_a_second_command_is_refused_while_one_runs_and_a_dead_holder_leaves_no_lock(
    published: Path, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(published, root)
    ready = tmp_path / "ready"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
         "lock.acquire(); "
         "open(sys.argv[2], 'w').close(); time.sleep(120)",
         str(root / LOCK_NAME), str(ready)],
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        before = snapshot(root)
        for args in (["release", "15"], ["build", "--all"], ["approve", "15", "--by", "x"]):
            result = runner.invoke(app, [*args, "--project", str(root)])
            assert result.exit_code == 1, result.output
            assert result.output == (
                f"Error: {root / LOCK_NAME}: another lvv-publish command (release, build, new "
                "or approve) is writing this project right now. Wait until it has finished "
                "and run this command again.\n"
            )
        assert snapshot(root) == before
    finally:
        holder.send_signal(signal.SIGKILL)  # dies holding the lock: the kernel releases it
        holder.wait()
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "nothing was rewritten" in result.output


def _fail_writes(monkeypatch: pytest.MonkeyPatch, root: Path, code: int) -> None:
    """Every file write under ``root``'s output folders raises ``OSError(code)``."""
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if str(self).startswith((str(root / "datapackage"), str(root / "site"))):
            raise OSError(code, os.strerror(code), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.mark.parametrize(
    ("code", "said"),
    [(errno.ENOSPC, "the disk is full (ENOSPC)"), (errno.EROFS, "read-only (EROFS)")],
)
def test_a_full_or_read_only_output_folder_gives_a_clear_error(
    code: int, said: str, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    _fail_writes(monkeypatch, root, code)
    result = runner.invoke(app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"cannot write: {'the file system is ' if code == errno.EROFS else ''}{said}" in (
        result.output
    )
    assert "Nothing published was changed" in result.output
    assert snapshot(root) == before


def test_a_failed_move_during_the_swap_is_rolled_back(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    real = Path.rename
    calls = {"n": 0}

    def rename(self: Path, target: Path) -> Path:
        if ".staging-" in self.name:
            calls["n"] += 1
            if calls["n"] == 2:  # the second folder moved into place
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    result = runner.invoke(app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert "read-only (EROFS)" in result.output
    assert snapshot(root) == before


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_real_full_disk(published: Path, tmp_path: Path) -> None:
    """site/ on a tmpfs with room for what is published and little more."""
    root = corrected_copy(published, tmp_path)
    site = root / "site"
    used = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    shutil.move(site, root / "site-copy")
    site.mkdir()
    if not _mount("-t", "tmpfs", "-o", f"size={used + 2 * 1024 * 1024}", "tmpfs", str(site)):
        shutil.rmtree(site)
        shutil.move(root / "site-copy", site)
        pytest.skip("mount is not allowed here; the monkeypatched tests cover ENOSPC/EROFS")
    try:
        shutil.copytree(root / "site-copy", site, dirs_exist_ok=True)
        before = snapshot(root)
        result = runner.invoke(
            app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)]
        )
        assert result.exit_code == 1, result.output
        assert "cannot write: the disk is full (ENOSPC)" in result.output, result.output
        assert "Traceback" not in result.output
        assert snapshot(root) == before
        assert _mount("-o", "remount,ro", str(site))
        result = runner.invoke(
            app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)]
        )
        assert result.exit_code == 1, result.output
        assert "cannot write: the file system is read-only (EROFS)" in result.output
        assert snapshot(root) == before
    finally:
        subprocess.run(["umount", str(site)], check=True)


def test_two_releases_at_once_never_interleave(published: Path, tmp_path: Path) -> None:
    """A real release paused while it holds the lock (its site staged): a second release
    is refused and touches nothing; the first then finishes as if alone."""
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    go = tmp_path / "go"
    env = {**os.environ, "LVV_PAUSE_AT": "site-staged", "LVV_PAUSE_FILE": str(go)}
    first = subprocess.Popen(
        [sys.executable, "-m", "lvv_publish", "release", "15", "--correct", "Terugkeer",
         "--project", str(root)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not Path(f"{go}.reached").exists() and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()
            time.sleep(0.1)
        second = runner.invoke(
            app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)]
        )
        assert second.exit_code == 1
        assert "another lvv-publish command" in second.output
        assert published_files(root) == before  # the first has not swapped anything yet
    finally:
        go.touch()
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert out.startswith("Corrected monitor 15 (version 15.1.0)")
    assert '"version": "15.1.0"' in (root / "datapackage/15/datapackage.json").read_text()


def test_a_package_the_validator_refuses_is_not_published(tmp_path: Path, monkeypatch) -> None:
    """frictionless validates a new package in a worker process while the site is built
    (``package.BackgroundValidation``); its verdict is waited for before anything moves."""
    from lvv_publish.errors import LvvError
    from lvv_publish.publish import steps

    root = copy_project(tmp_path / "project", with_packages=False)
    for n in (13, 14):
        shutil.copytree(ROOT / "datapackage" / str(n), root / "datapackage" / str(n))
    write = steps.write_package

    def broken_writer(data, out, **kwargs):  # a writer bug: a figure that is not a number
        descriptor = write(data, out, **kwargs)
        path = out / "observations.csv"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(",360,", ",drie,", 1), encoding="utf-8")
        return descriptor

    monkeypatch.setattr(steps, "write_package", broken_writer)
    before = snapshot(root)
    with pytest.raises(LvvError, match="did not pass frictionless validation") as caught:
        release(Project(root), 15)
    assert "type-error" in str(caught.value) or "hash-count" in str(caught.value)
    assert published_files(root) == before
    assert not (root / "datapackage/15").exists() and not (root / "site/15").exists()
