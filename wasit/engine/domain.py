"""Negotiation domains, additive preferences and the fixed-point utility grid.

A *package* is one option chosen for every issue, written as a tuple of option indexes
(``package[i]`` is the index of the option chosen for issue ``i``).

Utility model (additive): ``u(package) = sum_i weight_i * value_i(package[i])`` with every
weight and value in [0, 1] and the weights summing to one, so every utility lies in [0, 1].

Exact arithmetic: every term ``weight_i * value_i(option)`` is rounded once to an integer
number of ``1 / UTILITY_SCALE`` units. Package utilities are sums of those integers, so they
are exact and independent of the order of summation; dominance, ties and duplicate utility
vectors are decided on these integers. This is what makes the issue-by-issue frontier merge
and brute-force enumeration agree bit for bit. Reported float utilities are the integers
divided by ``UTILITY_SCALE`` (within ``n_issues * 2e-14`` of the real sum).

Why this scale, 2520 * 10**10 (about 2.5e13): a term is represented *exactly* when its exact
value is a multiple of 1 / UTILITY_SCALE, which covers decimals with up to 10 places and
fractions with denominators such as 3, 7, 8 or 9 (2520 = lcm(1..10)). Genius files divide
evaluations by the issue's largest one (e.g. 5/7), and entered weights are decimals, so
mathematically equal sums stay equal: on the ten Genius test domains the grid frontier is
the frontier computed with exact fractions. (A power-of-two grid broke exact ties on the
Energy domain: 228 points instead of 204.) Other rationals are rounded per term and can
break an exact tie by one grid unit. Totals stay below 2**53, so another tool fed the
integer terms as floats adds them exactly: this is how the benchmark compares frontiers
without a tolerance.

Why not plain floats: with floats, mathematically equal sums such as 0.1 + 0.2 and 0.3
differ in the last bit, which makes one package "dominate" another by 1e-17 or keeps a
spurious extra point (this happens on the real Genius inheritance and energy domains).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from wasit.engine.errors import (
    DomainError,
    ProposalError,
    ShapeMismatchError,
    ValueRangeError,
    WeightSumError,
)

#: Utilities are computed on a grid of 1 / UTILITY_SCALE (see the module docstring).
UTILITY_SCALE = 2520 * 10**10

#: The one weight rule (used by :class:`Preferences` and so by the Genius importer): a sum
#: within this of 1 is taken as a rounding slip in the input (real Genius files are off by
#: up to 1e-4, e.g. Laptop's weights sum to 1.0000518) and the weights are divided by their
#: sum, which :attr:`Preferences.weight_note` says; a sum further from 1 is refused.
WEIGHT_SUM_TOLERANCE = 0.01

#: Below this the difference from 1 is binary floating-point noise (``0.1 + 0.2 + 0.7``):
#: the weights are kept exactly as given and no note is made.
WEIGHT_SUM_NOISE = 1e-9

Package = tuple[int, ...]


def _check_unit_interval(value: float, what: str, error: type[ValueRangeError]) -> float:
    """Return ``value`` as a float, or raise ``error`` if it is not a finite number in [0, 1]."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise error(f"{what} must be a number, got {value!r}.") from None
    if not math.isfinite(number):
        raise error(f"{what} must be a finite number, got {value!r}.")
    if number < 0.0:
        raise error(f"{what} is negative ({number}); it must lie between 0 and 1.")
    if number > 1.0:
        raise error(f"{what} is greater than 1 ({number}); it must lie between 0 and 1.")
    return number


@dataclass(frozen=True)
class Issue:
    """One negotiated issue with its discrete options (at least one, names unique)."""

    name: str
    options: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        if not self.name.strip():
            raise DomainError("An issue needs a non-empty name.")
        if not self.options:
            raise DomainError(f"Issue {self.name!r} has no options; it needs at least one.")
        if len(set(self.options)) != len(self.options):
            raise DomainError(f"Issue {self.name!r} lists the same option twice.")


@dataclass(frozen=True)
class Domain:
    """An ordered tuple of issues (at least one, names unique)."""

    issues: tuple[Issue, ...]
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "issues", tuple(self.issues))
        if not self.issues:
            raise DomainError("A domain needs at least one issue.")
        names = [issue.name for issue in self.issues]
        if len(set(names)) != len(names):
            raise DomainError("Two issues of the domain have the same name.")

    @property
    def option_counts(self) -> tuple[int, ...]:
        """Number of options of each issue, in issue order."""
        return tuple(len(issue.options) for issue in self.issues)

    @property
    def size(self) -> int:
        """Number of complete packages (exact, as a Python int: it can be astronomically large)."""
        return math.prod(self.option_counts)

    def check_package(self, package: Sequence[int]) -> Package:
        """Return ``package`` as a tuple of ints, or raise :class:`ProposalError` if it does not fit."""
        if len(package) != len(self.issues):
            raise ProposalError(
                f"A package needs one option per issue ({len(self.issues)}), got {len(package)}."
            )
        checked: list[int] = []
        for issue, option in zip(self.issues, package, strict=True):
            index = int(option)
            if not 0 <= index < len(issue.options):
                raise ProposalError(
                    f"Option index {option} is out of range for issue {issue.name!r} "
                    f"(it has {len(issue.options)} options)."
                )
            checked.append(index)
        return tuple(checked)

    def describe(self, package: Sequence[int]) -> list[str]:
        """The package in words: one ``"issue: option"`` string per issue."""
        checked = self.check_package(package)
        return [
            f"{issue.name}: {issue.options[option]}"
            for issue, option in zip(self.issues, checked, strict=True)
        ]


