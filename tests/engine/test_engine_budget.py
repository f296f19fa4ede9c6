"""Bounded time and memory, the approximate frontier, and the skyline filters agreeing.

Domains "small on disk but combinatorially huge" must be answered within the budget:
refused with an estimate, or approximated when asked, never computed for minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wasit.engine import (
    Budget,
    Domain,
    DomainTooLargeError,
    EngineError,
    Issue,
    Preferences,
    Scenario,
    pareto_frontier,
    solve,
)
from wasit.engine.skyline import keep_many_parties, keep_three_parties

REPO_ROOT = Path(__file__).resolve().parents[2]


def random_scenario(n_issues: int, n_options: int, n_parties: int, seed: int) -> Scenario:
    """Uniform random weights (normalised) and values, reservation 0 (as bench/engine.py)."""
    rng = np.random.default_rng(seed)
    domain = Domain(
        tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(n_options))) for k in range(n_issues))
    )
    profiles = tuple(
        Preferences.with_normalised_weights(
            f"p{p}", rng.random(n_issues).tolist(), rng.random((n_issues, n_options)).tolist(), 0.0
        )
        for p in range(n_parties)
    )
    return Scenario(domain, profiles)


@pytest.mark.parametrize(("parties", "issues", "options"), [(3, 40, 10), (2, 400, 50)])
def test_a_combinatorially_huge_domain_is_refused_within_the_budget(
    parties: int, issues: int, options: int
) -> None:
    scenario = random_scenario(issues, options, parties, 0)
    started = time.perf_counter()
    with pytest.raises(DomainTooLargeError) as refused:
        pareto_frontier(scenario, budget=Budget(seconds=1.0, memory_bytes=256 * 2**20))
    assert time.perf_counter() - started < 1.5  # the budget, plus one NumPy call at most
    message = str(refused.value)
    assert "does not fit the budget of 1 s and 256 MB" in message
    assert "would have about" in message and "To make it tractable" in message
    assert "approximate" in message
    assert refused.value.estimated_size > 0 and refused.value.estimated_seconds is not None


def test_a_huge_domain_gets_a_labelled_approximate_frontier_within_the_budget() -> None:
    scenario = random_scenario(40, 10, 3, 0)
    started = time.perf_counter()
    frontier = pareto_frontier(scenario, budget=Budget(seconds=2.0), approximate=True)
    assert time.perf_counter() - started < 2.5
    assert not frontier.exact and frontier.approximation is not None
    assert "ε-box thinning" in frontier.approximation.describe()
    assert 0 < frontier.approximation.error_bound < 1
    # Its packages are real packages with their exact utilities, none dominating another.
    for row in range(0, len(frontier), max(1, len(frontier) // 20)):
        package = frontier.package(row)
        assert np.array_equal(scenario.utility_grid(package), frontier.grid[row])
    solutions = solve(scenario, frontier)
    assert solutions.approximate is not None


def _quality(exact: np.ndarray, approx: np.ndarray) -> tuple[float, int]:
    """Share of exact points found, and worst shortfall (grid units) of the best match."""
    found = {tuple(r) for r in approx.tolist()}
    share = sum(tuple(r) in found for r in exact.tolist()) / exact.shape[0]
    shortfall = np.maximum(exact[:, None, :] - approx[None, :, :], 0).max(axis=2).min(axis=1)
    return share, int(shortfall.max())


@pytest.mark.parametrize(("parties", "issues", "options"), [(2, 30, 8), (3, 14, 6), (4, 9, 5)])
def test_the_approximation_keeps_its_stated_error_bound(
    parties: int, issues: int, options: int
) -> None:
    """Where the exact frontier is computable, every exact point is within the bound."""
    scenario = random_scenario(issues, options, parties, 3)
    exact = pareto_frontier(scenario)
    # Few enough points that the merge has to thin the partial frontiers.
    approx = pareto_frontier(scenario, approximate=True, approximate_points=150)
    assert approx.approximation is not None
    share, worst = _quality(exact.grid, approx.grid)
    assert worst / 2.52e13 <= approx.approximation.error_bound + 1e-12
    assert share > 0


def test_an_approximate_request_that_needs_no_thinning_is_exact() -> None:
    scenario = random_scenario(6, 4, 3, 1)
    approx = pareto_frontier(scenario, approximate=True)
    assert approx.exact
    assert np.array_equal(approx.grid, pareto_frontier(scenario).grid)


@pytest.mark.parametrize(("parties", "issues", "options"), [(3, 20, 6), (4, 12, 5), (5, 10, 5)])
def test_multi_party_shapes_fit_a_two_second_budget(parties: int, issues: int, options: int) -> None:
    """The issue's interactive shapes are exact within the app's default budget."""
    frontier = pareto_frontier(random_scenario(issues, options, parties, 0), budget=Budget(2.0))
    assert frontier.exact and len(frontier) > 1000


def test_a_memory_budget_is_checked_before_allocating() -> None:
    with pytest.raises(DomainTooLargeError, match="the next merge step alone needs about"):
        pareto_frontier(random_scenario(20, 6, 3, 0), budget=Budget(memory_bytes=1 << 20))


def test_budgets_must_be_positive() -> None:
    with pytest.raises(EngineError, match="positive number of seconds"):
        Budget(seconds=0)
    with pytest.raises(EngineError, match="positive number of bytes"):
        Budget(memory_bytes=-1)


def _reference(grid: np.ndarray) -> list[int]:
    """Pairwise: non-dominated rows, the first of equal rows."""
    keep = []
    rows = [tuple(r) for r in grid.tolist()]
    for i, row in enumerate(rows):
        if row in rows[:i]:
            continue
        if not any(o != row and all(a >= b for a, b in zip(o, row, strict=True)) for o in rows):
            keep.append(i)
    return keep


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(3, 5).flatmap(
    lambda d: arrays(np.int64, st.tuples(st.integers(1, 70), st.just(d)), elements=st.integers(0, 3))
))
def test_divide_and_conquer_and_sort_filter_skyline_agree_with_pairwise(grid: np.ndarray) -> None:
    expected = _reference(grid)
    assert keep_many_parties(grid, None).tolist() == expected
    if grid.shape[1] == 3:
        assert keep_three_parties(grid, None).tolist() == expected


def test_cli_frontier_writes_no_files_and_needs_no_database(tmp_path: Path) -> None:
    """`wasit engine frontier` in an empty folder, without WASIT_DATA_DIR, leaves it empty."""
    folder = tmp_path / "domain"
    folder.mkdir()
    from tests.engine.test_engine_genius import DOMAIN_XML, SPACE_XML

    (folder / "domain.xml").write_text(DOMAIN_XML)
    (folder / "a.xml").write_text(SPACE_XML)
    (folder / "b.xml").write_text(SPACE_XML.replace('"0.3"', '"0.1"'))
    cwd = tmp_path / "empty"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WASIT_", "DATABASE_URL"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from wasit.cli.main import main; status = main(); "
         "assert 'django' not in sys.modules, 'Django was imported'; sys.exit(status)",
         "engine", "frontier", str(folder)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "distinct utility vectors" in result.stdout
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in folder.iterdir()) == ["a.xml", "b.xml", "domain.xml"]


def _write_genius_folder(folder: Path, n_issues: int, n_options: int, n_parties: int) -> None:
    """A Genius domain and utility spaces with random evaluations (small on disk, huge inside)."""
    rng = np.random.default_rng(5)
    issues = "".join(
        f'<issue index="{i + 1}" name="i{i}" type="discrete">'
        + "".join(f'<item index="{j + 1}" value="o{j}"/>' for j in range(n_options))
        + "</issue>"
        for i in range(n_issues)
    )
    (folder / "domain.xml").write_text(
        f'<negotiation_template><utility_space><objective index="0" name="root">{issues}'
        "</objective></utility_space></negotiation_template>"
    )
    for p in range(n_parties):
        weights = rng.integers(1, 10, n_issues)
        body = ""
        for i in range(n_issues):
            body += f'<issue index="{i + 1}" name="i{i}" type="discrete">' + "".join(
                f'<item index="{j + 1}" value="o{j}" evaluation="{int(rng.integers(1, 100))}"/>'
                for j in range(n_options)
            ) + "</issue>"
            body += f'<weight index="{i + 1}" value="{float(weights[i] / weights.sum())!r}"/>'
        (folder / f"party{p}.xml").write_text(
            f'<utility_space><objective index="0" name="root">{body}</objective>'
            '<reservation value="0"/></utility_space>'
        )


def test_cli_refuses_a_huge_domain_in_a_sentence_or_approximates_it_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wasit.engine.cli import main

    _write_genius_folder(tmp_path, 40, 10, 3)
    started = time.perf_counter()
    assert main(["frontier", str(tmp_path), "--seconds", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The exact Pareto frontier does not fit the budget of 1 s")
    assert "--approximate" in err and "Traceback" not in err
    assert main(["frontier", str(tmp_path), "--seconds", "1", "--approximate"]) == 0
    out = capsys.readouterr().out
    assert time.perf_counter() - started < 5
    assert "APPROXIMATE Pareto frontier:" in out and "distinct utility vectors" in out
    assert "ε-box thinning" in out and "at most" in out
    assert "Disagreement point: each party's reservation value" in out


def test_three_party_merge_gives_the_same_frontier_with_either_filter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Steps above the divide-and-conquer threshold agree with sort-filter-skyline."""
    import wasit.engine.skyline as skyline

    scenario = random_scenario(12, 6, 3, 2)
    divided = pareto_frontier(scenario)
    monkeypatch.setattr(skyline, "_DIVIDE_FROM", 10**12)
    filtered = pareto_frontier(Scenario(scenario.domain, scenario.profiles))
    assert len(divided) > 500
    assert np.array_equal(divided.grid, filtered.grid)
    assert np.array_equal(divided.packages, filtered.packages)
