"""Frozen, strict models for the metadata that travels between stages.

Every model refuses unknown keys (``extra="forbid"``): a misspelt field in a YAML file is an
error, not a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

KINDS = ("cumulatief", "actueel", "deze periode")
Kind = Literal["cumulatief", "actueel", "deze periode"]

CODE_PATTERN = r"^\d+(\.\d+)*$"
MUNICIPALITY_CODE_PATTERN = r"^GM\d{4}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def code_key(code: str) -> tuple[int, ...]:
    """Sort key that orders indicator codes the way the monitor does (2 < 2.1 < 10)."""
    return tuple(int(part) for part in code.split("."))


class Indicator(_Strict):
    """One indicator of the monitor, e.g. ``9.1.4 Hasa - afgewezen in rechte vast``."""

    code: StrictStr = Field(pattern=CODE_PATTERN)
    name: StrictStr = Field(min_length=1)
    kind: Kind
    kind_note: StrictStr | None = None
    parent: StrictStr | None = Field(default=None, pattern=CODE_PATTERN)
    children_add_up: StrictBool | None = None
    sum_of: tuple[StrictStr, ...] = ()
    unit: Literal["plaatsen", "trajecten", "hasa's"]
    unit_note: StrictStr | None = None
    definition: StrictStr | None
    definition_note: StrictStr | None = None
    label_variants: tuple[StrictStr, ...] = ()

    @model_validator(mode="after")
    def _definition_or_note(self) -> Indicator:
        if self.definition is None and not self.definition_note:
            raise ValueError(f"indicator {self.code} has no definition; say why in definition_note")
        if self.parent is not None and not self.code.startswith(self.parent + "."):
            raise ValueError(f"indicator {self.code}: parent {self.parent} is not its code prefix")
        return self

    @property
    def label(self) -> str:
        """The canonical label, as the monitor writes it: ``2. Toegelaten cumulatief``."""
        sep = ". " if "." not in self.code else " "
        return f"{self.code}{sep}{self.name}"


class Municipality(_Strict):
    """A municipality with an LVV location (or a satellite location of one)."""

    code: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    name: StrictStr = Field(min_length=1)
    role: Literal["lvv-locatie", "satelliet"]
    location: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    capacity_included_in: StrictStr | None = Field(default=None, pattern=MUNICIPALITY_CODE_PATTERN)
    note: StrictStr | None = None
    first_monitor: StrictInt | None = Field(default=None, ge=1)
    last_monitor: StrictInt | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _membership(self) -> Municipality:
        if (
            self.first_monitor is not None
            and self.last_monitor is not None
            and self.last_monitor < self.first_monitor
        ):
            raise ValueError(
                f"municipality {self.code}: last_monitor {self.last_monitor} is before "
                f"first_monitor {self.first_monitor}"
            )
        return self

    def active_in(self, monitor: int) -> bool:
        """Is the municipality part of the LVV in ``monitor``? Before ``first_monitor`` (or
        after ``last_monitor``) it is not: it has no figures then, which is not "unknown"."""
        if self.first_monitor is not None and monitor < self.first_monitor:
            return False
        return self.last_monitor is None or monitor <= self.last_monitor

    @property
    def slug(self) -> str:
        """Stable lower-case name for URLs and file names (``amsterdam``)."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


