"""The small pages: a comparison page when a release carries one monitor only."""

from __future__ import annotations

from dataclasses import dataclass

from .release import ReleaseInfo


@dataclass(frozen=True)
class NoComparisonContext:
    """Context of ``compare_none.md.j2``: ``release``, which carries one monitor only."""

    release: ReleaseInfo
