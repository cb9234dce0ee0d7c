"""Frozen, strict models for the metadata that travels between stages.

Every model refuses unknown keys (``extra="forbid"``): a misspelt field in a YAML file is an
error, not a silently ignored value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

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

    @property
    def slug(self) -> str:
        """Stable lower-case name for URLs and file names (``amsterdam``)."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


class Registry(_Strict):
    """All indicators and municipalities, in the monitor's order."""

    indicators: tuple[Indicator, ...]
    municipalities: tuple[Municipality, ...]

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
        for m in self.municipalities:
            for ref in (m.location, m.capacity_included_in):
                if ref is not None and ref not in mcodes:
                    raise ValueError(f"municipality {m.code}: unknown reference {ref}")
        return self

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    def municipality(self, code: str) -> Municipality:
        for m in self.municipalities:
            if m.code == code:
                return m
        raise KeyError(code)

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
    title: StrictStr
    path: StrictStr
    slides: StrictStr


class MonitorNote(_Strict):
    """An editor's note; ``covers`` lists what it explains (used for revisions)."""

    text: StrictStr
    covers: tuple[StrictStr, ...] = ()


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


class License(_Strict):
    name: StrictStr
    title: StrictStr
    path: StrictStr


class Contributor(_Strict):
    title: StrictStr
    role: StrictStr


class Publication(_Strict):
    """The contents of ``monitors/publication.yaml``: settings shared by every release."""

    name: StrictStr = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: StrictStr
    description: StrictStr
    publisher: StrictStr
    license: License
    contributors: tuple[Contributor, ...]
    keywords: tuple[StrictStr, ...]
    site_url: StrictStr | None = None