class Registry(_Strict):
    """All indicators and municipalities, in the monitor's order.

    ``source`` names the folder the registry was read from, for messages.
    """

    indicators: tuple[Indicator, ...]
    municipalities: tuple[Municipality, ...]
    source: StrictStr = "registry"

    @model_validator(mode="after")
    def _consistent(self) -> Registry:
        codes = [i.code for i in self.indicators]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator codes: {', '.join(dupes)}")
        if codes != sorted(codes, key=code_key):
            raise ValueError("indicators must be listed in code order")
        known = set(codes)
        for ind in self.indicators:
            if ind.parent is not None and ind.parent not in known:
                raise ValueError(f"indicator {ind.code}: unknown parent {ind.parent}")
            for part in ind.sum_of:
                if part not in known:
                    raise ValueError(f"indicator {ind.code}: unknown sum_of component {part}")
            has_children = any(other.parent == ind.code for other in self.indicators)
            if has_children and ind.children_add_up is None:
                raise ValueError(f"indicator {ind.code} has children: set children_add_up")
            if not has_children and ind.children_add_up is not None:
                raise ValueError(f"indicator {ind.code} has no children: drop children_add_up")
        mcodes = [m.code for m in self.municipalities]
        if len(set(mcodes)) != len(mcodes):
            raise ValueError("duplicate municipality codes")
        slugs = [m.slug for m in self.municipalities]
        if len(set(slugs)) != len(slugs):
            raise ValueError("two municipalities have the same name (their pages would clash)")
        by_code = {m.code: m for m in self.municipalities}
        for m in self.municipalities:
            for ref in (m.location, m.capacity_included_in):
                if ref is None:
                    continue
                if ref not in mcodes:
                    raise ValueError(f"municipality {m.code}: unknown reference {ref}")
                # A satellite cannot be in the LVV while its location is not.
                other = by_code[ref]
                if (other.first_monitor or 0) > (m.first_monitor or 0) or (
                    other.last_monitor is not None
                    and (m.last_monitor is None or m.last_monitor > other.last_monitor)
                ):
                    raise ValueError(
                        f"municipality {m.code} is in the LVV in monitors where {ref} "
                        "(its location or capacity holder) is not: check first_monitor and "
                        "last_monitor"
                    )
        return self

    # Lookups by code, called per cell: a scan of 350 municipalities per call added up
    # (issue 11). Private attributes, not fields: each index remembers the tuple it was made
    # from and is made again for a copy with other indicators or municipalities.
    _indicator_index: tuple[tuple[Indicator, ...], dict[str, Indicator]] | None = PrivateAttr(
        default=None
    )
    _municipality_index: tuple[tuple[Municipality, ...], dict[str, Municipality]] | None = (
        PrivateAttr(default=None)
    )

    def model_post_init(self, context: object, /) -> None:
        # Built now, so that two equal registries also have equal private attributes.
        self._indicator_index = (self.indicators, {i.code: i for i in self.indicators})
        self._municipality_index = (
            self.municipalities,
            {m.code: m for m in self.municipalities},
        )

    def indicator(self, code: str) -> Indicator:
        index = self._indicator_index
        if index is None or index[0] is not self.indicators:
            index = self._indicator_index = (self.indicators, {i.code: i for i in self.indicators})
        try:
            return index[1][code]
        except KeyError:
            raise KeyError(code) from None

    def municipality(self, code: str) -> Municipality:
        index = self._municipality_index
        if index is None or index[0] is not self.municipalities:
            index = self._municipality_index = (
                self.municipalities,
                {m.code: m for m in self.municipalities},
            )
        try:
            return index[1][code]
        except KeyError:
            raise KeyError(code) from None

    def children(self, code: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.parent == code)

    def components(self, code: str) -> tuple[str, ...]:
        """The codes that add up to ``code``: its children when they do, or its ``sum_of``."""
        ind = self.indicator(code)
        if ind.sum_of:
            return ind.sum_of
        if ind.children_add_up:
            return tuple(c.code for c in self.children(code))
        return ()

    @property
    def locations(self) -> tuple[Municipality, ...]:
        """The LVV locations (satellites excluded), each of which owns its capacity."""
        return tuple(m for m in self.municipalities if m.role == "lvv-locatie")

    def municipalities_in(self, monitor: int) -> tuple[Municipality, ...]:
        """The municipalities that are part of the LVV in ``monitor``, in registry order."""
        return tuple(m for m in self.municipalities if m.active_in(monitor))


class Period(_Strict):
    """One quarter a monitor carries, with the Totaaloverzicht column label that names it."""

    monitor: StrictInt = Field(ge=1)
    label: StrictStr
    start: dt.date
    end: dt.date

    @property
    def peildatum(self) -> dt.date:
        return self.end


class Approval(_Strict):
    date: dt.date
    by: StrictStr
    note: StrictStr | None = None


class Source(_Strict):
    """Where the monitor's figures come from; ``url`` is its public address, where known."""

    title: StrictStr
    path: StrictStr
    slides: StrictStr
    url: StrictStr | None = None


class InputNoteRef(_Strict):
    """Where a public note comes from: a municipality's input sheet, one indicator row."""

    municipality: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    indicator: StrictStr = Field(pattern=CODE_PATTERN)


class MonitorNote(_Strict):
    """An editor's note (published); ``covers`` lists the figures it explains, for revisions.

    Each entry is ``<monitor>/<municipality code>/<indicator>``, e.g. ``14/GM0363/2``; a
    ``*`` matches any one part (``14/GM0363/*``). ``input_note`` makes a note of a
    municipality's input sheet ("Invoer toelichting") public: ``text`` must then be that
    note verbatim. Input-sheet notes are internal otherwise and never published.
    """

    text: StrictStr
    covers: tuple[StrictStr, ...] = ()
    input_note: InputNoteRef | None = None

    @model_validator(mode="after")
    def _keys(self) -> MonitorNote:
        for key in self.covers:
            if not re.fullmatch(r"(\d+|\*)/(GM\d{4}|\*)/(\d+(\.\d+)*|\*)", key):
                raise ValueError(
                    f"covers entry {key!r} is not <monitor>/<municipality code>/<indicator>"
                )
        return self


