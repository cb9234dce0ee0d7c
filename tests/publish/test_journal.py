"""The swap journal (publish/journal.py) and recovery (transaction.py) on a small tree.

A swap is interrupted at each of its named points (``checkpoint`` raising, in-process: the
staging folders are made by hand, so nothing cleans up as a SIGKILL would not either); the
next ``recover`` gives back the tree before the swap, or finishes it once committed. Journals
that are malformed, name paths outside the project or belong to a copy are refused with one
``LvvError`` and touch nothing, inside the project or outside it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lvv_publish.errors import LvvError
from lvv_publish.publish import JOURNAL_NAME, recover, transaction
from lvv_publish.publish.journal import FORMAT, identity

from ..corpus import generate


class Killed(BaseException):
    """Not an OSError: swap's own rollback does not catch it, as it cannot catch SIGKILL."""


PUBLISHED = {
    "datapackage/15/datapackage.json": "15.0.0",
    "datapackage/validated.sha256": "one\n",
    "site/15/index.html": "site 15.0.0",
    "site/versions.json": "[15]",
    "site/feed.xml": "feed",
}
# After the swap: 15 replaced, 16 new, versions.json replaced, the feed removed, a new
# catalogue, the ledger replaced.
SWAPPED = {
    "datapackage/15/datapackage.json": "15.1.0",
    "datapackage/validated.sha256": "one\ntwo\n",
    "site/15/index.html": "site 15.1.0",
    "site/16/index.html": "site 16",
    "site/versions.json": "[16, 15]",
    "site/catalog.ttl": "catalogue",
}


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for top in ("datapackage", "site")
        for p in sorted((root / top).rglob("*"))
        if p.is_file()
    }


def write(root: Path, tree: dict[str, str]) -> None:
    for name, text in tree.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root, PUBLISHED)
    return root


def staged_moves(root: Path) -> list[tuple[Path | None, Path]]:
    """Stage ``SWAPPED`` by hand, as a release does (folders, then files)."""
    pid = os.getpid()

    def stage(target: str, content: dict[str, str] | str) -> tuple[Path, Path]:
        path = root / target
        staged = path.parent / f".{path.name}.staging-{pid}"
        if isinstance(content, str):
            staged.write_text(content, encoding="utf-8")
        else:
            write(staged, content)
        return staged, path

    return [
        stage("datapackage/15", {"datapackage.json": "15.1.0"}),
        stage("site/15", {"index.html": "site 15.1.0"}),
        stage("site/16", {"index.html": "site 16"}),
        stage("site/versions.json", "[16, 15]"),
        (None, root / "site/feed.xml"),
        stage("site/catalog.ttl", "catalogue"),
        stage("datapackage/validated.sha256", "one\ntwo\n"),
    ]


def kill_at(monkeypatch: pytest.MonkeyPatch, point: str) -> None:
    def checkpoint(name: str) -> None:
        if name == point:
            raise Killed(name)

    monkeypatch.setattr(transaction, "checkpoint", checkpoint)


def leftovers(root: Path) -> list[str]:
    return [
        p.name
        for top in (root, root / "datapackage", root / "site")
        for p in top.iterdir()
        if p.name.startswith(".")
    ]


BEFORE_COMMIT = ("swap-journal-written", "swap-target-aside", "swap-moved", "swap-file-moved")
AFTER_COMMIT = ("swap-committed", "swap-old-removed")


@pytest.mark.parametrize("point", BEFORE_COMMIT + AFTER_COMMIT)
def test_a_swap_killed_at_any_point_is_undone_or_finished(
    point: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    moves = staged_moves(root)
    kill_at(monkeypatch, point)
    with pytest.raises(Killed):
        transaction.swap(moves, root)
    assert (root / JOURNAL_NAME).is_file()
    monkeypatch.undo()
    recover(root)
    assert files(root) == (PUBLISHED if point in BEFORE_COMMIT else SWAPPED)
    assert leftovers(root) == []


def test_an_uninterrupted_swap_moves_files_folders_and_removals(tmp_path: Path) -> None:
    root = project(tmp_path)
    transaction.swap(staged_moves(root), root)
    assert files(root) == SWAPPED
    assert leftovers(root) == []


def test_the_journal_holds_relative_paths_and_the_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    kill_at(monkeypatch, "swap-journal-written")
    with pytest.raises(Killed):
        transaction.swap(staged_moves(root), root)
    record = json.loads((root / JOURNAL_NAME).read_text(encoding="utf-8"))
    assert record["project"] == {**identity(root), "path": str(root)}
    paths = [m[k] for m in record["moves"] for k in ("stage", "target", "old") if m[k]]
    assert paths and not [p for p in paths if p.startswith("/") or ".." in p]
    assert record["moves"][0]["target"] == "datapackage/15"


def test_a_copy_taken_after_a_kill_never_acts_and_the_original_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    kill_at(monkeypatch, "swap-moved")
    with pytest.raises(Killed):
        transaction.swap(staged_moves(root), root)
    monkeypatch.undo()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)  # contents and times, as cp -a
    killed = files(root)
    with pytest.raises(LvvError, match="belongs to another project folder") as caught:
        recover(copy)
    assert str(root) in str(caught.value) and "\n" not in str(caught.value)
    assert files(copy) == killed and (copy / JOURNAL_NAME).is_file()
    assert len(leftovers(copy)) == len(leftovers(root))  # its staging folders kept too
    assert files(root) == killed  # the original was not touched by the copy
    recover(root)
    assert files(root) == PUBLISHED


