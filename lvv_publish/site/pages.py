"""Page contexts of the site: small dataclasses computed from a release's data package.

Templates in ``site_templates/`` only lay these out; every figure on a page comes from here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import figures
from .charts import Chart
from ..dutch import NOT_APPLICABLE, decimal_text
from .figures import LocationOccupancy, NationalFigure, Total
from .formatting import number
from ..models import Correction, MonitorMeta
from ..package import PublishedPackage, recorded_corrections
from ..sources import cells_of
from .lean.tablecache import per_table
from .tables import Cell, DataTable

if TYPE_CHECKING:  # downloads.py uses municipality_links from here
    from .downloads.files import Download
    from .downloads.recipes import Recipe


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
    download file names start with; ``site_url``: the public address of the site, if set.
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

    @property
    def last_correction(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None

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


# Up to this many municipalities the home page lists them; more, and it links the index.
HOME_LIST_MAX = 12


@dataclass(frozen=True)
class HomeContext:
    """Context of ``home.md.j2``.

    ``f``: the named national figures of the release's own monitor (figures.national_figures);
    ``key_rows`` lays the key figures out with one column per monitor in ``key_columns``
    (newest first); ``outflow``: the outflow by result; ``locations``: capacity and occupancy
    per LVV location (satellites counted with their location); ``location_total``: the
    national row of that table; ``jsonld``: the schema.org Dataset of the release
    (``catalog.dataset_jsonld``), embedded in the page's head.
    """

    release: ReleaseInfo
    f: dict[str, NationalFigure]
    key_columns: list[int]
    key_rows: list[KeyFigureRow]
    outflow: list[OutflowRow]
    locations: list[LocationOccupancy]
    location_total: LocationOccupancy
    municipalities: list[MunicipalityLink]
    national_findings: list[FindingView] = field(default_factory=list)
    finding_counts: dict[str, int] = field(default_factory=dict)
    jsonld: dict[str, Any] | None = None

    @property
    def lists_municipalities(self) -> bool:
        """List every municipality on the home page? Only a few: the index has them all."""
        return len(self.municipalities) <= HOME_LIST_MAX


@dataclass(frozen=True)
class KeyFigureRow:
    """One line of the key-figures table: the figure per monitor, and how it is computed."""

    label: str
    formula: str
    decimals: int
    cells: list[NationalFigure]


# The key figures of the home page (names from figures.national_figures), with the number of
# decimals the monitor uses for each.
KEY_FIGURES = (
    ("toegelaten", "Toegelaten sinds de start", 0),
    ("uitgestroomd", "Uitgestroomd sinds de start", 0),
    ("lopend", "Lopende trajecten op de peildatum", 0),
    ("capaciteit", "Capaciteit (plaatsen)", 0),
    ("bezetting_pct", "Bezetting", 0),
    ("perspectief_bepaald_pct", "Perspectief bepaald (van de lopende trajecten)", 1),
)


def key_figure_rows(per_monitor: list[dict[str, NationalFigure]]) -> list[KeyFigureRow]:
    return [
        KeyFigureRow(label, per_monitor[0][name].formula, decimals, [f[name] for f in per_monitor])
        for name, label, decimals in KEY_FIGURES
    ]


@dataclass(frozen=True)
class OutflowRow:
    label: str
    code: str
    count: NationalFigure
    share: NationalFigure


@dataclass(frozen=True)
class MunicipalityLink:
    name: str
    slug: str
    role: str
    location_name: str
    last_monitor: int | None = None


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator on a municipality page: its values per monitor and the last change."""

    code: str
    name: str
    kind: str
    depth: int
    anchor: str
    values: list[int | None]
    change: int | None