@dataclass(frozen=True)
class Preferences:
    """One party's additive preferences.

    ``weights[i]`` is the weight of issue ``i`` and ``values[i][j]`` the value of option ``j``
    of issue ``i``; both lie in [0, 1]. ``reservation`` is the party's utility when there is
    no agreement (its disagreement point); it is required and is never replaced by a default.

    The weight rule (the same for every caller, the Genius importer included): a sum within
    ``WEIGHT_SUM_NOISE`` of 1 is kept as given; a sum within ``WEIGHT_SUM_TOLERANCE`` of 1 is
    a rounding slip and the weights are divided by it, never silently: ``weight_note`` then
    says so with the sum as given; any other sum is refused (:class:`WeightSumError`),
    because guessing what was meant would change the egalitarian and maximum-total
    solutions. Callers whose weights are relative importances (any positive sum) ask for
    rescaling explicitly with :meth:`Preferences.with_normalised_weights`.
    """

    party: str
    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    reservation: float
    #: Set when the weights were divided by their sum (the sentence says by how much).
    weight_note: str | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        who = f"Party {self.party!r}"
        weights = tuple(
            _check_unit_interval(w, f"{who}: weight of issue #{i + 1}", ValueRangeError)
            for i, w in enumerate(self.weights)
        )
        if len(self.values) != len(weights):
            raise ShapeMismatchError(
                f"{who} has {len(weights)} weights but values for {len(self.values)} issues; "
                "it needs one weight and one list of values per issue."
            )
        values = tuple(
            tuple(
                _check_unit_interval(
                    v, f"{who}: value of option #{j + 1} of issue #{i + 1}", ValueRangeError
                )
                for j, v in enumerate(row)
            )
            for i, row in enumerate(self.values)
        )
        for i, row in enumerate(values):
            if not row:
                raise ShapeMismatchError(f"{who} gives no values for issue #{i + 1}.")
        total = math.fsum(weights)
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise WeightSumError(
                f"{who}: the issue weights sum to {total:.9g}, not 1. The engine rescales "
                f"only rounding slips (sums within 1 ± {WEIGHT_SUM_TOLERANCE:g}); fix the "
                "weights, or use Preferences.with_normalised_weights() if they are relative "
                "importances."
            )
        if abs(total - 1.0) > WEIGHT_SUM_NOISE:
            # repr() is the shortest exact spelling, so the note never claims a sum "of 1".
            object.__setattr__(
                self,
                "weight_note",
                f"the issue weights sum to {total!r}, not 1: a rounding slip (within "
                f"1 ± {WEIGHT_SUM_TOLERANCE:g}), so each weight was divided by that sum",
            )
            weights = tuple(w / total for w in weights)
        reservation = _check_unit_interval(
            self.reservation, f"{who}: reservation value", ValueRangeError
        )
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "reservation", reservation)

    @classmethod
    def with_normalised_weights(
        cls,
        party: str,
        weights: Sequence[float],
        values: Sequence[Sequence[float]],
        reservation: float,
    ) -> Preferences:
        """Build preferences after dividing the weights by their sum (which must be positive)."""
        raw = [float(w) for w in weights]
        if any(not math.isfinite(w) or w < 0 for w in raw):
            raise ValueRangeError(f"Party {party!r}: weights must be finite and non-negative.")
        total = math.fsum(raw)
        if total <= 0:
            raise WeightSumError(f"Party {party!r}: the weights sum to 0; they cannot be rescaled.")
        return cls(
            party=party,
            weights=tuple(w / total for w in raw),
            values=tuple(tuple(row) for row in values),
            reservation=reservation,
        )


@dataclass(frozen=True, eq=False)
class PrunedIssue:
    """The options of one issue kept by :meth:`Scenario.pruned_tables`.

    ``options`` are the kept option indexes (ascending), ``terms[r]`` the integer utility
    terms of option ``options[r]`` as Python ints and ``grid`` the same terms as a read-only
    ``(len(options), n_parties)`` int64 array.
    """

    options: tuple[int, ...]
    terms: tuple[tuple[int, ...], ...]
    grid: NDArray[np.int64]

    @cached_property
    def indexes(self) -> NDArray[np.int64]:
        """``options`` as a read-only int64 array."""
        array = np.array(self.options, dtype=np.int64)
        array.flags.writeable = False
        return array

    @cached_property
    def packed_pairs(self) -> tuple[int, ...]:
        """The first two parties' terms of each kept option packed into one Python int.

        ``(u0 << 64) + u1``: terms are non-negative and every sum of terms stays far below
        2**64, so adding packed ints adds both parties' utilities at once and comparing them
        compares by ``u0``, then ``u1`` (the two-party fast path of the frontier merge).
        """
        return tuple((row[0] << 64) + row[1] for row in self.terms)


