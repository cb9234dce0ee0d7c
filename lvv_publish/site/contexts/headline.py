"""The home page's opening (issue 20): the headline figures (``pages.yaml``) as large numbers,
each with its change since the previous monitor and a sparkline over every published
monitor, and one chart of national figures over time.

Every figure is a named national figure (``national.py``) computed per monitor over the long
series as this version sees it (``SiteInputs.long_series``): the monitors the release
carries and the earlier ones it does not. An unknown or incomplete figure is a gap in the
line and said so in the text, never a zero or a silent sum of the known parts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ...checks import codes
from ...dutch import names
from .. import charts
from ..downloads import NATIONAL_CODE
from ..figures import Ratio, in_lvv
from ..formatting import figure, points, signed
from ..layout import LAYOUT
from ..national import FIGURES, NationalFigure, national_figures
from ..sparkline import Sparkline, sparkline
from ..vegalite import Chart

# Per monitor, the named national figures of that monitor.
PerMonitor = dict[int, dict[str, NationalFigure]]


@dataclass(frozen=True)
class Headline:
    """A headline figure: ``label``; ``value``, the figure as text (``593``, ``55%``, with
    the unknown parts named when it is incomplete); ``change``, its change since the
    previous monitor in words (``+12 sinds monitor 14``, or why there is none);
    ``spark``, the geometry of its sparkline; ``trend``, the sparkline's values per monitor
    in words (its text alternative)."""

    name: str
    label: str
    value: str
    note: str
    change: str
    spark: Sparkline
    trend: str


def series_observations(series: pd.DataFrame) -> pd.DataFrame:
    """The municipalities' rows of the long series, as the formulas read observations."""
    return series[series["municipality_code"] != NATIONAL_CODE]


def national_per_monitor(
    series: pd.DataFrame, municipalities: pd.DataFrame, only: Collection[str] | None = None
) -> PerMonitor:
    """The named national figures (those in ``only``, else every one) of every monitor of
    the long series (``national_figures`` of that monitor, with the monitors before it)."""
    obs = series_observations(series)
    monitors = tuple(sorted(int(m) for m in obs["monitor"].unique()))
    return {
        m: national_figures(obs, municipalities, monitors[: i + 1], only)
        for i, m in enumerate(monitors)
    }


def shown_over_time() -> set[str]:
    """The figures the home page shows per monitor: its headlines and its chart's lines."""
    return {h.figure for h in LAYOUT.headlines} | set(LAYOUT.home_chart.figures)


def plotted(f: NationalFigure | None) -> Fraction | int | None:
    """The value a line draws: None (a gap) when unknown, not applicable or incomplete."""
    if f is None or f.value.partial or f.value.value is None:
        return None
    v = f.value
    if isinstance(v, Ratio):
        assert v.numerator.value is not None and v.denominator.value
        return Fraction(v.numerator.value, v.denominator.value) * 100
    return v.value


def _shown(f: NationalFigure | None, decimals: int, note: bool = True) -> str:
    if f is None:
        return "onbekend"
    return figure(f, decimals, note)


def _does(who: list[str]) -> str:
    return "doet" if len(who) == 1 else "doen"


def _membership(muns: pd.DataFrame, before: int, now: int) -> str:
    """Who joined or left the LVV between two monitors, in words; empty when no one did."""
    a, b = in_lvv(muns, before), in_lvv(muns, now)
    joined = sorted(b.loc[~b["code"].isin(a["code"]), "name"].astype(str))
    left = sorted(a.loc[~a["code"].isin(b["code"]), "name"].astype(str))
    parts = []
    if joined:
        parts.append(f"{names(joined)} {_does(joined)} sinds monitor {now} mee")
    if left:
        parts.append(f"{names(left)} {_does(left)} na monitor {before} niet meer mee")
    return " en ".join(parts)


