"""One expression language: one parser and one interval evaluator for the rules, the
narrative's claims and the site's national figures."""

from __future__ import annotations

import ast
import math
from fractions import Fraction
from pathlib import Path

import pytest

from lvv_publish.checks import (
    Bounds,
    CellTable,
    KnownShare,
    KnownSum,
    Place,
    constraints,
    interval,
    known,
    load_rulebook,
    parse,
    show,
)
from lvv_publish.sources import load_registry

from ..conftest import REGISTRY_DIR, ROOT

REGISTRY = load_registry(REGISTRY_DIR)
RULEBOOK = load_rulebook()
AMS, GRO, EMM = "GM0363", "GM0014", "GM0114"


def table(cells: dict) -> CellTable:
    return CellTable(REGISTRY, cells, Bounds(cells, constraints(REGISTRY, RULEBOOK)), "1")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2 - 12", "2 − 12"),
        ("2@prev + 2.1", "2 (monitor 14) + 2.1"),
        ("9.1@prev - 9.1@prev2", "9.1 (monitor 14) − 9.1 (monitor 13)"),
        ("(8 + 9.1.2) / 12", "(8 + 9.1.2) / 12"),
        ("9.1.2 / (9.1 - 9.1.1)", "9.1.2 / (9.1 − 9.1.1)"),
        ("2.2@14", "2.2 (monitor 14)"),
        ("12[Amsterdam]", "12 [GM0363]"),
        ("5 - (5.1 + 5.2)", "5 − (5.1 + 5.2)"),
    ],
)
def test_a_formula_is_shown_as_people_read_it(text, shown):
    assert show(parse(text, REGISTRY), Place(15, (13, 14, 15))) == shown


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "empty formula"),
        ("2 +", "expected an indicator code"),
        ("(2 + 3", r"missing '\)'"),
        ("2 3", "unexpected"),
        ("99", "unknown indicator 99"),
        ("2[Lutjebroek]", "unknown municipality 'Lutjebroek'"),
        ("2 % 3", "cannot read"),
        ("prev(2)", "cannot read"),
    ],
)
def test_a_wrong_formula_says_what_is_wrong(text, error):
    with pytest.raises(ValueError, match=error):
        parse(text, REGISTRY)


def test_a_sum_is_exact_also_when_a_cell_is_unbounded():
    # 9.3 of Amsterdam is empty; 2 − 12 with 12 empty and nothing bounding it.
    cells = {(15, AMS, "2"): 100, (15, AMS, "12"): None, (15, AMS, "2.2"): 30}
    value = interval(parse("2 - 12", REGISTRY), table(cells), Place(15, (15,), AMS))
    assert (value.low, value.high) == (-math.inf, 100)
    assert value.value is None and value.unknown == ((15, AMS, "12"),)


def test_a_cell_in_a_formula_twice_cancels_out():
    cells = {(15, AMS, "12"): None}
    value = interval(parse("12 - 12", REGISTRY), table(cells), Place(15, (15,), AMS))
    assert (value.low, value.high) == (0, 0)


def test_a_share_takes_its_range_at_the_corners_of_the_intervals():
    # (5.1 + 5.2) / 5 with 5.2 empty: 5.2 is at most 5 (its parent) = 10.
    cells = {(15, AMS, "5"): 10, (15, AMS, "5.1"): 4, (15, AMS, "5.2"): None}
    value = interval(parse("(5.1 + 5.2) / 5", REGISTRY), table(cells), Place(15, (15,), AMS))
    assert (value.low, value.high) == (Fraction(4, 10), Fraction(14, 10))


def test_a_national_total_leaves_out_satellite_capacity():
    cells = {(15, GRO, "1"): 100, (15, EMM, "1"): 30, (15, AMS, "1"): 200}
    cells |= {(15, m, "1"): 0 for m in ("GM0772", "GM0599", "GM0344")}
    value = interval(parse("1", REGISTRY), table(cells), Place(15, (15,)))
    assert value.exact == 300  # Emmen's 30 count under Groningen's 100


def test_what_is_known_is_the_sum_of_the_known_cells_naming_the_unknown():
    cells = {(15, AMS, "5.1"): None, (15, GRO, "5.1"): 4, (15, AMS, "5.2"): 2, (15, GRO, "5.2"): 1}
    place = Place(15, (15,))
    total = known(parse("5.1", REGISTRY), _only(cells, AMS, GRO), place)
    assert total == KnownSum(4, ((15, AMS, "5.1"),))
    share = known(parse("5.1 / (5.1 + 5.2)", REGISTRY), _only(cells, AMS, GRO), place)
    assert isinstance(share, KnownShare)
    assert share.denominator == KnownSum(7, ((15, AMS, "5.1"),), composite=True)


def _only(cells: dict, *codes: str) -> CellTable:
    t = table(cells)
    t.members = lambda monitor, code: list(codes)  # type: ignore[method-assign]
    return t


def test_there_is_one_parser_and_one_interval_evaluator_in_the_package():
    """No second expression language: parsing and interval arithmetic live in one module."""
    defined: dict[str, list[str]] = {}
    for path in sorted((ROOT / "lvv_publish").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module-level only
            if isinstance(node, ast.FunctionDef) and node.name in ("parse", "interval", "known"):
                defined.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    assert defined == {
        "parse": ["lvv_publish/checks/expressions/language.py"],
        "interval": ["lvv_publish/checks/expressions/evaluate.py"],
        "known": ["lvv_publish/checks/expressions/evaluate.py"],
    }


# Strings that look like indicator codes but are not: an environment variable's value, the
# column numbers a long table filters on.
NOT_CODES = {
    ("lvv_publish/site/build.py", "1"),
    ("lvv_publish/site/contexts/quality.py", "2"),
    ("lvv_publish/site/contexts/quality.py", "3"),
}


def test_no_indicator_code_is_typed_into_the_code():
    """Codes live in the registry and the tool's data files, never in Python literals."""
    found = []
    for path in sorted((ROOT / "lvv_publish").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in {i.code for i in REGISTRY.indicators}
                and (str(path.relative_to(ROOT)), node.value) not in NOT_CODES
            ):
                found.append(f"{Path(path).relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert found == []
