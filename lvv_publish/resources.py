"""What the tool ships inside its package: site templates, rules, registry defaults.

Found with ``importlib.resources``, never relative to the source tree, so that an installed
wheel (``pip install``, ``pipx install``) works from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

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
