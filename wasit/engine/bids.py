"""Blind bids: two sealed figures that settle when close enough, and reveal nothing otherwise.

The numeric special case of sealed conditional offers, as double-blind bidding services
(Cybersettle, Smartsettle) run it. In each round the *claimant* submits a sealed demand
(what it asks) and the *respondent* a sealed offer (what it gives). With ``D`` the demand,
``O`` the offer and ``G`` the gap the talks set (:class:`BidTerms`):

* the round **settles** when ``O >= D - G``: the figures cross (``O >= D``) or fall within
  the gap. The boundary is inclusive: an offer exactly ``G`` below the demand settles.
  ``G`` is ``gap_percent`` per cent of ``|D|``, or ``gap_amount``, or the larger of the
  two when both are set ("within 30% or 5,000"), or 0 when neither is (only crossing
  figures settle);
* the settlement amount follows ``rule``: ``midpoint`` (the default) is ``(D + O) / 2``,
  ``demand`` is ``D`` and ``offer`` is ``O``, the same rule whether the figures cross or
  fall within the gap. Arithmetic is exact (``Decimal``; a midpoint has at most one more
  decimal place than the figures);
* otherwise there is **no agreement this round**, and neither side learns anything about
  the other's figure beyond that fact.

:func:`settle_round` returns a :class:`RoundOutcome` holding only what both sides may
learn: the round, whether it settled and at what amount, and how many rounds are left.
It never holds either figure (after a settlement, each side can of course compute the
other's figure from the amount under the ``midpoint`` rule, or knows it under the
``demand``/``offer`` rule: that is inherent in announcing the amount).

Figures are exact numbers (``int``, decimal ``str`` or ``Decimal``); floats, NaN,
infinities, more than :data:`~wasit.engine.matching.MAX_DIGITS` significant digits and
magnitudes of 10^18 or more are refused, and so are negative figures unless the talks
allow them (``allow_negative``, e.g. for a number of days relative to a deadline).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from wasit.engine.errors import BidError
from wasit.engine.matching import exact_decimal, plain_decimal

#: The most rounds the terms may allow (a sanity limit; talks use a handful).
MAX_ROUNDS = 100

# Enough precision for any exact sum or product of two accepted figures.
_EXACT = decimal.Context(prec=80, traps=[decimal.Inexact, decimal.InvalidOperation])


class SettlementRule(StrEnum):
    """Where a settled round closes."""

    MIDPOINT = "midpoint"
    DEMAND = "demand"
    OFFER = "offer"


@dataclass(frozen=True)
class BidTerms:
    """What the talks set for blind bids (see the module docstring for the rule).

    ``rounds``: how many rounds of bids at most (1 to :data:`MAX_ROUNDS`).
    ``gap_percent``: the gap as a percentage (0 to 100) of the demand's absolute value.
    ``gap_amount``: the gap as a fixed amount (zero or more), in the figures' unit.
    """

    rounds: int = 3
    gap_percent: Decimal | None = None
    gap_amount: Decimal | None = None
    rule: SettlementRule = SettlementRule.MIDPOINT
    allow_negative: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, int):
            raise BidError(f"The number of rounds must be a whole number, not {self.rounds!r}.")
        if not 1 <= self.rounds <= MAX_ROUNDS:
            raise BidError(f"The number of rounds must lie between 1 and {MAX_ROUNDS}, not {self.rounds}.")
        if self.gap_percent is not None:
            percent = exact_decimal(self.gap_percent, "The gap percentage", error=BidError)
            if percent > 100:
                raise BidError(f"The gap percentage is {percent}; it must lie between 0 and 100.")
            object.__setattr__(self, "gap_percent", percent)
        if self.gap_amount is not None:
            amount = exact_decimal(self.gap_amount, "The gap amount", error=BidError)
            object.__setattr__(self, "gap_amount", amount)
        try:
            object.__setattr__(self, "rule", SettlementRule(self.rule))
        except ValueError:
            names = ", ".join(rule.value for rule in SettlementRule)
            raise BidError(f"Unknown settlement rule {self.rule!r}; use one of {names}.") from None

    def gap(self, demand: Decimal) -> Decimal:
        """The gap for this demand: the larger of the percentage and the fixed amount."""
        gap = Decimal(0)
        if self.gap_percent is not None:
            gap = _EXACT.divide(_EXACT.multiply(abs(demand), self.gap_percent), Decimal(100))
        if self.gap_amount is not None:
            gap = max(gap, self.gap_amount)
        return gap


@dataclass(frozen=True)
class RoundOutcome:
    """What both sides learn from one round: never either figure.

    ``amount`` is the settlement amount when ``settled``, else ``None``; ``rounds_left``
    is how many rounds may still be bid (0 after a settlement or after the last round).
    """

    round_number: int
    settled: bool
    amount: Decimal | None
    rounds_left: int

    @property
    def final(self) -> bool:
        """Whether the bidding is over (settled, or no round left)."""
        return self.rounds_left == 0


def check_bid(terms: BidTerms, figure: object, who: str) -> Decimal:
    """The figure as an exact Decimal, or :class:`BidError` (for validation at submission).

    ``who`` names the bid in the message ("The claimant's demand").
    """
    return exact_decimal(figure, who, error=BidError, allow_negative=terms.allow_negative)


def settle_round(
    terms: BidTerms, round_number: int, demand: object, offer: object
) -> RoundOutcome:
    """Settle one round of blind bids, or say there is no agreement this round.

    ``round_number`` counts from 1; a round beyond ``terms.rounds`` is refused, as is any
    malformed figure (before anything is compared).
    """
    if isinstance(round_number, bool) or not isinstance(round_number, int):
        raise BidError(f"The round number must be a whole number, not {round_number!r}.")
    if not 1 <= round_number <= terms.rounds:
        raise BidError(
            f"Round {round_number} is not allowed: the talks set {terms.rounds} round"
            f"{'s' if terms.rounds != 1 else ''} of blind bids, counted from 1."
        )
    asked = check_bid(terms, demand, "The claimant's demand")
    given = check_bid(terms, offer, "The respondent's offer")
    if given >= _EXACT.subtract(asked, terms.gap(asked)):
        if terms.rule is SettlementRule.DEMAND:
            amount = asked
        elif terms.rule is SettlementRule.OFFER:
            amount = given
        else:
            amount = _EXACT.divide(_EXACT.add(asked, given), Decimal(2))
        return RoundOutcome(round_number, True, plain_decimal(amount), 0)
    return RoundOutcome(round_number, False, None, terms.rounds - round_number)

