"""``site/latest/``: the newest version under a stable address, as redirects and downloads.

Every page of ``latest/`` sends the reader to the same page of the newest version
(``latest/gemeenten/amsterdam/`` to ``15/gemeenten/amsterdam/``), keeping the query and the
anchor; the files a reader downloads (``downloads/`` and each chart's CSV) are there as
files, so ``/latest/downloads/observations.csv`` stays a stable address for scripts.
What only the pages themselves use (the theme's and Vega's scripts, the search index, the
long tables' JSON, the charts' specs) is not: nothing in ``latest/`` loads it. Until issue
22 ``latest/`` was a whole copy of the newest version: 35.4 MB at 350 municipalities x 40
monitors, where the redirects and downloads are 8.9 MB.

A page that moves the reader on: a script (``location.replace``, which keeps the query and
the anchor, and leaves no step in the history) and, without JavaScript, a meta refresh after
0 seconds inside ``<noscript>``, so that it never races the script (no time limit a reader
must beat: WCAG 2.2.1 allows an instant redirect), with a link, the target page's title and
its canonical address.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from jinja2 import Template

from .csp import with_policy
from .standalone import html_environment

LATEST = "latest"

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


def _downloaded(parts: tuple[str, ...]) -> bool:
    """Is this file of a version one a reader downloads (kept in ``latest/`` as a file)?"""
    if parts[0] == "downloads":
        return True
    return parts[0] == "grafieken" and parts[-1].endswith(".csv")


def write_latest(newest: Path, number: int, folder: Path) -> None:
    """Write ``latest/`` for the newest version ``newest`` (``site/<number>``) into the
    empty ``folder`` (the caller stages it and compares it with what is published)."""
    for name, content in _latest_files(newest, number):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            shutil.copy2(content, target)


def _latest_files(newest: Path, number: int) -> Iterator[tuple[str, Path | bytes]]:
    """The files of ``latest/``, by path relative to it, in sorted order: a redirect page's
    bytes, or the version's file to copy."""
    template = html_environment().get_template("latest.html.j2")
    for path in sorted(p for p in newest.rglob("*") if p.is_file()):
        rel = path.relative_to(newest)
        name = rel.as_posix()
        if path.suffix == ".html":
            target = "../" * len(rel.parts) + f"{number}/" + _address(rel)
            yield name, _redirect(template, path, target, number)
        elif _downloaded(rel.parts):
            yield name, path


def root_redirect(newest: Path, number: int) -> str:
    """The site's ``index.html``: the reader goes straight to the newest version's home page
    (``site/<number>``, ``newest``), not by way of ``latest/``'s redirect, and the page names
    that home page canonical."""
    template = html_environment().get_template("latest.html.j2")
    return _redirect(template, newest / "index.html", f"{number}/", number).decode("utf-8")


def _address(rel: Path) -> str:
    """The address of a page at ``rel`` in a version: its folder for an ``index.html``."""
    if rel.name != "index.html":
        return rel.as_posix()
    return "" if rel.parent == Path(".") else rel.parent.as_posix() + "/"


def _redirect(template: Template, page: Path, target: str, number: int) -> bytes:
    """A page that sends the reader to ``target``, the page ``page`` of the newest version."""
    text = page.read_text(encoding="utf-8")
    title = _TITLE.search(text)
    canonical = _CANONICAL.search(text)
    page_html = template.render(
        # The title and address as the target page has them (the template escapes them).
        title=html.unescape(title.group(1).strip()) if title else "LVV Monitor",
        canonical=html.unescape(canonical.group(1)) if canonical else None,
        target=target,
        number=number,
    )
    return with_policy(page_html).encode("utf-8")
