"""The site's Jinja2 filters: Dutch numbers, shares, changes and figures (``dutch.py``),
Markdown-safe text (``md``) and front matter (``front_matter``).

Shares are computed from their exact fractions (a ``Ratio``'s numerator and denominator),
never from a float, and rounded half-up (``dutch.half_up``).
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

import pandas as pd
import yaml
from markupsafe import Markup, escape

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
from ..errors import LvvError
from ..links import LINKS, WEB, checked_link
from ..models import PublishedTime
from .figures import Ratio, Total
from .national import NationalFigure


def number(value: int | Total | None) -> str:
    """``2797``; ``onbekend`` for an unknown figure. A partial total shows its known sum."""
    if isinstance(value, Total):
        value = value.value
    return dutch.number(value)


# The status mark of a value that differs from the value it was first published with (the
# series' ``revised``), explained in the leeswijzer. The mark is shown; its meaning is text
# for screen readers (``lvv-sr``), as CBS marks provisional figures with a star.
REVISED_MARK = "*"


def revised(flag: object) -> str:
    """The mark after a revised value (``*``, read aloud as "herzien"); nothing otherwise."""
    if flag is not None and flag is not pd.NA and flag == flag and bool(flag):
        return (
            f'<span class="lvv-mark" aria-hidden="true">{REVISED_MARK}</span>'
            '<span class="lvv-sr"> (herzien)</span>'
        )
    return ""


def _is_nan(value: object) -> bool:
    """A float NaN: how a table computed with pandas carries an unknown share (a chart's
    data table, e.g. the occupancy of a location whose capacity is unknown)."""
    return isinstance(value, float) and value != value


def unknown(value: object) -> bool:
    """``pd.isna`` of one value as a column's ``tolist`` gives it (None, ``pd.NA``, NaN),
    without its cost per call: half a million calls at 350 municipalities x 40 monitors."""
    return value is None or value is pd.NA or _is_nan(value)


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
    # The value made exact once and rounded once (the comparison pages at 350 municipalities
    # write some 40,000): what rounds to zero steps is written in noughts only, unsigned.
    text = decimal_text(abs(exact(value)) * 100, decimals) + "%"
    if not text.strip("0,%"):
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


# A value from the inputs is one line: every line break Python knows (str.splitlines) and the
# tab become a space, so no value can start a block (heading, list, admonition, table row).
_ONE_LINE = dict.fromkeys(map(ord, "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"), " ")
# Controls are no text, and bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) would
# reorder the template's own words around the value: dropped.
_DROPPED = dict.fromkeys(
    [*range(0x09), *range(0x0E, 0x1C), 0x1F, *range(0x7F, 0x85), *range(0x86, 0xA0)]
    + [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
# Python-Markdown's backslash escapes for what is markup anywhere on a line: code, emphasis,
# links, attribute lists ({ }), table cells (|), headings (#), quotes (>); < and & as
# entities (raw HTML, comments, character references have no backslash escape).
_SPECIAL = {ord(c): "\\" + c for c in "\\`*_[]{}>|#"} | {ord("<"): "&lt;", ord("&"): "&amp;"}
_TEXT = str.maketrans(_ONE_LINE | _DROPPED | _SPECIAL)
# What starts a block only at the start of a line: lists (- + 1.), rules and setext
# headings (--- ===), admonitions (!!! ???), definitions (:), fences (~~~). The template may
# print the value there. A backslash where Markdown has that escape, else an entity.
_BLOCK_START = re.compile(r"^(?:[-+!]|\d+\.|[=:?~])")
_ENTITY = {"=": "&#61;", ":": "&#58;", "?": "&#63;", "~": "&#126;"}


def _neutral_start(match: re.Match[str]) -> str:
    start = match.group()
    if start in _ENTITY:
        return _ENTITY[start]
    return start[:-1] + "\\" + start[-1]


def md(value: object) -> str:
    """Text from the inputs as literal Markdown, for any place in a Markdown template (a
    paragraph, a heading, a table cell, a link's text, a list item, an admonition's body).

    One line (line breaks and tabs become spaces, surrounding spaces go: two at the end
    would be a line break), without controls and bidi overrides; HTML, character
    references, attribute lists, links, emphasis, code and table pipes escaped everywhere;
    block markers escaped where the value starts. Quotes such as ``**990 personen**`` keep
    their asterisks. The only escaping for Markdown: HTML contexts use Jinja's ``|e``.
    """
    text = str(value).translate(_TEXT).strip(" ")
    return _BLOCK_START.sub(_neutral_start, text, count=1)


_LINE = str.maketrans(_ONE_LINE | _DROPPED)


def html(value: object) -> Markup:
    """Text from the inputs as HTML text, for the tables the templates write as raw HTML
    (which Python-Markdown passes through without parsing them, issue 22): the same one line
    without controls and bidi overrides as ``md``, then escaped (markupsafe)."""
    return escape(str(value).translate(_LINE).strip(" "))


def input_link(
    url: str, field: str, where: str = "monitors/publication.yaml", schemes: tuple[str, ...] = LINKS
) -> str:
    """An address from the inputs that the site or the catalogue links to: ``url`` itself
    when ``links.checked_link`` allows it, else an ``LvvError`` naming ``field`` and
    ``where`` it is set. The site never shows another scheme, whatever the models let by."""
    try:
        return checked_link(url, schemes)
    except ValueError as exc:
        raise LvvError(f"{field}: {exc} (set in {where})") from exc


# Where a licence path read from a data package was set.
RECORDED = "monitors/publication.yaml, as recorded in the data package"


def site_address(url: str | None) -> str | None:
    """The site's own address (``site_url``), an ``https:`` or ``http:`` one; None for none."""
    where = "monitors/publication.yaml, --site-url or LVV_SITE_URL"
    return input_link(url, "site_url", where, WEB) if url else None


def link(url: object) -> str:
    """The filter for a link from the inputs in a template: ``[text]({{ url | link }})``."""
    return input_link(str(url), "link", "the inputs")


def front_matter(fields: dict[str, Any]) -> str:
    """A page's YAML front matter, written by the serializer (fields that are None left out):
    no value can become YAML syntax, whatever quotes, colons or line breaks it holds."""
    # str(): |e gives a Markup, a str subclass the safe dumper does not know.
    kept = {k: str(v) if isinstance(v, str) else v for k, v in fields.items() if v is not None}
    dumped = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n{dumped}---"


FILTERS = {
    "md": md,
    "html": html,
    "link": link,
    "front_matter": front_matter,
    "number": number,
    "revised": revised,
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
