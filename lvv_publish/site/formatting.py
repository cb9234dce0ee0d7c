"""The site's Jinja2 filters: Dutch numbers, shares, changes and figures (``dutch.py``),
and Markdown-safe text.

Shares are computed from their exact fractions (a ``Ratio``'s numerator and denominator),
never from a float, and rounded half-up (``dutch.half_up``).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from .. import dutch
from ..dutch import (
    MINUS,
    NOT_APPLICABLE,
    UNKNOWN,
    Exact,
    date,
    decimal_text,
    exact,
    half_up,
    names,
    signed,
)
from ..models import PublishedTime
from .figures import Ratio, Total
from .national import NationalFigure


def number(value: int | Total | None) -> str:
    """``2797``; ``onbekend`` for an unknown figure. A partial total shows its known sum."""
    if isinstance(value, Total):
        value = value.value
    return dutch.number(value)


def _is_nan(value: object) -> bool:
    """A float NaN: how a table computed with pandas carries an unknown share (a chart's
    data table, e.g. the occupancy of a location whose capacity is unknown)."""
    return isinstance(value, float) and value != value


def share(value: Ratio | Exact) -> Fraction:
    """A share as an exact fraction (a ``Ratio`` from its numerator and denominator)."""
    if isinstance(value, Ratio):
        num, den = value.numerator.value, value.denominator.value
        if num is None or not den:
            raise ValueError("share of an unknown or zero total")
        return Fraction(num, den)
    return exact(value)


def percent(value: Exact | Ratio | None, decimals: int = 1) -> str:
    """``82,3%``; ``onbekend`` when it cannot be computed; half-up rounded."""
    if isinstance(value, Ratio):
        if not value.computable:
            return NOT_APPLICABLE
        if value.value is None:
            return UNKNOWN
    if value is None or _is_nan(value):
        return UNKNOWN
    return decimal_text(share(value) * 100, decimals) + "%"


def signed_percent(value: Exact | None, decimals: int = 1) -> str:
    """A relative change: ``+6,3%``, ``−2,0%``, ``0,0%`` (no sign when it rounds to 0)."""
    if value is None or _is_nan(value):
        return UNKNOWN
    text = percent(abs(exact(value)), decimals)
    if half_up(exact(value) * 100, decimals) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def points(value: Exact | None, decimals: int = 1) -> str:
    """A difference of two shares in percentage points: ``+5,3 procentpunt``."""
    if value is None:
        return UNKNOWN
    scaled = exact(value) * 100
    text = decimal_text(abs(scaled), decimals)
    if half_up(scaled, decimals) == 0:
        return f"{text} procentpunt"
    return ("+" if scaled > 0 else MINUS) + f"{text} procentpunt"


def change(value: Exact | None, percent_points: bool = False) -> str:
    """A change: ``+5``/``−45`` for a count, ``+5,3 procentpunt`` for a share."""
    if value is None:
        return UNKNOWN
    if percent_points:
        return points(value)
    whole = half_up(value)
    return signed(int(whole))


def figure(value: NationalFigure, decimals: int = 1, note: bool = True) -> str:
    """A national figure: ``2797`` or ``44,9%``.

    A figure with unknown cells says which: ``32 (zonder Amsterdam: onbekend)``,
    ``61,5% (onbekend: 5.2 van Amsterdam)``. ``note=False`` where the count next to it
    already says so.
    """
    shown = value.value
    text = percent(shown, decimals) if isinstance(shown, Ratio) else number(shown)
    if note and shown.partial:
        text += f" ({shown.note})"
    return text


def when(value: PublishedTime | dt.date | None) -> str:
    """When a version was published: ``20 mei 2024, 14:03``, or the day alone where no time
    was recorded (``dutch.when``)."""
    return dutch.when(value.value if isinstance(value, PublishedTime) else value)


# Python-Markdown's backslash escapes, plus | for table cells; < becomes an entity (it has
# no backslash escape).
_MARKDOWN_SPECIAL = str.maketrans({**{c: "\\" + c for c in "\\`*_[]>|#"}, "<": "&lt;"})


def md(value: object) -> str:
    """Text as literal Markdown: quotes such as ``**990 personen**`` keep their asterisks."""
    return str(value).translate(_MARKDOWN_SPECIAL)


FILTERS = {
    "md": md,
    "number": number,
    "signed": signed,
    "percent": percent,
    "figure": figure,
    "signed_percent": signed_percent,
    "decimal": decimal_text,
    "points": points,
    "change": change,
    "date": date,
    "when": when,
    "names": names,
}
