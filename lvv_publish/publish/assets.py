"""``site/assets/``: the asset sets the published versions share (``site.ASSETS``).

A version built for publication names its set in its stamp (``stamps.assets_of``) and still
holds the set in its staging folder. ``AssetShelf.take`` moves the set from there onto the
shelf, the staging folder of ``site/assets/``, before the version is compared with what is
published (``transaction.same_tree``); ``AssetShelf.moves`` then fills in the sets the other
published versions name from ``site/assets/`` and leaves out every set no version names, so
an upgrade's new set comes in and an old one goes when its last version is rebuilt. It is
swapped in with the versions, all or nothing, like ``latest/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from ..errors import LvvError
from ..site import ASSETS
from ..sources import Project
from .stamps import assets_of
from .transaction import Moves, same_tree, staging


class AssetShelf:
    """The staging folder of ``site/assets/`` (closed by the ``stack`` it was made with).
    One per run: the folder is named by the process (``transaction.staging``)."""

    def __init__(self, project: Project, stack: ExitStack) -> None:
        self.project = project
        self.target = project.site / ASSETS
        self.folder = stack.enter_context(staging(self.target))

    def take(self, version: Path) -> None:
        """Move the asset set out of the staged ``version`` onto the shelf (a set already
        there has the same files: its name is their digest). A version that names no set
        keeps its own ``assets/``."""
        name = assets_of(version)
        if name is None:
            return
        built = version / ASSETS
        if (self.folder / name).is_dir():
            shutil.rmtree(built)
        else:
            built.rename(self.folder / name)

    def moves(self, versions: Iterable[Path]) -> Moves:
        """The move that makes ``site/assets/`` hold exactly the sets ``versions`` (every
        version about to be published, staged or not) name; none when it does already."""
        named: dict[str, Path] = {}
        for folder in versions:
            if (name := assets_of(folder)) is not None:
                named.setdefault(name, folder)
        names = set(named)
        for name in sorted(names):
            shelved = self.folder / name
            if shelved.is_dir():
                continue
            published = self.target / name
            if not published.is_dir():
                raise LvvError(
                    f"{self.project.rel(published)}: missing, and "
                    f"{self.project.rel(named[name])} loads its scripts and styles from it. "
                    "Run `lvv-publish build --all`, which builds that version again; nothing "
                    "published was changed."
                )
            shutil.copytree(published, shelved, copy_function=shutil.copy2)
        for extra in sorted(p for p in self.folder.iterdir() if p.name not in names):
            shutil.rmtree(extra)
        if not names:
            exists = self.target.exists() or self.target.is_symlink()
            return [(None, self.target)] if exists else []
        return [] if same_tree(self.folder, self.target) else [(self.folder, self.target)]
