"""What every page of a release shows about the release, and the views of its package that
several pages share: the release's facts (``ReleaseInfo``), the municipalities as links, and
the findings and rules as a page shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...models import Correction, MonitorMeta, NextPublication, slug
from ...package import PublishedPackage, recorded_corrections
from ..downloads import Citation, citation, text_citation
from ..figures import in_lvv
from ..formatting import site_address
from ..lean import per_table


@dataclass(frozen=True)
class MembershipChange:
    """A municipality that joined the LVV in (``newcomers``), or left it after (``leavers``),
    ``monitor``, one of the monitors this release carries."""

    name: str
    slug: str
    monitor: int


@dataclass(frozen=True)
class ReleaseInfo:
    """Facts about the release shown on every page.

    ``source``: where the figures come from, as the package's ``sources`` name it (the
    "Bron" line of an embedded chart); ``package_name``: the data package's name, which
    download file names start with; ``site_url``: the public address of the site, if set;
    ``next_publication``: the release calendar (``publication.yaml``), if the next release
    is announced; ``citation``: how to cite this version (home and downloads pages, and
    ``downloads/citeer.json`` and ``citeer.bib``).
    """

    number: int
    title: str
    peildatum: dt.date
    period_start: dt.date
    period_end: dt.date
    monitors: tuple[int, ...]
    monitor_labels: dict[int, str]
    reconstructed: bool
    reconstruction_note: str | None
    changes: tuple[str, ...]
    pilot_start: dt.date
    locations: tuple[str, ...] = ()
    satellites: tuple[tuple[str, str], ...] = ()
    capacity_notes: tuple[str, ...] = ()
    version: str = ""
    corrections: tuple[Correction, ...] = ()
    newcomers: tuple[MembershipChange, ...] = ()
    leavers: tuple[MembershipChange, ...] = ()
    source: str = ""
    package_name: str = ""
    site_url: str | None = None
    next_publication: NextPublication | None = None
    citation: Citation | None = None

    @property
    def citation_text(self) -> str:
        """The citation as one line of text (``downloads.text_citation``)."""
        return text_citation(self.citation) if self.citation else ""

    @property
    def last_correction(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None

    @property
    def correction_summary(self) -> str:
        """What the last correction changed, for the reader, in one sentence: how many
        figures (the reason is on the changelog)."""
        if self.last_correction is None:
            return ""
        changed = len(self.last_correction.changes)
        if changed == 0:
            return "De cijfers zijn niet veranderd."
        if changed == 1:
            return "Eén cijfer is veranderd."
        return f"{changed} cijfers zijn veranderd."

    @property
    def previous(self) -> int | None:
        return self.monitors[-2] if len(self.monitors) > 1 else None

    @property
    def earlier_monitors(self) -> list[str]:
        """``["monitor 13", "monitor 14"]``: the earlier monitors this release repeats."""
        return [f"monitor {n}" for n in self.monitors[:-1]]

    def chart_path(self, chart_id: str) -> str:
        """The bare page of a chart, relative to the version's root: ``grafieken/hasa/``."""
        return f"grafieken/{chart_id}/"

    def chart_spec(self, chart_id: str) -> str:
        """The script with a chart's spec, relative to the version's root:
        ``grafieken/hasa/grafiek.js`` (``vegalite.spec_script``)."""
        return f"{self.chart_path(chart_id)}grafiek.js"

    def chart_file(self, chart_id: str) -> str:
        """File name (without extension) of a chart's downloads: ``lvv-monitor-15-hasa``."""
        return f"{self.package_name}-{chart_id}"

    def chart_url(self, chart_id: str) -> str:
        """Address of a chart's bare page for the embed snippet.

        Absolute with a site URL; without one, from the site's root (``/15/grafieken/hasa/``),
        for the reader to put the site's address in front of.
        """
        path = f"/{self.number}/{self.chart_path(chart_id)}"
        return self.site_url.rstrip("/") + path if self.site_url else path


@dataclass(frozen=True)
class MunicipalityLink:
    name: str
    slug: str
    role: str
    location_name: str
    last_monitor: int | None = None


def anchor(code: str) -> str:
    """HTML id of an indicator on the definitions page: ``i-9-1-4``."""
    return "i-" + code.replace(".", "-")


