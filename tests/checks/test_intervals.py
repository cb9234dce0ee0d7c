"""Unknown cells as intervals: the bounds, and the property that makes them safe to use.

The property (hypothesis): blank some cells of monitor 15, take every verdict of the rules
and of the narrative claims, then fill one blank cell with any value inside its interval:
every verdict that was reached (holds / broken, agrees / disagrees) stays the same.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvv_publish import checks
from lvv_publish.checks import claims, rules
from lvv_publish.checks.intervals import INFINITE, Interval, constraints, group_bounds, sum_key
from lvv_publish.sources import Project, cells_of, load_release

from ..conftest import ROOT

RULES = (
    rules.check_sums,
    rules.check_identities,
    rules.check_period_identities,
    rules.check_bounds,
    rules.check_cumulative,
)


@pytest.fixture(scope="module")
def release():
    data = load_release(Project(ROOT), 15)
    return data, checks.load_rulebook(), dict(cells_of(data.observations))


def test_bounds_of_monitor_15s_empty_cells(release):
    data, rulebook, cells = release
    ctx = checks.Context(data.registry, rulebook, cells, (13, 14, 15))
    iv = ctx.bounds.interval
    # Amsterdam's 9.3 is at most 9 − 9.1 − 9.2 − 9.4 = 344 − 268 − 60 − 16 = 0, and so is
    # its part 9.3.2; its 5.2 at most its parent 5 (5 is not declared a sum).
    assert iv(15, "GM0363", "9.3") == Interval(0, 0)
    assert iv(15, "GM0363", "9.3.2") == Interval(0, 0)
    assert iv(15, "GM0363", "5.2") == Interval(0, 260)
    assert iv(15, "GM0363", "10.2") == Interval(0, 308 - 236 - 16)
    # A rule is not checked with the bound it gives itself.
    assert iv(15, "GM0363", "9.3", sum_key("9")) == Interval(0, 344)


def test_group_bounds_propagate_and_never_go_below_zero(release):
    data, rulebook, _ = release
    rules = constraints(data.registry, rulebook)
    # 9 = 9.1 + … + 9.4 with the known parts already above the total: the part is 0.
    group = {"9": 10, "9.1": 8, "9.2": 5, "9.3": None, "9.4": 0, "9.3.2": None}
    bounds = group_bounds(group, rules)
    assert bounds == {"9.3": Interval(0, 0), "9.3.2": Interval(0, 0)}
    # Nothing bounds a top-level figure.
    assert group_bounds({"3": None}, rules) == {"3": Interval(0, INFINITE)}


def _rule_verdicts(data, rulebook, cells) -> dict[tuple, str]:
    ctx = checks.Context(data.registry, rulebook, cells, (13, 14, 15))
    out = {}
    for rule in RULES:
        for f in rule(ctx):
            key = (f.check, f.monitor, f.municipality_code, f.indicators)
            out[key] = "unknown" if f.rule == "cannot-check" else "broken"
    return out


def _claim_verdicts(data, rulebook, cells) -> dict[tuple, str]:
    ctx = checks.Context(data.registry, rulebook, cells, (13, 14, 15))
    checked = claims.check_claims(ctx, 15, data.monitor.narrative, "monitor.yaml")
    return {(c.position, c.claim.formula): c.verdict for c in checked}


def _same_where_decided(before: dict, after: dict, decided: set[str], default: str) -> None:
    for key in set(before) | set(after):
        was = before.get(key, default)
        if was in decided:
            assert after.get(key, default) == was, (key, was, after.get(key, default))


# Cells whose blanking exercises the sums, the parents, the identities and the claims.
CANDIDATES = [
    (m, mun, code)
    for m in (14, 15)
    for mun in ("GM0363", "GM0014", "GM0772")
    for code in ("2.2", "5", "5.1", "5.3", "9", "9.1", "9.1.1", "9.1.4", "9.2", "9.4", "12", "8")
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    blanks=st.sets(st.sampled_from(CANDIDATES), max_size=3),
    which=st.integers(min_value=0),
    fill=st.floats(min_value=0, max_value=1),
)
def test_a_verdict_never_changes_when_an_unknown_cell_is_filled_inside_its_interval(
    release, blanks, which, fill
):
    data, rulebook, original = release
    cells = dict(original)
    for key in blanks:
        cells[key] = None
    unknown = sorted(k for k, v in cells.items() if v is None)
    target = unknown[which % len(unknown)]
    ctx = checks.Context(data.registry, rulebook, cells, (13, 14, 15))
    interval = ctx.bounds.interval(*target)
    high = interval.high if interval.bounded else interval.low + 1000
    value = int(interval.low + fill * (high - interval.low))
    rules_before = _rule_verdicts(data, rulebook, cells)
    claims_before = _claim_verdicts(data, rulebook, cells)
    filled = {**cells, target: value}
    _same_where_decided(
        rules_before, _rule_verdicts(data, rulebook, filled), {"holds", "broken"}, "holds"
    )
    _same_where_decided(
        claims_before, _claim_verdicts(data, rulebook, filled), {"agrees", "disagrees"}, ""
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_consistent_cells_true_value_is_always_inside_its_interval(data):
    """On figures that obey every declared sum and parent, blank any cells: each blank
    cell's interval holds the value it had (the bounds are never too tight)."""
    from lvv_publish.checks import load_rulebook
    from lvv_publish.sources import load_registry

    registry = load_registry(ROOT / "registry")
    rules = constraints(registry, load_rulebook())
    codes = [i.code for i in registry.indicators]
    values = {c: data.draw(st.integers(0, 50), label=c) for c in codes}
    for _ in range(4):  # totals from their parts, parents at least their children
        for code in codes:
            parts = registry.components(code)
            if parts:
                values[code] = sum(values[p] for p in parts)
            children = [i.code for i in registry.children(code)]
            if children and not parts:
                values[code] = max(values[code], *(values[c] for c in children))
    blank = data.draw(st.sets(st.sampled_from(codes), min_size=1, max_size=6), label="blank")
    group = {c: (None if c in blank else v) for c, v in values.items()}
    for code, interval in group_bounds(group, rules).items():
        assert interval.low <= values[code] <= interval.high, (code, values[code], interval)
