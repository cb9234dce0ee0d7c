"""A correction of a published release, as its ``datapackage.json`` records it; and when a
version was published, which orders the versions everywhere (the vintage file, the feed,
the changelogs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import AwareDatetime, Field, StrictInt, StrictStr

from .base import StrictModel


@dataclass(frozen=True)
class PublishedTime:
    """When a version was published: its day, and its time to the second (Amsterdam time,
    with its UTC offset) where it was recorded. Versions published before lvv-publish
    recorded the time have the day only (``at`` None); none is invented for them."""

    day: dt.date
    at: dt.datetime | None = None

    @property
    def value(self) -> dt.date | dt.datetime:
        """The time where known, else the day: what DCAT, schema.org and the pages show."""
        return self.day if self.at is None else self.at

    def key(self) -> tuple[dt.date, bool, float]:
        """By day; within a day the versions without a time first (they were published before
        times were recorded), then by time."""
        return self.day, self.at is not None, 0.0 if self.at is None else self.at.timestamp()


def publication_order(time: PublishedTime, version: str) -> tuple[Any, ...]:
    """The order of published versions: by ``time.key()``, then by version (``15.10.0`` after
    ``15.2.0``) for versions published at the same second."""
    return (*time.key(), tuple(int(part) for part in version.split(".")))


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
    ``previous_version`` stay downloadable. ``date`` is the day it was published and
    ``published`` the time, Amsterdam time (``2024-05-20T14:03:12+02:00``; absent in
    corrections made before lvv-publish recorded it). ``other_changes`` names what changed
    besides the figures (a file, a definition).
    """

    version: StrictStr = Field(pattern=r"^[0-9]+\.[0-9]+\.0$")
    previous_version: StrictStr = Field(pattern=r"^[0-9]+\.[0-9]+\.0$")
    date: dt.date
    published: AwareDatetime | None = None
    reason: StrictStr = Field(min_length=1)
    changes: tuple[CellChange, ...] = ()
    other_changes: tuple[StrictStr, ...] = ()

    @property
    def time(self) -> PublishedTime:
        return PublishedTime(self.date, self.published)

    def record(self) -> dict[str, Any]:
        """As ``datapackage.json`` records it: without ``published`` where it is unknown, so
        that an old correction keeps its bytes."""
        return self.model_dump(
            mode="json", exclude={"published"} if self.published is None else None
        )
