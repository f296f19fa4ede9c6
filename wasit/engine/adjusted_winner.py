"""Adjusted Winner (Brams and Taylor) for two parties and divisible items.

Each party spreads exactly 100 points over the items. The procedure:

1. Every item goes to the party that bids more points on it. **Tie rule:** an item with
   equal bids goes first to the first party (``party_a``). Its ratio is 1, the smallest a
   winner's item can have, so if that makes the first party the overall winner the tied
   items are the first ones handed back; the final result is equitable either way.
2. The *winner* is the party with more points; if both have the same total we stop.
3. The winner's items are transferred to the loser in increasing order of the ratio
   winner_points / loser_points (an item the loser values at 0 comes last; equal ratios go
   in the order the items were given), whole items as long as the winner stays at or
   above the loser, and then the one item that would overshoot is *split* so that both
   totals become equal.

All arithmetic uses :class:`fractions.Fraction`, so totals like 56⅔ are exact. The result
is envy-free, equitable and efficient for the stated points (Brams & Taylor 1996).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wasit.engine.errors import AdjustedWinnerError

Points = int | Fraction

#: Each party's points must add up to exactly this.
TOTAL_POINTS = 100


@dataclass(frozen=True)
class AdjustedWinnerResult:
    """Outcome of Adjusted Winner.

    ``share_a[k]`` is the fraction of item ``k`` that goes to ``party_a`` (the rest goes to
    ``party_b``). ``split_item`` is the index of the item that was divided, or ``None`` when
    no item had to be split. ``initial_winner`` is the party that had more points after the
    first assignment (``None`` if that was already a tie).
    """

    items: tuple[str, ...]
    party_a: str
    party_b: str
    share_a: tuple[Fraction, ...]
    points_a: Fraction
    points_b: Fraction
    split_item: int | None
    initial_winner: str | None

    def share_b(self, item: int) -> Fraction:
        """Fraction of item ``item`` that goes to ``party_b``."""
        return 1 - self.share_a[item]


def _as_points(raw: Sequence[Points | str], who: str, n_items: int) -> list[Fraction]:
    """Validate one party's allocation: n_items non-negative exact numbers summing to 100."""
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
    total = sum(points, Fraction(0))
    if total != TOTAL_POINTS:
        raise AdjustedWinnerError(
            f"{who}'s points add up to {total}, but each party must spread exactly "
            f"{TOTAL_POINTS} points over the items."
        )
    return points


def adjusted_winner(
    items: Sequence[str],
    points_a: Sequence[Points | str],
    points_b: Sequence[Points | str],
    *,
    party_a: str = "A",
    party_b: str = "B",
) -> AdjustedWinnerResult:
    """Run Adjusted Winner (see the module docstring for the rules and the tie rule)."""
    names = tuple(items)
    if not names:
        raise AdjustedWinnerError("Adjusted Winner needs at least one item.")
    if len(set(names)) != len(names):
        raise AdjustedWinnerError("Two items have the same name.")
    a = _as_points(points_a, party_a, len(names))
    b = _as_points(points_b, party_b, len(names))

    share = [Fraction(1) if a[k] >= b[k] else Fraction(0) for k in range(len(names))]
    total_a = sum((a[k] for k in range(len(names)) if share[k] == 1), Fraction(0))
    total_b = sum((b[k] for k in range(len(names)) if share[k] == 0), Fraction(0))
    if total_a == total_b:
        return AdjustedWinnerResult(
            names, party_a, party_b, tuple(share), total_a, total_b, None, None
        )

    a_wins = total_a > total_b
    win_pts, lose_pts = (a, b) if a_wins else (b, a)
    winner_owns = 1 if a_wins else 0
    owned = [k for k in range(len(names)) if share[k] == winner_owns]

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
    )
