"""The swap journal: what an interrupted swap was moving, in the project's own terms.

``.lvv-publish-swap.json`` lists the moves of a swap (``transaction.swap``) so that the next
writing command can undo or finish it. Nothing in it is trusted:

- **Paths are relative to the project** and name only what a swap itself makes: a target
  under ``datapackage/`` or ``site/`` (no ``..``, no absolute path, nothing that resolves
  outside the project through a symlink), and beside it the staging and aside names that
  ``transaction.py`` gives (``.<name>.staging-<pid>``, ``.<name>.old-<pid>``).
- **It belongs to this project folder.** It records the device and inode of the project's
  root folder. ``cp -a`` (or ``shutil.copytree``) keeps file contents and times, so an id
  stored in a file would be copied along and could not tell a copy from its original; the
  root folder of a copy is a new inode. A rename within the file system keeps it, so a
  project moved with ``mv`` still recovers. A journal of another folder (this project is a
  copy taken after a kill, or the file was copied in) is refused: the original may still
  need it, and the copy's staging folders are the original's.
- **Anything else** (not JSON, another shape, a path as above) is refused too, as one
  ``LvvError`` that says what to do; before anything is touched.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import LvvError

JOURNAL_NAME = ".lvv-publish-swap.json"
FORMAT = 1
# The folders a swap may write in: what is published.
PUBLISHED = ("datapackage", "site")
# ASCII digits only: ``\d`` also takes other scripts' digits (``١٤``).
_PID = "[0-9]+"


@dataclass(frozen=True)
class Move:
    """One move of a swap: ``stage`` (None: the target is removed) onto ``target``, whose
    published version is first renamed to ``old``; ``existed``: was there one."""

    stage: Path | None
    target: Path
    old: Path
    existed: bool


@dataclass(frozen=True)
class Journal:
    committed: bool
    moves: tuple[Move, ...]


def identity(root: Path) -> dict[str, int]:
    """The project folder itself (see the module's doc: why not an id file)."""
    st = root.stat()
    return {"device": st.st_dev, "inode": st.st_ino}


def write_journal(root: Path, moves: list[Move], *, committed: bool) -> None:
    """Record the swap in progress (atomically: a half-written journal would be worse)."""
    record = {
        "lvv-publish-swap": FORMAT,
        "project": {**identity(root), "path": str(root)},
        "committed": committed,
        "moves": [
            {
                "stage": None if m.stage is None else _relative(root, m.stage),
                "target": _relative(root, m.target),
                "old": _relative(root, m.old),
                "existed": m.existed,
            }
            for m in moves
        ],
    }
    path = root / JOURNAL_NAME
    tmp = root / f".{JOURNAL_NAME}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def clear_journal(root: Path) -> None:
    (root / JOURNAL_NAME).unlink(missing_ok=True)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_journal(root: Path) -> Journal | None:
    """The journal of an interrupted swap in ``root``, checked; None if there is none."""
    path = root / JOURNAL_NAME
    if not path.is_file() and not path.is_symlink():
        return None
    if path.is_symlink():
        raise _unreadable(path, "it is a symbolic link")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _unreadable(path, f"it is not JSON: {exc}") from None
    if not isinstance(record, dict) or record.get("lvv-publish-swap") != FORMAT:
        raise _unreadable(path, f"it is not a swap journal of format {FORMAT}")
    _check_identity(root, path, record.get("project"))
    moves, committed = record.get("moves"), record.get("committed")
    if not isinstance(moves, list) or not isinstance(committed, bool):
        raise _unreadable(path, "it has no list of moves or no committed flag")
    return Journal(committed, tuple(_move(root, path, m) for m in moves))


def _check_identity(root: Path, path: Path, project: Any) -> None:
    if not isinstance(project, dict) or not all(
        isinstance(project.get(k), int) for k in ("device", "inode")
    ):
        raise _unreadable(path, "it does not say which project folder it belongs to")
    if {k: project[k] for k in ("device", "inode")} != identity(root):
        where = project.get("path") if isinstance(project.get("path"), str) else "?"
        if where == str(root):
            where += ", which this folder has replaced"
        raise LvvError(
            f"{path}: this journal of an interrupted publication belongs to another project "
            f"folder ({where}): this folder is a copy of it, or the file was copied in, so it "
            "is not acted on here. Run the command in that folder to finish or undo the "
            "publication there. To use this copy, restore its datapackage/ and site/ from "
            "what was published (e.g. `git checkout -- datapackage site`), then remove "
            f"{JOURNAL_NAME} and the .*.staging-* and .*.old-* entries beside them."
        )


def _move(root: Path, path: Path, raw: Any) -> Move:
    if not isinstance(raw, dict) or not isinstance(raw.get("existed"), bool):
        raise _unreadable(path, f"a move is not of the form {{stage, target, old, existed}}: {raw}")
    target = _inside(root, path, raw.get("target"))
    if target.parent == root or target.parts[len(root.parts)] not in PUBLISHED:
        raise _unreadable(path, f"it names {raw.get('target')!r}, which is not published output")
    old = _inside(root, path, raw.get("old"))
    stage = None if raw.get("stage") is None else _inside(root, path, raw.get("stage"))
    for kind, got in (("old", old), ("staging", stage)):
        pattern = rf"\.{re.escape(target.name)}\.{kind}-{_PID}"
        if got is not None and (got.parent != target.parent or not re.fullmatch(pattern, got.name)):
            raise _unreadable(path, f"{got} is not the {kind} name of {raw.get('target')!r}")
    return Move(stage, target, old, raw["existed"])


def _inside(root: Path, path: Path, rel: Any) -> Path:
    """``root / rel`` for a relative path that stays inside ``root``, symlinks resolved."""
    if not isinstance(rel, str) or not rel:
        raise _unreadable(path, f"a path in it is not a text: {rel!r}")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or Path(rel).is_absolute() or ".." in pure.parts or "\\" in rel:
        raise _unreadable(path, f"it names {rel!r}, which is not a path inside the project")
    full = root.joinpath(*pure.parts)
    # The folder it lies in, resolved: a symlink there may not lead out of the project.
    if not full.parent.resolve().is_relative_to(root.resolve()):
        raise _unreadable(path, f"{rel!r} leads out of the project through a symbolic link")
    return full


def _unreadable(path: Path, why: str) -> LvvError:
    return LvvError(
        f"{path}: is not a journal this project can act on ({why}). It is the record of an "
        "interrupted publication; nothing was changed. Check that datapackage/ and site/ hold "
        "what was published (restore them, e.g. `git checkout -- datapackage site`, if not), "
        f"then remove {JOURNAL_NAME} and run the command again."
    )