def change_text(
    now: NationalFigure,
    before: NationalFigure | None,
    previous: int | None,
    muns: pd.DataFrame,
    number: int,
    decimals: int,
) -> str:
    """The change since the previous monitor in words, or plainly why there is none."""
    if previous is None:
        return "Geen eerdere monitor om mee te vergelijken."
    moved = _membership(muns, previous, number)
    if moved:
        return f"Niet te vergelijken met monitor {previous}: {moved}."
    a, b = plotted(before), plotted(now)
    ratios = [f.value for f in (now, before) if f is not None and isinstance(f.value, Ratio)]
    if any(not r.computable for r in ratios):
        return f"Verandering sinds monitor {previous}: n.v.t."
    if a is None or b is None:
        return f"Verandering sinds monitor {previous} onbekend: een deel van de cijfers ontbreekt."
    if isinstance(now.value, Ratio):
        return f"{points((b - a) / 100, decimals)} sinds monitor {previous}"
    if a == b:
        return f"Gelijk aan monitor {previous}"
    return f"{signed(int(b - a))} sinds monitor {previous}"


def _trend_text(
    values: list[tuple[int, NationalFigure | None]], labels: dict[int, str], decimals: int
) -> str:
    parts = []
    for m, f in values:
        text = _shown(f, decimals)
        if f is not None and f.value.partial:
            text += ", onvolledig en daarom niet getekend"
        elif plotted(f) is None:
            text += ", niet getekend"
        parts.append(f"{labels.get(m, f'monitor {m}')}: {text}")
    return "Per monitor: " + "; ".join(parts) + "."


def headlines(
    current: dict[str, NationalFigure],
    per_monitor: PerMonitor,
    labels: dict[int, str],
    number: int,
    municipalities: pd.DataFrame,
) -> list[Headline]:
    """The headline figures of ``pages.yaml`` for monitor ``number``: ``current`` its
    national figures, ``per_monitor`` those of every published monitor up to it."""
    monitors = sorted(m for m in per_monitor if m <= number)
    earlier = [m for m in monitors if m < number]
    previous = earlier[-1] if earlier else None
    out = []
    for h in LAYOUT.headlines:
        now = current[h.figure]
        before = per_monitor[previous].get(h.figure) if previous is not None else None
        values = [
            (m, current[h.figure] if m == number else per_monitor[m].get(h.figure))
            for m in monitors
        ]
        out.append(
            Headline(
                name=h.figure,
                label=h.label,
                value=_shown(now, h.decimals, note=False),
                note=f"Onvolledig ({now.value.note})." if now.value.partial else "",
                change=change_text(now, before, previous, municipalities, number, h.decimals),
                spark=sparkline([(m, plotted(f)) for m, f in values]),
                trend=_trend_text(values, labels, h.decimals),
            )
        )
    return out


def home_chart(per_monitor: PerMonitor, labels: dict[int, str], number: int) -> Chart:
    """The home page's chart: the national figures of ``pages.yaml``'s ``home_chart`` over
    every published monitor up to ``number``; an incomplete total is left out, as unknown."""
    spec = LAYOUT.home_chart
    rows = []
    for m in sorted(k for k in per_monitor if k <= number):
        for name in spec.figures:
            f = per_monitor[m].get(name)
            value = plotted(f)
            rows.append(
                {
                    "monitor": m,
                    "label": labels.get(m, str(m)),
                    "series": f.label if f is not None else name,
                    "value": None if value is None else int(value),
                }
            )
    return charts.trend(spec.id, spec.title, rows, what=spec.what)


def revised_figures(series: pd.DataFrame, monitor: int) -> set[str]:
    """The named national figures of ``monitor`` with a revised part: a national total of one
    of their indicators (``NL01``) whose value differs from the one first published."""
    national = series[
        (series["municipality_code"] == NATIONAL_CODE)
        & (series["monitor"] == monitor)
        & series["revised"].fillna(False).astype(bool)
    ]
    changed = set(national["indicator"].astype(str))
    return {spec.name for spec in FIGURES if changed & set(codes(spec.node))}