@dataclass(frozen=True)
class MunicipalityContext:
    """Context of ``municipality.md.j2``: one row per indicator, one column per monitor.

    ``absent``: the monitors of the release in which the municipality was not part of the
    LVV (before its ``first_monitor`` or after its ``last_monitor``); its values there are
    None and are shown as "n.v.t.", not as unknown.
    """

    release: ReleaseInfo
    name: str
    code: str
    slug: str
    role: str
    note: str | None
    location_name: str
    rows: list[IndicatorRow]
    unknown_count: int
    findings: list[FindingView] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    absent: list[int] = field(default_factory=list)
    first_monitor: int | None = None
    last_monitor: int | None = None

    @property
    def change_applicable(self) -> bool:
        """Is there a previous monitor in which the municipality was part of the LVV too?"""
        monitors = self.release.monitors
        return len(monitors) > 1 and not {monitors[-1], monitors[-2]} & set(self.absent)


@dataclass(frozen=True)
class ChartPageContext:
    """Context of ``chart.html.j2``: one chart alone on a page, for an iframe on another site.

    ``page`` is the site page that shows the chart, relative to the chart's page;
    ``page_title`` that page's title.
    """

    release: ReleaseInfo
    chart: Chart
    page: str
    page_title: str


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    kind: str
    kind_note: str | None
    parent: str | None
    children: list[str]
    children_add_up: bool | None
    sum_of: list[str]
    unit: str
    unit_note: str | None
    definition: str | None
    definition_note: str | None
    label_variants: list[str]
    anchor: str


@dataclass(frozen=True)
class IndicatorsContext:
    """Context of ``indicators.md.j2``: every indicator with its definition."""

    release: ReleaseInfo
    indicators: list[IndicatorDefinition]


@dataclass(frozen=True)
class DownloadFile:
    """One file of the downloads folder: ``name`` is its path there (``gemeenten/emmen.csv``),
    ``size`` its size in kB written the Dutch way (``30,7 kB``)."""

    name: str
    description: str
    bytes: int
    size: str
    sha256: str


@dataclass(frozen=True)
class DownloadGroup:
    title: str
    files: list[DownloadFile]


@dataclass(frozen=True)
class DownloadsContext:
    """Context of ``downloads.md.j2``: every file of ``/<N>/downloads/`` by group, and the
    recipes that read the CSV files with the right types (``downloads.RECIPES``); ``jsonld``
    as in ``HomeContext``."""

    release: ReleaseInfo
    package_name: str
    license_title: str
    license_path: str
    groups: list[DownloadGroup] = field(default_factory=list)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    file_count: int = 0
    jsonld: dict[str, Any] | None = None


# --- contexts from the package -----------------------------------------------------------


def anchor(code: str) -> str:
    """HTML id of an indicator on the definitions page: ``i-9-1-4``."""
    return "i-" + code.replace(".", "-")


def release_info(
    package: PublishedPackage,
    meta: MonitorMeta,
    pilot_start: dt.date,
    site_url: str | None = None,
) -> ReleaseInfo:
    monitors = package.monitors.sort_values("monitor")
    own = meta.period(meta.number)
    everyone = package.municipalities
    names = dict(zip(everyone["code"], everyone["name"], strict=True))
    # Locations, satellites and capacity notes as they are in the release's own monitor.
    muns = figures.in_lvv(everyone, meta.number)
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
            for _, m in muns.iterrows()
            if m["role"] == "satelliet"
        ),
        capacity_notes=tuple(
            str(m["note"])
            for _, m in muns.iterrows()
            if not pd.isna(m["capacity_included_in"]) and not pd.isna(m["note"])
        ),
        version=str(package.descriptor["version"]),
        corrections=recorded_corrections(package.descriptor),
        newcomers=tuple(
            MembershipChange(str(m["name"]), _slug(str(m["name"])), int(m["first_monitor"]))
            for _, m in everyone.iterrows()
            if not pd.isna(m["first_monitor"])
            and int(m["first_monitor"]) in carried
            and int(m["first_monitor"]) > min(carried)
        ),
        leavers=tuple(
            MembershipChange(str(m["name"]), _slug(str(m["name"])), int(m["last_monitor"]))
            for _, m in everyone.iterrows()
            if not pd.isna(m["last_monitor"]) and int(m["last_monitor"]) in carried
        ),
        source="; ".join(str(src["title"]) for src in package.descriptor.get("sources", [])),
        package_name=str(package.descriptor["name"]),
        site_url=site_url or None,
    )


