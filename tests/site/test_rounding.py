"""Every percentage on the built comparison and overview pages is the half-up rounding of
its exact fraction, recomputed here from the data package's cells (not from the site's
code): 2/32 = 6,25% shows as 6,3%, never as float formatting's 6,2%."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvv_publish.dutch import decimal_text, half_up
from lvv_publish.package import read_package
from lvv_publish.site.formatting import percent, signed_percent
from lvv_publish.sources import load_registry

from ..htmltables import page

PCT = re.compile(r"^[+−]?\d+(,\d+)?%$")


def expected(value: Fraction, decimals: int = 1, signed: bool = False) -> str:
    """Half-up by the decimal module, independently of lvv_publish.site.formatting."""
    scaled = Decimal(value.numerator * 100) / Decimal(value.denominator)
    text = str(abs(scaled).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    text = text.replace(".", ",") + "%"
    if signed and Decimal(text[:-1].replace(",", ".")) != 0:
        text = ("+" if value > 0 else "−") + text
    return text


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (Fraction(2, 32), 1, "6,3%"),
        (Fraction(1, 8), 0, "13%"),
        (Fraction(29, 200), 1, "14,5%"),
        (Fraction(1, 3), 1, "33,3%"),
        (Fraction(593, 1070), 0, "55%"),
        (Fraction(300, 488), 0, "61%"),
    ],
)
def test_percent_rounds_half_up(value, decimals, shown):
    assert percent(value, decimals) == shown == expected(value, decimals)
    assert percent(float(value), decimals) == shown  # a float is read as the decimal it prints


def test_signed_and_decimal_half_up():
    assert signed_percent(Fraction(2, 32)) == "+6,3%"
    assert signed_percent(Fraction(-2, 32)) == "−6,3%"
    assert signed_percent(Fraction(1, 10000)) == "0,0%"
    assert decimal_text(Fraction(-1, 200), 2) == "−0,01"  # −0,005: the tie goes away from 0
    assert decimal_text(Fraction(-1, 400), 2) == "0,00"  # and no "−0,00"
    assert str(half_up(Fraction(5, 2))) == "3" and str(half_up(Fraction(-5, 2))) == "-3"


@given(
    st.one_of(
        st.fractions(-(10**9), 10**9, max_denominator=10**5),  # the size of a figure
        st.integers(-(10**9), 10**9),
        st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 4)),
    ),
    st.integers(0, 3),
)
def test_decimal_text_is_half_up_as_decimal_writes_it(value, decimals):
    """``decimal_text`` writes the whole steps itself (speed): the same text as ``half_up``'s
    ``Decimal``, in Dutch notation, for any value; no minus on a value that rounds to 0."""
    rounded = half_up(value, decimals)
    text = f"{rounded:f}".replace(".", ",").replace("-", "−")
    if rounded == 0:
        text = text.removeprefix("−")
    assert decimal_text(value, decimals) == text


def test_an_unknown_share_from_pandas_is_unknown():
    # A chart's data table carries an unknown share as NaN (found at 100 municipalities: a
    # location whose capacity is unknown); it is shown as unknown, never as a crash.
    assert percent(float("nan")) == "onbekend"
    assert signed_percent(float("nan")) == "onbekend"


class Package:
    def __init__(self, root: Path) -> None:
        pkg = read_package(root / "datapackage/15")
        self.registry = load_registry(root / "registry")
        self.cells = {
            (int(r.monitor), str(r.municipality_code), str(r.indicator)): (
                None if pd.isna(r.value) else int(r.value)
            )
            for r in pkg.observations.itertuples()
        }
        self.code_of = {m.name: m.code for m in self.registry.municipalities}

    def muns(self, monitor: int) -> list[str]:
        return [m.code for m in self.registry.municipalities_in(monitor)]

    def cell(self, monitor: int, mun: str, code: str) -> int | None:
        return self.cells.get((monitor, mun, code))

    def total(self, monitor: int, code: str, muns: list[str] | None = None) -> int | None:
        muns = self.muns(monitor) if muns is None else muns
        if code == "1":
            muns = [m for m in muns if self.registry.municipality(m).capacity_included_in is None]
        values = [self.cell(monitor, m, code) for m in muns]
        return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]

    def known(self, monitor: int, code: str, muns: list[str]) -> int:
        if code == "1":
            muns = [m for m in muns if self.registry.municipality(m).capacity_included_in is None]
        return sum(v for m in muns if (v := self.cell(monitor, m, code)) is not None)

    def location(self, name: str) -> list[str]:
        code = self.code_of[name.split(" (met ")[0]]
        return [m.code for m in self.registry.municipalities if m.location == code]


@pytest.fixture(scope="module")
def package(released) -> Package:
    return Package(released)


def _check(shown: str, value: Fraction | None, seen: list[str], **kw) -> None:
    assert value is not None, shown
    assert shown == expected(value, **kw), (shown, value)
    seen.append(shown)


def test_every_percentage_on_the_overview_is_half_up_of_its_fraction(released, package):
    tables, _ = page(released / "site/15/landelijk/index.html")
    p, n = package, 15
    seen: list[str] = []

    def mun_or_all(name: str) -> list[str]:
        return p.muns(n) if name == "Totaal" else [p.code_of[name]]

    for table in tables:
        head = table[0]
        for row in table[1:]:
            for col, shown in zip(head, row, strict=False):
                if not PCT.match(shown):
                    continue
                if col == "Bezetting":  # per location: its trajecten over its capacity
                    muns = p.muns(n) if row[0] == "Totaal" else p.location(row[0])
                    value = Fraction(p.total(n, "2.2", muns), p.total(n, "1", muns))
                elif col == "Perspectief bepaald (%)":
                    muns = mun_or_all(row[0])
                    value = Fraction(p.total(n, "5", muns), p.total(n, "2.2", muns))
                elif col == "Ingewilligd van beslist (%)":
                    muns = mun_or_all(row[0])
                    decided = p.total(n, "9.1", muns) - p.total(n, "9.1.1", muns)
                    value = Fraction(p.total(n, "9.1.2", muns), decided)
                elif head[0] == "Uitstroom":  # transposed: "<category> (%)" rows
                    code = {"Duurzaam": "8", "Semi-duurzaam": "9", "Niet-duurzaam": "10"}.get(
                        row[0].removesuffix(" (%)"), "11"
                    )
                    muns = mun_or_all(col)
                    value = Fraction(p.total(n, code, muns), p.total(n, "12", muns))
                else:
                    raise AssertionError(f"a percentage this test does not know: {col}")
                _check(shown, value, seen)
    # Emmen's share of durable outflow: 2/32 = 6,25%, shown as 6,3%.
    assert "6,3%" in seen
    assert len(seen) >= 40


def test_every_percentage_on_the_comparison_pages_is_half_up_of_its_change(released, package):
    p = package
    seen: list[str] = []
    for path in sorted((released / "site/15/vergelijking").glob("**/index.html")):
        tables, _ = page(path)
        # A long table's other rows come from its JSON (tables.py): the browser shows them.
        for json_path in sorted(set(re.findall(r'data-lvv-rows="([^"]+)"', path.read_text()))):
            data = json.loads((path.parent / json_path).read_text(encoding="utf-8"))
            values = data["values"]
            rows = [
                [values[str(i)][c] if str(i) in values else c for i, c in enumerate(row)]
                for row in data["rows"]
            ]
            text = [[c[0] if isinstance(c, list) else c for c in row] for row in rows]
            tables.append([data["headers"], *text])
        for table in tables:
            # The movers tables say what they list in the municipality column's header.
            head = ["Gemeente" if h.endswith(": gemeente") else h for h in table[0]]
            if "Verschil (%)" not in head:
                continue
            a_col = next(i for i, h in enumerate(head) if h.startswith("Monitor "))
            a, b = int(head[a_col].split()[1]), int(head[a_col + 1].split()[1])
            for row in table[1:]:
                cells = dict(zip(head, row, strict=False))
                shown = cells["Verschil (%)"]
                if not PCT.match(shown):
                    continue
                code = cells["Code"]
                if "Gemeente" in cells:
                    mun = p.code_of[cells["Gemeente"]]
                    before, after = p.cell(a, mun, code), p.cell(b, mun, code)
                else:  # national: the municipalities in the LVV in both monitors; a sum
                    # with unknown cells is the sum of the known ones ("zonder Amsterdam")
                    both = [m for m in p.muns(a) if m in p.muns(b)]
                    before, after = p.known(a, code, both), p.known(b, code, both)
                assert before and after is not None, (path, row)
                _check(shown, Fraction(after - before, before), seen, signed=True)
    # Utrecht 8.3 from 14 to 15: 32 → 34, +6,25%, shown as +6,3%.
    assert "+6,3%" in seen
    assert len(seen) >= 100
