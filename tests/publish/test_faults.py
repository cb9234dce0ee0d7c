"""Faults: a release killed with SIGKILL, two commands at once, a full or read-only disk.

Kills are deterministic: ``LVV_KILL_AT=<point>`` makes the release (a real subprocess) kill
itself with SIGKILL at a named point (``transaction.checkpoint``), from "package staged" to
"old folders removed". After each kill the published files are intact (or, killed in the
middle of the swap, restored by the next command from the swap journal), and the same
command run again gives, file for file, the tree of a run that was not interrupted (a first
release and a correction, at a fixed ``SOURCE_DATE_EPOCH``). A full disk is a real, small tmpfs where ``mount`` is allowed (we run as root),
and a monkeypatched write that raises ENOSPC / EROFS everywhere else.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import JOURNAL_NAME, LOCK_NAME, build_all, release
from lvv_publish.sources import Project

from ..conftest import ROOT, clock_at, copy_project, epoch
from ..test_cli import snapshot

runner = CliRunner()
# Before the swap: nothing published is touched. In the swap: the next command rolls it
# back. After it is committed: everything (versions, latest, root files, catalogue, site-wide
# downloads, ledger) is in place, and only the old folders and the journal are left.
BEFORE_SWAP = ("package-staged", "site-staged", "versions-index", "site-downloads-made",
               "root-staged", "package-validated", "swap-journal-written")  # fmt: skip
IN_SWAP = ("swap-target-aside", "swap-moved", "swap-file-moved")
AFTER_SWAP = ("swap-committed", "swap-old-removed")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# After the committed corrections of 13 and 14 (24 November 2026): the release of 15, then
# its correction. The same clock for a killed run, its re-run and an uninterrupted run.
RELEASED_AT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM)
CORRECTED_AT = dt.datetime(2026, 12, 2, 10, 0, tzinfo=AMSTERDAM)
COMMANDS = {
    "release": (["release", "15"], RELEASED_AT),
    "correct": (["release", "15", "--correct", "Terugkeer"], CORRECTED_AT),
}


@pytest.fixture(scope="module")
def unreleased(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Monitors 13 and 14 published (packages and site), 15 approved, not released."""
    root = copy_project(tmp_path_factory.mktemp("faults") / "project", with_packages=False)
    for n in (13, 14):
        shutil.copytree(ROOT / "datapackage" / str(n), root / "datapackage" / str(n))
    build_all(Project(root))
    return root


