"""One writer per project: the project's lock, and clear messages when the disk says no.

``project_lock`` takes an OS-level lock (``filelock``: ``flock`` on Linux) on
``<project>/.lvv-publish.lock`` for every command that writes; a second command on the same
project is refused with a clear message instead of interleaving. The kernel releases the
lock when its process dies, even by SIGKILL, so a killed release leaves no stale lock.
Under the lock, ``transaction.recover`` first repairs what a killed run left.
"""

from __future__ import annotations

import errno
import functools
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from filelock import FileLock, Timeout

from ..errors import LvvError
from .transaction import recover

P = ParamSpec("P")
R = TypeVar("R")
LOCK_NAME = ".lvv-publish.lock"


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
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        # copytree collects an error for every file it could not copy (a full disk: all of
        # them), as text: name the first, count the rest.
        errors = exc.args[0]
        _, dst, why = errors[0] if errors and len(errors[0]) == 3 else ("", where, exc)
        more = f" (and {len(errors) - 1} more files)" if len(errors) > 1 else ""
        return LvvError(
            f"{dst}: cannot write: {why}{more}. Nothing published was changed; make room or "
            "make the folder writable, then run the command again."
        )
    place = exc.filename or where or "the project folder"
    if exc.errno not in _OUTPUT_PROBLEMS:
        return LvvError(f"{place}: {exc.strerror or exc}.")
    what = _OUTPUT_PROBLEMS[exc.errno]
    return LvvError(
        f"{place}: cannot write: {what} ({errno.errorcode.get(exc.errno or 0, exc.errno)}). "
        "Nothing published was changed; make room or make the folder writable, then run the "
        "command again."
    )
