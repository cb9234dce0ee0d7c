"""What a monitor's ``monitor.yaml`` holds: its periods, approval, notes and narrative."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

from ..errors import quote
from .addresses import WebAddress
from .base import CODE_PATTERN, MUNICIPALITY_CODE_PATTERN, StrictModel

# The dates a monitor's period can have: the LVV started in 2019; a date far outside is a
# typo (9999-12-31), and date arithmetic on it (the next quarter) would overflow.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
PeriodDay = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


class Period(StrictModel):
    """One quarter a monitor carries, with the Totaaloverzicht column label that names it."""

    monitor: StrictInt = Field(ge=1)
    label: StrictStr
    start: PeriodDay
    end: PeriodDay

    @property
    def peildatum(self) -> dt.date:
        return self.end


class Approval(StrictModel):
    date: dt.date
    by: StrictStr
    note: StrictStr | None = None


class Source(StrictModel):
    """Where the monitor's figures come from; ``url`` is its public address, where known."""

    title: StrictStr
    path: StrictStr
    slides: StrictStr
    url: WebAddress | None = None


class InputNoteRef(StrictModel):
    """Where a public note comes from: a municipality's input sheet, one indicator row."""

    municipality: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    indicator: StrictStr = Field(pattern=CODE_PATTERN)


class MonitorNote(StrictModel):
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
            if not re.fullmatch(r"([0-9]+|\*)/(GM[0-9]{4}|\*)/([0-9]+(\.[0-9]+)*|\*)", key):
                raise ValueError(
                    f"covers entry {quote(key)} is not <monitor>/<municipality code>/<indicator>"
                )
        return self


# A sentence shown inside a note or a list item on the site: its line breaks (a YAML block
# scalar) become spaces, so that it cannot break out of the note as Markdown.
OneLine = Annotated[
    StrictStr, BeforeValidator(lambda v: " ".join(v.split()) if isinstance(v, str) else v)
]

# "<monitor>/<municipality code>/<indicator>": one figure of the Totaaloverzicht.
FIGURE_PATTERN = r"^[0-9]+/GM[0-9]{4}/[0-9]+(\.[0-9]+)*$"


class Override(StrictModel):
    """A figure of a compiled Totaaloverzicht that deliberately differs from what
    ``lvv-publish compile`` derives (the input sheet's value, or for an earlier monitor the
    published figure): recorded with its reason and who decided, and published as a
    data-quality note. ``value`` null makes the figure unknown."""

    figure: StrictStr = Field(pattern=FIGURE_PATTERN)
    value: Annotated[StrictInt, Field(ge=0)] | None
    reason: OneLine = Field(min_length=1)
    by: OneLine = Field(min_length=1)

    @property
    def key(self) -> tuple[int, str, str]:
        """``(monitor, municipality code, indicator)``, the key of the observations' cells."""
        monitor, code, indicator = self.figure.split("/")
        return int(monitor), code, indicator


class NoDelivery(StrictModel):
    """A municipality of the LVV that delivered no figures for the monitor, and why: stated
    on its page and on the home page, instead of an error that blocks the release."""

    municipality: StrictStr = Field(pattern=MUNICIPALITY_CODE_PATTERN)
    reason: OneLine = Field(min_length=1)


class Claim(StrictModel):
    """A figure the monitor's text states, with the formula over the table that reproduces
    it (``lvv_publish/checks/claims.py``; ``lvv-publish docs narrative``).

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


class NarrativeStatement(StrictModel):
    """A sentence of the monitor's narrative, verbatim, with every figure it states."""

    slide: StrictStr
    quote: StrictStr
    claims: tuple[Claim, ...] = ()


class MonitorMeta(StrictModel):
    """The contents of ``monitors/<N>/monitor.yaml``."""

    number: StrictInt = Field(ge=1)
    title: StrictStr
    peildatum: PeriodDay
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
    # True: the Totaaloverzicht is derived from the input sheets by `lvv-publish compile`
    # (every monitor `new` starts); false: transcribed, e.g. from the Ministry's slides.
    compiled: StrictBool = False
    overrides: tuple[Override, ...] = ()
    geen_levering: tuple[NoDelivery, ...] = ()
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
        self._check_overrides(numbers)
        return self

    def _check_overrides(self, numbers: list[int]) -> None:
        keys = [o.key for o in self.overrides]
        twice = sorted({"/".join(map(str, k)) for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"overrides name {', '.join(twice)} more than once")
        for o in self.overrides:
            if o.key[0] not in numbers:
                raise ValueError(
                    f"override {o.figure} is of monitor {o.key[0]}, which this monitor does "
                    f"not carry (periods: {', '.join(map(str, numbers))})"
                )
        if self.overrides and not self.compiled:
            raise ValueError(
                "overrides belong to a compiled Totaaloverzicht (compiled: true); in a "
                "transcribed one the table itself is the record"
            )
        codes = [d.municipality for d in self.geen_levering]
        if len(codes) != len(set(codes)):
            raise ValueError("geen_levering names a municipality more than once")
        paths = list(self.input_sheets.values())
        shared = sorted({p for p in paths if paths.count(p) > 1})
        if shared:
            # One sheet read for two municipalities publishes one's figures as the other's.
            raise ValueError(f"input_sheets names {', '.join(shared)} for two municipalities")
        if self.compiled and not self.totaaloverzicht.lower().endswith((".xlsx", ".xlsm")):
            raise ValueError(
                "a compiled Totaaloverzicht is an Excel workbook (.xlsx): compile writes it, "
                f"and would overwrite {self.totaaloverzicht}"
            )

    @property
    def no_delivery(self) -> dict[str, str]:
        """Municipality code -> reason, for every municipality under ``geen_levering``."""
        return {d.municipality: d.reason for d in self.geen_levering}

    def period(self, monitor: int) -> Period:
        for p in self.periods:
            if p.monitor == monitor:
                return p
        raise KeyError(monitor)

    @property
    def previous(self) -> int | None:
        """The monitor before this one among the periods it carries, if any."""
        return self.periods[-2].monitor if len(self.periods) > 1 else None
