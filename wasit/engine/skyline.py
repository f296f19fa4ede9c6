"""Non-dominated filters ("skylines") on exact integer utility vectors.

:func:`nondominated_rows` returns the ascending indexes of the rows no other row dominates,
one per distinct vector (the smallest index among equal rows). Three algorithms, chosen by
the number of columns (parties), all exact and returning the same answer:

* two parties: sort by ``u0`` then ``u1`` descending and sweep, O(n log n);
* three parties (above ``_DIVIDE_FROM`` rows; below, the next method): divide and conquer on the lexicographic order (after Kung, Luccio and
  Preparata's skyline algorithm, the CDQ form): once the distinct rows are sorted
  lexicographically descending, every dominator of a row comes before it, so a row is
  dominated iff an earlier row is at least as large in columns 1 and 2. Level ``s`` pairs
  each block of ``2**s`` rows with the block after it, and one sort by column 1 with a
  running maximum of column 2 answers that for all pairs at once: O(n log² n) in about
  ``log2 n`` NumPy sorts, whatever the frontier's size;
* four or more parties: sort-filter-skyline (rows by decreasing total; a dominator has a
  strictly larger total, so each block is compared with the rows already kept), on
  per-column dense ranks stored column by column in the narrowest integer type that holds
  them (``uint16`` for up to 65,536 distinct values), which is what NumPy compares fastest.
  Its cost is about (kept rows)² / 2 pairwise comparisons.

Each of the last two checks ``deadline`` (a :func:`time.perf_counter` value) between NumPy
calls and raises :class:`OutOfTime` when it passes, so a caller's time budget holds.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

#: Sort-filter-skyline block size (rows compared at once) and comparisons per NumPy call.
_BLOCK = 256
_PAIRS_PER_CALL = 1_000_000
#: Below this many distinct rows the raw int64 columns are compared (no ranking).
_RANK_FROM = 2048
#: Three parties: divide and conquer from this many rows (its ~log2 n sorts cost more than
#: one filter pass on small inputs).
_DIVIDE_FROM = 2048


class OutOfTime(Exception):  # noqa: N818 - a signal between engine modules, never shown
    """The deadline passed in the middle of a filter (the caller turns it into a refusal)."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.perf_counter() > deadline:
        raise OutOfTime


def keep_two_parties(cand: NDArray[np.int64]) -> NDArray[np.intp]:
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


