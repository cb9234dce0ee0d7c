"""The reading guide (``leeswijzer.md``): the periods a release carries, and how to read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...package import PublishedPackage
from .release import ReleaseInfo


@dataclass(frozen=True)
class PeriodView:
    monitor: int
    label: str
    title: str | None
    start: Any
    end: Any
    peildatum: Any
    is_release: bool


@dataclass(frozen=True)
class GuideContext:
    """Context of ``guide.md.j2`` (Leeswijzer): ``release`` and ``periods``, the periods it
    carries."""

    release: ReleaseInfo
    periods: list[PeriodView]


def guide_context(package: PublishedPackage, info: ReleaseInfo) -> GuideContext:
    periods = [
        PeriodView(
            monitor=int(r["monitor"]),
            label=str(r["label"]),
            title=None if pd.isna(r["title"]) else str(r["title"]),
            start=r["period_start"],
            end=r["period_end"],
            peildatum=r["peildatum"],
            is_release=int(r["monitor"]) == info.number,
        )
        for _, r in package.monitors.sort_values("monitor").iterrows()
    ]
    return GuideContext(release=info, periods=periods)
