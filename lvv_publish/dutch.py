"""Dutch as the monitor writes it: numbers, rounding, dates, month names, lists. One place.

Every stage that writes Dutch for people uses this module: the checks' messages, the site's
filters (``site/formatting.py``), the input-sheet headers and the labels of a new monitor.

Hand-written rather than Babel: four formats, and Babel would be a large dependency for
them. Integers are written without a thousands separator, as the monitor itself writes them
(2797, not 2.797); decimals use a comma (82,3).

Every rounded figure goes through ``half_up``: decimal rounding half away from zero, as
Dutch (and CBS) practice has it: 2/32 = 6,25% shows as 6,3%, not as the 6,2% that float
formatting (half to even, on the binary value) gives.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

UNKNOWN = "onbekend"
NOT_APPLICABLE = "n.v.t."  # e.g. a share of zero, or a change from zero
MINUS = "\u2212"  # a real minus sign reads better than a hyphen next to numbers

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# As the monitor's column labels write them: "15 - mei 24".
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip


def number(value: int | None) -> str:
    """``2797``; ``onbekend`` for an unknown figure."""
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
    """``6,3`` / ``−2``: ``half_up`` in Dutch notation (no ``−0,0``).

    Written from the rounded whole number of ``10^-decimals`` steps, not through
    ``Decimal``: a version at 350 municipalities x 40 monitors formats 200,000 of them."""
    if decimals < 0:
        text = f"{half_up(value, decimals):f}"  # not used by the site; kept exact
        return text.replace(".", ",").replace("-", MINUS)
    frac = exact(value)
    scaled = abs(frac) * 10**decimals
    steps, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        steps += 1
    whole, part = divmod(steps, 10**decimals)
    text = f"{whole},{part:0{decimals}d}" if decimals else str(whole)
    return f"{MINUS}{text}" if frac < 0 and steps else text


def date(value: dt.date | str | None) -> str:
    """``30 april 2024``."""
    if value is None:
        return UNKNOWN
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def when(value: dt.date | dt.datetime | None) -> str:
    """When something was published: ``20 mei 2024, 14:03`` for a time (as it was recorded,
    Amsterdam time), ``20 mei 2024`` for a day alone."""
    if isinstance(value, dt.datetime):
        return f"{date(value)}, {value:%H:%M}"
    return date(value)


def month_label(day: dt.date) -> str:
    """``mei 24``: a month as the monitor's column labels write it."""
    return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.year % 100:02d}"


def names(values: tuple[str, ...] | list[str]) -> str:
    """``Amsterdam``, ``Amsterdam en Utrecht``, ``A, B en C``."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