def municipality_links(package: PublishedPackage) -> list[MunicipalityLink]:
    muns = package.municipalities
    names = dict(zip(muns["code"], muns["name"], strict=True))
    return [
        MunicipalityLink(
            name=str(m["name"]),
            slug=_slug(str(m["name"])),
            role=str(m["role"]),
            location_name=str(names[m["location"]]),
            last_monitor=None if pd.isna(m["last_monitor"]) else int(m["last_monitor"]),
        )
        for _, m in muns.iterrows()
    ]


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")


slug = _slug  # the file name of a municipality's page, for the templates


def home_context(package: PublishedPackage, info: ReleaseInfo) -> HomeContext:
    obs, muns = package.observations, package.municipalities
    current = figures.national_figures(obs, muns, info.monitors)
    per_monitor = [current]
    if info.previous is not None:
        per_monitor.append(figures.national_figures(obs, muns, info.monitors[:-1]))
    locs = figures.locations(obs, muns, info.number)

    def t(ind: str) -> Total:
        return figures.total(obs, muns, info.number, ind)

    national = LocationOccupancy(
        code="NL",
        name="Totaal",
        members=(),
        capacity=t(figures.CAPACITY),
        current=t(figures.CURRENT),
        admitted=t(figures.ADMITTED),
        admitted_period=t(figures.ADMITTED_PERIOD),
        outflow=t(figures.OUTFLOW_TOTAL),
    )
    outflow = [
        OutflowRow(label, code, current[name], current[f"{name}_pct"])
        for (code, label), name in zip(
            figures.OUTFLOW_CATEGORIES,
            ("duurzaam", "semi_duurzaam", "niet_duurzaam", "overleden"),
            strict=True,
        )
    ]
    return HomeContext(
        release=info,
        f=current,
        key_columns=[info.number] + ([info.previous] if info.previous is not None else []),
        key_rows=key_figure_rows(per_monitor),
        outflow=outflow,
        locations=locs,
        location_total=national,
        municipalities=municipality_links(package),
        national_findings=[
            f for f in finding_views(package) if f.municipality is None and f.severity != "info"
        ],
        finding_counts={
            s: sum(1 for f in finding_views(package) if f.severity == s) for s in SEVERITY_LABELS
        },
    )


def municipality_contexts(
    package: PublishedPackage, info: ReleaseInfo
) -> list[MunicipalityContext]:
    obs = package.observations
    inds = package.indicators
    names = dict(zip(package.municipalities["code"], package.municipalities["name"], strict=True))
    views = finding_views(package)
    out = []
    for _, m in package.municipalities.iterrows():
        code = str(m["code"])
        mine = obs[obs["municipality_code"] == code]
        cells = {
            (int(r.monitor), str(r.indicator)): (None if pd.isna(r.value) else int(r.value))
            for r in mine.itertuples()
        }
        rows = []
        for _, ind in inds.iterrows():
            icode = str(ind["code"])
            if not any((n, icode) in cells for n in info.monitors):
                continue
            values = [cells.get((n, icode)) for n in info.monitors]
            last, before = values[-1], (values[-2] if len(values) > 1 else None)
            change = None if last is None or before is None else last - before
            rows.append(
                IndicatorRow(
                    code=icode,
                    name=str(ind["name"]),
                    kind=str(ind["kind"]),
                    depth=icode.count("."),
                    anchor=anchor(icode),
                    values=values,
                    change=change,
                )
            )
        absent = [
            n
            for n in info.monitors
            if code not in set(figures.in_lvv(package.municipalities, n)["code"])
        ]
        unknown = sum(
            1
            for r in rows
            for n, v in zip(info.monitors, r.values, strict=True)
            if v is None and n not in absent
        )
        out.append(
            MunicipalityContext(
                release=info,
                name=str(m["name"]),
                code=code,
                slug=_slug(str(m["name"])),
                role=str(m["role"]),
                note=None if pd.isna(m["note"]) else str(m["note"]),
                location_name=str(names[m["location"]]),
                rows=rows,
                unknown_count=unknown,
                findings=[f for f in views if f.municipality == str(m["name"])],
                absent=absent,
                first_monitor=None if pd.isna(m["first_monitor"]) else int(m["first_monitor"]),
                last_monitor=None if pd.isna(m["last_monitor"]) else int(m["last_monitor"]),
            )
        )
    return out


