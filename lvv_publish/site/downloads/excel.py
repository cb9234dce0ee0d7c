"""The CSV for Dutch Excel: ``<name>.excel.csv`` beside every CSV of a downloads folder.

UTF-8 with BOM, ``;`` separator, decimal comma, dates as ``dd-mm-jjjj``, ``ja``/``nee`` and
the Dutch column titles, so that a double-click opens it right in Dutch Excel and LibreOffice.

Codes such as ``2.1`` and ``9.1.4`` are written as they are. In a Dutch locale ``.`` is neither
the decimal separator nor the date separator, so LibreOffice keeps them as text (tested with
soffice in the tests of the downloads); a whole code such as ``12`` becomes the number 12,
which shows and matches the same in every file. A CSV cannot force text without a formula
(``="2.1"``), and LibreOffice does not evaluate formulas when it opens a CSV (its import
dialog's default), so it would show them literally. Text that would turn into a date, the
monitor labels (``13 - nov 23``), gets en dashes (``13 – nov 23``), and a formula such as
``8 / 12`` a division slash; text that would turn into a number with a thousands separator
(``2.100``) is refused.

So the Excel twins write a monitor's label ``13 – nov 23`` where every other file (the
package's ``monitors.csv``, ``reeksen.csv``, the workbooks' text cells) writes ``13 - nov 23``.
The en dash is there because the label is a whole cell that LibreOffice (``Detect special
numbers``, nl-NL) reads as the date 13-11-2023. Nothing else in a CSV keeps the same text and
stops that (tried with soffice, issue 20): a quoted field is a date too, a leading apostrophe
stays visible (``'13 - nov 23``), a formula ``="13 - nov 23"`` is not evaluated and would be
neutralised as one (``cellsafety.py``), and a space after it changes nothing. The label's text is
fixed by the published packages (13-15 keep their bytes), so the one form is the hyphen; the
twins keep the en dash until a form is found, and read back with it replaced (the tests).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import pandas as pd

from ...errors import LvvError
from ...package import neutralise

# Text that a Dutch spreadsheet does not keep as text: a number with thousands separators
# (2.100 is 2100) and text that looks like a date (13 - nov 23, nov 23, 31-10-2023).
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DATE_LIKE = re.compile(
    r"^(\d{1,2}\s*[-/]\s*(\d{1,2}|[a-z]{3,9}\.?)(\s*[-/ ]\s*\d{2,4})?|[a-z]{3,9}\.?\s+\d{2,4})$",
    re.IGNORECASE,
)
EN_DASH = "\u2013"
# "8 / 12", a formula of a finding (indicator 8 over indicator 12), reads as 8 December: its
# slash becomes a division slash, which looks the same and stays text.
DIVISION_SLASH = "\u2215"


def excel_csv(frame: pd.DataFrame, titles: dict[str, str], *, header: bool = True) -> bytes:
    """``frame`` as a CSV that a double-click opens right in Dutch Excel (see module doc);
    ``header`` False: a later part of such a file, without its title line and byte order
    mark."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if str(column.dtype) == "boolean":
            out[name] = column.map({True: "ja", False: "nee"}, na_action="ignore")
        # Not column.map(...).any(): on an empty string column (a release without findings)
        # pandas keeps the string dtype, which has no any().
        elif column.dtype == object and any(isinstance(v, dt.date) for v in column.dropna()):
            out[name] = pd.to_datetime(column)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            # Kept as text by Excel, and never run as a formula (cellsafety.py). Each distinct
            # text once: the vintage file repeats a few hundred names over millions of rows.
            values = column.dropna().unique()
            texts = {v: neutralise(spreadsheet_text(v)) for v in values if isinstance(v, str)}
            if len(texts) == len(values):
                out[name] = column.map(texts)
            else:
                out[name] = column.map(functools.partial(_text_or_value, texts), na_action="ignore")
    out = out.rename(columns=lambda c: neutralise(spreadsheet_text(titles.get(c) or str(c))))
    text = out.to_csv(
        sep=";",
        decimal=",",
        float_format="%.15g",
        date_format="%d-%m-%Y",
        index=False,
        header=header,
        na_rep="",
        lineterminator="\r\n",
    )
    return text.encode("utf-8-sig" if header else "utf-8")  # the BOM tells Excel it is UTF-8


def spreadsheet_text(value: str) -> str:
    """``value`` in a form Dutch Excel and LibreOffice keep as text.

    A label that looks like a date (``13 - nov 23``, which LibreOffice turns into 13-11-2023)
    gets an en dash for its hyphens (``13 – nov 23``), a formula that does (``8 / 12``) a
    division slash (``8 ∕ 12``); what cannot be kept as text is refused.
    """
    if _DATE_LIKE.match(value):
        value = value.replace("-", EN_DASH).replace("/", DIVISION_SLASH)
    if _DATE_LIKE.match(value) or _GROUPED_NUMBER.match(value):
        raise LvvError(
            f"{value!r} would not stay text in a Dutch spreadsheet (it reads as a date or as a "
            "number with a thousands separator); the Excel CSV cannot publish it."
        )
    return value


def excel_name(path: str) -> str:
    return path.removesuffix(".csv") + ".excel.csv"


def schema_titles(schema: dict[str, Any]) -> dict[str, str]:
    """Field name → its Dutch title, from a Table Schema; the titles must be distinct."""
    titles = {f["name"]: f.get("title") or f["name"] for f in schema["fields"]}
    if len(set(titles.values())) != len(titles):
        raise LvvError(f"the Table Schema gives two columns the same title: {titles}.")
    return titles


def _text_or_value(texts: dict[str, str], value: object) -> object:
    """A text cell through ``texts``; a number or date in a text column as it is."""
    return texts.get(value, value) if isinstance(value, str) else value
