"""Adjusted Winner (Brams and Taylor) for two parties and divisible items.

Each party spreads the same budget of points over the items (100 is customary; any
positive budget works, 200 or 1000 alike, as long as both parties have the same one).
The procedure:

1. Every item goes to the party that bids more points on it.
2. **Ties** (equal bids, including an item both bid 0 on) go to the party that *trails*
   after step 1, as Brams and Taylor prescribe. When neither trails (equal totals), no rule
   that ignores which party is listed first can hand a tied item to one of them, so each
   tied item is shared half and half (``shared_ties``); both totals stay equal.
3. The *winner* is the party with more points; if both have the same total we stop.
4. The winner's items are transferred to the loser in increasing order of the ratio
   winner_points / loser_points (an item the loser values at 0 comes last; equal ratios go
   in item order, which is the same whoever is listed first), whole items as long as the
   winner stays at or above the loser, and then the one item that would overshoot is
   *split* so that both totals become equal.

The result does not depend on which party is listed first: swapping the parties (names
and points) swaps their shares, item by item (a property test checks it on thousands of
random tables with ties). All arithmetic uses :class:`fractions.Fraction`, so totals like
56⅔ are exact. The result is envy-free, equitable and efficient for the stated points
(Brams & Taylor 1996).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wasit.engine.errors import AdjustedWinnerError

Points = int | Fraction

#: The customary budget; any budget is accepted as long as both parties use the same one.
TOTAL_POINTS = 100


@dataclass(frozen=True)
class AdjustedWinnerResult:
    """Outcome of Adjusted Winner.

    ``share_a[k]`` is the fraction of item ``k`` that goes to ``party_a`` (the rest goes to
    ``party_b``). ``split_item`` is the index of the item that was divided, or ``None`` when
    no item had to be split. ``initial_winner`` is the party that had more points after the
    first assignment, ties included (``None`` if that was already a tie). ``shared_ties``
    are the tied items shared half and half because neither party trailed. ``budget`` is
    the number of points each party spread.
    """

    items: tuple[str, ...]
    party_a: str
    party_b: str
    share_a: tuple[Fraction, ...]
    points_a: Fraction
    points_b: Fraction
    split_item: int | None
    initial_winner: str | None
    shared_ties: tuple[int, ...] = ()
    budget: Fraction = Fraction(TOTAL_POINTS)

    def share_b(self, item: int) -> Fraction:
        """Fraction of item ``item`` that goes to ``party_b``."""
        return 1 - self.share_a[item]


def _as_points(raw: Sequence[Points | str], who: str, n_items: int) -> list[Fraction]:
    """Validate one party's allocation: n_items non-negative exact numbers, positive sum."""
    if len(raw) != n_items:
        raise AdjustedWinnerError(
            f"{who} gives points for {len(raw)} items but there are {n_items} items."
        )
    points: list[Fraction] = []
    for k, value in enumerate(raw):
        if isinstance(value, float):
            raise AdjustedWinnerError(
                f"{who}: points must be exact (int, Fraction or a string like '12.5'), "
                f"got the float {value!r} for item #{k + 1}."
            )
        try:
            number = Fraction(value)
        except (TypeError, ValueError, ZeroDivisionError):
            raise AdjustedWinnerError(
                f"{who}: {value!r} is not a number (item #{k + 1})."
            ) from None
        if number < 0:
            raise AdjustedWinnerError(f"{who}: points for item #{k + 1} are negative ({number}).")
        points.append(number)
    if sum(points, Fraction(0)) <= 0:
        raise AdjustedWinnerError(f"{who} gives no points at all; spread the budget over the items.")
    return points


def _check_budgets(
    a: list[Fraction], b: list[Fraction], party_a: str, party_b: str, budget: Points | None
) -> Fraction:
    """Both parties must spread the same budget (``budget`` when given)."""
    total_a, total_b = sum(a, Fraction(0)), sum(b, Fraction(0))
    if budget is not None:
        for who, total in ((party_a, total_a), (party_b, total_b)):
            if total != budget:
                raise AdjustedWinnerError(
                    f"{who}'s points add up to {total}, but each party must spread exactly "
                    f"{budget} points over the items."
                )
    if total_a != total_b:
        raise AdjustedWinnerError(
            f"{party_a}'s points add up to {total_a} but {party_b}'s add up to {total_b}; "
            "both parties must spread the same number of points (100, 200, ... alike)."
        )
    return total_a