@pytest.fixture(scope="module")
def published(unreleased: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Monitors 13, 14 and 15 published (packages and site)."""
    root = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(unreleased, root)
    release(Project(root), 15, clock=clock_at(RELEASED_AT))
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


def project_for(command: str, unreleased: Path, published: Path, dest: Path) -> Path:
    if command == "correct":
        return corrected_copy(published, dest)
    shutil.copytree(unreleased, dest / "project")
    return dest / "project"


def run(root: Path, command: str, kill: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a real process, at its fixed time; killed at ``kill``."""
    args, at = COMMANDS[command]
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(at)}
    if kill:
        env["LVV_KILL_AT"] = kill
    return subprocess.run(
        [sys.executable, "-m", "lvv_publish", *args, "--project", str(root)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def uninterrupted(
    unreleased: Path, published: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    """The tree each command gives when nothing interrupts it."""
    out = {}
    for command in COMMANDS:
        root = project_for(command, unreleased, published, tmp_path_factory.mktemp(command))
        done = run(root, command)
        assert done.returncode == 0, done.stderr
        out[command] = snapshot(root)
    return out


def published_files(root: Path) -> dict[str, str]:
    """``snapshot`` without what a run works in (staging, old, temporary: dot-names of
    ``datapackage/``, ``site/`` and their folders); the dot-files of a published version
    (its build stamp) stay in."""
    return {
        k: v
        for k, v in snapshot(root).items()
        if not any(part.startswith(".") for part in k.split("/")[:-1])
        and not (k.count("/") == 1 and k.split("/")[1].startswith("."))
    }


def no_leftovers(root: Path) -> None:
    assert not (root / JOURNAL_NAME).exists()
    assert not [p for p in (root / "datapackage").iterdir() if p.name.startswith(".")]
    assert not [p for p in (root / "site").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("point", BEFORE_SWAP + IN_SWAP + AFTER_SWAP)
def test_the_same_command_after_a_kill_gives_the_tree_of_an_uninterrupted_run(
    point: str,
    command: str,
    unreleased: Path,
    published: Path,
    uninterrupted: dict[str, dict[str, str]],
    tmp_path: Path,
) -> None:
    root = project_for(command, unreleased, published, tmp_path)
    before = snapshot(root)
    killed = run(root, command, kill=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if point in BEFORE_SWAP:
        assert published_files(root) == before  # only the dead run's staging is left
    again = run(root, command)
    assert again.returncode == 0, again.stderr
    if point in AFTER_SWAP:  # complete already: the same --correct is not refused
        assert "nothing was rewritten" in again.stdout
    assert snapshot(root) == uninterrupted[command]
    no_leftovers(root)


# The command, with the site-wide downloads made in a worker whatever the packages' size
# (``versions.BESIDE_FROM``; the bundled ones are far too small to need one).
BESIDE = (
    "import sys; from lvv_publish.publish import versions; versions.BESIDE_FROM = 0; "
    "from lvv_publish.cli import main; sys.argv[0] = 'lvv-publish'; main()"
)


# The points only a release's worker reaches, and what the release says when it is killed there.
WORKER_POINTS = {
    "version-downloads-made": "Error: version 15: the version's downloads: the worker process",
    "site-downloads-made": "Error: the site-wide downloads: the worker process",
}


@pytest.mark.parametrize("point", WORKER_POINTS)
@pytest.mark.parametrize("command", COMMANDS)
def test_site_downloads_made_beside_the_build_are_the_same_and_a_killed_worker_loses_nothing(
    command: str,
    point: str,
    unreleased: Path,
    published: Path,
    uninterrupted: dict[str, dict[str, str]],
    tmp_path: Path,
) -> None:
    """At national scale a release makes the version's downloads folder, then the site-wide
    downloads in a worker process while it builds the version. Killed there (either point),
    the command fails and says so; nothing published changed; run again (in a worker too),
    it gives the tree of an uninterrupted run."""
    root = project_for(command, unreleased, published, tmp_path)
    before = snapshot(root)
    args, at = COMMANDS[command]
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(at)}
    cmd = [sys.executable, "-c", BESIDE, *args, "--project", str(root)]
    killed = subprocess.run(
        cmd, env={**env, "LVV_KILL_AT": point},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert killed.returncode == 1, killed.stderr
    assert killed.stderr.startswith(WORKER_POINTS[point]), killed.stderr
    assert "Nothing published was changed." in killed.stderr
    assert published_files(root) == before
    no_leftovers(root)
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert snapshot(root) == uninterrupted[command]
    no_leftovers(root)


# BESIDE, with the release's own process unable to make the version's downloads folder.
NOT_HERE = BESIDE.replace(
    "from lvv_publish.cli import main",
    "import lvv_publish.site.render as r; "
    "r.version_downloads = lambda *a: sys.exit('made in the release process'); "
    "from lvv_publish.cli import main",
)


@pytest.mark.parametrize(
    "code, made_there", [(NOT_HERE, True), (NOT_HERE.replace("= 0;", "= 10**15;"), False)]
)
def test_with_a_worker_the_versions_downloads_are_made_there(
    code: str, made_there: bool, unreleased: Path, tmp_path: Path
) -> None:
    """The worker makes the new version's downloads folder before the site-wide files, and
    the release's process takes it from there (its own ``version_downloads`` fails here);
    without a worker the release makes it itself (the same code fails it)."""
    root = project_for("release", unreleased, unreleased, tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(RELEASED_AT)}
    cmd = [sys.executable, "-c", code, "release", "15", "--project", str(root)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if made_there:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert "made in the release process" in result.stderr


@pytest.mark.parametrize("point", ("swap-journal-written", *IN_SWAP))
def test_a_kill_in_the_swap_is_rolled_back_by_the_next_command(
    point: str, published: Path, tmp_path: Path
) -> None:
    """Another command after the kill: it rolls the swap back first (the last good
    publication is back, byte for byte), then refuses the changed figure without --correct."""
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    assert run(root, "correct", kill=point).returncode == -signal.SIGKILL
    assert snapshot(root) != before or point == "swap-journal-written"
    result = runner.invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 2, result.output
    assert "--correct" in result.output
    assert snapshot(root) == before
    no_leftovers(root)


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
    # tmpfs gives every file whole pages: count them, not the bytes (a site of many small
    # files, such as the indicator pages' CSVs, did not fit the bytes).
    used = sum(-(-p.stat().st_size // 4096) * 4096 for p in site.rglob("*") if p.is_file())
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


@pytest.mark.parametrize("step", ["catalogue", "site-wide downloads"])
def test_a_failure_after_everything_is_staged_leaves_the_tree_byte_identical(
    step: str, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalogue (with a site URL) and the site-wide downloads are made after the
    versions are staged; a failure there (a contact address rdflib refuses, a bug) used to
    come after ``site/15`` was live. Now nothing has moved yet."""
    from lvv_publish.publish import versions
    from lvv_publish.site import catalog

    root = corrected_copy(published, tmp_path)
    before = snapshot(root)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError(f"the {step} could not be made")

    if step == "catalogue":
        monkeypatch.setattr(catalog, "catalog_turtle", broken)
    else:
        monkeypatch.setattr(versions, "vintage_downloads", broken)
        shutil.rmtree(root / "site/downloads")  # made anew, not appended
        before = snapshot(root)
    with pytest.raises(ValueError, match=f"the {step} could not be made"):
        release(Project(root), 15, correct="Terugkeer", site_url="https://lvv.example.nl/")
    assert snapshot(root) == before
    no_leftovers(root)


def test_a_full_disk_while_copying_is_one_line(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while files are copied into the site (``shutil.copy2``; ``copytree``
    used to print every file after the first, 5 KB): one line, naming a file that could not
    be written."""
    root = corrected_copy(published, tmp_path)
    before = snapshot(root)
    real = shutil.copy2

    def copy2(src: str, dst: str, **kwargs: bool) -> object:
        if str(dst).startswith(str(root / "site")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy2)
    result = runner.invoke(app, ["release", "15", "--correct", "Terugkeer", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and len(result.output) < 400, result.output
    assert f"{root / 'site'}" in result.output and "cannot write" in result.output
    assert "Nothing published was changed" in result.output
    assert snapshot(root) == before


def test_build_all_swaps_every_version_and_the_root_at_once(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build --all`` with a new site URL rebuilds every version and makes the catalogue:
    when the catalogue fails, no version has been replaced."""
    from lvv_publish.site import catalog

    root = tmp_path / "project"
    shutil.copytree(published, root)
    before = snapshot(root)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("no catalogue")

    with monkeypatch.context() as m:
        m.setattr(catalog, "catalog_turtle", broken)
        with pytest.raises(ValueError, match="no catalogue"):
            build_all(Project(root), site_url="https://lvv.example.nl/")
    assert snapshot(root) == before
    no_leftovers(root)
    result = build_all(Project(root), site_url="https://lvv.example.nl/")
    assert result.built == (13, 14, 15)
    assert (root / "site/catalog.ttl").is_file()
    assert "https://lvv.example.nl/15/" in (root / "site/15/index.html").read_text()