def test_a_moved_project_still_recovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mv`` within the file system keeps the folder (its inode): the journal is its own."""
    root = project(tmp_path)
    kill_at(monkeypatch, "swap-moved")
    with pytest.raises(Killed):
        transaction.swap(staged_moves(root), root)
    monkeypatch.undo()
    moved = root.rename(tmp_path / "moved")
    recover(moved)
    assert files(moved) == PUBLISHED


def crafted(root: Path, victim: Path) -> dict[str, list[dict[str, object]]]:
    (root / "site/link").symlink_to(victim)
    return {
        "outside": [{"stage": "../.victim.staging-1", "target": "../victim",
                     "old": "../.victim.old-1", "existed": False}],
        "absolute": [{"stage": None, "target": str(victim), "old": str(victim) + ".old",
                      "existed": True}],
        "symlink out": [{"stage": "site/link/.x.staging-1", "target": "site/link/x",
                         "old": "site/link/.x.old-1", "existed": False}],
        "not published": [{"stage": ".monitors.staging-1", "target": "monitors",
                           "old": ".monitors.old-1", "existed": True}],
        "foreign stage": [{"stage": "site/15", "target": "datapackage/15",
                           "old": "datapackage/.15.old-1", "existed": True}],
        "dot-dot inside": [{"stage": "site/../site/.15.staging-1", "target": "site/15",
                            "old": "site/.15.old-1", "existed": True}],
    }  # fmt: skip


@pytest.mark.parametrize(
    "kind",
    ["outside", "absolute", "symlink out", "not published", "foreign stage", "dot-dot inside"],
)
def test_a_crafted_journal_is_refused_and_touches_nothing(kind: str, tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "monitors").mkdir()
    victim = tmp_path / "victim"
    write(victim, {"x/keep.txt": "keep", "keep.txt": "keep"})
    generate.journal(root, moves=crafted(root, victim)[kind], committed=False)
    before = files(root)
    with pytest.raises(LvvError, match="is not a journal this project can act on"):
        recover(root)
    assert files(root) == before and (root / "monitors").is_dir()
    assert (victim / "keep.txt").is_file() and (victim / "x/keep.txt").is_file()
    assert (root / JOURNAL_NAME).is_file()


@pytest.mark.parametrize(
    "text",
    [
        "",
        '{"lvv-publish-swap": 1, "proj',
        "[]",
        '{"committed": true, "moves": []}',
        '{"lvv-publish-swap": 1, "committed": false, "moves": []}',
        '{"lvv-publish-swap": 1, "project": {"device": "x", "inode": 1}, "moves": []}',
        "\udcff",
    ],
)
def test_a_malformed_journal_is_one_clear_error(text: str, tmp_path: Path) -> None:
    root = project(tmp_path)
    if text == "\udcff":  # not UTF-8
        (root / JOURNAL_NAME).write_bytes(b"\xff\xfe{")
    else:
        (root / JOURNAL_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(LvvError, match="is not a journal this project can act on") as caught:
        recover(root)
    assert "\n" not in str(caught.value)
    assert f"remove {JOURNAL_NAME}" in str(caught.value)


def test_a_journal_with_a_wrong_move_list_or_flag_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    record = {"lvv-publish-swap": FORMAT, "project": identity(root), "committed": "yes"}
    (root / JOURNAL_NAME).write_text(json.dumps({**record, "moves": []}), encoding="utf-8")
    with pytest.raises(LvvError, match="no list of moves or no committed flag"):
        recover(root)
    record["committed"] = False
    (root / JOURNAL_NAME).write_text(json.dumps({**record, "moves": [["a"]]}), encoding="utf-8")
    with pytest.raises(LvvError, match="a move is not of the form"):
        recover(root)


def test_a_swap_refuses_to_replace_a_symlink(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "site/latest").symlink_to("15")
    stage = root / f"site/.latest.staging-{os.getpid()}"
    write(stage, {"index.html": "new"})
    with pytest.raises(LvvError, match="site/latest: is a symbolic link"):
        transaction.swap([(stage, root / "site/latest")], root)
    assert (root / "site/latest").is_symlink() and not (root / JOURNAL_NAME).exists()
