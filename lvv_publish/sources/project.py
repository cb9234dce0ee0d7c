"""The folders of an lvv-publish project: its inputs (``monitors/``, ``registry/``) and what
it publishes (``datapackage/``, ``site/``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import LvvError

# What makes a folder a project: its publication settings.
MARKER = Path("monitors") / "publication.yaml"


@dataclass(frozen=True)
class Project:
    """The folders of an lvv-publish project."""

    root: Path

    def __post_init__(self) -> None:
        # Absolute, so that a path handed to another tool (MkDocs resolves a relative
        # site_dir against its config file's folder) means the same folder.
        object.__setattr__(self, "root", Path(self.root).absolute())

    @property
    def monitors(self) -> Path:
        return self.root / "monitors"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def registry_dir(self) -> Path:
        return self.root / "registry"

    def package_dir(self, number: int) -> Path:
        return self.datapackage / str(number)

    def site_dir(self, number: int) -> Path:
        return self.site / str(number)

    def released_numbers(self) -> list[int]:
        """Numbers of the monitors with a published data package, oldest first."""
        if not self.datapackage.is_dir():
            return []
        return sorted(
            int(p.name)
            for p in self.datapackage.iterdir()
            if p.name.isascii() and p.name.isdigit() and (p / "datapackage.json").is_file()
        )

    def rel(self, path: Path) -> str:
        """``path`` relative to the project, for messages."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def find_project(start: Path) -> Project:
    """The project that holds ``start``: ``start`` itself or the nearest folder above it with
    ``monitors/publication.yaml``, as git finds its repository from any of its folders."""
    here = Path(start).absolute()
    if not here.is_dir():
        raise LvvError(
            f"{start}: no such project folder. Pass --project DIR, or create a project with "
            "`lvv-publish init DIR`."
        )
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return Project(folder)
    raise LvvError(
        f"{here}: not inside an lvv-publish project (no {MARKER} here or in a folder above). "
        "Run the command in the project's folder or one of its subfolders, or pass "
        "--project DIR; `lvv-publish init DIR` starts a new project."
    )
