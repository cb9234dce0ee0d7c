"""The accessibility statement, ``site/toegankelijkheid/index.html``: one page for the whole
site, at its root beside ``versions.json``, so that the footer of every page of every version
links it at one stable address (``../toegankelijkheid/`` from the version's folder).

In the structure of the Dutch model statement (status, onderzoek, bevindingen, maatregelen,
contact). What it says comes from data: the standard, the axe-core version and the widths
the site is tested at (``data/accessibility.yaml``), the contact point
(``publication.yaml``) and when the newest version was published (the date of the build).
The page has no assets (inline style), like the root ``404.html``, and is rendered with
autoescape on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ... import resources
from ...dutch import date as dutch_date
from ...models import Publication
from ..csp import with_policy
from ..standalone import html_environment

# The page's path from the site's root (a folder, so that its address ends in a slash).
ACCESSIBILITY_PAGE = "toegankelijkheid/index.html"


def accessibility_facts() -> dict[str, Any]:
    """``data/accessibility.yaml``: the standard, how the site is tested, the status, the
    known limitations and the measures."""
    text = (resources.data_dir() / "accessibility.yaml").read_text(encoding="utf-8")
    facts: dict[str, Any] = resources.yaml_data(text)
    return facts


def accessibility_page(
    pub: Publication, newest: int, published: dt.datetime, site_url: str | None
) -> str:
    """The statement's HTML. ``newest``: the newest release; ``published``: when it was
    published (the site's build date)."""
    facts = accessibility_facts()
    widths = [f"{w} pixels" for w in facts["widths"]]
    template = html_environment().get_template("toegankelijkheid.html.j2")
    page = template.render(
        pub=pub,
        facts=facts,
        widths=", ".join(widths[:-1]) + " en " + widths[-1] if len(widths) > 1 else widths[0],
        newest=newest,
        built=dutch_date(published.date()),
        canonical=f"{site_url.rstrip('/')}/toegankelijkheid/" if site_url else None,
    )
    return with_policy(page)
