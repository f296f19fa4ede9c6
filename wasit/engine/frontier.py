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

Pruning after each issue: :mod:`wasit.engine.skyline` (a sort-and-sweep for two parties,
divide and conquer for three, sort-filter-skyline on narrow ranks for four or more).

Bounded time and memory: every call runs against a :class:`~wasit.engine.budget.Budget`.
Before each NumPy merge step the engine estimates the step's memory and time (from the
candidates' count and the speed measured on the previous steps) and, from the partial
frontier's growth so far, the size and time of the whole computation; it refuses with
:class:`DomainTooLargeError` (the estimates and what would make the domain tractable) as
soon as the estimate says the budget cannot be met, and at the latest at the deadline.

Approximate frontier (opt-in, ``approximate=True``): the same merge, but whenever the
partial frontier is larger than the budget allows, it is thinned to one package per box
of side δ in utility space (the package with the largest total), δ chosen so that few
enough boxes are occupied: an additive ε-Pareto set in the sense of Papadimitriou and
Yannakakis (2000). Thinning by δ moves every exact point by less than δ per party, and the
merge carries that forward (if ``q >= p - e`` then ``q + t >= p + t - e``), so every exact
frontier point ``p`` has a returned package ``q`` with ``q >= p - ε`` for every party,
``ε`` being the sum of the δ used (:attr:`Approximation.error_bound`). The returned
packages are real packages with exact utilities; some may be dominated by packages that
were thinned away. When no thinning was needed the result is exact and labelled so.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from operator import add, ge, neg

import numpy as np
from numpy.typing import NDArray

from wasit.engine.budget import Budget, Clock, duration, round_estimate
from wasit.engine.domain import UTILITY_SCALE, PrunedIssue, Scenario
from wasit.engine.errors import DomainTooLargeError
from wasit.engine.skyline import OutOfTime, nondominated_rows

#: Default cap on candidates in one merge step (frontier so far x options of the next issue).
DEFAULT_MAX_CANDIDATES = 50_000_000

#: Default cap on the number of packages that brute-force enumeration will visit.
DEFAULT_MAX_BRUTE_FORCE = 5_000_000

#: Merge steps with at most this many candidates run in plain Python (two parties).
PYTHON_STEP_LIMIT_TWO = 128

#: Merge steps with at most this many candidates run in plain Python (three or more parties).
PYTHON_STEP_LIMIT_MANY = 48

#: How the approximate frontier is computed (shown wherever it is).
APPROXIMATE_METHOD = (
    "ε-box thinning of the issue-by-issue merge (an additive ε-Pareto set after "
    "Papadimitriou and Yannakakis)"
)

#: What makes a refused domain tractable (every refusal ends with it).
TRACTABLE = (
    "To make it tractable: merge or drop issues that matter little to every party, offer "
    "fewer options per issue, involve fewer parties, allow more time or memory, or ask for "
    "the approximate frontier (`--approximate` on the command line)."
)

# Seconds per unit of work of one NumPy merge step before any step has been measured
# (pessimistic figures from a loaded 2-core machine); the measured speed replaces them.
_DEFAULT_RATE = {2: 3e-8, 3: 1e-8, 4: 4e-10}
# Bytes of working memory per candidate and party in one merge step (candidates, sort
# keys, ordered copies and ranks), plus a fixed part per candidate.
_BYTES_PER_VALUE = 48
_BYTES_PER_CANDIDATE = 96
# Refuse early when the projection exceeds the time left by this factor (it is a
# projection: below that, the deadline decides). Early on the projection rests on a few
# tiny steps and is often off by 10x either way, so it needs a wider margin until a fifth
# of the budget has been spent.
_PROJECTION_MARGIN = 3.0
_EARLY_PROJECTION_MARGIN = 30.0
# Merge steps with fewer candidates are not planned (they take well under a millisecond).
_PLAN_FROM = 4096


@dataclass(frozen=True)
class Approximation:
    """How an approximate frontier was made and how far it can be from the exact one.

    Every exact frontier point ``p`` has a returned package ``q`` with
    ``q[i] >= p[i] - error_bound`` for every party ``i`` (utilities in [0, 1]).
    """

    method: str
    error_bound: float
    thinned_steps: int

    def describe(self) -> str:
        return (
            f"approximate, by {self.method}: every exact frontier point has a listed package "
            f"that gives each party at most {self.error_bound:.4g} less"
        )


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
    #: ``None`` for the exact frontier; otherwise how it was approximated.
    approximation: Approximation | None = None

    @property
    def exact(self) -> bool:
        """True unless this is an approximate frontier (see :class:`Approximation`)."""
        return self.approximation is None

    def __len__(self) -> int:
        return int(self.packages.shape[0])

    @property
    def utilities(self) -> NDArray[np.float64]:
        """Utilities as floats, shape ``(len(self), n_parties)``."""
        return self.grid.astype(np.float64) / UTILITY_SCALE

    def package(self, row: int) -> tuple[int, ...]:
        """Row ``row`` as a tuple of option indexes."""
        return tuple(int(x) for x in self.packages[row])


