"""Each rule with a passing and a failing fixture; empty cells are 'cannot check', never 0."""

from __future__ import annotations

import pytest

from lvv_publish import checks
from lvv_publish.checks import Context, rules
from lvv_publish.models import MonitorNote
from lvv_publish.sources import load_registry

from ..conftest import REGISTRY_DIR

REGISTRY = load_registry(REGISTRY_DIR, display="registry")
RULEBOOK = checks.load_rulebook()
AMS, GRO, EMM = "GM0363", "GM0014", "GM0114"


def ctx(cells: dict, monitors=(15,)) -> Context:
    return Context(REGISTRY, RULEBOOK, cells, tuple(monitors))


def cells(monitor: int, mun: str, **values) -> dict:
    """cells(15, AMS, **{"8": 5, "8.1": 2}) -> {(15, AMS, "8"): 5, ...}"""
    return {(monitor, mun, code): v for code, v in values.items()}


def only(findings, rule):
    return [f for f in findings if f.rule == rule]


def about(findings, first):
    """Findings of the rule instance whose first indicator is ``first``."""
    return [f for f in findings if f.indicators[0] == first]


# --- sum-mismatch -------------------------------------------------------------------------


def test_sum_rule_passes_when_parts_add_up():
    c = ctx(cells(15, AMS, **{"8": 6, "8.1": 1, "8.2": 2, "8.3": 3}))
    assert about(rules.check_sums(c), "8") == []


def test_sum_rule_reports_both_sides():
    c = ctx(cells(15, GRO, **{"9": 256, "9.1": 143, "9.2": 32, "9.3": 30, "9.4": 61}))
    [f] = about(rules.check_sums(c), "9")
    assert f.rule == "sum-mismatch" and f.severity == "warning"
    assert (f.monitor, f.municipality, f.indicators) == (
        15,
        "Groningen",
        ("9", "9.1", "9.2", "9.3", "9.4"),
    )
    assert (f.left_value, f.right_value) == (256, 266)
    assert f.message == "9 is 256, maar 9.1 + 9.2 + 9.3 + 9.4 is 266 (verschil −10)."


def test_sum_rule_with_an_unknown_part_cannot_check_and_never_counts_it_as_zero():
    # 8.2 is empty: with 8.2 = 0 the sum would "pass" (6 = 1 + 0 + 5); it must not.
    c = ctx(cells(15, AMS, **{"8": 6, "8.1": 1, "8.2": None, "8.3": 5}))
    [f] = about(rules.check_sums(c), "8")
    assert (f.rule, f.check, f.severity) == ("cannot-check", "sum-mismatch", "info")
    assert (
        f.message == "Niet te controleren of 8 = 8.1 + 8.2 + 8.3: 8.2 is onbekend (tussen 0 en 6)."
    )


def test_twelve_is_the_sum_of_eight_to_eleven():
    good = cells(15, AMS, **{"12": 10, "8": 1, "9": 2, "10": 3, "11": 4})
    assert only(rules.check_sums(ctx(good)), "sum-mismatch") == []
    bad = {**good, (15, AMS, "12"): 11}
    [f] = only(rules.check_sums(ctx(bad)), "sum-mismatch")
    assert f.indicators == ("12", "8", "9", "10", "11")


# --- identity-mismatch ----------------------------------------------------------------------


def test_identities_pass():
    c = ctx(cells(15, AMS, **{"2.2": 284, "2": 1062, "12": 778, "4": 24, "5": 260}))
    assert list(rules.check_identities(c)) == []


def test_identity_current_is_admitted_minus_outflow():
    c = ctx(cells(15, AMS, **{"2.2": 133, "2": 562, "12": 428, "4": 47, "5": 86}))
    [f] = list(rules.check_identities(c))
    assert f.rule == "identity-mismatch"
    assert f.message == "2.2 is 133, maar 2 − 12 is 134 (verschil −1)."


def test_identity_current_is_in_research_plus_perspective():
    c = ctx(cells(15, AMS, **{"2.2": 34, "2": 283, "12": 249, "4": 1, "5": 29}))
    [f] = list(rules.check_identities(c))
    assert f.indicators == ("2.2", "4", "5")
    assert (f.left_value, f.right_value) == (34, 30)


