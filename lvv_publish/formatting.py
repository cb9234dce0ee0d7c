"""Dutch number and date formatting for the site (Jinja2 filters).

Hand-written rather than Babel: the site needs four formats, and Babel would be a large
dependency for them. Integers are written without a thousands separator, as the monitor
itself writes them (2797, not 2.797); decimals use a comma (82,3%).

Every rounded figure goes through ``half_up``: decimal rounding half away from zero, as
Dutch (and CBS) practice has it: 2/32 = 6,25% shows as 6,3%, not as the 6,2% that float
formatting (half to even, on the binary value) gives. Shares are computed from their exact
fractions (a ``Ratio``'s numerator and denominator), never from a float.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .figures import NationalFigure, Ratio, Total

UNKNOWN = "onbekend"
NOT_APPLICABLE = "n.v.t."  # e.g. a share of zero, or a change from zero
MINUS = "\u2212"  # a real minus sign reads better than a hyphen next to numbers

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def number(value: int | Total | None) -> str:
    """``2797``; ``onbekend`` for an unknown figure. A partial total shows its known sum."""
    if isinstance(value, Total):
        value = value.value
    if value is None:
        return UNKNOWN
    return f"{value:d}".replace("-", MINUS)


def signed(value: int | None) -> str:
    """A change: ``+5``, ``−3``, ``0``; ``onbekend`` when a side is unknown."""
    if value is None:
        return UNKNOWN
    if value > 0:
        return f"+{value:d}"
    if value < 0:
        return f"{MINUS}{-value:d}"
    return "0"


Exact = Fraction | int | float


def exact(value: Exact) -> Fraction:
    """A value as an exact fraction. A float is taken as the decimal it prints as
    (``0.145`` is 145/1000, not the binary value just below it): shares computed as
    ``a / b`` with small whole numbers are exact decimals or never sit on a rounding tie."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _is_nan(value: object) -> bool:
    """A float NaN: how a table computed with pandas carries an unknown share (a chart's
    data table, e.g. the occupancy of a location whose capacity is unknown)."""
    return isinstance(value, float) and value != value


def half_up(value: Exact, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, ties away from zero: 6.25 → 6.3, 0.5 → 1."""
    frac = exact(value)
    quantum = Decimal(1).scaleb(-decimals)
    # Fraction → Decimal with enough digits that the rounding below decides exactly: the
    # division is exact up to 40 significant digits, and a tie is an exact decimal.
    sign = -1 if frac < 0 else 1
    scaled = abs(frac) * 10**decimals
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return (Decimal(sign * whole) * quantum).quantize(quantum, rounding=ROUND_HALF_UP)


def decimal_text(value: Exact, decimals: int = 0) -> str:
    """``6,3`` / ``−2``: ``half_up`` in Dutch notation."""
    text = f"{half_up(value, decimals):f}"
    if text.startswith("-") and half_up(value, decimals) == 0:
        text = text[1:]  # no "−0,0"
    return text.replace(".", ",").replace("-", MINUS)


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


def date(value: dt.date | str | None) -> str:
    """``30 april 2024``."""
    if value is None:
        return UNKNOWN
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def names(values: tuple[str, ...] | list[str]) -> str:
    """``Amsterdam``, ``Amsterdam en Utrecht``, ``A, B en C``."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


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
    "names": names,
}