def adjusted_winner(
    items: Sequence[str],
    points_a: Sequence[Points | str],
    points_b: Sequence[Points | str],
    *,
    party_a: str = "A",
    party_b: str = "B",
    budget: Points | None = None,
) -> AdjustedWinnerResult:
    """Run Adjusted Winner (see the module docstring for the rules and the tie rule).

    ``budget``, when given, is the number of points each party must spread; otherwise any
    budget is accepted as long as both parties spread the same number of points.
    """
    names = tuple(items)
    if not names:
        raise AdjustedWinnerError("Adjusted Winner needs at least one item.")
    if len(set(names)) != len(names):
        raise AdjustedWinnerError("Two items have the same name.")
    if party_a == party_b:
        raise AdjustedWinnerError("The two parties need different names.")
    a = _as_points(points_a, party_a, len(names))
    b = _as_points(points_b, party_b, len(names))
    spread = _check_budgets(a, b, party_a, party_b, budget)
    n = len(names)

    share: list[Fraction] = [Fraction(1) if a[k] > b[k] else Fraction(0) for k in range(n)]
    ties = [k for k in range(n) if a[k] == b[k]]
    total_a = sum((a[k] for k in range(n) if a[k] > b[k]), Fraction(0))
    total_b = sum((b[k] for k in range(n) if b[k] > a[k]), Fraction(0))
    shared: tuple[int, ...] = ()
    if total_a == total_b:
        # Nobody trails: halves keep the totals equal and favour neither listing position.
        shared = tuple(ties)
        for k in ties:
            share[k] = Fraction(1, 2)
            total_a += a[k] / 2
            total_b += b[k] / 2
    else:
        a_trails = total_a < total_b
        for k in ties:
            share[k] = Fraction(1) if a_trails else Fraction(0)
            if a_trails:
                total_a += a[k]
            else:
                total_b += b[k]
    if total_a == total_b:
        return AdjustedWinnerResult(
            names, party_a, party_b, tuple(share), total_a, total_b, None, None, shared, spread
        )

    a_wins = total_a > total_b
    win_pts, lose_pts = (a, b) if a_wins else (b, a)
    winner_owns = Fraction(1) if a_wins else Fraction(0)
    owned = [k for k in range(n) if share[k] == winner_owns]

    def ratio_key(k: int) -> tuple[int, Fraction, int]:
        # Items the loser values at 0 can never help it: they go last (infinite ratio).
        if lose_pts[k] == 0:
            return (1, Fraction(0), k)
        return (0, win_pts[k] / lose_pts[k], k)

    win_total, lose_total = (total_a, total_b) if a_wins else (total_b, total_a)
    split_item: int | None = None
    for k in sorted(owned, key=ratio_key):
        if win_total - win_pts[k] >= lose_total + lose_pts[k]:
            win_total -= win_pts[k]
            lose_total += lose_pts[k]
            share[k] = 1 - share[k]
            if win_total == lose_total:
                break
            continue
        # Split item k: the winner keeps fraction p with
        # (win_total - w) + p*w == lose_total + (1 - p)*l.
        w, lose = win_pts[k], lose_pts[k]
        keep = (lose_total + lose - (win_total - w)) / (w + lose)
        win_total = win_total - w + keep * w
        lose_total = lose_total + (1 - keep) * lose
        share[k] = keep if a_wins else 1 - keep
        split_item = k
        break

    points_a_final, points_b_final = (win_total, lose_total) if a_wins else (lose_total, win_total)
    return AdjustedWinnerResult(
        items=names,
        party_a=party_a,
        party_b=party_b,
        share_a=tuple(share),
        points_a=points_a_final,
        points_b=points_b_final,
        split_item=split_item,
        initial_winner=party_a if a_wins else party_b,
        shared_ties=shared,
        budget=spread,
    )
