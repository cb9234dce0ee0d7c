"""What the tool ships inside its package: site templates, rules, registry defaults.

Found with ``importlib.resources``, never relative to the source tree, so that an installed
wheel (``pip install``, ``pipx install``) works from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import LvvError


def resource_dir(package: str) -> Path:
    """The folder of ``package`` (e.g. ``lvv_publish.site_templates``) as a real path.

    Jinja2's loader, MkDocs and ``shutil.copytree`` need real folders; a wheel installs its
    files on disk, so the package's traversable is a path (zip imports are not supported).
    """
    path = Path(str(files(package)))
    if not path.is_dir():
        raise LvvError(
            f"{package}: the installed lvv-publish misses its bundled files ({path}). "
            "Reinstall it: pip install --force-reinstall lvv-publish."
        )
    return path


def templates_dir() -> Path:
    """The site templates (``site_templates/`` in the repository)."""
    return resource_dir("lvv_publish.site_templates")


def data_dir() -> Path:
    """Rules and the registry defaults (``lvv_publish/data/``)."""
    return resource_dir("lvv_publish.data")


def yaml_data(text: str) -> Any:
    """YAML the tool ships (its schemas, rules, pages and figures), read safely: with libyaml's
    loader where PyYAML has it, which gives the same data some ten times faster (the files
    are read at every start; pure Python took some 90 ms of a release for them)."""
    import yaml  # here: ``--help`` needs no YAML

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def docs_dir() -> Path:
    """The documentation (``docs/`` in the repository), read by ``lvv-publish docs``."""
    return resource_dir("lvv_publish.docs")


def doc_topics() -> dict[str, str]:
    """Every document the tool ships, by topic (its file name without ``.md``), with its
    title (the first heading), in alphabetical order."""
    topics = {}
    for path in sorted(docs_dir().glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), "")
        topics[path.stem] = title
    return topics


def doc_text(topic: str) -> str:
    """The Markdown of the document ``topic`` (``releasing``, ``data-contract``, …)."""
    topics = doc_topics()
    # Only the names the tool ships: a topic is never a path (``../x``) into the install.
    if topic not in topics:
        raise LvvError(
            f"no document called {topic!r}. The documents are: {', '.join(topics)} "
            "(`lvv-publish docs` lists them with their titles)."
        )
    return (docs_dir() / f"{topic}.md").read_text(encoding="utf-8")
