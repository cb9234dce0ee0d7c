"""The changelog of a release (``wijzigingen.md``): what changed since the release before, by
the editor and as detected from the packages, and the corrections."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...models import Correction, PublishedTime
from ...package import PublishedPackage
from .. import figures
from .release import FindingView, ReleaseInfo, finding_views


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    what: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class CapacityChange:
    municipality: str
    monitor_before: int
    monitor_after: int
    before: int | None
    after: int | None


@dataclass(frozen=True)
class MunicipalityChange:
    """A location that joined or left, or changed role, between two releases."""

    name: str
    what: str


@dataclass(frozen=True)
class CorrectionView:
    """A correction of release ``release`` (``version``), as the changelog shows it.

    ``time``: when it was published (the day alone for corrections made before the time was
    recorded); ``changes`` are (monitor, municipality, indicator code and name, before,
    after).
    """

    release: int
    version: str
    previous_version: str
    time: PublishedTime
    reason: str
    changes: list[tuple[int, str, str, int | None, int | None]]
    other_changes: list[str]


def correction_views(
    corrections: tuple[tuple[int, Correction], ...], names: dict[str, str]
) -> list[CorrectionView]:
    return [
        CorrectionView(
            release=n,
            version=c.version,
            previous_version=c.previous_version,
            time=c.time,
            reason=c.reason,
            changes=[
                (
                    ch.monitor,
                    ch.municipality,
                    f"{ch.indicator} {names.get(ch.indicator, '')}".strip(),
                    ch.before,
                    ch.after,
                )
                for ch in c.changes
            ],
            other_changes=list(c.other_changes),
        )
        for n, c in corrections
    ]


@dataclass(frozen=True)
class ChangelogContext:
    """Context of ``changelog.md.j2``.

    ``release``: the release; ``changes``: the editor's "Wijziging t.o.v. de vorige
    monitor"; ``notes``: the editor's notes on figures. The rest is detected by code:
    ``indicator_changes`` against the package of ``previous_release`` (None when there is
    none); ``revisions``: revised figures of earlier monitors; ``capacity_changes`` between
    the monitors this release carries; ``municipality_changes``: locations that joined or
    left (against the previous release, and within the carried monitors); ``corrections``:
    the corrections of this release, ``earlier_corrections`` those of earlier releases, each
    in the order they were published.
    """

    release: ReleaseInfo
    changes: list[str]
    notes: list[str]
    previous_release: int | None
    indicator_changes: list[IndicatorChange] = field(default_factory=list)
    revisions: list[FindingView] = field(default_factory=list)
    capacity_changes: list[CapacityChange] = field(default_factory=list)
    municipality_changes: list[MunicipalityChange] = field(default_factory=list)
    corrections: list[CorrectionView] = field(default_factory=list)
    earlier_corrections: list[CorrectionView] = field(default_factory=list)


def changelog_context(
    package: PublishedPackage,
    info: ReleaseInfo,
    notes: list[str],
    previous: PublishedPackage | None,
    corrections: tuple[tuple[int, Correction], ...] = (),
) -> ChangelogContext:
    changes: list[IndicatorChange] = []
    if previous is not None:
        now = package.indicators.set_index("code")
        before = previous.indicators.set_index("code")
        for code in before.index:
            if code not in now.index:
                changes.append(
                    IndicatorChange(code, "verwijderd", str(before.loc[code, "name"]), None)
                )
        for code in now.index:
            if code not in before.index:
                changes.append(
                    IndicatorChange(code, "toegevoegd", None, str(now.loc[code, "name"]))
                )
                continue
            for column, what in (
                ("name", "naam gewijzigd"),
                ("kind", "soort gewijzigd"),
                ("definition", "definitie gewijzigd"),
            ):
                old, new = before.loc[code, column], now.loc[code, column]
                if (pd.isna(old) and pd.isna(new)) or (not pd.isna(old) and old == new):
                    continue
                changes.append(
                    IndicatorChange(
                        code,
                        what,
                        None if pd.isna(old) else str(old),
                        None if pd.isna(new) else str(new),
                    )
                )
    obs = package.observations
    capacity_changes = []
    capacity = figures.capacity_indicator()
    muns = package.municipalities
    # The members of each monitor once, not per municipality.
    members = {n: set(figures.in_lvv(muns, n)["code"]) for n in info.monitors}
    for mcode, mname in zip(muns["code"], muns["name"], strict=True):
        for x, y in zip(info.monitors, info.monitors[1:], strict=False):
            if mcode not in members[x] or mcode not in members[y]:
                continue  # joined or left in between: listed under the locations
            vx = figures.value(obs, x, str(mcode), capacity)
            vy = figures.value(obs, y, str(mcode), capacity)
            if vx != vy:
                capacity_changes.append(CapacityChange(str(mname), x, y, vx, vy))
    revisions = [
        f for f in finding_views(package) if f.rule in ("revision", "revision-unexplained")
    ]
    names = dict(zip(package.indicators["code"], package.indicators["name"], strict=True))
    own = tuple((n, c) for n, c in corrections if n == info.number)
    earlier = tuple((n, c) for n, c in corrections if n != info.number)
    return ChangelogContext(
        release=info,
        changes=list(info.changes),
        notes=notes,
        previous_release=previous.number if previous is not None else None,
        indicator_changes=changes,
        revisions=revisions,
        capacity_changes=capacity_changes,
        municipality_changes=municipality_changes(package, info, previous),
        corrections=correction_views(own, names),
        earlier_corrections=correction_views(earlier, names),
    )


def municipality_changes(
    package: PublishedPackage, info: ReleaseInfo, previous: PublishedPackage | None
) -> list[MunicipalityChange]:
    """Locations that joined or left, and changed roles, detected from the packages."""
    now = package.municipalities.set_index("code")
    out = [
        MunicipalityChange(n.name, f"deel van de LVV sinds monitor {n.monitor}")
        for n in info.newcomers
    ] + [
        MunicipalityChange(n.name, f"geen deel meer van de LVV na monitor {n.monitor}")
        for n in info.leavers
    ]
    if previous is not None:
        before = previous.municipalities.set_index("code")
        seen = {c.name for c in out}
        for code, m in now.iterrows():
            if code not in before.index and str(m["name"]) not in seen:
                out.append(
                    MunicipalityChange(
                        str(m["name"]), f"nieuw ten opzichte van uitgave {previous.number}"
                    )
                )
            elif code in before.index:
                for column, what in (
                    ("role", "rol"),
                    ("location", "LVV-locatie"),
                    ("capacity_included_in", "capaciteit valt onder"),
                ):
                    old, new = before.loc[code, column], m[column]
                    if not (pd.isna(old) and pd.isna(new)) and (pd.isna(old) or old != new):
                        out.append(
                            MunicipalityChange(
                                str(m["name"]),
                                f"{what} gewijzigd: {'leeg' if pd.isna(old) else old} → "
                                f"{'leeg' if pd.isna(new) else new}",
                            )
                        )
        for code, m in before.iterrows():
            if code not in now.index:
                out.append(
                    MunicipalityChange(
                        str(m["name"]), f"niet meer in deze uitgave (wel in {previous.number})"
                    )
                )
    return out