# --- period-mismatch ------------------------------------------------------------------------


def test_period_identity_passes_and_fails():
    ok = {
        **cells(14, AMS, **{"2": 100, "7": 5}),
        **cells(15, AMS, **{"2": 110, "2.1": 10, "7": 6, "7.1": 1}),
    }
    assert list(rules.check_period_identities(ctx(ok, (14, 15)))) == []
    bad = {**ok, (15, AMS, "2.1"): 25}
    [f] = list(rules.check_period_identities(ctx(bad, (14, 15))))
    assert f.rule == "period-mismatch"
    assert f.message == "2 is 110, maar 2 (monitor 14) + 2.1 is 125 (verschil −15)."


def test_period_identity_needs_a_previous_monitor():
    only_15 = cells(15, AMS, **{"2": 110, "2.1": 10, "7": 6, "7.1": 1})
    assert list(rules.check_period_identities(ctx(only_15, (15,)))) == []


# --- part-exceeds-total ---------------------------------------------------------------------


def test_bounds_allow_parts_that_do_not_add_up_but_not_a_part_above_the_total():
    ok = cells(15, AMS, **{"5": 10, "5.1": 6, "5.2": 2, "5.3": 9})  # 17 > 10 is fine
    assert list(rules.check_bounds(ctx(ok))) == []
    bad = cells(15, AMS, **{"5": 10, "5.1": 11, "5.2": 2, "5.3": 9})
    [f] = list(rules.check_bounds(ctx(bad)))
    assert f.rule == "part-exceeds-total"
    assert f.message == "5.1 (11) is groter dan 5 (10)."


# --- over-capacity --------------------------------------------------------------------------


def test_capacity_counts_emmen_under_groningen():
    base = {**cells(15, GRO, **{"1": 300, "2.2": 290}), **cells(15, EMM, **{"1": 30, "2.2": 5})}
    assert only(rules.check_capacity(ctx(base)), "over-capacity") == []
    over = {**base, (15, EMM, "2.2"): 15}  # 290 + 15 > 300, although Emmen alone is under 30
    [f] = only(rules.check_capacity(ctx(over)), "over-capacity")
    assert (f.municipality, f.left_value, f.right_value) == ("Groningen", 305, 300)
    assert f.message == "2.2 van Emmen + Groningen is 305, meer dan de capaciteit 300."


def test_capacity_unknown_cannot_check():
    c = cells(15, AMS, **{"1": None, "2.2": 5})
    found = [f for f in rules.check_capacity(ctx(c)) if f.municipality == "Amsterdam"]
    assert [(f.rule, f.check) for f in found] == [("cannot-check", "over-capacity")]


# --- cumulative-decrease --------------------------------------------------------------------


def test_cumulative_may_stay_or_rise_but_not_fall():
    ok = {**cells(14, AMS, **{"10": 124}), **cells(15, AMS, **{"10": 124})}
    assert list(rules.check_cumulative(ctx(ok, (14, 15)))) == []
    bad = {**cells(13, AMS, **{"10": 127}), **cells(14, AMS, **{"10": 124})}
    [f] = list(rules.check_cumulative(ctx(bad, (13, 14))))
    assert f.rule == "cumulative-decrease"
    assert f.message == "10 daalt van 127 in monitor 13 naar 124 in monitor 14."


def test_actueel_indicators_may_fall():
    c = {
        **cells(14, AMS, **{"2.2": 306, "9.1.1": 107}),
        **cells(15, AMS, **{"2.2": 284, "9.1.1": 90}),
    }
    assert list(rules.check_cumulative(ctx(c, (14, 15)))) == []


def test_cumulative_with_unknown_side_cannot_check():
    c = {**cells(14, AMS, **{"9.3": None}), **cells(15, AMS, **{"9.3": 3})}
    [f] = list(rules.check_cumulative(ctx(c, (14, 15))))
    assert (f.rule, f.check) == ("cannot-check", "cumulative-decrease")