def _sorted_frontier(
    scenario: Scenario,
    packages: NDArray[np.int64],
    grid: NDArray[np.int64],
    approximation: Approximation | None = None,
) -> Frontier:
    """Sort rows by utilities descending (party order) and wrap them in a :class:`Frontier`."""
    keys = [-grid[:, p] for p in range(grid.shape[1] - 1, -1, -1)]
    order = np.lexsort(keys)
    return Frontier(
        parties=scenario.parties,
        packages=np.ascontiguousarray(packages[order]),
        grid=np.ascontiguousarray(grid[order]),
        approximation=approximation,
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
            f"(limit {max_candidates:,}). The domain has {scenario.domain.size:,} packages in all. "
            + TRACTABLE,
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


def _work(n_parties: int, n_candidates: int, n_kept: int) -> float:
    """Units of work of one merge step, in the unit of ``_DEFAULT_RATE`` for its filter."""
    log = math.log2(max(2, n_candidates))
    if n_parties == 2:
        return n_candidates * log
    if n_parties == 3:
        return n_candidates * log * log
    return n_candidates * max(1, n_kept) * (n_parties / 4)  # pairwise: about kept² / 2


@dataclass
class _Plan:
    """What the merge has learnt so far, to predict the rest (see the module docstring)."""

    scenario: Scenario
    pruned: tuple[PrunedIssue, ...]
    clock: Clock
    sizes: list[int]  # partial frontier size after each merged issue (index = issues merged)
    rate: float

    def _growth(self) -> float:
        """Exponent ``a`` of ``size ~ issues**a`` fitted on the last half of the merge."""
        k2 = len(self.sizes) - 1
        k1 = max(1, k2 // 2)
        if k2 <= k1 or self.sizes[k1] <= 0:
            return 1.0
        ratio = self.sizes[k2] / self.sizes[k1]
        return max(0.0, math.log(max(ratio, 1.0)) / math.log(k2 / k1))

    def projection(self) -> tuple[int, float]:
        """Projected final frontier size and seconds for the issues not merged yet."""
        merged = len(self.sizes) - 1
        size = float(self.sizes[-1])
        growth = self._growth()
        d = self.scenario.n_parties
        seconds = 0.0
        for position in range(merged, len(self.pruned)):
            n_candidates = size * len(self.pruned[position].options)
            nxt = self.sizes[-1] * ((position + 1) / max(1, merged)) ** growth
            nxt = min(nxt, n_candidates)
            seconds += _work(d, int(n_candidates), int(nxt)) * self.rate
            size = max(size, nxt)
        return int(size), seconds

    def refuse(self, reason: str, *, step_seconds: float | None = None) -> DomainTooLargeError:
        size, seconds = self.projection()
        seconds = max(seconds, step_seconds or 0.0)
        merged = len(self.sizes) - 1
        budget = self.clock.budget
        return DomainTooLargeError(
            f"The exact Pareto frontier does not fit the budget of {budget.describe()}: "
            f"{reason} After {merged} of {len(self.pruned)} issues the partial frontier has "
            f"{self.sizes[-1]:,} distinct utility vectors; at the rate seen so far the full "
            f"frontier would have about {round_estimate(size):,} and take "
            f"{duration(self.clock.elapsed() + seconds)}. " + TRACTABLE,
            estimated_size=round_estimate(size),
            estimated_seconds=self.clock.elapsed() + seconds,
        )


def _thin(grid: NDArray[np.int64], cap: int) -> tuple[NDArray[np.intp], int]:
    """Ascending indexes of at most ``cap`` rows, one per occupied δ-box, and δ (grid units).

    The kept row of a box is the one with the largest total (the smallest index among
    equals), so a lexicographically ordered input keeps its lexicographic representative.
    """
    n, d = grid.shape
    low = grid.min(axis=0)
    span = int((grid.max(axis=0) - low).max())
    delta = max(1, int(span * cap ** (-1.0 / max(1, d - 1))))
    for _ in range(60):
        boxes = (grid - low) // delta
        width = boxes.max(axis=0) + 1
        key = np.zeros(n, dtype=np.int64)
        for column in range(d):
            key = key * int(width[column]) + boxes[:, column]
        occupied = np.unique(key).size
        if occupied <= cap:
            break
        delta = int(delta * max(1.05, (occupied / cap) ** (1.0 / max(1, d - 1)))) + 1
    order = np.lexsort((np.arange(n), -grid.sum(axis=1), key))
    first = np.concatenate(([True], key[order][1:] != key[order][:-1]))
    return np.sort(order[first]), delta


def _approximate_cap(plan: _Plan, position: int) -> int:
    """Largest partial frontier the next steps can afford in the time left (at least 32)."""
    steps_left = len(plan.pruned) - position
    per_step = max(1e-4, plan.clock.remaining() * 0.7 / max(1, steps_left))
    work = per_step / plan.rate
    m = len(plan.pruned[position].options) if position < len(plan.pruned) else 2
    d = plan.scenario.n_parties
    if d == 2:
        cap = work / (m * math.log2(max(2.0, work)))
    elif d == 3:
        cap = work / (m * math.log2(max(2.0, work)) ** 2)
    else:
        cap = math.sqrt(work / (m * d / 4))
    memory_cap = plan.clock.budget.memory_bytes / (4 * m * (d * _BYTES_PER_VALUE + _BYTES_PER_CANDIDATE))
    return int(max(32, min(cap, memory_cap, 2_000_000)))


def pareto_frontier(
    scenario: Scenario,
    *,
    budget: Budget | None = None,
    approximate: bool = False,
    approximate_points: int | None = None,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    python_step_limit: int | None = None,
) -> Frontier:
    """The Pareto frontier of ``scenario`` by issue-by-issue merging, within ``budget``.

    Exact by default; raises :class:`DomainTooLargeError` (with the estimated size and
    time) when the exact frontier cannot be computed within ``budget`` (default
    :class:`Budget`: 10 s, 1 GiB) or one merge step would have more than ``max_candidates``
    candidates. With ``approximate=True`` it thins the partial frontiers instead (see the
    module docstring) and returns a frontier whose ``approximation`` says so; when no
    thinning was needed the result is the exact frontier. The partial frontiers are then
    kept to what the time left allows, or to ``approximate_points`` when given (a fixed
    size gives a reproducible result, e.g. for tests and comparisons).

    Merge steps run in plain Python while they have at most ``python_step_limit``
    candidates (default :data:`PYTHON_STEP_LIMIT_TWO` for two parties,
    :data:`PYTHON_STEP_LIMIT_MANY` otherwise; NumPy calls cost microseconds each whatever
    their size), then in NumPy. Both give the same result; ``0`` forces NumPy throughout.
    """
    clock = (budget or Budget()).start()
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
    # Sizes before the NumPy phase are not known step by step; a straight line is enough
    # for the growth fit, which only looks at the last half of the merge.
    sizes = [max(1, round(len(vectors) * k / max(1, merged))) for k in range(merged)]
    plan = _Plan(scenario, pruned, clock, [*sizes, len(vectors)],
                 _DEFAULT_RATE[min(n_parties, 4)])
    # Back-pointers per issue: kept partial package r came from parent[r] and option[r].
    parents: list[NDArray[np.intp]] = []
    options: list[NDArray[np.int64]] = []
    stored_bytes = 0
    error_units = 0
    thinned = 0
    for position in range(merged, len(pruned)):
        issue = pruned[position]
        table = issue.grid
        n_options = table.shape[0]
        if approximate and n_options > 1:
            cap = approximate_points or _approximate_cap(plan, position)
            if current.shape[0] > cap:
                chosen, delta = _thin(current, cap)
                current = current[chosen]
                _rethread(parents, options, prefix, chosen, position == merged)
                if position == merged:
                    prefix = prefix[chosen]
                error_units += delta
                thinned += 1
        _check_step(scenario, position, current.shape[0], n_options, max_candidates)
        n_candidates = current.shape[0] * n_options
        step_bytes = n_candidates * (n_parties * _BYTES_PER_VALUE + _BYTES_PER_CANDIDATE)
        if step_bytes + stored_bytes > clock.budget.memory_bytes:
            raise plan.refuse(
                f"the next merge step alone needs about {step_bytes / 2**20:,.0f} MB."
            )
        step_seconds = _work(n_parties, n_candidates, current.shape[0]) * plan.rate
        # Tiny steps cannot break the budget; skipping the planning keeps them fast.
        if n_options > 1 and not approximate and n_candidates > _PLAN_FROM:
            if clock.elapsed() + step_seconds > clock.budget.seconds:
                raise plan.refuse(
                    f"the next merge step alone would take {duration(step_seconds)}.",
                    step_seconds=step_seconds,
                )
            _, projected = plan.projection()
            early = clock.elapsed() < 0.2 * clock.budget.seconds
            margin = _EARLY_PROJECTION_MARGIN if early else _PROJECTION_MARGIN
            if projected > margin * max(clock.remaining(), 1e-3) and len(parents) >= 2:
                raise plan.refuse("the partial frontiers grow too fast.")
        started = time.perf_counter()
        # Candidate c = parent * n_options + option, so candidate order is lexicographic
        # package order as long as the kept parents are in lexicographic order (they are:
        # kept indexes come back sorted).
        candidates = (current[:, None, :] + table[None, :, :]).reshape(n_candidates, n_parties)
        if n_options == 1:
            keep = np.arange(n_candidates, dtype=np.intp)
        else:
            try:
                # Approximate steps are kept small by the cap instead: they must answer.
                deadline = None if approximate else clock.deadline
                keep = nondominated_rows(candidates, deadline=deadline)
            except OutOfTime:
                raise plan.refuse("the time ran out in the middle of a merge step.") from None
            spent = time.perf_counter() - started
            work = _work(n_parties, n_candidates, keep.size)
            if spent > 0.005:  # shorter steps measure the interpreter, not the filter
                # The best speed seen: on a loaded machine a step can wait for the CPU,
                # and a pessimistic rate would refuse what fits (the deadline still holds).
                plan.rate = min(plan.rate, spent / work)
        parents.append(keep // n_options)
        options.append(issue.indexes[keep % n_options])
        stored_bytes += keep.size * 16
        current = candidates[keep]
        plan.sizes.append(int(keep.size))
    if approximate:
        cap = approximate_points or _approximate_cap(plan, len(pruned))
        if current.shape[0] > cap:
            chosen, delta = _thin(current, cap)
            current = current[chosen]
            _rethread(parents, options, prefix, chosen, not parents)
            error_units += delta
            thinned += 1
    n_rows = current.shape[0]
    packages_out = np.empty((n_rows, len(pruned)), dtype=np.int64)
    row = np.arange(n_rows, dtype=np.intp)
    for position in range(len(pruned) - 1, merged - 1, -1):
        packages_out[:, position] = options[position - merged][row]
        row = parents[position - merged][row]
    packages_out[:, :merged] = prefix[row]
    approximation = None
    if thinned:
        approximation = Approximation(APPROXIMATE_METHOD, error_units / UTILITY_SCALE, thinned)
    return _sorted_frontier(scenario, packages_out, current, approximation)


def _rethread(
    parents: list[NDArray[np.intp]],
    options: list[NDArray[np.int64]],
    prefix: NDArray[np.int64],
    chosen: NDArray[np.intp],
    only_prefix: bool,
) -> None:
    """Keep only rows ``chosen`` of the last merged issue's back-pointers (after thinning)."""
    if only_prefix:
        return  # the caller selects the rows of ``prefix`` itself
    parents[-1] = parents[-1][chosen]
    options[-1] = options[-1][chosen]


def all_packages(
    scenario: Scenario,
    *,
    max_packages: int = DEFAULT_MAX_BRUTE_FORCE,
    budget: Budget | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every package in lexicographic order with its exact utility grid vector.

    Refuses (:class:`DomainTooLargeError`) when the domain has more than ``max_packages``
    or its arrays would not fit the memory budget.
    """
    size = scenario.domain.size
    if size > max_packages:
        raise DomainTooLargeError(
            f"The domain has {size:,} packages, more than the {max_packages:,} that "
            "brute-force enumeration allows.",
            estimated_size=size,
            limit=max_packages,
        )
    memory = (budget or Budget()).memory_bytes
    needed = size * (len(scenario.domain.issues) + scenario.n_parties) * 8 * 3
    if needed > memory:
        raise DomainTooLargeError(
            f"Listing all {size:,} packages needs about {needed / 2**20:,.0f} MB, more than "
            f"the memory budget of {memory / 2**20:,.0f} MB.",
            estimated_size=size,
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
    budget: Budget | None = None,
) -> Frontier:
    """The Pareto frontier by enumerating every package (a reference for tests and audits)."""
    clock = (budget or Budget()).start()
    packages, grid = all_packages(scenario, max_packages=max_packages, budget=clock.budget)
    try:
        keep = nondominated_rows(grid, deadline=clock.deadline)
    except OutOfTime:
        raise DomainTooLargeError(
            f"Filtering the {grid.shape[0]:,} packages did not finish within "
            f"{clock.budget.describe()}.",
            estimated_size=grid.shape[0],
        ) from None
    return _sorted_frontier(scenario, packages[keep], grid[keep])
