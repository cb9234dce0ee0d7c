"""``lvv-publish init``: a new, empty publication project from the bundled defaults."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..errors import LvvError
from ..resources import docs_dir
from ..sources import default_registry_dir

# Files a folder may already have (a fresh repository): init keeps them and adds to them.
SHARED_FILES = ("README.md", ".gitignore")
# The documents of the office's routine, copied into the project's docs/ (they link only to
# each other); `lvv-publish docs` shows those of the installed version.
ROUTINE_DOCS = ("releasing", "data-contract", "registry", "narrative", "robustness")
# The GitHub workflows: Pages deploys every push to main, pull requests validate drafts.
WORKFLOWS = ("pages.yml", "validate.yml")
# A plain placeholder, not a Jinja2 one: a workflow is full of GitHub's own ${{ … }}.
VERSION_PLACEHOLDER = "@LVV_PUBLISH_VERSION@"

GITIGNORE = (
    b"# Rebuilt from monitors/ and datapackage/ by lvv-publish.\n/site/\n"
    b"/datapackage/.*\n"
    b"# The lock and swap journal of a running lvv-publish command.\n"
    b".lvv-publish.lock\n.lvv-publish-swap.json\n"
)


def project_files() -> dict[str, bytes]:
    """Every file ``init`` writes, by its path in the project."""
    defaults = default_registry_dir()
    files = {
        "monitors/publication.yaml": (defaults / "publication.yaml").read_bytes(),
        "registry/indicators.yaml": (defaults / "indicators.yaml").read_bytes(),
        "registry/municipalities.yaml": (defaults / "municipalities.yaml").read_bytes(),
        "README.md": (defaults / "README.md").read_bytes(),
        ".gitignore": GITIGNORE,
    }
    for name in WORKFLOWS:
        text = (defaults / "workflows" / name).read_text(encoding="utf-8")
        pinned = text.replace(VERSION_PLACEHOLDER, __version__)
        files[f".github/workflows/{name}"] = pinned.encode("utf-8")
    for topic in ROUTINE_DOCS:
        files[f"docs/{topic}.md"] = (docs_dir() / f"{topic}.md").read_bytes()
    return files


def init_project(target: Path) -> list[Path]:
    """Create a new, empty publication project in ``target`` from the bundled defaults.

    Writes ``monitors/publication.yaml``, ``registry/indicators.yaml``,
    ``registry/municipalities.yaml``, a README for the programme office, a .gitignore, the
    GitHub workflows that deploy the site and validate drafts, and the routine's documents
    in ``docs/``. Refuses a folder that already holds any of these files.
    """
    files = project_files()
    existing = [name for name in files if (target / name).exists() and name not in SHARED_FILES]
    if existing:
        raise LvvError(
            f"{target}: already holds {', '.join(existing)}; init does not overwrite a "
            "project. Choose an empty or new folder."
        )
    # A folder that is already a repository keeps its README and .gitignore: the office's
    # README goes beside it, the ignore lines are added.
    if (target / "README.md").exists():
        files["README-lvv-publish.md"] = files.pop("README.md")
    if (target / ".gitignore").exists():
        present = (target / ".gitignore").read_bytes()
        lines = [
            line
            for line in files[".gitignore"].splitlines(keepends=True)
            if line.strip() and line.strip() not in present.decode("utf-8").split()
        ]
        files[".gitignore"] = (
            present + (b"" if present.endswith(b"\n") else b"\n") + b"".join(lines)
        )
    written = []
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    (target / "datapackage").mkdir(exist_ok=True)
    return written