def indicators_context(package: PublishedPackage, info: ReleaseInfo) -> IndicatorsContext:
    inds = package.indicators

    def opt(v: Any) -> Any:
        return None if pd.isna(v) else v

    defs = []
    for _, ind in inds.iterrows():
        code = str(ind["code"])
        defs.append(
            IndicatorDefinition(
                code=code,
                name=str(ind["name"]),
                kind=str(ind["kind"]),
                kind_note=opt(ind["kind_note"]),
                parent=opt(ind["parent"]),
                children=[str(c) for c in inds.loc[inds["parent"] == code, "code"]],
                children_add_up=(
                    None if pd.isna(ind["children_add_up"]) else bool(ind["children_add_up"])
                ),
                sum_of=str(ind["sum_of"]).split("; ") if opt(ind["sum_of"]) else [],
                unit=str(ind["unit"]),
                # packages published before unit_note existed have no such column
                unit_note=opt(ind.get("unit_note")),
                definition=opt(ind["definition"]),
                definition_note=opt(ind["definition_note"]),
                label_variants=(
                    str(ind["label_variants"]).split(" | ") if opt(ind["label_variants"]) else []
                ),
                anchor=anchor(code),
            )
        )
    return IndicatorsContext(release=info, indicators=defs)


# The groups of the downloads page, in order (keys as downloads.build_downloads sets them).
DOWNLOAD_GROUPS = (
    ("excel", "Voor Excel en LibreOffice"),
    ("programs", "Voor programma's"),
    ("municipalities", "Per gemeente"),
    ("package", "Het datapakket en de controlesommen"),
    ("versions", "Eerdere versies van deze uitgave (vóór een correctie)"),
)


def kilobytes(size: int) -> str:
    """``30,7 kB`` (1 kB = 1000 bytes), with a decimal comma."""
    return decimal_text(Fraction(size, 1000), 1) + " kB"


def downloads_context(
    package: PublishedPackage,
    info: ReleaseInfo,
    files: list[Download],
    recipes: dict[str, Recipe] | None = None,
) -> DownloadsContext:
    """The downloads (``downloads.build_downloads``) grouped for the page, with size and hash."""
    groups = []
    for key, title in DOWNLOAD_GROUPS:
        mine = [
            DownloadFile(
                name=f.path,
                description=f.description,
                bytes=len(f.data),
                size=kilobytes(len(f.data)),
                sha256=hashlib.sha256(f.data).hexdigest(),
            )
            for f in files
            if f.group == key
        ]
        if mine:
            groups.append(DownloadGroup(title, mine))
    lic = package.descriptor["licenses"][0]
    return DownloadsContext(
        release=info,
        package_name=str(package.descriptor["name"]),
        license_title=str(lic.get("title", lic.get("name"))),
        license_path=str(lic.get("path", "")),
        groups=groups,
        recipes=dict(recipes or {}),
        file_count=len(files),
    )


# --- data quality ------------------------------------------------------------------------

SEVERITY_LABELS = {"error": "fout", "warning": "waarschuwing", "info": "info"}


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
                municipality_slug=_slug(mun) if mun else None,
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


@dataclass(frozen=True)
class QualityContext:
    """Context of ``quality.md.j2``: every finding, grouped by rule; counts per severity."""

    release: ReleaseInfo
    rules: list[RuleView]
    counts: dict[str, int]
    tables: dict[str, DataTable] = field(default_factory=dict)


