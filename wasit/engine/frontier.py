"""Exact Pareto frontier of an additive multi-issue domain.

Definitions (on the exact integer utility grid of :mod:`wasit.engine.domain`):

* vector ``a`` *dominates* ``b`` when ``a >= b`` for every party and ``a > b`` for one;
* the frontier is the set of *distinct* non-dominated utility vectors;
* each frontier vector is represented by exactly one package: the lexicographically smallest
  option-index tuple that attains it (the issue order is the domain's). Other packages with
  the same vector exist but are not listed (listing them all could be exponential, e.g. an
  issue nobody cares about doubles every entry).

Algorithm: because utilities are additive, the frontier of issues ``1..k+1`` is contained in
``frontier(1..k) (+) options(k+1)`` (a Minkowski sum): if a partial package A is dominated
by B on the first k issues, A+x is dominated by B+x. So we merge issue by issue and prune
after each issue. Exact integer sums keep strictness (no rounding can make A+x tie B+x),
and keeping the lexicographically smallest partial package per partial vector keeps the
lexicographically smallest full package per full vector, so the merge returns exactly
what brute-force enumeration returns.

Pruning: for two parties a sort-and-sweep, O(n log n). For three or more parties candidates
are sorted by total utility (a dominator always has a strictly larger total) and checked in
blocks against the points already accepted, with NumPy broadcasting.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import add, ge, neg

import numpy as np
from numpy.typing import NDArray

from wasit.engine.domain import UTILITY_SCALE, PrunedIssue, Scenario
from wasit.engine.errors import DomainTooLargeError

#: Default cap on candidates in one merge step (frontier so far x options of the next issue).
DEFAULT_MAX_CANDIDATES = 10_000_000

#: Default cap for three or more parties on the dominance work of one merge step,
#: counted as candidates x points already on the frontier (pairwise comparisons).
DEFAULT_MAX_COMPARISONS = 30_000_000_000

#: Default cap on the number of packages that brute-force enumeration will visit.
DEFAULT_MAX_BRUTE_FORCE = 5_000_000

#: Merge steps with at most this many candidates run in plain Python (two parties).
PYTHON_STEP_LIMIT_TWO = 128

#: Merge steps with at most this many candidates run in plain Python (three or more parties).
PYTHON_STEP_LIMIT_MANY = 48

_BLOCK = 512


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier: one row per distinct non-dominated utility vector.

    ``packages[r]`` holds option indexes (one per issue) and ``grid[r]`` the exact utilities
    in ``1 / UTILITY_SCALE`` units. Rows are sorted by the first party's utility descending,
    then the second party's descending, and so on (for two parties: walking the frontier
    from the first party's best to the second party's best).
    """

    parties: tuple[str, ...]
    packages: NDArray[np.int64]
    grid: NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.packages.shape[0])

    @property
    def utilities(self) -> NDArray[np.float64]:
        """Utilities as floats, shape ``(len(self), n_parties)``."""
        return self.grid.astype(np.float64) / UTILITY_SCALE

    def package(self, row: int) -> tuple[int, ...]:
        """Row ``row`` as a tuple of option indexes."""
        return tuple(int(x) for x in self.packages[row])


def _keep_two_parties(cand: NDArray[np.int64]) -> NDArray[np.intp]:
    """Indexes (ascending) of the non-dominated, first-of-duplicates rows of a 2-column array.

    Sort by u0 descending, then u1 descending, then index ascending; a row survives iff its
    u1 is strictly greater than every u1 before it. Equal u0 with smaller u1, and exact
    duplicates (equal u1), are thereby dropped; the first duplicate has the smallest index.
    """
    n = cand.shape[0]
    order = np.lexsort((-cand[:, 1], -cand[:, 0]))  # stable: equal rows keep index order
    second = cand[order, 1]
    best_before = np.maximum.accumulate(second)
    keep = np.empty(n, dtype=bool)
    keep[0] = True
    keep[1:] = second[1:] > best_before[:-1]
    return np.sort(order[keep])


def _weakly_above(ref: NDArray[np.int64], rows: NDArray[np.int64]) -> NDArray[np.bool_]:
    """``out[a, b]`` is True when ``ref[b] >= rows[a]`` in every column.

    Built column by column: a reduction over a short last axis of a 3-D array is several
    times slower in NumPy than a few 2-D comparisons combined in place.
    """
    out = ref[None, :, 0] >= rows[:, 0, None]
    for column in range(1, rows.shape[1]):
        out &= ref[None, :, column] >= rows[:, column, None]
    return out


