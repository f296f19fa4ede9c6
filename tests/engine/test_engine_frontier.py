"""Exact Pareto frontier: hand cases, brute-force equivalence, ties, and size limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from numpy.typing import NDArray

from tests.engine.strategies import naive_frontier, scenarios
from wasit.engine import (
    UTILITY_SCALE,
    Domain,
    DomainTooLargeError,
    Issue,
    Preferences,
    Scenario,
    brute_force_frontier,
    nondominated_rows,
    pareto_frontier,
)
from wasit.engine.frontier import PYTHON_STEP_LIMIT_MANY, PYTHON_STEP_LIMIT_TWO

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _as_dict(
    frontier_packages: NDArray[np.int64], grid: NDArray[np.int64]
) -> dict[tuple[int, ...], tuple[int, ...]]:
    return {
        tuple(int(u) for u in row): tuple(int(o) for o in package)
        for package, row in zip(frontier_packages, grid, strict=True)
    }


def _two_issue_scenario() -> Scenario:
    domain = Domain((Issue("price", ("low", "high")), Issue("delivery", ("fast", "slow"))))
    buyer = Preferences("buyer", (0.5, 0.5), ((1.0, 0.0), (1.0, 0.0)), reservation=0.0)
    seller = Preferences("seller", (0.8, 0.2), ((0.0, 1.0), (0.0, 1.0)), reservation=0.0)
    return Scenario(domain, (buyer, seller))


def test_frontier_of_a_hand_computed_two_issue_domain() -> None:
    frontier = pareto_frontier(_two_issue_scenario())
    # Packages: (low,fast)=(1,0) (low,slow)=(.5,.2) (high,fast)=(.5,.8) (high,slow)=(0,1).
    # (low,slow) is dominated by (high,fast).
    assert [frontier.package(r) for r in range(len(frontier))] == [(0, 0), (1, 0), (1, 1)]
    assert frontier.utilities == pytest.approx(
        np.array([[1.0, 0.0], [0.5, 0.8], [0.0, 1.0]]), abs=1e-12
    )


@FAST
@given(scenarios(n_parties=2))
def test_frontier_matches_brute_force_for_two_parties(scenario: Scenario) -> None:
    frontier = pareto_frontier(scenario)
    assert _as_dict(frontier.packages, frontier.grid) == naive_frontier(scenario)


@FAST
@given(scenarios(n_parties=3, max_issues=4, max_options=3))
def test_frontier_matches_brute_force_for_three_parties(scenario: Scenario) -> None:
    frontier = pareto_frontier(scenario)
    assert _as_dict(frontier.packages, frontier.grid) == naive_frontier(scenario)


@settings(max_examples=60, deadline=None)
@given(scenarios(n_parties=4, max_issues=3, max_options=3))
def test_frontier_matches_brute_force_for_four_parties(scenario: Scenario) -> None:
    frontier = pareto_frontier(scenario)
    assert _as_dict(frontier.packages, frontier.grid) == naive_frontier(scenario)


@settings(max_examples=60, deadline=None)
@given(scenarios(n_parties=3))
def test_merge_and_library_brute_force_return_identical_arrays(scenario: Scenario) -> None:
    merged = pareto_frontier(scenario)
    brute = brute_force_frontier(scenario)
    assert np.array_equal(merged.packages, brute.packages)
    assert np.array_equal(merged.grid, brute.grid)


def test_duplicate_vectors_keep_only_the_lexicographically_smallest_package() -> None:
    # Issue "colour" matters to nobody: every frontier vector is reached by 3 packages.
    domain = Domain((Issue("colour", ("red", "green", "blue")), Issue("price", ("lo", "hi"))))
    a = Preferences("a", (0.0, 1.0), ((0.5, 0.5, 0.5), (1.0, 0.0)), reservation=0.0)
    b = Preferences("b", (0.0, 1.0), ((0.2, 0.2, 0.2), (0.0, 1.0)), reservation=0.0)
    frontier = pareto_frontier(Scenario(domain, (a, b)))
    assert [frontier.package(r) for r in range(len(frontier))] == [(0, 0), (0, 1)]


def test_exactly_tied_sums_are_treated_as_ties_not_float_noise() -> None:
    # 0.1 + 0.2 and 0.3 differ in binary floating point; on the grid they must tie for a,
    # so the package better for b on the first issue is not "dominated" by 1e-17.
    domain = Domain((Issue("x", ("x0", "x1")), Issue("y", ("y0", "y1"))))
    a = Preferences("a", (0.5, 0.5), ((0.2, 0.6), (0.4, 0.0)), reservation=0.0)
    b = Preferences("b", (0.5, 0.5), ((1.0, 0.0), (0.0, 0.0)), reservation=0.0)
    scenario = Scenario(domain, (a, b))
    frontier = pareto_frontier(scenario)
    # (x0,y0): a = 0.1 + 0.2, b = 0.5;  (x1,y0): a = 0.3 + 0.2; (x1,y1): a = 0.3, b = 0.
    assert frontier.grid[:, 0].tolist() == sorted(frontier.grid[:, 0].tolist(), reverse=True)
    assert (0, 0) in [frontier.package(r) for r in range(len(frontier))]
    assert frontier.grid.dtype == np.int64
    assert UTILITY_SCALE % 10**10 == 0


def test_nondominated_rows_prefers_the_first_of_equal_rows_for_many_parties() -> None:
    grid = np.array([[1, 2, 3], [3, 2, 1], [1, 2, 3], [0, 0, 0], [3, 2, 1]], dtype=np.int64)
    assert nondominated_rows(grid).tolist() == [0, 1]


def test_twenty_issue_two_party_domain_is_fast_and_exact_at_the_ends() -> None:
    rng = np.random.default_rng(7)
    issues = tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(6))) for k in range(20))
    profiles = []
    for p in range(2):
        weights = rng.random(20)
        profiles.append(
            Preferences.with_normalised_weights(
                f"p{p}", weights.tolist(), rng.random((20, 6)).tolist(), 0.0
            )
        )
    scenario = Scenario(Domain(issues), tuple(profiles))
    frontier = pareto_frontier(scenario)
    tables = scenario.integer_tables()
    best_for_first = sum(int(t[:, 0].max()) for t in tables)
    assert int(frontier.grid[0, 0]) == best_for_first
    assert len(frontier) > 10


def test_domain_too_large_for_the_merge_is_refused_with_its_estimated_size() -> None:
    rng = np.random.default_rng(1)
    issues = tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(8))) for k in range(8))
    profiles = tuple(
        Preferences.with_normalised_weights(
            f"p{p}", rng.random(8).tolist(), rng.random((8, 8)).tolist(), 0
        )
        for p in range(4)
    )
    with pytest.raises(DomainTooLargeError, match="too large for an exact Pareto frontier") as info:
        pareto_frontier(Scenario(Domain(issues), profiles), max_candidates=1000)
    assert info.value.estimated_size > 1000
    assert info.value.limit == 1000
    assert "16,777,216 packages in all" in str(info.value)


def test_brute_force_refuses_domains_over_its_limit() -> None:
    issues = tuple(Issue(f"i{k}", ("a", "b")) for k in range(10))
    pref = Preferences.with_normalised_weights("p", [1] * 10, [[0, 1]] * 10, 0)
    with pytest.raises(DomainTooLargeError, match="1,024 packages"):
        brute_force_frontier(Scenario(Domain(issues), (pref, pref)), max_packages=1000)


def _coarse_random_scenario(
    rng: np.random.Generator, n_issues: int, n_options: int, n_parties: int
) -> Scenario:
    """Random weights and values from a coarse set, so ties and duplicates are common."""
    domain = Domain(
        tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(n_options))) for k in range(n_issues))
    )
    profiles = tuple(
        Preferences.with_normalised_weights(
            f"p{p}",
            (rng.integers(0, 4, n_issues) + (np.arange(n_issues) == 0)).tolist(),
            (rng.integers(0, 5, (n_issues, n_options)) / 4).tolist(),
            0.0,
        )
        for p in range(n_parties)
    )
    return Scenario(domain, profiles)


@pytest.mark.parametrize("n_parties", [2, 3, 4])
def test_python_fast_path_and_numpy_path_return_identical_arrays(n_parties: int) -> None:
    """Around the switch-over size the pure-Python and NumPy merges agree bit for bit."""
    rng = np.random.default_rng(n_parties)
    default = PYTHON_STEP_LIMIT_TWO if n_parties == 2 else PYTHON_STEP_LIMIT_MANY
    limits = (0, default // 4, default // 2, default, 2 * default, 10**9)
    for _ in range(40):
        scenario = _coarse_random_scenario(
            rng, int(rng.integers(1, 7)), int(rng.integers(2, 7)), n_parties
        )
        numpy_path = pareto_frontier(scenario, python_step_limit=0)
        for limit in limits[1:]:
            other = pareto_frontier(scenario, python_step_limit=limit)
            assert np.array_equal(other.grid, numpy_path.grid)
            assert np.array_equal(other.packages, numpy_path.packages)
            assert other.packages.dtype == numpy_path.packages.dtype == np.int64
        if scenario.domain.size <= 5_000:
            reference = brute_force_frontier(scenario)
            assert np.array_equal(reference.grid, numpy_path.grid)
            assert np.array_equal(reference.packages, numpy_path.packages)


def test_pruned_tables_drop_dominated_and_later_duplicate_options() -> None:
    domain = Domain((Issue("a", ("w", "x", "y", "z")), Issue("b", ("only",))))
    first = Preferences("first", (1.0, 0.0), ((0.5, 0.5, 1.0, 0.25), (0.0,)), 0.0)
    second = Preferences("second", (1.0, 0.0), ((0.5, 0.5, 0.0, 0.25), (0.0,)), 0.0)
    pruned = Scenario(domain, (first, second)).pruned_tables()
    assert pruned[0].options == (0, 2)  # x duplicates w, z is dominated by w
    assert pruned[1].options == (0,)
