"""Spreadsheet safety of the downloads (OWASP "CSV injection").

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(…)``, ``@SUM(…)``, DDE). Text from the inputs (names,
notes, labels) reaches the downloads, so:

- the files meant for spreadsheets (``.excel.csv``, ``.xlsx``) neutralise such a cell: in
  the CSV with a leading apostrophe (OWASP's advice), in the workbook as a text cell with
  Excel's quote prefix (the text itself unchanged);
- the files meant for programs (the data package's CSVs and the other ``.csv`` downloads)
  keep their text exact, because a program must read the data as published and the
  package's checksums are the public record. Instead such a cell is refused before anything
  is published, so it cannot be there at all.

A negative number (``-5``) is a number, not a formula, and is left alone.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import LvvError

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$")


def formula_like(value: object) -> bool:
    """Would a spreadsheet treat ``value`` as the start of a formula?"""
    return (
        isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value.strip())
    )


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would run it (for CSV)."""
    return "'" + value if formula_like(value) else value


def refuse_formula_like(frame: pd.DataFrame, where: str, rows_before: int = 0) -> None:
    """Refuse a table for programs that holds a cell a spreadsheet would run as a formula
    (``rows_before``: the rows of the file before ``frame``, where it is written in parts)."""
    for name in [*frame.columns]:
        if formula_like(str(name)):
            raise _refusal(where, f"column name {name!r}", str(name))
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object and not pd.api.types.is_string_dtype(column.dtype):
            continue
        # Each distinct text once: the vintage file repeats a few hundred names and labels
        # over 1.5 million rows (10 s per call, cell by cell, at 350 x 40: issue 11).
        bad = [v for v in pd.unique(column.dropna()) if formula_like(v)]
        if bad:
            first = column.isin(bad).to_numpy().argmax()
            row = rows_before + int(first) + 2  # 1-based, after the header
            raise _refusal(where, f"row {row}, column {name!r}", str(column.iloc[first]))


def _refusal(where: str, place: str, value: str) -> LvvError:
    return LvvError(
        f"{where}, {place}: the text {value[:60]!r} starts with {value[:1]!r}, which a "
        "spreadsheet runs as a formula (CSV injection); it is not published. Rephrase the "
        "text where it comes from (the registry, monitor.yaml or publication.yaml) so that "
        "it starts with a letter or digit."
    )