class Claim(_Strict):
    """A figure the monitor's text states, with the formula over the table that reproduces
    it (``lvv_publish/claims.py``; docs/narrative.md).

    Exactly one of ``count`` and ``percent`` (19 means 19 %, 0.6 means 0,6 %: the precision
    is the text's). ``text_formula``: where the stated figure does not follow from
    ``formula`` but does from another formula, that one: the finding says the text probably
    used it. ``name`` groups the same figure across slides (two different values are
    ``narrative-inconsistent``); ``implied``: the text implies the figure ("gelijk aan de
    vorige periode") rather than writing it.
    """

    count: StrictInt | None = Field(default=None, ge=0)
    percent: StrictInt | StrictFloat | None = None
    formula: StrictStr
    text_formula: StrictStr | None = None
    name: StrictStr | None = None
    implied: StrictBool = False

    @model_validator(mode="after")
    def _one_figure(self) -> Claim:
        if (self.count is None) == (self.percent is None):
            raise ValueError("a claim has exactly one of count and percent")
        return self

    @property
    def stated(self) -> int | float:
        return self.count if self.count is not None else self.percent  # type: ignore[return-value]

    @property
    def is_percent(self) -> bool:
        return self.percent is not None


class NarrativeStatement(_Strict):
    """A sentence of the monitor's narrative, verbatim, with every figure it states."""

    slide: StrictStr
    quote: StrictStr
    claims: tuple[Claim, ...] = ()


class NarrativeTally(_Strict):
    """How many of the text's figures were checked (``validate`` prints it).

    ``stated``: figures the text writes; ``implied``: figures it implies; ``reproducible``:
    those that follow from the table (by their formula or by the one the text probably
    used); ``checked``: reproducible figures with a verdict (not cannot-check);
    ``disagree``: figures that do not follow from their formula; ``cannot_check``: the
    figures without a verdict.
    """

    stated: StrictInt
    implied: StrictInt
    reproducible: StrictInt
    checked: StrictInt
    disagree: StrictInt
    cannot_check: StrictInt