def findings_table(findings: list[FindingView], name: str) -> DataTable:
    """Findings as a long table (``_macros.findings_table`` for short lists): thousands of
    them at national scale. Filtered by municipality and indicator, sortable."""
    rows = [
        [
            Cell(f"{f.severity_label}: {f.rule_title}", f"methode.md#{f.rule}"),
            Cell("" if f.monitor is None else str(f.monitor)),
            Cell(f.municipality, f"gemeenten/{f.municipality_slug}.md")
            if f.municipality
            else Cell("landelijk"),
            Cell(", ".join(f.indicators)),
            Cell(f.message),
        ]
        for f in findings
    ]
    return DataTable(
        name=name,
        headers=["Soort", "Monitor", "Gemeente", "Indicatoren", "Bevinding"],
        numeric=[False, True, False, False, False],
        rows=rows,
        filters={"data-lvv-filter-municipality": "2", "data-lvv-filter-indicator": "3"},
        sortable=True,
        download=("downloads/findings.csv", "findings.csv"),
    )


def quality_context(package: PublishedPackage, info: ReleaseInfo) -> QualityContext:
    views = finding_views(package)
    counts = {s: sum(1 for f in views if f.severity == s) for s in SEVERITY_LABELS}
    rules = [r for r in rule_views(package) if r.count]
    return QualityContext(
        release=info,
        rules=rules,
        counts=counts,
        tables={r.code: findings_table(r.findings, f"datakwaliteit-{r.code}") for r in rules},
    )


@dataclass(frozen=True)
class MethodContext:
    """Context of ``method.md.j2``: every rule code with its meaning, and how figures are made."""

    release: ReleaseInfo
    rules: list[RuleView]
    figures: list[NationalFigure] = field(default_factory=list)


# The columns of the municipality index: figures of the release's own monitor.
INDEX_FIGURES = (
    (figures.CAPACITY, "Capaciteit"),
    (figures.CURRENT, "Lopende trajecten"),
    (figures.ADMITTED, "Toegelaten sinds de start"),
    (figures.OUTFLOW_TOTAL, "Uitgestroomd sinds de start"),
)


def municipality_index(package: PublishedPackage, info: ReleaseInfo) -> DataTable:
    """The municipalities page: one row per municipality, linking to its page, with its
    role and key figures of the release's monitor; sortable and filterable by name or code.

    All rows are in the page (a few hundred at national scale); a municipality not in the
    LVV in this monitor shows "n.v.t.".
    """
    cells = cells_of(package.observations)
    in_lvv = set(figures.in_lvv(package.municipalities, info.number)["code"])
    rows = []
    for link, code in zip(municipality_links(package), package.municipalities["code"], strict=True):
        role = (
            f"satellietlocatie van {link.location_name}"
            if link.role == "satelliet"
            else "LVV-locatie"
        )
        if code not in in_lvv:
            role += f", geen deel meer van de LVV na monitor {link.last_monitor}"
        rows.append(
            [Cell(link.name, f"gemeenten/{link.slug}.md"), Cell(str(code)), Cell(role)]
            + [
                Cell(
                    number(cells.get((info.number, str(code), ind)))
                    if code in in_lvv
                    else NOT_APPLICABLE
                )
                for ind, _ in INDEX_FIGURES
            ]
        )
    return DataTable(
        name="gemeenten",
        headers=["Gemeente", "CBS-code", "Rol"]
        + [f"{label} (monitor {info.number})" for _, label in INDEX_FIGURES],
        numeric=[False, False, False] + [True] * len(INDEX_FIGURES),
        rows=rows,
        filters={
            "data-lvv-filter-text": "0 1",
            "data-lvv-filter-label": "Gemeente (naam of CBS-code)",
        },
        sortable=True,
        shown=max(len(rows), 1),
        interactive_from=0,  # the page is there to find a municipality
    )
