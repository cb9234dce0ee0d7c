"""Property tests: readers and rules never crash on arbitrary tables."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvv_publish import checks
from lvv_publish.errors import SourceError
from lvv_publish.sources import OBSERVATION_COLUMNS, load_monitor, load_registry
from lvv_publish.sources.grid import Grid, parse_count
from lvv_publish.sources.input_sheets import parse_input_sheet
from lvv_publish.sources.totaaloverzicht import parse_totaaloverzicht

from ..conftest import OBSERVATION_NAMES, REGISTRY_DIR, ROOT

REGISTRY = load_registry(REGISTRY_DIR, display="registry")
RULEBOOK = checks.load_rulebook()
META = load_monitor(ROOT / "monitors", 15)
CODES = [i.code for i in REGISTRY.indicators]
MUNS = [m.code for m in REGISTRY.municipalities]
REAL = list(
    __import__("csv").reader((ROOT / "monitors/15/totaaloverzicht.csv").open(encoding="utf-8"))
)

cell = st.one_of(
    st.none(),
    st.integers(-5, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["1.062", " 12 ", "n.b.", "-", "9.1.4. Hasa - afgewzen in rechte vast"]),
)


def grid(rows) -> Grid:
    return Grid(file="t.csv", sheet=None, rows=tuple(tuple(r) for r in rows))


HEADER = [[x or None for x in REAL[0]], [x or None for x in REAL[1]]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(st.lists(cell, max_size=22), max_size=12))
def test_totaaloverzicht_reader_never_crashes_on_arbitrary_grids(real_header, rows):
    # With the real header, arbitrary rows reach the label and cell parsing.
    try:
        out = parse_totaaloverzicht(grid((HEADER if real_header else []) + rows), META, REGISTRY)
    except SourceError:
        return
    assert list(out.columns) == OBSERVATION_NAMES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    st.lists(st.tuples(st.integers(2, len(REAL) - 1), st.integers(1, 18), cell), max_size=6),
)
def test_reader_on_mutated_real_table_returns_the_contract_or_a_source_error(data, edits):
    rows = [list(r) for r in REAL]
    for r, c, v in edits:
        rows[r][c] = v
    if data.draw(st.booleans()):
        del rows[data.draw(st.integers(2, len(rows) - 1))]
    try:
        out = parse_totaaloverzicht(
            grid([[x if x != "" else None for x in r] for r in rows]), META, REGISTRY
        )
    except SourceError as exc:
        assert str(exc).startswith("t.csv")
        return
    assert out["value"].dropna().map(lambda v: isinstance(v, int)).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell, max_size=6), max_size=10))
def test_input_sheet_reader_never_crashes(rows):
    header = [["Hoofdindicator", "Subindicator", "Invoer mei", "Invoer toelichting"]]
    try:
        sheet = parse_input_sheet(grid(header + rows), REGISTRY, "GM0363")
    except SourceError:
        return
    assert all(r.indicator in CODES for r in sheet.rows.values())


@given(st.one_of(cell, st.booleans()))
def test_parse_count_returns_an_int_none_or_raises_value_error(value):
    try:
        out = parse_count(value)
    except ValueError:
        return
    assert out is None or isinstance(out, int)


observations = st.dictionaries(
    st.tuples(st.sampled_from([13, 14, 15]), st.sampled_from(MUNS), st.sampled_from(CODES)),
    st.one_of(st.none(), st.integers(-3, 2000)),
    max_size=300,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observations)
def test_rules_never_crash_and_never_treat_unknown_as_zero(cells):
    frame = pd.DataFrame(
        [
            {
                "monitor": m,
                "peildatum": "2024-04-30",
                "municipality": c,
                "municipality_code": c,
                "indicator": i,
                "value": v,
                "revised": False,
                "published_value": None,
            }
            for (m, c, i), v in cells.items()
        ],
        columns=[c.name for c in OBSERVATION_COLUMNS],
    )
    findings = checks.run_rules(frame, REGISTRY, RULEBOOK, [13, 14, 15])
    for f in findings:
        if f.rule == "negative-value":
            assert f.left_value < 0
    ids = [f.id for f in findings]
    assert len(ids) == len(set(ids))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, -1]), st.sampled_from(CODES[:12]), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.dictionaries(st.sampled_from(CODES[:12]), st.one_of(st.none(), st.integers(0, 500))),
    st.dictionaries(st.sampled_from(CODES[:12]), st.one_of(st.none(), st.integers(0, 500))),
)
def test_an_expression_with_an_unknown_term_is_unknown_never_a_sum_with_zero(terms, now, before):
    from lvv_publish.checks import Bounds, CellTable, constraints
    from lvv_publish.checks.expressions import Cell, Node, Place, interval

    cells = {(15, "GM0363", c): v for c, v in now.items()}
    cells.update({(14, "GM0363", c): v for c, v in before.items()})
    # The language has no unary minus: the first term is added.
    terms = [(1, *terms[0][1:]), *terms[1:]]
    leaves = [(s, Node("cell", cell=Cell(c, back=int(p)))) for s, c, p in terms]
    node = leaves[0][1]
    for sign, leaf in leaves[1:]:
        node = Node("+" if sign > 0 else "-", left=node, right=leaf)
    table = CellTable(REGISTRY, cells, Bounds(cells, constraints(REGISTRY, RULEBOOK)), "1")
    got = interval(node, table, Place(15, (14, 15), "GM0363"))
    values = [(sign, cells.get((14 if p else 15, "GM0363", c))) for sign, c, p in terms]
    if any(v is None for _, v in values):
        assert got.value is None and got.unknown  # never the sum of the known terms
    else:
        assert got.value == sum(sign * v for sign, v in values) and got.unknown == ()
