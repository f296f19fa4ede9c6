"""Distance of a proposal to the Pareto frontier."""

from __future__ import annotations

import pytest

from wasit.engine import (
    Domain,
    Issue,
    Preferences,
    ProposalError,
    Scenario,
    distance_to_frontier,
    pareto_frontier,
)


def _scenario() -> Scenario:
    domain = Domain((Issue("price", ("low", "high")), Issue("delivery", ("fast", "slow"))))
    buyer = Preferences("buyer", (0.5, 0.5), ((1.0, 0.0), (1.0, 0.0)), reservation=0.0)
    seller = Preferences("seller", (0.8, 0.2), ((0.0, 1.0), (0.0, 1.0)), reservation=0.0)
    return Scenario(domain, (buyer, seller))


def test_a_dominated_proposal_lists_its_dominators_and_the_gains() -> None:
    scenario = _scenario()
    frontier = pareto_frontier(scenario)
    # (low, slow) = (0.5, 0.2) is dominated by (high, fast) = (0.5, 0.8) only.
    report = distance_to_frontier(scenario, frontier, (0, 1))
    assert not report.is_pareto_optimal
    assert [frontier.package(r) for r in report.dominating_rows] == [(1, 0)]
    assert len(report.gains) == 1
    assert report.gains[0] == pytest.approx((0.0, 0.6))
    assert report.best_gain_per_party == pytest.approx((0.0, 0.6))
    # Best uniform improvement: (high, fast) gives +0 and +0.6 -> 0; (low, fast) +0.5, -0.2.
    assert report.uniform_improvement == 0.0


def test_a_frontier_package_is_pareto_optimal_with_zero_uniform_improvement() -> None:
    scenario = _scenario()
    frontier = pareto_frontier(scenario)
    report = distance_to_frontier(scenario, frontier, (1, 1))
    assert report.is_pareto_optimal
    assert report.dominating_rows == ()
    assert report.best_gain_per_party == (0.0, 0.0)
    assert report.uniform_improvement == 0.0


def test_a_proposal_with_a_strict_improvement_for_everyone() -> None:
    domain = Domain((Issue("x", ("bad", "good")),))
    a = Preferences("a", (1.0,), ((0.1, 0.6),), reservation=0.0)
    b = Preferences("b", (1.0,), ((0.2, 0.5),), reservation=0.0)
    scenario = Scenario(domain, (a, b))
    report = distance_to_frontier(scenario, pareto_frontier(scenario), (0,))
    assert report.uniform_improvement == pytest.approx(0.3)
    assert report.best_gain_per_party == pytest.approx((0.5, 0.3))


def test_a_proposal_that_does_not_fit_the_domain_is_refused() -> None:
    scenario = _scenario()
    frontier = pareto_frontier(scenario)
    with pytest.raises(ProposalError, match="one option per issue"):
        distance_to_frontier(scenario, frontier, (0,))
    with pytest.raises(ProposalError, match="out of range for issue 'delivery'"):
        distance_to_frontier(scenario, frontier, (0, 5))
