"""Wasit's package engine: exact Pareto frontiers and bargaining solutions.

Pure Python + NumPy; it imports neither Django nor any other ``wasit`` module, so it can
be used, tested and benchmarked on its own.
"""

from __future__ import annotations

from wasit.engine.adjusted_winner import AdjustedWinnerResult, adjusted_winner
from wasit.engine.budget import Budget
from wasit.engine.distance import ProposalDistance, distance_to_frontier
from wasit.engine.domain import (
    UTILITY_SCALE,
    WEIGHT_SUM_TOLERANCE,
    Domain,
    Issue,
    Package,
    Preferences,
    Scenario,
)
from wasit.engine.errors import (
    AdjustedWinnerError,
    DomainError,
    DomainTooLargeError,
    EngineError,
    GeniusFormatError,
    PreferencesError,
    ProposalError,
    ShapeMismatchError,
    ValueRangeError,
    WeightSumError,
)
from wasit.engine.frontier import (
    APPROXIMATE_METHOD,
    Approximation,
    Frontier,
    all_packages,
    brute_force_frontier,
    pareto_frontier,
)
from wasit.engine.genius import (
    GeniusProfile,
    GeniusScenario,
    load_genius_folder,
    parse_domain,
    parse_utility_space,
)
from wasit.engine.skyline import nondominated_rows
from wasit.engine.solutions import SOLUTION_NAMES, SolutionPoint, SolutionSet, solve

__all__ = [
    "APPROXIMATE_METHOD",
    "Approximation",
    "Budget",
    "SOLUTION_NAMES",
    "UTILITY_SCALE",
    "WEIGHT_SUM_TOLERANCE",
    "AdjustedWinnerError",
    "AdjustedWinnerResult",
    "Domain",
    "DomainError",
    "DomainTooLargeError",
    "EngineError",
    "Frontier",
    "GeniusFormatError",
    "GeniusProfile",
    "GeniusScenario",
    "Issue",
    "Package",
    "Preferences",
    "PreferencesError",
    "ProposalDistance",
    "ProposalError",
    "Scenario",
    "ShapeMismatchError",
    "SolutionPoint",
    "SolutionSet",
    "ValueRangeError",
    "WeightSumError",
    "adjusted_winner",
    "all_packages",
    "brute_force_frontier",
    "distance_to_frontier",
    "load_genius_folder",
    "nondominated_rows",
    "pareto_frontier",
    "parse_domain",
    "parse_utility_space",
    "solve",
]