def _distinct(
    cand: NDArray[np.int64], keys: list[NDArray[np.int64]]
) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Sort by ``keys`` (lexsort order; the index breaks ties) and drop later duplicates."""
    n = cand.shape[0]
    order = np.lexsort([np.arange(n), *keys])
    ordered = cand[order]
    same_as_previous = np.all(ordered[1:] == ordered[:-1], axis=1)
    order = order[np.concatenate(([True], ~same_as_previous))]
    return order, cand[order]


def _dense_rank_descending(column: NDArray[np.int64]) -> tuple[NDArray[np.int64], int]:
    """0 for the largest value; equal values share a rank. Also returns the number of ranks."""
    values, inverse = np.unique(-column, return_inverse=True)
    return inverse.astype(np.int64).reshape(-1), int(values.size)


def keep_three_parties(cand: NDArray[np.int64], deadline: float | None) -> NDArray[np.intp]:
    """Non-dominated, first-of-duplicates rows of a 3-column array (see the module docstring)."""
    order, rows = _distinct(cand, [-cand[:, 2], -cand[:, 1], -cand[:, 0]])
    m = rows.shape[0]
    rank1, n_ranks1 = _dense_rank_descending(rows[:, 1])
    rank2, n_ranks2 = _dense_rank_descending(rows[:, 2])
    # "Score" of column 2, larger is better and at least 1; levels are kept apart in the
    # running maximum by adding ``group * span``, so one accumulate serves every pair.
    score = n_ranks2 - rank2
    span = n_ranks2 + 1
    dominated = np.zeros(m, dtype=bool)
    position = np.arange(m, dtype=np.int64)
    level = 0
    while (1 << level) < m:
        _check(deadline)
        group = position >> (level + 1)
        later = (position >> level) & 1  # 0: the earlier block of the pair, 1: the later
        # Within a pair: column 1 descending, earlier-block rows first among equal values.
        visit = np.argsort((group * n_ranks1 + rank1) * 2 + later, kind="stable")
        visited_group = group[visit]
        is_later = later[visit] == 1
        base = visited_group * span
        best = np.maximum.accumulate(np.where(is_later, base, base + score[visit]))
        hit = is_later & (best >= base + score[visit])
        dominated[visit[hit]] = True
        level += 1
    return np.sort(order[~dominated])


def _rank_columns(rows: NDArray[np.int64]) -> NDArray[np.unsignedinteger]:
    """Per-column dense ranks (order-preserving, ties kept), column-major, narrowest type."""
    ranks = np.empty((rows.shape[1], rows.shape[0]), dtype=np.int64)
    widest = 0
    for column in range(rows.shape[1]):
        _, inverse = np.unique(rows[:, column], return_inverse=True)
        ranks[column] = inverse.reshape(-1)
        widest = max(widest, int(ranks[column].max(initial=0)))
    dtype = np.uint16 if widest < 1 << 16 else np.uint32
    return np.ascontiguousarray(ranks.astype(dtype))


def _weakly_above(ref: NDArray[np.integer], rows: NDArray[np.integer]) -> NDArray[np.bool_]:
    """``out[a, b]`` is True when column vector ``ref[:, b] >= rows[:, a]`` everywhere."""
    out: NDArray[np.bool_] = ref[0][None, :] >= rows[0][:, None]
    for column in range(1, rows.shape[0]):
        out &= ref[column][None, :] >= rows[column][:, None]
    return out


def keep_many_parties(cand: NDArray[np.int64], deadline: float | None) -> NDArray[np.intp]:
    """Non-dominated, first-of-duplicates rows for 4+ columns (sort-filter-skyline)."""
    d = cand.shape[1]
    sums = cand.sum(axis=1)
    # One sort: by total descending (the visiting order), equal rows side by side.
    order, rows = _distinct(cand, [cand[:, c] for c in range(d - 1, -1, -1)] + [-sums])
    m = rows.shape[0]
    # Ranking costs one np.unique per column: worth it only when the pairwise work is large.
    columns = _rank_columns(rows) if m > _RANK_FROM else np.ascontiguousarray(rows.T)
    accepted = np.empty_like(columns)
    n_accepted = 0
    kept: list[NDArray[np.intp]] = []
    for start in range(0, m, _BLOCK):
        _check(deadline)
        block = columns[:, start : start + _BLOCK]
        alive = np.arange(block.shape[1])
        chunk = max(1, _PAIRS_PER_CALL // block.shape[1])
        # Compare with the rows kept so far, chunk by chunk, dropping rows as soon as they fall.
        for first in range(0, n_accepted, chunk):
            if alive.size == 0:
                break
            ref = accepted[:, first : min(n_accepted, first + chunk)]
            alive = alive[~np.any(_weakly_above(ref, block[:, alive]), axis=1)]
        if alive.size > 1:
            sub = block[:, alive]
            # ge[a, b]: row b >= row a everywhere; rows are distinct, so that is domination.
            ge = _weakly_above(sub, sub)
            np.fill_diagonal(ge, False)
            alive = alive[~np.any(ge, axis=1)]
        accepted[:, n_accepted : n_accepted + alive.size] = block[:, alive]
        n_accepted += alive.size
        kept.append(order[start + alive])
    if not kept:
        return np.empty(0, dtype=np.intp)
    return np.sort(np.concatenate(kept))


def nondominated_rows(
    grid: NDArray[np.int64], *, deadline: float | None = None
) -> NDArray[np.intp]:
    """Ascending indexes of the rows of ``grid`` that are non-dominated, one per distinct vector.

    Among equal vectors the row with the smallest index is kept, so feeding packages in
    lexicographic order keeps the lexicographically smallest package of each vector.
    Raises :class:`OutOfTime` once ``deadline`` (a ``time.perf_counter()`` value) passes.
    """
    if grid.shape[0] == 0:
        return np.empty(0, dtype=np.intp)
    if grid.shape[1] == 2:
        return keep_two_parties(grid)
    if grid.shape[1] == 3 and grid.shape[0] > _DIVIDE_FROM:
        return keep_three_parties(grid, deadline)
    return keep_many_parties(grid, deadline)
