"""Dutch number and date formatting for the site (Jinja2 filters).

Hand-written rather than Babel: the site needs four formats, and Babel would be a large
dependency for them. Integers are written without a thousands separator, as the monitor
itself writes them (2797, not 2.797); decimals use a comma (82,3%).
"""

from __future__ import annotations

import datetime as dt

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


def percent(value: float | Ratio | None, decimals: int = 1) -> str:
    """``82,3%``; ``onbekend`` when it cannot be computed."""
    if isinstance(value, Ratio):
        if not value.computable:
            return NOT_APPLICABLE
        value = value.value
    if value is None:
        return UNKNOWN
    text = f"{value * 100:.{decimals}f}"
    return text.replace(".", ",").replace("-", MINUS) + "%"


def signed_percent(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return UNKNOWN
    text = percent(abs(value), decimals)
    if round(value * 100, decimals) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


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
    "date": date,
    "names": names,
}
