"""How far a proposal is from the Pareto frontier.

For a proposal (a package) we report the frontier packages that *dominate* it (every party
at least as well off, one strictly better) and by how much:

* ``dominating_rows`` — frontier rows that dominate the proposal, with ``gains[k]`` the
  per-party utility gain of row ``dominating_rows[k]`` over the proposal;
* ``best_gain_per_party`` — for each party, the largest gain it can get from a dominating
  package (0 when no package dominates);
* ``uniform_improvement`` — the largest ``t`` such that some frontier package gives *every*
  party at least ``t`` more than the proposal (``max over rows of min over parties``), with
  the row attaining it (ties: the lowest row). ``t > 0`` means a strict improvement for
  everyone exists; ``t <= 0`` is reported as-is (it is then the least loss some party must
  accept for others to gain; a Pareto-optimal proposal on the frontier has ``t == 0``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wasit.engine.domain import UTILITY_SCALE, Scenario
from wasit.engine.frontier import Frontier


@dataclass(frozen=True)
class ProposalDistance:
    """The proposal's position relative to the frontier (see the module docstring)."""

    package: tuple[int, ...]
    utilities: tuple[float, ...]
    is_pareto_optimal: bool
    dominating_rows: tuple[int, ...]
    gains: tuple[tuple[float, ...], ...]
    best_gain_per_party: tuple[float, ...]
    uniform_improvement: float
    uniform_improvement_row: int


def distance_to_frontier(
    scenario: Scenario, frontier: Frontier, package: Sequence[int]
) -> ProposalDistance:
    """Compare ``package`` with every frontier package of ``scenario`` (exact grid arithmetic)."""
    checked = scenario.domain.check_package(package)
    point = scenario.utility_grid(checked)
    diff = frontier.grid - point[None, :]
    dominating = np.flatnonzero((diff >= 0).all(axis=1) & (diff > 0).any(axis=1))
    gains = diff[dominating]
    if dominating.size:
        best_gain = gains.max(axis=0)
    else:
        best_gain = np.zeros(scenario.n_parties, dtype=np.int64)
    worst_per_row = diff.min(axis=1)
    uniform_row = int(np.argmax(worst_per_row))
    scale = float(UTILITY_SCALE)
    return ProposalDistance(
        package=checked,
        utilities=tuple(float(u) / scale for u in point),
        is_pareto_optimal=dominating.size == 0,
        dominating_rows=tuple(int(r) for r in dominating),
        gains=tuple(tuple(float(g) / scale for g in row) for row in gains),
        best_gain_per_party=tuple(float(g) / scale for g in best_gain),
        uniform_improvement=float(worst_per_row[uniform_row]) / scale,
        uniform_improvement_row=uniform_row,
    )
