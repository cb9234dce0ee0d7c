"""All or nothing: everything is built in staging folders, then swapped into place at once.

``staging`` gives a fresh folder next to its target, ``stage_text`` a file (the same file
system, so the final move is a rename). ``swap`` moves every staged folder and file onto its
target, or removes a target, with a journal in ``.lvv-publish-swap.json`` (``journal.py``:
relative paths, the project folder's identity): killed during the swap, ``recover`` (run
by the next writing command, under the project's lock) rolls the moves back, so the
previous publication is back; killed after the swap was committed, every move is done and
only the old folders and files are left to remove. Staging folders and temporary files of
a killed run are removed too. A journal that is not this project's own is refused before
anything is touched.

``checkpoint`` is a test hook: with ``LVV_KILL_AT=<name>`` in the environment the process
kills itself with SIGKILL at that named point, so tests can kill a release at exact,
repeatable moments.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import LvvError
from .journal import JOURNAL_NAME, Move, clear_journal, read_journal, write_journal

# What a run leaves beside its targets while it works (``staging``, ``swap``,
# ``stage_text``); any of these found under the lock belongs to a run that died.
_LEFTOVER = re.compile(r"^\..+\.(staging|old|tmp)-[0-9]+$")

# What ``swap`` does: each staged folder or file onto its target (None: the target removed).
Moves = list[tuple[Path | None, Path]]


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
def staging(target: Path) -> Iterator[Path]:
    """A fresh folder next to ``target`` (same file system, so the final move is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".{target.name}.staging-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def swap(moves: Moves, root: Path) -> None:
    """Move each staged folder or file onto its target (``None``: remove the target), all or
    nothing.

    Published targets are renamed aside first and removed only when every move has
    succeeded; on a failure the moves done so far are undone and the published ones put
    back. The journal (``journal.py``) lets the next command do the same when this process
    is killed half-way: it rolls back an unfinished swap, and finishes a committed one.
    """
    for _, target in moves:
        check_target(root, target)
    plan = [
        Move(stage, target, target.parent / f".{target.name}.old-{os.getpid()}", _exists(target))
        for stage, target in moves
        if stage is not None or _exists(target)  # nothing to remove is no move
    ]
    write_journal(root, plan, committed=False)
    checkpoint("swap-journal-written")
    done: list[Move] = []
    try:
        for move in plan:
            if move.existed:
                move.target.rename(move.old)
                checkpoint("swap-target-aside")
            done.append(move)
            if move.stage is not None:
                move.stage.rename(move.target)
            # Folders move first, then the files of the root (``rootfiles.py``).
            checkpoint("swap-moved" if move.target.is_dir() else "swap-file-moved")
    except OSError:
        for move in reversed(done):
            _undo(move)
        clear_journal(root)
        raise
    write_journal(root, plan, committed=True)
    checkpoint("swap-committed")
    for move in done:
        _remove(move.old)
        checkpoint("swap-old-removed")
    clear_journal(root)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _remove(path: Path) -> None:
    """Remove a file, a folder or a symlink (never what a symlink points at)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif _exists(path):
        path.unlink()


def _undo(move: Move) -> bool:
    """Take a move back, from wherever it stopped; True if anything was put back."""
    moved_in = (move.stage is None or not _exists(move.stage)) and (
        _exists(move.old) or not move.existed
    )
    if moved_in and _exists(move.target) and move.stage is not None:
        _remove(move.target)  # the staged one was moved in: take it out again
    if _exists(move.old) and not _exists(move.target):
        move.old.rename(move.target)  # and put the published one back
        return True
    return moved_in and move.stage is not None and not move.existed


def check_target(root: Path, target: Path) -> None:
    """Refuse to replace a symlink, or anything whose folder lies outside the project: a
    swap renames what it replaces and does not follow links."""
    if target.is_symlink():
        raise LvvError(
            f"{target}: is a symbolic link (to {os.readlink(target)}); lvv-publish writes "
            "this as a folder or file of its own and does not replace links. Remove the link "
            "and run the command again; nothing published was changed."
        )
    if not target.parent.resolve().is_relative_to(root.resolve()):
        raise LvvError(
            f"{target.parent}: leads out of the project ({target.parent.resolve()}) through a "
            "symbolic link; lvv-publish writes only inside the project. Make it a folder of "
            "the project and run the command again; nothing published was changed."
        )


def recover(root: Path) -> list[str]:
    """Undo (or finish) the swap of a run that was killed; remove what it left behind.

    Call only under the project's lock. Returns what was done, for tests and messages. A
    journal that is malformed or not this project folder's is refused (``journal.py``)
    before anything is touched.
    """
    done: list[str] = []
    journal = read_journal(root)
    if journal is not None:
        for move in reversed(journal.moves):
            if journal.committed:
                _remove(move.old)  # the new ones are in place: only the old ones go
            elif _undo(move):
                done.append(f"restored {move.target}")
        clear_journal(root)
    for top in (root / "datapackage", root / "site", root):
        if not top.is_dir() or top.is_symlink():
            continue
        for path in top.iterdir():
            if _LEFTOVER.match(path.name) or path.name.startswith(f".{JOURNAL_NAME}.tmp-"):
                _remove(path)
                done.append(f"removed {path}")
    return done


def same_tree(a: Path, b: Path) -> bool:
    """Do two folders hold the same files with the same bytes?"""
    if not (a.is_dir() and b.is_dir()):
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / p, b / p, shallow=False) for p in files_a)


def stage_text(stack: ExitStack, target: Path, text: str) -> Path | None:
    """A staged file for ``target`` holding ``text`` (removed when ``stack`` closes unless it
    was moved in), or None when ``target`` holds exactly that already."""
    data = text.encode("utf-8")
    if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
        return None
    stage = target.parent / f".{target.name}.staging-{os.getpid()}"
    stack.callback(stage.unlink, missing_ok=True)
    stage.write_bytes(data)
    return stage
