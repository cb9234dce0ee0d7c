"""When a version is published: the time, taken once, Amsterdam time, to the second.

The time is recorded in the version's ``datapackage.json`` when it is first published (a
release's ``published``, a correction's own) and kept from then on: an unchanged release
rewrites nothing, its time included. It orders the versions everywhere (the vintage file,
the feed, the changelogs), so a correction made on the day of a later release sorts after it.

Reproducible builds: ``SOURCE_DATE_EPOCH`` (seconds since 1970 UTC,
https://reproducible-builds.org/specs/source-date-epoch/), when set, is the publication
time; the library takes a ``clock`` too, for tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from zoneinfo import ZoneInfo

from ..errors import LvvError, PublishError
from ..models import PublishedTime
from ..package import published_time
from ..sources import Project

# The publisher's clock: the LVV is published from the Netherlands, for Dutch readers.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise LvvError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time: it takes whole seconds since "
            "1970-01-01 UTC (e.g. `date +%s`), or unset it to publish at the current time."
        ) from exc


def publication_time(clock: Clock | None = None) -> dt.datetime:
    """The time a version is published: ``clock()`` (default ``system_clock``) in Amsterdam
    time, to the second."""
    now = (clock or system_clock)()
    if now.tzinfo is None or now.utcoffset() is None:
        raise LvvError(f"the clock gave {now} without a time zone; it needs one.")
    return now.astimezone(AMSTERDAM).replace(microsecond=0)


def check_after_latest(project: Project, at: dt.datetime) -> None:
    """Refuse a publication time that is not after every version published so far: a clock
    set back (or ``SOURCE_DATE_EPOCH`` left set) would sort the new version before the ones
    it follows and rewrite the history the vintage file and the feed keep."""
    new = PublishedTime(at.date(), at)
    latest: tuple[str, PublishedTime] | None = None
    for number in project.released_numbers():
        descriptor = json.loads(
            (project.package_dir(number) / "datapackage.json").read_text(encoding="utf-8")
        )
        time = published_time(descriptor)
        if latest is None or time.key() > latest[1].key():
            latest = (str(descriptor["version"]), time)
    # The same second is allowed (a benchmark publishes many at once): the version orders.
    if latest is not None and new.key() < latest[1].key():
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        why = f" (SOURCE_DATE_EPOCH is set to {epoch}: unset it)" if epoch else ""
        raise PublishError(
            f"the publication time {at.isoformat()}{why} is before that of version "
            f"{latest[0]} ({latest[1].value.isoformat()}): a new version must come after every "
            "published one. Check the computer's clock."
        )
