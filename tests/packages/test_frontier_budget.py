"""The mediators' frontier never holds a request for long: the engine's budget from settings."""

from __future__ import annotations

import time

import numpy as np
from django.test import override_settings

from wasit.packages.analysis import analyse, engine_budget


def _issues(n_issues: int, n_options: int) -> list[dict[str, object]]:
    return [{"title": {"en": f"issue {i}"}, "options": [{"en": f"option {j}"} for j in range(n_options)]}
            for i in range(n_issues)]


def _profiles(n_issues: int, n_options: int, n_parties: int) -> list[tuple[list[float], list[list[float]], float]]:
    rng = np.random.default_rng(0)
    profiles = []
    for _ in range(n_parties):
        raw = rng.random(n_issues)
        profiles.append(((raw / raw.sum()).tolist(), rng.random((n_issues, n_options)).tolist(), 0.0))
    return profiles


def test_the_budget_comes_from_the_settings_with_two_seconds_and_512_mb_by_default() -> None:
    budget = engine_budget()
    assert (budget.seconds, budget.memory_bytes) == (2.0, 512 * 2**20)
    with override_settings(WASIT_ENGINE_SECONDS=0.5, WASIT_ENGINE_MEMORY_MB=64):
        assert (engine_budget().seconds, engine_budget().memory_bytes) == (0.5, 64 * 2**20)


@override_settings(WASIT_ENGINE_SECONDS=1.0)
def test_a_huge_domain_is_refused_within_the_budget_with_its_estimate() -> None:
    started = time.perf_counter()
    result = analyse(_issues(40, 10), ["a", "b", "c"], _profiles(40, 10, 3), None)
    assert time.perf_counter() - started < 3  # 1 s budget, plus building the scenario
    assert result.frontier == [] and result.too_large is not None
    assert "does not fit the budget of 1 s" in result.too_large
    assert "would have about" in result.too_large


def test_a_three_party_domain_of_interactive_size_is_computed_exactly() -> None:
    result = analyse(_issues(12, 5), ["a", "b", "c"], _profiles(12, 5, 3), None)
    assert result.too_large is None and len(result.frontier) > 100
    assert all(point is not None for point in result.solutions.values())
