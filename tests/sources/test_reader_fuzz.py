"""Property tests: the file readers answer any file with a parse or one clear error.

Random workbooks (random sheet names and states, random cells of every type in random
places, some far outside any table), real workbooks with random bytes changed, and random
bytes are given to the Totaaloverzicht reader and the input-sheet reader. Each must give a
valid parse or a ``SourceError`` (for an input sheet: a problem of the sheet), never another
exception, and stay within a modest amount of memory (tracemalloc). Derandomized and
without an example database, so that every run tries the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from lvv_publish.errors import SHOWN, LvvError
from lvv_publish.sources import read_input_sheet, read_table

from ..conftest import OBSERVATION_NAMES
from .test_properties import META, REAL, REGISTRY

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# What reading one small file may allocate at its peak (openpyxl's workbook objects and the
# grid); the unbounded readers took gigabytes for a 9 KB file.
PEAK = 48 * 2**20

sheet_name = st.text(
    st.characters(blacklist_characters="[]:*?/\\'", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=31,
).filter(lambda s: s.strip() == s and s)
# Text openpyxl can write (it refuses control characters).
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
value = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    text,
    st.sampled_from(["=B4+C4", "=SUM(A1:A3)", "n.v.t.", "1.062", " 12 ", "#N/A"]),
    st.builds(lambda n: "x" * n, st.integers(0, 40_000)),
    st.just(dt.datetime(2024, 1, 5)),
    st.just("array"),
)
# Mostly inside the slide's table, sometimes anywhere Excel allows.
place = st.one_of(
    st.tuples(st.integers(1, 45), st.integers(1, 22)),
    st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)),
)
sheet = st.fixed_dictionaries(
    {
        "title": sheet_name,
        "state": st.sampled_from(["visible", "hidden", "veryHidden"]),
        "real": st.booleans(),
        "cells": st.lists(st.tuples(place, value), max_size=8),
    }
)


def workbook(sheets: list[dict]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    seen: set[str] = set()
    for spec in sheets:
        if spec["title"].casefold() in seen:
            continue
        seen.add(spec["title"].casefold())
        ws = wb.create_sheet(spec["title"])
        ws.sheet_state = spec["state"]
        if spec["real"]:
            for row in REAL:
                ws.append([int(v) if v.isdigit() else (v or None) for v in row])
        for (r, c), v in spec["cells"]:
            ref = ws.cell(r, c).coordinate
            ws.cell(r, c).value = ArrayFormula(ref, "=1+1") if v == "array" else v
    if not any(ws.sheet_state == "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"  # openpyxl refuses to save it otherwise
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_readers(data: bytes, suffix: str) -> None:
    """Both readers on ``data``: a parse or a clear error, short, in bounded memory."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t{suffix}"
        path.write_bytes(data)
        tracemalloc.start()
        try:
            try:
                table = read_table(path, META, REGISTRY, display="t" + suffix)
            except LvvError as exc:
                assert str(exc).startswith("t" + suffix), exc
                assert len(str(exc)) < 4 * SHOWN + 600, str(exc)[:300]
            else:
                assert list(table.observations.columns) == OBSERVATION_NAMES
            sheet = read_input_sheet(path, REGISTRY, "GM0363", display="t" + suffix)
            for problem in sheet.problems:
                assert str(problem).startswith("t" + suffix)
                assert len(str(problem)) < 4 * SHOWN + 600, str(problem)[:300]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < PEAK, f"{peak / 2**20:.0f} MiB"


@FUZZ
@given(st.lists(sheet, min_size=1, max_size=3))
def test_random_workbooks_are_read_or_refused_clearly(sheets):
    check_readers(workbook(sheets), ".xlsx")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6))
def test_damaged_workbooks_are_refused_clearly(flips):
    data = bytearray(
        workbook([{"title": "Totaaloverzicht", "state": "visible", "real": True, "cells": []}])
    )
    for at, byte in flips:
        data[at % len(data)] = byte
    check_readers(bytes(data), ".xlsx")


@FUZZ
@given(
    st.sampled_from([b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")]),
    st.binary(max_size=2048),
    st.sampled_from([".xlsx", ".csv"]),
)
def test_random_bytes_are_refused_clearly(head, body, suffix):
    check_readers(head + body, suffix)


@FUZZ
@given(
    st.lists(
        st.lists(st.one_of(st.text(max_size=20), st.integers().map(str)), max_size=30), max_size=50
    )
)
def test_random_csv_tables_are_read_or_refused_clearly(rows):
    text = "\n".join(",".join(f'"{v}"' if "," in v else v for v in row) for row in REAL[:2] + rows)
    check_readers(text.encode("utf-8", "surrogatepass"), ".csv")


def test_quote_cuts_a_long_value_and_says_how_long_it_was():
    from lvv_publish.errors import quote

    assert quote("n.v.t.") == "'n.v.t.'"
    assert quote(12.5) == "12.5"
    long = quote("ab" * 5000)
    assert long.startswith("'abab") and long.endswith("…' (10,000 characters)")
    assert len(long) < SHOWN + 40
