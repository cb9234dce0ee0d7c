"""What ``monitors/publication.yaml`` holds: the settings shared by every release."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictStr, model_validator

from .addresses import EmailAddress, WebAddress
from .base import StrictModel


class License(StrictModel):
    name: StrictStr
    title: StrictStr
    # Shown as a link on the site and in the catalogue: a web address, never ``javascript:``.
    path: WebAddress


class Contributor(StrictModel):
    title: StrictStr
    role: StrictStr


class ContactPoint(StrictModel):
    """Where portals and readers send questions about the data (the DCAT contact point)."""

    name: StrictStr = Field(min_length=1)
    email: EmailAddress | None = None
    url: WebAddress | None = None

    @model_validator(mode="after")
    def _reachable(self) -> ContactPoint:
        if self.email is None and self.url is None:
            raise ValueError("a contact point needs an email address or a url")
        return self


class NextPublication(StrictModel):
    """When the next release is due (the release calendar). When the date moves, the office
    keeps the date it had announced (``previous_date``) and says why (``reason``, free text
    shown on the site): both or neither."""

    date: dt.date
    previous_date: dt.date | None = None
    reason: StrictStr | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _moved_with_a_reason(self) -> NextPublication:
        if (self.previous_date is None) != (self.reason is None):
            raise ValueError("a moved date needs both previous_date and reason")
        if self.previous_date == self.date:
            raise ValueError("previous_date is the same day as date: the date did not move")
        return self


# The EU Data Theme vocabulary (publications.europa.eu/resource/authority/data-theme), which
# DCAT-AP-NL prescribes for dcat:theme.
DataTheme = Literal[
    "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI",
    "TECH", "TRAN",
]  # fmt: skip


class Publication(StrictModel):
    """The contents of ``monitors/publication.yaml``: settings shared by every release.

    ``publisher_uri``, ``contact_point``, ``themes`` and ``frequency`` describe the series in
    the DCAT catalogue (``site/catalog.ttl``); ``frequency`` is a code of the EU Frequency
    vocabulary (``QUARTERLY``). ``next_publication``: the release calendar, shown on every
    page, in the feed and in ``site/kalender.ics``.
    """

    name: StrictStr = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: StrictStr
    description: StrictStr
    publisher: StrictStr
    license: License
    contributors: tuple[Contributor, ...]
    keywords: tuple[StrictStr, ...]
    pilot_start: dt.date
    site_url: WebAddress | None = None
    publisher_uri: WebAddress | None = None
    contact_point: ContactPoint | None = None
    themes: tuple[DataTheme, ...] = ()
    frequency: StrictStr | None = Field(default=None, pattern=r"^[A-Z_0-9]+$")
    next_publication: NextPublication | None = None
