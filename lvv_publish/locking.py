"""One writer per project, and recovery after a writer was killed.

``project_lock`` takes an OS-level lock (``filelock``: ``flock`` on Linux) on
``<project>/.lvv-publish.lock`` for every command that writes; a second command on the same
project is refused with a clear message instead of interleaving. The kernel releases the
lock when its process dies, even by SIGKILL, so a killed release leaves no stale lock.

``recover`` runs first under the lock. A release builds everything in staging folders and
then swaps them into place (``publish._swap``) with a journal in ``.lvv-publish-swap.json``.
Killed during the swap, the journal says what to undo: the moves are rolled back, so the
previous publication is back; killed after the swap was committed, only the old folders
are left to remove. Staging folders and temporary files of a killed run are removed.

``checkpoint`` is a test hook: with ``LVV_KILL_AT=<name>`` in the environment the process
kills itself with SIGKILL at that named point, so tests can kill a release at exact,
repeatable moments (tests/test_faults.py).
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from filelock import FileLock, Timeout

from .errors import LvvError

P = ParamSpec("P")
R = TypeVar("R")
LOCK_NAME = ".lvv-publish.lock"
JOURNAL_NAME = ".lvv-publish-swap.json"
# What a run leaves beside its targets while it works (publish._staging, _swap,
# _write_atomic); any of these found under the lock belongs to a run that died.
_LEFTOVER = re.compile(r"^\..+\.(staging|old|tmp)-\d+$")


def checkpoint(name: str) -> None:
    """Test hooks at a named point: die with SIGKILL when ``LVV_KILL_AT`` names it; when
    ``LVV_PAUSE_AT`` names it, write ``<LVV_PAUSE_FILE>.reached`` and wait (two minutes at
    most) until ``LVV_PAUSE_FILE`` exists, so a test can act while a release holds the lock."""
    if os.environ.get("LVV_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("LVV_PAUSE_AT") == name and os.environ.get("LVV_PAUSE_FILE"):
        go = Path(os.environ["LVV_PAUSE_FILE"])
        Path(f"{go}.reached").touch()
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's lock for a writing command; refuse when another command holds it."""
    path = root / LOCK_NAME
    try:
        lock = FileLock(str(path), timeout=0)
        lock.acquire()
    except Timeout:
        raise LvvError(
            f"{path}: another lvv-publish command (release, build, new or approve) is "
            "writing this project right now. Wait until it has finished and run this "
            "command again."
        ) from None
    except OSError as exc:
        raise output_error(exc, path) from None
    try:
        yield
    finally:
        lock.release()


def write_journal(root: Path, moves: list[dict[str, str | bool]], *, committed: bool) -> None:
    """Record the swap in progress (atomically: a half-written journal would be worse)."""
    path = root / JOURNAL_NAME
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"committed": committed, "moves": moves}), encoding="utf-8")
    os.replace(tmp, path)


def clear_journal(root: Path) -> None:
    (root / JOURNAL_NAME).unlink(missing_ok=True)


def recover(root: Path) -> list[str]:
    """Undo (or finish) the swap of a run that was killed; remove what it left behind.

    Call only under ``project_lock``. Returns what was done, for tests and messages.
    """
    done: list[str] = []
    journal = root / JOURNAL_NAME
    if journal.is_file():
        record = json.loads(journal.read_text(encoding="utf-8"))
        for move in reversed(record["moves"]):
            stage, target = Path(str(move["stage"])), Path(str(move["target"]))
            old = Path(str(move["old"]))
            if record["committed"]:
                continue  # the new folders are in place: only the old ones go (below)
            if not stage.exists() and target.exists() and (old.exists() or not move["existed"]):
                shutil.rmtree(target)  # the staged folder was moved in: take it out again
            if old.exists() and not target.exists():
                old.rename(target)  # and put the published one back
            else:
                continue
            done.append(f"restored {target}")
        journal.unlink()
    for top in (root / "datapackage", root / "site", root):
        if not top.is_dir():
            continue
        for path in top.iterdir():
            if _LEFTOVER.match(path.name) or path.name.startswith(f".{JOURNAL_NAME}.tmp-"):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                done.append(f"removed {path}")
    return done


# errno -> what to tell the user about the output folder
_OUTPUT_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def locked(fn: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """Run a writing library function under the project's lock, after ``recover``; turn an
    ``OSError`` of the file system (full, read-only) into one clear ``LvvError``.

    The function's first argument is the ``Project``.
    """

    @functools.wraps(fn)
    def wrapper(project: Any, *args: P.args, **kwargs: P.kwargs) -> R:
        if not project.root.is_dir():  # the lock file would create the folder
            raise LvvError(
                f"{project.root}: no such project folder. Pass --project DIR, or create a "
                "project with `lvv-publish init DIR`."
            )
        with project_lock(project.root):
            recover(project.root)
            try:
                return fn(project, *args, **kwargs)
            except OSError as exc:
                raise output_error(exc) from exc

    return wrapper


def output_error(exc: OSError, where: Path | str | None = None) -> LvvError:
    """An ``OSError`` while writing the output, as one clear line."""
    place = exc.filename or where or "the project folder"
    if exc.errno not in _OUTPUT_PROBLEMS:
        return LvvError(f"{place}: {exc.strerror or exc}.")
    what = _OUTPUT_PROBLEMS[exc.errno]
    return LvvError(
        f"{place}: cannot write: {what} ({errno.errorcode.get(exc.errno or 0, exc.errno)}). "
        "Nothing published was changed; make room or make the folder writable, then run the "
        "command again."
    )
