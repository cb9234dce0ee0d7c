"""The monitor's "Kerncijfers" and "Belangrijkste ontwikkelingen", written from the data.

The site shows this text beside the monitor's own narrative, which stays quoted verbatim
(``monitor.yaml``'s ``narrative``). Every figure here is a ``NationalFigure`` or a change
between two of them, computed from the data package (``national.py``, ``figures.py``; what
it reports: ``pages.yaml``); the template (``site_templates/narrative.md.j2``) only lays the
sentences out, and the formatting filters round half-up. An unknown cell is never counted as
zero: a figure with unknown cells says which, and a change whose direction those cells could
reverse is said to be unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ...checks import Place
from ...dutch import half_up
from ...models import NarrativeStatement
from .. import figures
from ..figures import PackageTable, Ratio, Total, evaluate
from ..layout import LAYOUT, formula
from ..national import NationalFigure, national_figures
from .release import ReleaseInfo


@dataclass(frozen=True)
class Change:
    """A figure in the previous monitor and now."""

    what: str
    before: NationalFigure
    after: NationalFigure
    before_monitor: int
    after_monitor: int

    @property
    def percent(self) -> bool:
        return self.after.unit == "percent"

    def _exact(self, fig: NationalFigure) -> Fraction | None:
        v = fig.value
        if isinstance(v, Ratio):
            num, den = v.numerator.value, v.denominator.value
            return None if num is None or not den else Fraction(num, den)
        return None if v.value is None else Fraction(v.value)

    @property
    def known(self) -> bool:
        """Both sides known in full: a partial sum could go either way."""
        return not (self.before.value.partial or self.after.value.partial) and (
            self._exact(self.before) is not None and self._exact(self.after) is not None
        )

    @property
    def difference(self) -> Fraction | None:
        """after − before: a count, or percentage points as a fraction (0.053 = 5,3 pt)."""
        a, b = self._exact(self.before), self._exact(self.after)
        return None if a is None or b is None or not self.known else b - a

    @property
    def direction(self) -> str:
        """``steeg``, ``daalde``, ``bleef gelijk`` (for a share: at the precision shown) or
        ``onbekend`` (a side has unknown cells)."""
        d = self.difference
        if d is None:
            return "onbekend"
        if self.percent and half_up(d * 100, 1) == 0:
            return "bleef gelijk"  # as shown: 35,4% and 35,4% is no change to a reader
        return "steeg" if d > 0 else "daalde" if d < 0 else "bleef gelijk"


@dataclass(frozen=True)
class LocationChange:
    name: str
    before: Ratio
    after: Ratio

    @property
    def direction(self) -> str:
        if self.before.partial or self.after.partial:
            return "onbekend"
        a, b = self.before.value, self.after.value
        if a is None or b is None:
            return "onbekend"
        num_a, den_a = self.before.numerator.value, self.before.denominator.value
        num_b, den_b = self.after.numerator.value, self.after.denominator.value
        fa, fb = Fraction(num_a or 0, den_a or 1), Fraction(num_b or 0, den_b or 1)
        return "steeg" if fb > fa else "daalde" if fb < fa else "bleef gelijk"


@dataclass(frozen=True)
class Quote:
    slide: str
    quote: str


@dataclass(frozen=True)
class NarrativeContext:
    """Context of ``narrative.md.j2``.

    ``release``: the release; ``f``: the named national figures of the release's monitor;
    ``previous``: the monitor before it, if it carries one; ``outflow_period``: the outflow
    in the period (``pages.yaml``: the outflow now minus that of the previous monitor);
    ``developments``: the changes since the previous monitor; ``locations``: occupancy per
    LVV location then and now; ``quotes``: the monitor's own text, verbatim, per slide in
    its order.
    """

    release: ReleaseInfo
    f: dict[str, NationalFigure]
    previous: int | None
    outflow_period: Total | None
    developments: list[Change]
    locations: list[LocationChange]
    quotes: list[Quote]

    @property
    def slides(self) -> list[tuple[str, list[str]]]:
        """The quotes grouped per slide, each quote once, in the text's order."""
        out: dict[str, list[str]] = {}
        for q in self.quotes:
            if q.quote not in out.setdefault(q.slide, []):
                out[q.slide].append(q.quote)
        return list(out.items())


def narrative_context(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    info: ReleaseInfo,
    statements: tuple[NarrativeStatement, ...] = (),
) -> NarrativeContext:
    monitors = info.monitors
    now = national_figures(observations, municipalities, monitors)
    previous = info.previous
    developments: list[Change] = []
    locations: list[LocationChange] = []
    outflow_period = None
    if previous is not None:
        before = national_figures(observations, municipalities, monitors[:-1])
        developments = [
            Change(d.what, before[d.figure], now[d.figure], previous, info.number)
            for d in LAYOUT.narrative.developments
            if d.figure in before and d.figure in now
        ]
        then = {loc.code: loc for loc in figures.locations(observations, municipalities, previous)}
        locations = [
            LocationChange(loc.name, then[loc.code].occupancy, loc.occupancy)
            for loc in figures.locations(observations, municipalities, info.number)
            if loc.code in then
        ]
        table = PackageTable(observations, municipalities)
        period = evaluate(
            formula(LAYOUT.narrative.outflow_period), table, Place(info.number, monitors)
        )
        assert isinstance(period, Total)  # a difference, by pages.yaml
        outflow_period = period
    return NarrativeContext(
        release=info,
        f=now,
        previous=previous,
        outflow_period=outflow_period,
        developments=developments,
        locations=locations,
        quotes=[Quote(s.slide, s.quote) for s in statements],
    )
