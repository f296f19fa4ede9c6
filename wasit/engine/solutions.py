"""Bargaining solutions picked on the Pareto frontier, with their conventions stated.

**Disagreement point** ``d`` (what each party gets without an agreement), chosen with
``disagreement=``:

* ``"reservation"`` (default): each party's reservation value, as entered or read from
  its Genius file (Genius's default 0 when the file has none);
* ``"worst"``: each party's worst utility over all packages of the domain;
* ``"negmas"``: the larger of the two for each party, which is what NegMAS's
  ``nash_points`` and ``kalai_points`` use (its utility ranges start at the reserved
  value when that lies above the worst outcome).

Only packages that give every party at least ``d`` (*individually rational*) are
considered; a party's *gain* is its utility minus ``d``.

* ``nash`` — Nash bargaining solution: maximises the product of the gains.
* ``kalai_smorodinsky`` — chosen with ``ks=``:

  * ``"normalised"`` (default, Kalai and Smorodinsky 1975): maximises the smallest ratio
    gain / ideal gain, where a party's ideal gain is its best utility over individually
    rational packages minus its ``d``. A party whose ideal gain is zero cannot gain
    anything; its ratio counts as 1 (fully satisfied).
  * ``"min_spread"`` (Genius's ``BidSpace.getKalaiSmorodinsky``): minimises the spread,
    largest minus smallest, of the normalised gains (utility − d) / (best utility − d),
    the best utility being over all packages; ties: the larger smallest ratio.

* ``egalitarian`` — maximises the smallest gain (absolute, not normalised). This is what
  NegMAS calls ``kalai_points`` (with ``subtract_reserved_value=True``): compare NegMAS's
  Kalai point with Wasit's egalitarian point under ``disagreement="negmas"``.
* ``max_total`` — maximises the sum of the utilities.

Tie-breaks (identical for all four): the better criterion first (compared exactly, with
integers and fractions), then the larger total utility, then the lexicographically
smallest package. The winner is therefore never a dominated package, and since the
frontier represents every utility vector by its lexicographically smallest package, the
result is the same as maximising over all packages of the domain.

When no package gives every party its ``d``, every solution is ``None`` and
``SolutionSet.no_agreement_reason`` says why (nothing is raised: "no deal beats walking
away" is a legitimate answer, not an error). :meth:`SolutionSet.conventions` states the
disagreement point and the Kalai–Smorodinsky definition used, in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from wasit.engine.domain import UTILITY_SCALE, Scenario
from wasit.engine.errors import EngineError
from wasit.engine.frontier import Frontier, pareto_frontier

#: The disagreement points ``solve`` accepts, in words (see the module docstring).
DISAGREEMENT_RULES = {
    "reservation": "each party's reservation value",
    "worst": "each party's worst utility over all packages",
    "negmas": "the larger of each party's reservation value and worst utility (NegMAS's rule)",
}

#: The Kalai–Smorodinsky definitions ``solve`` accepts, in words.
KS_RULES = {
    "normalised": (
        "the largest smallest ratio of gain to ideal gain over the individually rational "
        "packages (Kalai and Smorodinsky)"
    ),
    "min_spread": (
        "the smallest spread of the gains normalised by each party's best utility "
        "(Genius's rule)"
    ),
}

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
    #: The disagreement point used, one utility per party, and the rules' names.
    disagreement: tuple[float, ...] = ()
    disagreement_rule: str = "reservation"
    ks_rule: str = "normalised"
    #: Set when the solutions were picked on an approximate frontier (it says how).
    approximate: str | None = None

    def conventions(self) -> str:
        """The disagreement point and the Kalai–Smorodinsky definition, in a sentence."""
        point = ", ".join(f"{u:.4g}" for u in self.disagreement)
        return (
            f"Disagreement point: {DISAGREEMENT_RULES[self.disagreement_rule]} ({point}). "
            f"Kalai–Smorodinsky: {KS_RULES[self.ks_rule]}."
        )

    def as_dict(self) -> dict[str, SolutionPoint | None]:
        """The solutions keyed by name, in :data:`SOLUTION_NAMES` order."""
        return {name: getattr(self, name) for name in SOLUTION_NAMES}


Key = tuple[object, ...]


def _criterion_nash(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return math.prod(gains)


def _criterion_ks(gains: Sequence[int], ideal: Sequence[int]) -> object:
    return min(Fraction(g, i) if i > 0 else Fraction(1) for g, i in zip(gains, ideal, strict=True))


def _criterion_spread(gains: Sequence[int], ideal: Sequence[int]) -> object:
    ratios = [Fraction(g, i) if i > 0 else Fraction(1) for g, i in zip(gains, ideal, strict=True)]
    return (min(ratios) - max(ratios), min(ratios))  # larger is better: smaller spread


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
    *,
    ks: str = "normalised",
) -> dict[str, int] | None:
    """Row index of each solution among ``grid``'s rows, or None if no row is acceptable.

    ``reservation`` is the disagreement point on the grid. Works on any set of rows (the
    frontier or every package), which is what lets tests compare the frontier's answer
    with brute force under the very same rules.
    """
    rational = np.flatnonzero((grid >= reservation[None, :]).all(axis=1))
    if rational.size == 0:
        return None
    gains_all = (grid[rational] - reservation[None, :]).tolist()
    ideal = [max(column) for column in zip(*gains_all, strict=True)]
    criteria = dict(_CRITERIA)
    if ks == "min_spread":
        # Genius normalises by each party's best utility over everything, not only over
        # the individually rational packages.
        ideal = (grid.max(axis=0) - reservation).tolist()
        criteria["kalai_smorodinsky"] = _criterion_spread
    package_rows = packages[rational].tolist()
    result: dict[str, int] = {}
    for name, criterion in criteria.items():
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


def _no_agreement_reason(
    scenario: Scenario, frontier: Frontier, point: NDArray[np.int64], rule: str
) -> str:
    best = frontier.grid.max(axis=0)
    short = [
        f"{party} can get at most {best[p] / UTILITY_SCALE:.6g} but needs "
        f"{point[p] / UTILITY_SCALE:.6g}"
        for p, party in enumerate(scenario.parties)
    ]
    floor = "reservation value" if rule == "reservation" else "disagreement utility"
    return (
        f"No package gives every party at least its {floor}, so there is no "
        "agreement better than walking away for everyone. (" + "; ".join(short) + ".)"
    )


def disagreement_grid(scenario: Scenario, rule: str = "reservation") -> NDArray[np.int64]:
    """The disagreement point on the utility grid under ``rule`` (see the module docstring)."""
    if rule not in DISAGREEMENT_RULES:
        raise EngineError(
            f"Unknown disagreement point {rule!r}; use one of {', '.join(DISAGREEMENT_RULES)}."
        )
    reservation = scenario.reservation_grid()
    if rule == "reservation":
        return reservation
    worst = np.sum([table.min(axis=0) for table in scenario.integer_tables()], axis=0)
    worst = np.asarray(worst, dtype=np.int64)
    return worst if rule == "worst" else np.maximum(worst, reservation)


def solve(
    scenario: Scenario,
    frontier: Frontier | None = None,
    *,
    disagreement: str = "reservation",
    ks: str = "normalised",
) -> SolutionSet:
    """Nash, Kalai–Smorodinsky, egalitarian and maximum-total solutions of ``scenario``.

    ``frontier`` defaults to :func:`pareto_frontier` of the scenario (within the default
    budget); pass it when already computed. ``disagreement`` and ``ks`` choose the
    conventions (see the module docstring); :meth:`SolutionSet.conventions` states them.
    """
    if ks not in KS_RULES:
        raise EngineError(f"Unknown Kalai–Smorodinsky definition {ks!r}; use one of {', '.join(KS_RULES)}.")
    point = disagreement_grid(scenario, disagreement)
    if frontier is None:
        frontier = pareto_frontier(scenario)
    stated = {
        "disagreement": tuple(float(u) / UTILITY_SCALE for u in point),
        "disagreement_rule": disagreement,
        "ks_rule": ks,
        "approximate": frontier.approximation.describe() if frontier.approximation else None,
    }
    rows = best_rows(frontier.grid, frontier.packages, point, ks=ks)
    if rows is None:
        reason = _no_agreement_reason(scenario, frontier, point, disagreement)
        return SolutionSet(None, None, None, None, reason, **stated)  # type: ignore[arg-type]
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
        **stated,  # type: ignore[arg-type]
    )
