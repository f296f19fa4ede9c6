"""Bargaining solutions picked on the Pareto frontier.

All four solutions only consider *individually rational* packages: those that give every
party at least its reservation value (compared on the exact utility grid). A party's
*gain* is its utility minus its reservation value.

* ``nash`` — Nash bargaining solution: maximises the product of the gains.
* ``kalai_smorodinsky`` — Kalai–Smorodinsky: maximises the smallest ratio
  gain / ideal gain, where a party's ideal gain is its best utility over individually
  rational packages minus its reservation value. A party whose ideal gain is zero cannot
  gain anything; its ratio counts as 1 (fully satisfied).
* ``egalitarian`` — maximises the smallest gain (absolute, not normalised).
* ``max_total`` — maximises the sum of the utilities.

Tie-breaks (identical for all four): the larger criterion first (compared exactly, with
integers and fractions), then the larger total utility, then the lexicographically
smallest package. The winner is therefore never a dominated package, and since the
frontier represents every utility vector by its lexicographically smallest package, the
result is the same as maximising over all packages of the domain.

When no package gives every party its reservation value, every solution is ``None`` and
``SolutionSet.no_agreement_reason`` says why (nothing is raised: "no deal beats walking
away" is a legitimate answer, not an error).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from wasit.engine.domain import UTILITY_SCALE, Scenario
from wasit.engine.frontier import Frontier, pareto_frontier

#: Names of the solutions, in the order they are reported.
SOLUTION_NAMES = ("nash", "kalai_smorodinsky", "egalitarian", "max_total")

#: Human titles of the solutions.
SOLUTION_TITLES = {
    "nash": "Nash bargaining",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "max_total": "Maximum total utility",
}


@dataclass(frozen=True)
class SolutionPoint:
    """One solution: its package (option indexes) and the parties' utilities."""

    name: str
    package: tuple[int, ...]
    utilities: tuple[float, ...]
    frontier_row: int


@dataclass(frozen=True)
class SolutionSet:
    """The four solutions, or ``None`` for each with a reason when no package is acceptable."""

    nash: SolutionPoint | None
    kalai_smorodinsky: SolutionPoint | None
    egalitarian: SolutionPoint | None
    max_total: SolutionPoint | None
    no_agreement_reason: str | None = None

    def as_dict(self) -> dict[str, SolutionPoint | None]:
        """The solutions keyed by name, in :data:`SOLUTION_NAMES` order."""
        return {name: getattr(self, name) for name in SOLUTION_NAMES}


Key = tuple[object, ...]


def _criterion_nash(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return math.prod(gains)


def _criterion_ks(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return min(Fraction(g, i) if i > 0 else Fraction(1) for g, i in zip(gains, ideal, strict=True))


def _criterion_egalitarian(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return min(gains)


def _criterion_total(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return 0  # the total is the first tie-break anyway


_CRITERIA: dict[str, Callable[[Sequence[int], Sequence[int]], object]] = {
    "nash": _criterion_nash,
    "kalai_smorodinsky": _criterion_ks,
    "egalitarian": _criterion_egalitarian,
    "max_total": _criterion_total,
}


def best_rows(
    grid: NDArray[np.int64],
    packages: NDArray[np.int64],
    reservation: NDArray[np.int64],
) -> dict[str, int] | None:
    """Row index of each solution among ``grid``'s rows, or None if no row is acceptable.

    Works on any set of rows (the frontier or every package), which is what lets tests
    compare the frontier's answer with brute force under the very same rules.
    """
    rational = np.flatnonzero((grid >= reservation[None, :]).all(axis=1))
    if rational.size == 0:
        return None
    gains_all = (grid[rational] - reservation[None, :]).tolist()
    ideal = [max(column) for column in zip(*gains_all, strict=True)]
    package_rows = packages[rational].tolist()
    result: dict[str, int] = {}
    for name, criterion in _CRITERIA.items():
        best_key: tuple[object, int, list[int]] | None = None
        best_row = -1
        for position, gains in enumerate(gains_all):
            value = criterion(gains, ideal)
            total = sum(gains)
            package = package_rows[position]
            if best_key is None or _better(value, total, package, best_key):
                best_key = (value, total, package)
                best_row = int(rational[position])
        result[name] = best_row
    return result


def _better(
    value: object, total: int, package: list[int], best: tuple[object, int, list[int]]
) -> bool:
    """True when (value, total, package) beats ``best``: larger value, larger total, smaller package."""
    best_value, best_total, best_package = best
    if value != best_value:
        return bool(value > best_value)  # type: ignore[operator]
    if total != best_total:
        return total > best_total
    return package < best_package


def _no_agreement_reason(scenario: Scenario, frontier: Frontier) -> str:
    best = frontier.grid.max(axis=0)
    short = [
        f"{party} can get at most {best[p] / UTILITY_SCALE:.6g} but needs "
        f"{scenario.profiles[p].reservation:.6g}"
        for p, party in enumerate(scenario.parties)
    ]
    return (
        "No package gives every party at least its reservation value, so there is no "
        "agreement better than walking away for everyone. (" + "; ".join(short) + ".)"
    )


def solve(scenario: Scenario, frontier: Frontier | None = None) -> SolutionSet:
    """Nash, Kalai–Smorodinsky, egalitarian and maximum-total solutions of ``scenario``.

    ``frontier`` defaults to :func:`pareto_frontier` of the scenario; pass it when already
    computed. See the module docstring for the exact definitions and tie-breaks.
    """
    if frontier is None:
        frontier = pareto_frontier(scenario)
    rows = best_rows(frontier.grid, frontier.packages, scenario.reservation_grid())
    if rows is None:
        return SolutionSet(None, None, None, None, _no_agreement_reason(scenario, frontier))
    points = {
        name: SolutionPoint(
            name=name,
            package=frontier.package(row),
            utilities=tuple(float(u) / UTILITY_SCALE for u in frontier.grid[row]),
            frontier_row=row,
        )
        for name, row in rows.items()
    }
    return SolutionSet(
        nash=points["nash"],
        kalai_smorodinsky=points["kalai_smorodinsky"],
        egalitarian=points["egalitarian"],
        max_total=points["max_total"],
    )