@dataclass(frozen=True)
class Scenario:
    """A domain with the preferences of two or more parties, checked against each other."""

    domain: Domain
    profiles: tuple[Preferences, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "profiles", tuple(self.profiles))
        if len(self.profiles) < 2:
            raise ShapeMismatchError(
                f"A negotiation needs at least two parties, got {len(self.profiles)}."
            )
        counts = self.domain.option_counts
        for profile in self.profiles:
            if len(profile.weights) != len(counts):
                raise ShapeMismatchError(
                    f"Party {profile.party!r} has preferences for {len(profile.weights)} issues "
                    f"but the domain has {len(counts)}."
                )
            for issue, row in zip(self.domain.issues, profile.values, strict=True):
                if len(row) != len(issue.options):
                    raise ShapeMismatchError(
                        f"Party {profile.party!r} gives {len(row)} values for issue "
                        f"{issue.name!r}, which has {len(issue.options)} options."
                    )

    @property
    def n_parties(self) -> int:
        """Number of parties."""
        return len(self.profiles)

    @property
    def parties(self) -> tuple[str, ...]:
        """Party names in profile order."""
        return tuple(profile.party for profile in self.profiles)

    def integer_tables(self) -> list[NDArray[np.int64]]:
        """Per issue, an ``(n_options, n_parties)`` int64 table of weight * value on the grid.

        Built once per scenario (the scenario is immutable) and kept as read-only arrays,
        so repeated frontier computations do not redo the conversion.
        """
        return list(self._tables)

    @cached_property
    def _tables(self) -> tuple[NDArray[np.int64], ...]:
        tables: list[NDArray[np.int64]] = []
        for i, issue in enumerate(self.domain.issues):
            table = np.empty((len(issue.options), self.n_parties), dtype=np.float64)
            for p, profile in enumerate(self.profiles):
                table[:, p] = np.asarray(profile.values[i], dtype=np.float64) * profile.weights[i]
            grid = np.rint(table * UTILITY_SCALE).astype(np.int64)
            grid.flags.writeable = False
            tables.append(grid)
        return tuple(tables)

    def pruned_tables(self) -> tuple[PrunedIssue, ...]:
        """Per issue, the options that can appear in a frontier representative, with their terms.

        An option is dropped when another option of the same issue has terms at least as
        large for every party and larger for one (swapping it in dominates the package), or
        exactly equal terms and a smaller index (swapping it in gives the same utilities and
        a lexicographically smaller package). Neither can be the representative of a
        frontier vector, so the merge never needs them. Built once per scenario.
        """
        return self._pruned

    @cached_property
    def _pruned(self) -> tuple[PrunedIssue, ...]:
        pruned: list[PrunedIssue] = []
        for table in self._tables:
            rows = [tuple(int(x) for x in row) for row in table.tolist()]
            # weakly[j, k]: option k is at least as good as option j for every party.
            weakly = np.all(table[None, :, :] >= table[:, None, :], axis=2)
            equal = np.all(table[None, :, :] == table[:, None, :], axis=2)
            index = np.arange(table.shape[0])
            earlier = index[None, :] < index[:, None]  # [j, k]: k comes before j
            beaten = weakly & (~equal | earlier)
            kept = tuple(int(j) for j in np.flatnonzero(~beaten.any(axis=1)))
            grid = np.ascontiguousarray(table[list(kept)])
            grid.flags.writeable = False
            pruned.append(PrunedIssue(kept, tuple(rows[j] for j in kept), grid))
        return tuple(pruned)

    def reservation_grid(self) -> NDArray[np.int64]:
        """Reservation values on the utility grid (same rounding as the utilities)."""
        values = np.array([p.reservation for p in self.profiles], dtype=np.float64)
        return np.rint(values * UTILITY_SCALE).astype(np.int64)

    def utility_grid(self, package: Sequence[int]) -> NDArray[np.int64]:
        """The package's utility vector on the grid (exact integers)."""
        checked = self.domain.check_package(package)
        tables = self.integer_tables()
        total = np.zeros(self.n_parties, dtype=np.int64)
        for table, option in zip(tables, checked, strict=True):
            total += table[option]
        return total

    def utilities(self, package: Sequence[int]) -> tuple[float, ...]:
        """The package's utility for each party, as floats."""
        return tuple(float(u) / UTILITY_SCALE for u in self.utility_grid(package))
