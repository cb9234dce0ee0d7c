"""Whole HTML pages outside MkDocs (the error page, the accessibility statement, the
redirects of ``latest/`` and of the site's root): one template environment with every value
escaped, the pages then secured with the Content-Security-Policy (``csp.with_policy``)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import resources


def html_environment(templates_dir: Path | None = None) -> Environment:
    """The templates of ``site_templates/`` (or ``templates_dir``) for whole HTML pages."""
    return Environment(
        loader=FileSystemLoader(str(templates_dir or resources.templates_dir())),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=True,
    )
