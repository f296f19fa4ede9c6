"""Nash, Kalai–Smorodinsky, egalitarian and maximum-total solutions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.engine.strategies import naive_solutions, scenarios
from wasit.engine import Domain, EngineError, Issue, Preferences, Scenario, solve

FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _packages(scenario: Scenario) -> dict[str, tuple[int, ...]] | None:
    solutions = solve(scenario)
    if solutions.no_agreement_reason is not None:
        assert all(point is None for point in solutions.as_dict().values())
        return None
    result = {}
    for name, point in solutions.as_dict().items():
        assert point is not None
        result[name] = point.package
    return result


@FAST
@given(scenarios(n_parties=2))
def test_solutions_match_brute_force_for_two_parties(scenario: Scenario) -> None:
    assert _packages(scenario) == naive_solutions(scenario)


@FAST
@given(scenarios(n_parties=3, max_issues=4, max_options=3))
def test_solutions_match_brute_force_for_three_parties(scenario: Scenario) -> None:
    assert _packages(scenario) == naive_solutions(scenario)


def _split_scenario(reservation_a: float = 0.0) -> Scenario:
    # Three options for one issue: utilities (a, b) = (1, 0), (0.6, 0.6), (0.3, 0.9), (0, 1)
    domain = Domain((Issue("split", ("all-a", "even", "mostly-b", "all-b")),))
    a = Preferences("a", (1.0,), ((1.0, 0.6, 0.3, 0.0),), reservation=reservation_a)
    b = Preferences("b", (1.0,), ((0.0, 0.6, 0.9, 1.0),), reservation=0.0)
    return Scenario(domain, (a, b))


def test_hand_computed_solutions_on_a_single_issue() -> None:
    solutions = solve(_split_scenario())
    assert solutions.nash is not None and solutions.nash.package == (1,)  # 0.36 > 0.27
    assert solutions.egalitarian is not None and solutions.egalitarian.package == (1,)
    assert solutions.kalai_smorodinsky is not None
    assert solutions.kalai_smorodinsky.package == (1,)
    # Max total: 1.2 for (0.3, 0.9) and for (0.6, 0.6) -> tie on total, smaller package wins.
    assert solutions.max_total is not None and solutions.max_total.package == (1,)


def test_reservation_values_move_the_kalai_smorodinsky_point() -> None:
    # With a's reservation at 0.3, gains for a: 0.7, 0.3, 0 and b's: 0, 0.6, 0.9.
    # KS ratios (ideal 0.7 and 0.9): even -> min(0.3/0.7, 0.6/0.9) = 0.43 beats the rest.
    solutions = solve(_split_scenario(reservation_a=0.3))
    assert solutions.kalai_smorodinsky is not None
    assert solutions.kalai_smorodinsky.package == (1,)
    assert solutions.nash is not None and solutions.nash.package == (1,)


def test_no_package_meets_every_reservation_returns_none_with_a_reason() -> None:
    domain = Domain((Issue("split", ("all-a", "all-b")),))
    a = Preferences("a", (1.0,), ((1.0, 0.0),), reservation=0.5)
    b = Preferences("b", (1.0,), ((0.0, 1.0),), reservation=0.5)
    solutions = solve(Scenario(domain, (a, b)))
    assert solutions.nash is None and solutions.max_total is None
    assert solutions.no_agreement_reason is not None
    assert "No package gives every party at least its reservation value" in (
        solutions.no_agreement_reason
    )


def test_egalitarian_is_not_kalai_smorodinsky_when_ideals_differ() -> None:
    # p = (0.5, 0.5), q = (0.4, 1.0); ideals are (0.5, 1.0).
    # Egalitarian (smallest absolute gain): p -> 0.5, q -> 0.4, so p.
    # Kalai–Smorodinsky (smallest gain / ideal gain): p -> 0.5, q -> 0.8, so q.
    domain = Domain((Issue("deal", ("p", "q")),))
    a = Preferences("a", (1.0,), ((0.5, 0.4),), reservation=0.0)
    b = Preferences("b", (1.0,), ((0.5, 1.0),), reservation=0.0)
    solutions = solve(Scenario(domain, (a, b)))
    assert solutions.egalitarian is not None and solutions.kalai_smorodinsky is not None
    assert solutions.egalitarian.package == (0,)
    assert solutions.kalai_smorodinsky.package == (1,)
    assert solutions.nash is not None and solutions.nash.package == (1,)  # 0.4 > 0.25


def _four_way_split() -> Scenario:
    domain = Domain((Issue("split", ("all-a", "more-a", "more-b", "all-b")),))
    a = Preferences("a", (1.0,), ((1.0, 0.8, 0.5, 0.1),), reservation=0.0)
    b = Preferences("b", (1.0,), ((0.1, 0.44, 0.7, 1.0),), reservation=0.0)
    return Scenario(domain, (a, b))


def test_the_disagreement_point_is_stated_and_the_genius_negmas_conventions_are_options() -> None:
    scenario = _four_way_split()
    default = solve(scenario)
    # Reservation values (0, 0): Nash products 0.352 (more-a) > 0.35 (more-b).
    assert default.nash is not None and default.nash.package == (1,)
    assert default.disagreement == (0.0, 0.0)
    assert "Disagreement point: each party's reservation value (0, 0)" in default.conventions()
    assert "Kalai–Smorodinsky: the largest smallest ratio" in default.conventions()
    # Worst outcomes (0.1, 0.1): gains (0.7, 0.34) -> 0.238 < (0.4, 0.6) -> 0.24.
    worst = solve(scenario, disagreement="worst")
    assert worst.nash is not None and worst.nash.package == (2,)
    assert worst.disagreement == (0.1, 0.1)
    assert "worst utility over all packages (0.1, 0.1)" in worst.conventions()
    negmas = solve(scenario, disagreement="negmas")  # max(reservation 0, worst 0.1)
    assert negmas.nash is not None and negmas.nash.package == (2,)
    spread = solve(scenario, ks="min_spread")
    assert spread.kalai_smorodinsky is not None and spread.kalai_smorodinsky.package == (2,)
    assert "smallest spread" in spread.conventions() and "Genius" in spread.conventions()


def test_unknown_conventions_are_refused_in_a_sentence() -> None:
    with pytest.raises(EngineError, match="Unknown disagreement point 'zero'; use one of"):
        solve(_four_way_split(), disagreement="zero")
    with pytest.raises(EngineError, match="Unknown Kalai–Smorodinsky definition"):
        solve(_four_way_split(), ks="area")