# --- negative-value and indicator-missing ---------------------------------------------------


def test_negative_value_is_an_error():
    assert list(rules.check_negative(ctx(cells(15, AMS, **{"3": 0})))) == []
    [f] = list(rules.check_negative(ctx(cells(15, AMS, **{"3": -2}))))
    assert (f.rule, f.severity) == ("negative-value", "error")
    assert f.message == "3 is −2; een aantal kan niet negatief zijn."


def test_missing_indicator_row():
    all_rows = {(15, AMS, i.code): 1 for i in REGISTRY.indicators}
    assert list(rules.check_missing_indicators(ctx(all_rows))) == []
    del all_rows[(15, AMS, "6")]
    [f] = list(rules.check_missing_indicators(ctx(all_rows)))
    assert (
        f.message
        == "Het Totaaloverzicht van monitor 15 heeft geen rij voor 6. Inzet MRT cumulatief."
    )


# --- revisions ------------------------------------------------------------------------------


def test_unchanged_earlier_figures_are_no_revision():
    c = {**cells(14, AMS, **{"2": 1037}), **cells(15, AMS, **{"2": 1062})}
    published = {14: cells(14, AMS, **{"2": 1037})}
    assert list(checks.check_revisions(ctx(c, (14, 15)), 15, published, [])) == []


def test_revised_figure_without_note_is_an_error_and_with_note_is_info():
    c = {**cells(14, AMS, **{"2": 1040}), **cells(15, AMS, **{"2": 1062})}
    published = {14: cells(14, AMS, **{"2": 1037})}
    [f] = list(checks.check_revisions(ctx(c, (14, 15)), 15, published, []))
    assert (f.rule, f.severity, f.source) == ("revision-unexplained", "error", "14/GM0363/2")
    assert (f.left_value, f.right_value) == (1040, 1037)
    note = MonitorNote(text="Amsterdam corrigeerde februari.", covers=("14/GM0363/*",))
    [g] = list(checks.check_revisions(ctx(c, (14, 15)), 15, published, [note]))
    assert (g.rule, g.severity) == ("revision", "info")
    assert (
        g.message
        == "2 (Amsterdam, monitor 14): gepubliceerd 1037, nu 1040. Amsterdam corrigeerde februari."
    )


def test_unknown_becoming_known_is_a_revision_too():
    c = cells(14, AMS, **{"5.2": 1})
    published = {14: cells(14, AMS, **{"5.2": None})}
    [f] = list(checks.check_revisions(ctx(c, (14, 15)), 15, published, []))
    assert (f.left_value, f.right_value) == (1, None)
    assert checks.revised_values([f]) == {(14, AMS, "5.2"): None}


# --- narrative ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "low", "high", "percent", "verdict"),
    [
        (2797, 2797, 2797, False, "agrees"),
        (998, 990, 990, False, "disagrees"),
        (4, 4, 264, False, "cannot-check"),
        (19, "0.1866", "0.1866", True, "agrees"),
        (82.3, "0.8229", "0.8229", True, "agrees"),
        (77.4, "0.7696", "0.7696", True, "disagrees"),
        (0.6, "0.00636", "0.00636", True, "agrees"),
        (6.3, "0.0625", "0.0625", True, "agrees"),  # half-up: 6,25% is 6,3%
        (6.2, "0.0625", "0.0625", True, "disagrees"),
        (62, "0.401", "0.61475", True, "disagrees"),  # below 61,5% over the whole interval
        (38, "0.3852", "0.599", True, "disagrees"),
        (61, "0.401", "0.61475", True, "cannot-check"),
        (5, None, None, False, "cannot-check"),
    ],
)
def test_claims_agree_at_the_texts_precision_over_the_interval(
    claimed, low, high, percent, verdict
):
    from fractions import Fraction

    from lvv_publish.checks import claims
    from lvv_publish.checks.expressions import INFINITE, Range

    value = Range(
        -INFINITE if low is None else Fraction(low), INFINITE if high is None else Fraction(high)
    )
    assert claims.verdict(claimed, value, percent) == verdict
