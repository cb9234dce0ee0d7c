"""A correction of a published release, as its ``datapackage.json`` records it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictInt, StrictStr

from .base import StrictModel


class CellChange(StrictModel):
    """One figure a correction changed: ``before`` → ``after`` (None: unknown or no row)."""

    monitor: StrictInt
    municipality_code: StrictStr
    municipality: StrictStr
    indicator: StrictStr
    before: StrictInt | None
    after: StrictInt | None
    change: Literal["gewijzigd", "toegevoegd", "verwijderd"]


class Correction(StrictModel):
    """A correction of a published release, recorded in its ``datapackage.json``.

    ``version`` is the package version it published (``15.1.0``); the files of
    ``previous_version`` stay downloadable. ``other_changes`` names what changed besides
    the figures (a file, a definition).
    """

    version: StrictStr = Field(pattern=r"^\d+\.\d+\.0$")
    previous_version: StrictStr = Field(pattern=r"^\d+\.\d+\.0$")
    date: dt.date
    reason: StrictStr = Field(min_length=1)
    changes: tuple[CellChange, ...] = ()
    other_changes: tuple[StrictStr, ...] = ()