class MonitorMeta(_Strict):
    """The contents of ``monitors/<N>/monitor.yaml``."""

    number: StrictInt = Field(ge=1)
    title: StrictStr
    peildatum: dt.date
    periods: tuple[Period, ...] = Field(min_length=1)
    status: Literal["draft", "approved"]
    approval: Approval | None = None
    changes: tuple[StrictStr, ...] = ()
    notes: tuple[MonitorNote, ...] = ()
    reconstructed: StrictBool
    reconstruction_note: StrictStr | None = None
    source: Source
    totaaloverzicht: StrictStr
    input_sheets: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    narrative: tuple[NarrativeStatement, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> MonitorMeta:
        numbers = [p.monitor for p in self.periods]
        if numbers != sorted(set(numbers)):
            raise ValueError("periods must be listed oldest first, each monitor once")
        if numbers[-1] != self.number:
            raise ValueError(f"the last period must be monitor {self.number} itself")
        if self.periods[-1].end != self.peildatum:
            raise ValueError("peildatum must be the last day of the monitor's own period")
        for p in self.periods:
            if p.start > p.end:
                raise ValueError(f"period of monitor {p.monitor} ends before it starts")
        for a, b in zip(self.periods, self.periods[1:], strict=False):
            if b.start <= a.end:
                raise ValueError(
                    f"period of monitor {b.monitor} ({b.start} to {b.end}) does not come after "
                    f"that of monitor {a.monitor} (ends {a.end})"
                )
        if self.status == "approved" and self.approval is None:
            raise ValueError("an approved monitor needs approval: {date, by}")
        if self.reconstructed and not self.reconstruction_note:
            raise ValueError("a reconstructed monitor needs a reconstruction_note")
        return self

    def period(self, monitor: int) -> Period:
        for p in self.periods:
            if p.monitor == monitor:
                return p
        raise KeyError(monitor)

    @property
    def previous(self) -> int | None:
        """The monitor before this one among the periods it carries, if any."""
        return self.periods[-2].monitor if len(self.periods) > 1 else None


class CellChange(_Strict):
    """One figure a correction changed: ``before`` → ``after`` (None: unknown or no row)."""

    monitor: StrictInt
    municipality_code: StrictStr
    municipality: StrictStr
    indicator: StrictStr
    before: StrictInt | None
    after: StrictInt | None
    change: Literal["gewijzigd", "toegevoegd", "verwijderd"]


class Correction(_Strict):
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


class License(_Strict):
    name: StrictStr
    title: StrictStr
    path: StrictStr


class Contributor(_Strict):
    title: StrictStr
    role: StrictStr


class ContactPoint(_Strict):
    """Where portals and readers send questions about the data (the DCAT contact point)."""

    name: StrictStr = Field(min_length=1)
    email: StrictStr | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    url: StrictStr | None = Field(default=None, pattern=r"^https?://")

    @model_validator(mode="after")
    def _reachable(self) -> ContactPoint:
        if self.email is None and self.url is None:
            raise ValueError("a contact point needs an email address or a url")
        return self


# The EU Data Theme vocabulary (publications.europa.eu/resource/authority/data-theme), which
# DCAT-AP-NL prescribes for dcat:theme.
DataTheme = Literal[
    "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI",
    "TECH", "TRAN",
]  # fmt: skip


class Publication(_Strict):
    """The contents of ``monitors/publication.yaml``: settings shared by every release.

    ``publisher_uri``, ``contact_point``, ``themes`` and ``frequency`` describe the series in
    the DCAT catalogue (``site/catalog.ttl``); ``frequency`` is a code of the EU Frequency
    vocabulary (``QUARTERLY``).
    """

    name: StrictStr = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: StrictStr
    description: StrictStr
    publisher: StrictStr
    license: License
    contributors: tuple[Contributor, ...]
    keywords: tuple[StrictStr, ...]
    pilot_start: dt.date
    site_url: StrictStr | None = None
    publisher_uri: StrictStr | None = Field(default=None, pattern=r"^https?://")
    contact_point: ContactPoint | None = None
    themes: tuple[DataTheme, ...] = ()
    frequency: StrictStr | None = Field(default=None, pattern=r"^[A-Z_0-9]+$")


# --- rules and findings ------------------------------------------------------------------

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Rule(_Strict):
    """A rule of the catalogue in ``lvv_publish/data/rules.yaml``."""

    code: StrictStr = Field(pattern=r"^[a-z][a-z-]*$")
    severity: Severity
    title: StrictStr
    description: StrictStr
    message: StrictStr


class Identity(_Strict):
    left: StrictStr
    right: StrictStr


class Bound(_Strict):
    part: StrictStr = Field(pattern=CODE_PATTERN)
    total: StrictStr = Field(pattern=CODE_PATTERN)


class Rulebook(_Strict):
    """The rule catalogue and the rule instances declared as data."""

    rules: tuple[Rule, ...]
    identities: tuple[Identity, ...] = ()
    period_identities: tuple[Identity, ...] = ()
    bounds: tuple[Bound, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Rulebook:
        codes = [r.code for r in self.rules]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate rule codes")
        return self

    def rule(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)


class Finding(_Strict):
    """One thing a check found, with the numbers on both sides.

    ``check`` is the rule that was checked; it differs from ``rule`` only for
    ``cannot-check``, where it names the rule that could not be checked.
    """

    rule: StrictStr
    check: StrictStr
    severity: Severity
    monitor: StrictInt | None
    municipality_code: StrictStr | None = None
    municipality: StrictStr | None = None
    indicators: tuple[StrictStr, ...] = ()
    left_expression: StrictStr | None = None
    left_value: StrictInt | float | None = None
    right_expression: StrictStr | None = None
    right_value: StrictInt | float | None = None
    message: StrictStr
    source: StrictStr | None = None

    @property
    def id(self) -> str:
        """Stable, readable key: ``sum-mismatch/15/GM0014/9+9.1+9.2+9.3+9.4``."""
        parts = [self.rule]
        if self.check != self.rule:
            parts.append(self.check)
        parts += [
            str(self.monitor) if self.monitor is not None else "-",
            self.municipality_code or "NL",
            "+".join(self.indicators) or "-",
        ]
        if self.source and self.check.startswith("narrative"):
            parts.append(self.source)
        return "/".join(parts)


class Report(_Strict):
    """All findings of one validation run, in a stable order."""

    monitor: StrictInt
    findings: tuple[Finding, ...]
    narrative: NarrativeTally | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def valid(self) -> bool:
        return self.counts["error"] == 0

    def blocking(self, *, strict: bool = False) -> tuple[Finding, ...]:
        """Findings that stop a release: errors, and warnings too when ``strict``."""
        stop = {"error", "warning"} if strict else {"error"}
        return tuple(f for f in self.findings if f.severity in stop)
