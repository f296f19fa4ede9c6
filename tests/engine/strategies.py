"""Hypothesis strategies and naive reference implementations for the engine tests.

The references are deliberately simple (itertools.product, pairwise comparisons in pure
Python, Fractions) so that they share nothing with the engine's merge and filters except
the definition of a package's utility (the engine's integer grid).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from wasit.engine import Domain, Issue, Preferences, Scenario

# A coarse set of values makes ties and duplicate utility vectors common.
VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)


@st.composite
def scenarios(
    draw: st.DrawFn, n_parties: int, max_issues: int = 4, max_options: int = 4
) -> Scenario:
    """A small random scenario with coarse values and reservations."""
    n_issues = draw(st.integers(1, max_issues))
    counts = [draw(st.integers(2, max_options)) for _ in range(n_issues)]
    domain = Domain(
        tuple(
            Issue(f"issue{i}", tuple(f"o{j}" for j in range(count)))
            for i, count in enumerate(counts)
        )
    )
    profiles = []
    for p in range(n_parties):
        raw_weights = [draw(st.integers(0, 4)) for _ in range(n_issues)]
        if sum(raw_weights) == 0:
            raw_weights[0] = 1
        values = [[draw(st.sampled_from(VALUES)) for _ in range(count)] for count in counts]
        reservation = draw(st.sampled_from((0.0, 0.0, 0.2, 0.4, 0.6)))
        profiles.append(
            Preferences.with_normalised_weights(f"P{p}", raw_weights, values, reservation)
        )
    return Scenario(domain, tuple(profiles))


def naive_all(scenario: Scenario) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Every (package, grid utility vector), in lexicographic package order."""
    tables = scenario.integer_tables()
    out = []
    for package in itertools.product(*(range(n) for n in scenario.domain.option_counts)):
        vector = tuple(
            sum(int(tables[i][o][p]) for i, o in enumerate(package))
            for p in range(scenario.n_parties)
        )
        out.append((package, vector))
    return out


def dominates(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """a >= b everywhere and a != b."""
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


def naive_frontier(scenario: Scenario) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Non-dominated vector -> lexicographically smallest package attaining it."""
    rows = naive_all(scenario)
    vectors = {v for _, v in rows}
    frontier = {v for v in vectors if not any(dominates(w, v) for w in vectors)}
    result: dict[tuple[int, ...], tuple[int, ...]] = {}
    for package, vector in rows:  # lexicographic order: first seen is smallest
        if vector in frontier and vector not in result:
            result[vector] = package
    return result


def naive_solutions(scenario: Scenario) -> dict[str, tuple[int, ...]] | None:
    """Nash / KS / egalitarian / max-total packages over *all* packages, by the documented rules."""
    reservation = [int(r) for r in scenario.reservation_grid()]
    rational = [
        (package, [u - r for u, r in zip(vector, reservation, strict=True)])
        for package, vector in naive_all(scenario)
        if all(u >= r for u, r in zip(vector, reservation, strict=True))
    ]
    if not rational:
        return None
    ideal = [max(gains[p] for _, gains in rational) for p in range(scenario.n_parties)]

    def ks(gains: list[int]) -> Fraction:
        return min(Fraction(g, i) if i else Fraction(1) for g, i in zip(gains, ideal, strict=True))

    criteria: dict[str, Callable[[list[int]], Any]] = {
        "nash": lambda g: math.prod(g),
        "kalai_smorodinsky": ks,
        "egalitarian": min,
        "max_total": lambda g: 0,  # the total is the first tie-break
    }
    result = {}
    for name, criterion in criteria.items():
        # max of (criterion, total, reversed package order) == documented tie-break.
        best = max(rational, key=lambda row: (criterion(row[1]), sum(row[1]), [-x for x in row[0]]))
        result[name] = best[0]
    return result