def release_info(
    package: PublishedPackage,
    meta: MonitorMeta,
    pilot_start: dt.date,
    site_url: str | None = None,
    next_publication: NextPublication | None = None,
) -> ReleaseInfo:
    monitors = package.monitors.sort_values("monitor")
    own = meta.period(meta.number)
    everyone = package.municipalities
    names = dict(zip(everyone["code"], everyone["name"], strict=True))
    # Locations, satellites and capacity notes as they are in the release's own monitor.
    muns = in_lvv(everyone, meta.number)
    carried = set(int(x) for x in monitors["monitor"])
    return ReleaseInfo(
        number=meta.number,
        title=meta.title,
        peildatum=meta.peildatum,
        period_start=own.start,
        period_end=own.end,
        monitors=tuple(int(m) for m in monitors["monitor"]),
        monitor_labels={
            int(m): str(lbl) for m, lbl in zip(monitors["monitor"], monitors["label"], strict=True)
        },
        reconstructed=meta.reconstructed,
        reconstruction_note=meta.reconstruction_note,
        changes=meta.changes,
        pilot_start=pilot_start,
        locations=tuple(str(n) for n in muns.loc[muns["role"] == "lvv-locatie", "name"]),
        satellites=tuple(
            (str(m["name"]), str(names[m["location"]]))
            for m in muns.to_dict("records")
            if m["role"] == "satelliet"
        ),
        capacity_notes=tuple(
            str(m["note"])
            for m in muns.to_dict("records")
            if not pd.isna(m["capacity_included_in"]) and not pd.isna(m["note"])
        ),
        version=str(package.descriptor["version"]),
        corrections=recorded_corrections(package.descriptor),
        newcomers=tuple(
            MembershipChange(str(m["name"]), slug(str(m["name"])), int(m["first_monitor"]))
            for m in everyone.to_dict("records")
            if not pd.isna(m["first_monitor"])
            and int(m["first_monitor"]) in carried
            and int(m["first_monitor"]) > min(carried)
        ),
        leavers=tuple(
            MembershipChange(str(m["name"]), slug(str(m["name"])), int(m["last_monitor"]))
            for m in everyone.to_dict("records")
            if not pd.isna(m["last_monitor"]) and int(m["last_monitor"]) in carried
        ),
        source="; ".join(str(src["title"]) for src in package.descriptor.get("sources", [])),
        package_name=str(package.descriptor["name"]),
        site_url=site_address(site_url),
        next_publication=next_publication,
        citation=citation(package, meta.number, site_url),
    )


def municipality_links(package: PublishedPackage) -> list[MunicipalityLink]:
    muns = package.municipalities
    names = dict(zip(muns["code"], muns["name"], strict=True))
    return [
        MunicipalityLink(
            name=str(m["name"]),
            slug=slug(str(m["name"])),
            role=str(m["role"]),
            location_name=str(names[m["location"]]),
            last_monitor=None if pd.isna(m["last_monitor"]) else int(m["last_monitor"]),
        )
        for m in muns.to_dict("records")
    ]


# --- findings ------------------------------------------------------------------------------

SEVERITY_LABELS = {"error": "fout", "warning": "waarschuwing", "info": "info"}
# The finding of a municipality that delivered nothing (geen_levering in monitor.yaml): the
# home page and the municipality's page say so first.
NO_DELIVERY = "no-delivery"


@dataclass(frozen=True)
class FindingView:
    """One finding as a page shows it."""

    id: str
    rule: str
    rule_title: str
    check: str
    severity: str
    severity_label: str
    monitor: int | None
    municipality: str | None
    municipality_slug: str | None
    indicators: list[str]
    message: str
    source: str | None


@dataclass(frozen=True)
class RuleView:
    code: str
    severity: str
    severity_label: str
    title: str
    description: str
    count: int
    findings: list[FindingView]


# Per findings table (by identity, dropped with it): its views. Seven pages ask for them.
_finding_views: dict[int, tuple[FindingView, ...]] = {}


def finding_views(package: PublishedPackage) -> list[FindingView]:
    """Every finding the package publishes, in its order."""
    if package.findings is None or package.rules is None:
        return []
    return list(per_table(_finding_views, package.findings, lambda: _views_of(package)))


def _views_of(package: PublishedPackage) -> tuple[FindingView, ...]:
    assert package.findings is not None and package.rules is not None
    titles = dict(zip(package.rules["code"], package.rules["title"], strict=True))

    def opt(v: Any) -> Any:
        return None if pd.isna(v) else v

    out = []
    for f in package.findings.to_dict("records"):
        mun = opt(f["municipality"])
        out.append(
            FindingView(
                id=str(f["id"]),
                rule=str(f["rule"]),
                rule_title=str(titles[f["rule"]]),
                check=str(f["check"]),
                severity=str(f["severity"]),
                severity_label=SEVERITY_LABELS[str(f["severity"])],
                monitor=None if pd.isna(f["monitor"]) else int(f["monitor"]),
                municipality=mun,
                municipality_slug=slug(mun) if mun else None,
                indicators=str(f["indicators"]).split("; ") if opt(f["indicators"]) else [],
                message=str(f["message"]),
                source=opt(f["source"]),
            )
        )
    return tuple(out)


def rule_views(package: PublishedPackage) -> list[RuleView]:
    """The rule catalogue with the findings of each rule."""
    if package.rules is None:
        return []
    views = finding_views(package)
    out = []
    for _, r in package.rules.iterrows():
        mine = [f for f in views if f.rule == r["code"]]
        out.append(
            RuleView(
                code=str(r["code"]),
                severity=str(r["severity"]),
                severity_label=SEVERITY_LABELS[str(r["severity"])],
                title=str(r["title"]),
                description=str(r["description"]),
                count=len(mine),
                findings=mine,
            )
        )
    return out
