"""All or nothing: everything is built in staging folders, then swapped into place at once.

``staging`` gives a fresh folder next to its target (the same file system, so the final move
is a rename). ``swap`` moves every staging folder onto its target with a journal in
``.lvv-publish-swap.json``: killed during the swap, ``recover`` (run by the next writing
command, under the project's lock) rolls the moves back, so the previous publication is
back; killed after the swap was committed, only the old folders are left to remove. Staging
folders and temporary files of a killed run are removed too.

``checkpoint`` is a test hook: with ``LVV_KILL_AT=<name>`` in the environment the process
kills itself with SIGKILL at that named point, so tests can kill a release at exact,
repeatable moments.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

JOURNAL_NAME = ".lvv-publish-swap.json"
# What a run leaves beside its targets while it works (``staging``, ``swap``,
# ``write_atomic``); any of these found under the lock belongs to a run that died.
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


def write_journal(root: Path, moves: list[dict[str, str | bool]], *, committed: bool) -> None:
    """Record the swap in progress (atomically: a half-written journal would be worse)."""
    path = root / JOURNAL_NAME
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"committed": committed, "moves": moves}), encoding="utf-8")
    os.replace(tmp, path)


def clear_journal(root: Path) -> None:
    (root / JOURNAL_NAME).unlink(missing_ok=True)


def swap(moves: list[tuple[Path, Path]], root: Path) -> None:
    """Move each staging folder onto its target, all or nothing.

    Old targets are renamed aside first and removed only when every move has succeeded; on
    a failure the moves done so far are undone and the old folders put back. The journal
    lets the next command do the same when this process is killed half-way: it rolls back
    an unfinished swap, and finishes a committed one.
    """
    plan = [
        (stage, target, target.parent / f".{target.name}.old-{os.getpid()}", target.exists())
        for stage, target in moves
    ]
    journal: list[dict[str, str | bool]] = [
        {"stage": str(s), "target": str(t), "old": str(o), "existed": e} for s, t, o, e in plan
    ]
    write_journal(root, journal, committed=False)
    checkpoint("swap-journal-written")
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for stage, target, old_path, existed in plan:
            old: Path | None = None
            if existed:
                target.rename(old_path)
                old = old_path
                checkpoint("swap-target-aside")
            done.append((stage, target, old))
            stage.rename(target)
            checkpoint("swap-moved")
    except OSError:
        for stage, target, old in reversed(done):
            if target.exists() and not stage.exists():
                target.rename(stage)
            if old is not None and old.exists():
                old.rename(target)
        clear_journal(root)
        raise
    write_journal(root, journal, committed=True)
    checkpoint("swap-committed")
    for _, _, old in done:
        if old is not None and old.exists():
            shutil.rmtree(old)
    clear_journal(root)


def recover(root: Path) -> list[str]:
    """Undo (or finish) the swap of a run that was killed; remove what it left behind.

    Call only under the project's lock. Returns what was done, for tests and messages.
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


def same_tree(a: Path, b: Path) -> bool:
    """Do two folders hold the same files with the same bytes?"""
    if not (a.is_dir() and b.is_dir()):
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / p, b / p, shallow=False) for p in files_a)


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True