def _keep_many_parties(cand: NDArray[np.int64], max_comparisons: int) -> NDArray[np.intp]:
    """Indexes (ascending) of non-dominated, first-of-duplicates rows for 3+ columns.

    After removing duplicates, any dominator of a row has a strictly larger row sum, so rows
    are visited by decreasing sum and each block is compared with the rows already accepted
    (transitivity makes that enough) and with the earlier rows of its own block.
    """
    n, d = cand.shape
    sums = cand.sum(axis=1)
    # One sort does both jobs: by total descending (the visiting order), equal rows side by
    # side (the row columns are the next keys) and, among equal rows, smallest index first.
    keys = [np.arange(n)] + [cand[:, c] for c in range(d - 1, -1, -1)] + [-sums]
    order = np.lexsort(keys)
    ordered = cand[order]
    same_as_previous = np.ones(n - 1, dtype=bool)
    for column in range(d):
        same_as_previous &= ordered[1:, column] == ordered[:-1, column]
    order = order[np.concatenate(([True], ~same_as_previous))]
    rows = cand[order]
    accepted = np.empty((0, cand.shape[1]), dtype=np.int64)
    kept: list[NDArray[np.intp]] = []
    comparisons = 0
    for start in range(0, rows.shape[0], _BLOCK):
        block = rows[start : start + _BLOCK]
        alive = np.ones(block.shape[0], dtype=bool)
        # Compare against accepted rows chunk by chunk, dropping rows as soon as they fall.
        chunk = max(1, 2_000_000 // max(1, block.shape[0] * cand.shape[1]))
        for f0 in range(0, accepted.shape[0], chunk):
            idx = np.flatnonzero(alive)
            if idx.size == 0:
                break
            ref = accepted[f0 : f0 + chunk]
            comparisons += idx.size * ref.shape[0]
            if comparisons > max_comparisons:
                raise DomainTooLargeError(
                    "The Pareto frontier has too many points to compute exactly here "
                    f"(over {max_comparisons:,} pairwise comparisons in one merge step).",
                    estimated_size=comparisons,
                    limit=max_comparisons,
                )
            dominated = np.any(_weakly_above(ref, block[idx]), axis=1)
            alive[idx[dominated]] = False
        idx = np.flatnonzero(alive)
        if idx.size > 1:
            sub = block[idx]
            # ge[a, b]: row b >= row a everywhere; rows are distinct, so that is domination.
            ge = _weakly_above(sub, sub)
            np.fill_diagonal(ge, False)
            idx = idx[~np.any(ge, axis=1)]
        accepted = np.concatenate([accepted, block[idx]])
        kept.append(order[start : start + _BLOCK][idx])
    if not kept:
        return np.empty(0, dtype=np.intp)
    return np.sort(np.concatenate(kept))


def nondominated_rows(
    grid: NDArray[np.int64], *, max_comparisons: int = DEFAULT_MAX_COMPARISONS
) -> NDArray[np.intp]:
    """Ascending indexes of the rows of ``grid`` that are non-dominated, one per distinct vector.

    Among equal vectors the row with the smallest index is kept, so feeding packages in
    lexicographic order keeps the lexicographically smallest package of each vector.
    """
    if grid.shape[0] == 0:
        return np.empty(0, dtype=np.intp)
    if grid.shape[1] == 2:
        return _keep_two_parties(grid)
    return _keep_many_parties(grid, max_comparisons)


def _sorted_frontier(
    scenario: Scenario, packages: NDArray[np.int64], grid: NDArray[np.int64]
) -> Frontier:
    """Sort rows by utilities descending (party order) and wrap them in a :class:`Frontier`."""
    keys = [-grid[:, p] for p in range(grid.shape[1] - 1, -1, -1)]
    order = np.lexsort(keys)
    return Frontier(
        parties=scenario.parties,
        packages=np.ascontiguousarray(packages[order]),
        grid=np.ascontiguousarray(grid[order]),
    )


def _check_step(
    scenario: Scenario, position: int, n_current: int, n_options: int, max_candidates: int
) -> None:
    """Refuse a merge step with more than ``max_candidates`` candidates."""
    n_candidates = n_current * n_options
    if n_candidates > max_candidates:
        issue = scenario.domain.issues[position]
        raise DomainTooLargeError(
            f"The domain is too large for an exact Pareto frontier: after {position} of "
            f"{len(scenario.domain.issues)} issues the partial frontier has {n_current:,} "
            f"packages, and combining it with the {n_options} options of issue {issue.name!r} "
            f"that can matter (of {len(issue.options)}) gives {n_candidates:,} candidates "
            f"(limit {max_candidates:,}). The domain has {scenario.domain.size:,} packages in all.",
            estimated_size=n_candidates,
            limit=max_candidates,
        )


_LOW = (1 << 64) - 1


def _python_two_parties(
    scenario: Scenario, pruned: tuple[PrunedIssue, ...], limit: int, max_candidates: int
) -> tuple[int, list[int], list[tuple[int, ...]]]:
    """Merge issues in plain Python while a step has at most ``limit`` candidates.

    Same algorithm and tie rules as the NumPy path, on packed ints ``(u0 << 64) + u1``
    (see :attr:`PrunedIssue.packed_pairs`): candidate ``k = parent * m + option`` keeps
    lexicographic package order, a stable descending sort orders candidates by ``u0``,
    then ``u1``, then ``k`` ascending, and the sweep keeps strict increases of ``u1``.
    Returns how many issues were merged, the partial frontier (lexicographic order) and
    its packages.
    """
    current: list[int] = [0]
    packages: list[tuple[int, ...]] = [()]
    for position, issue in enumerate(pruned):
        m = len(issue.options)
        if len(current) * m > limit:
            return position, current, packages
        _check_step(scenario, position, len(current), m, max_candidates)
        if m == 1:  # adding a constant changes neither dominance nor order
            term = issue.packed_pairs[0]
            current = [c + term for c in current]
            packages = [p + issue.options for p in packages]
            continue
        candidates = [c + t for c in current for t in issue.packed_pairs]
        best = -1
        keep: list[int] = []
        for k in sorted(range(len(candidates)), key=candidates.__getitem__, reverse=True):
            low = candidates[k] & _LOW
            if low > best:
                best = low
                keep.append(k)
        keep.sort()
        options = issue.options
        current = [candidates[k] for k in keep]
        packages = [packages[k // m] + (options[k % m],) for k in keep]
    return len(pruned), current, packages


def _python_many_parties(
    scenario: Scenario, pruned: tuple[PrunedIssue, ...], limit: int, max_candidates: int
) -> tuple[int, list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Plain-Python merge for three or more parties while steps are small.

    Candidates are visited by decreasing total (a dominator has a strictly larger total),
    equal vectors side by side with the smallest candidate index first; a candidate is
    kept when it differs from the previous one and no kept vector is >= it everywhere.
    """
    current: list[tuple[int, ...]] = [(0,) * scenario.n_parties]
    packages: list[tuple[int, ...]] = [()]
    for position, issue in enumerate(pruned):
        m = len(issue.options)
        if len(current) * m > limit:
            return position, current, packages
        _check_step(scenario, position, len(current), m, max_candidates)
        if m == 1:
            term = issue.terms[0]
            current = [tuple(map(add, c, term)) for c in current]
            packages = [p + issue.options for p in packages]
            continue
        candidates = [tuple(map(add, c, t)) for c in current for t in issue.terms]
        accepted: list[tuple[int, ...]] = []
        keep = []
        previous: tuple[int, ...] = ()
        totals = map(neg, map(sum, candidates))
        visit = sorted(zip(totals, candidates, range(len(candidates)), strict=False))
        for _, vector, k in visit:
            if vector == previous:
                continue
            previous = vector
            for other in accepted:
                if all(map(ge, other, vector)):
                    break
            else:
                accepted.append(vector)
                keep.append(k)
        keep.sort()
        options = issue.options
        current = [candidates[k] for k in keep]
        packages = [packages[k // m] + (options[k % m],) for k in keep]
    return len(pruned), current, packages


def pareto_frontier(
    scenario: Scenario,
    *,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    max_comparisons: int = DEFAULT_MAX_COMPARISONS,
    python_step_limit: int | None = None,
) -> Frontier:
    """The exact Pareto frontier of ``scenario`` by issue-by-issue merging.

    Raises :class:`DomainTooLargeError` (with the estimated size) instead of running for
    an unreasonable time when one merge step would have more than ``max_candidates``
    candidates or, for three or more parties, more than ``max_comparisons`` comparisons.

    Merge steps run in plain Python while they have at most ``python_step_limit``
    candidates (default :data:`PYTHON_STEP_LIMIT_TWO` for two parties,
    :data:`PYTHON_STEP_LIMIT_MANY` otherwise; NumPy calls cost microseconds each whatever
    their size), then in NumPy. Both give the same result; ``0`` forces NumPy throughout.
    """
    pruned = scenario.pruned_tables()
    n_parties = scenario.n_parties
    if n_parties == 2:
        limit = PYTHON_STEP_LIMIT_TWO if python_step_limit is None else python_step_limit
        merged, packed, packages = _python_two_parties(scenario, pruned, limit, max_candidates)
        vectors: list[tuple[int, ...]] = [(v >> 64, v & _LOW) for v in packed]
    else:
        limit = PYTHON_STEP_LIMIT_MANY if python_step_limit is None else python_step_limit
        merged, vectors, packages = _python_many_parties(scenario, pruned, limit, max_candidates)
    if merged == len(pruned):
        # Rows are distinct, so sorting the vectors descending is the frontier's row order.
        order = sorted(range(len(vectors)), key=vectors.__getitem__, reverse=True)
        return Frontier(
            parties=scenario.parties,
            packages=np.array([packages[k] for k in order], dtype=np.int64),
            grid=np.array([vectors[k] for k in order], dtype=np.int64),
        )
    current = np.array(vectors, dtype=np.int64).reshape(len(vectors), n_parties)
    prefix = np.array(packages, dtype=np.int64).reshape(len(packages), merged)
    # Back-pointers per issue: kept partial package r came from parent[r] and option[r].
    parents: list[NDArray[np.intp]] = []
    options: list[NDArray[np.int64]] = []
    for position in range(merged, len(pruned)):
        issue = pruned[position]
        table = issue.grid
        n_options = table.shape[0]
        _check_step(scenario, position, current.shape[0], n_options, max_candidates)
        n_candidates = current.shape[0] * n_options
        # Candidate c = parent * n_options + option, so candidate order is lexicographic
        # package order as long as the kept parents are in lexicographic order (they are:
        # kept indexes come back sorted).
        candidates = (current[:, None, :] + table[None, :, :]).reshape(n_candidates, n_parties)
        if n_options == 1:
            keep = np.arange(n_candidates, dtype=np.intp)
        else:
            keep = nondominated_rows(candidates, max_comparisons=max_comparisons)
        parents.append(keep // n_options)
        options.append(issue.indexes[keep % n_options])
        current = candidates[keep]
    n_rows = current.shape[0]
    packages_out = np.empty((n_rows, len(pruned)), dtype=np.int64)
    row = np.arange(n_rows, dtype=np.intp)
    for position in range(len(pruned) - 1, merged - 1, -1):
        packages_out[:, position] = options[position - merged][row]
        row = parents[position - merged][row]
    packages_out[:, :merged] = prefix[row]
    return _sorted_frontier(scenario, packages_out, current)


def all_packages(
    scenario: Scenario, *, max_packages: int = DEFAULT_MAX_BRUTE_FORCE
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every package in lexicographic order with its exact utility grid vector.

    Refuses (:class:`DomainTooLargeError`) when the domain has more than ``max_packages``.
    """
    size = scenario.domain.size
    if size > max_packages:
        raise DomainTooLargeError(
            f"The domain has {size:,} packages, more than the {max_packages:,} that "
            "brute-force enumeration allows.",
            estimated_size=size,
            limit=max_packages,
        )
    counts = scenario.domain.option_counts
    packages = np.indices(counts, dtype=np.int64).reshape(len(counts), -1).T
    grid = np.zeros((size, scenario.n_parties), dtype=np.int64)
    for position, table in enumerate(scenario.integer_tables()):
        grid += table[packages[:, position]]
    return np.ascontiguousarray(packages), grid


def brute_force_frontier(
    scenario: Scenario,
    *,
    max_packages: int = DEFAULT_MAX_BRUTE_FORCE,
    max_comparisons: int = DEFAULT_MAX_COMPARISONS,
) -> Frontier:
    """The Pareto frontier by enumerating every package (a reference for tests and audits)."""
    packages, grid = all_packages(scenario, max_packages=max_packages)
    keep = nondominated_rows(grid, max_comparisons=max_comparisons)
    return _sorted_frontier(scenario, packages[keep], grid[keep])
