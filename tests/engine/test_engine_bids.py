"""Blind bids: settle when the figures cross or fall within the gap, else reveal nothing."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasit.engine.bids import BidTerms, RoundOutcome, SettlementRule, check_bid, settle_round
from wasit.engine.errors import BidError, EngineError


def test_crossing_figures_settle_at_the_midpoint_by_default() -> None:
    outcome = settle_round(BidTerms(), 1, demand="900000", offer="1000000")
    assert outcome == RoundOutcome(1, True, Decimal("950000"), 0)
    assert outcome.final


def test_equal_figures_settle_at_that_figure() -> None:
    assert settle_round(BidTerms(), 1, 500, 500).amount == Decimal(500)


def test_without_a_gap_figures_that_do_not_cross_do_not_settle() -> None:
    outcome = settle_round(BidTerms(rounds=3), 1, demand="100.01", offer="100")
    assert outcome == RoundOutcome(1, False, None, 2)
    assert not outcome.final


def test_exactly_at_the_percentage_gap_settles_and_a_cent_beyond_does_not() -> None:
    terms = BidTerms(gap_percent=Decimal(10))
    assert settle_round(terms, 1, demand=1000, offer=900).amount == Decimal(950)
    assert not settle_round(terms, 1, demand=1000, offer="899.99").settled


def test_exactly_at_the_fixed_gap_settles_and_a_cent_beyond_does_not() -> None:
    terms = BidTerms(gap_amount=Decimal(5000))
    assert settle_round(terms, 1, demand=50000, offer=45000).settled
    assert not settle_round(terms, 1, demand=50000, offer="44999.99").settled


def test_with_both_gaps_the_larger_one_applies() -> None:
    """'Within 30% or 5,000': 30% of 10,000 is 3,000, so the 5,000 applies; 30% of 100,000
    is 30,000, which applies."""
    terms = BidTerms(gap_percent=Decimal(30), gap_amount=Decimal(5000))
    assert settle_round(terms, 1, demand=10000, offer=5000).settled
    assert not settle_round(terms, 1, demand=10000, offer=4999).settled
    assert settle_round(terms, 1, demand=100000, offer=70000).settled
    assert not settle_round(terms, 1, demand=100000, offer=69999).settled


@pytest.mark.parametrize(
    ("rule", "amount"),
    [(SettlementRule.MIDPOINT, "95"), (SettlementRule.DEMAND, "100"), (SettlementRule.OFFER, "90")],
)
def test_the_settlement_rule_sets_the_amount(rule: SettlementRule, amount: str) -> None:
    terms = BidTerms(gap_percent=Decimal(10), rule=rule)
    assert settle_round(terms, 1, 100, 90).amount == Decimal(amount)


def test_a_rule_may_be_given_by_name() -> None:
    terms = BidTerms(rule="demand")  # type: ignore[arg-type]
    assert terms.rule is SettlementRule.DEMAND
    with pytest.raises(BidError, match="Unknown settlement rule 'median'"):
        BidTerms(rule="median")  # type: ignore[arg-type]


def test_arithmetic_is_exact_decimal() -> None:
    """0.1 + 0.2 is 0.3 here, and a midpoint keeps its half cent."""
    assert settle_round(BidTerms(), 1, "0.1", "0.2").amount == Decimal("0.15")
    assert settle_round(BidTerms(), 1, "100.01", "100.02").amount == Decimal("100.015")
    huge = "999999999999999999"  # 18 digits: the largest accepted
    assert settle_round(BidTerms(), 1, huge, huge).amount == Decimal(huge)
    # A 33.3...% gap is computed exactly, not rounded to settle a near miss.
    terms = BidTerms(gap_percent=Decimal("33.333333333333333"))
    assert settle_round(terms, 1, 3, "2.00000000000000001").settled
    assert not settle_round(terms, 1, 3, 2).settled  # floats would round the gap up to 1


def test_rounds_are_counted_and_a_round_beyond_the_last_is_refused() -> None:
    terms = BidTerms(rounds=2)
    assert settle_round(terms, 1, 200, 100).rounds_left == 1
    last = settle_round(terms, 2, 200, 100)
    assert last.rounds_left == 0 and last.final and not last.settled
    with pytest.raises(BidError, match="Round 3 is not allowed: the talks set 2 rounds"):
        settle_round(terms, 3, 200, 100)
    with pytest.raises(BidError, match="Round 0"):
        settle_round(terms, 0, 200, 100)


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("NaN", "finite"),
        ("-Infinity", "finite"),
        (float("nan"), "exact number"),
        (100.5, "exact number"),
        ("1" * 100, "100 characters"),
        ("1.2345678901234567891", "20 significant digits"),
        ("1e18", "out of range"),
        ("-5", "negative"),
        ("five", "not a number"),
        (None, "must be a number"),
    ],
)
def test_malformed_figures_are_refused_before_anything_is_compared(figure: object, message: str) -> None:
    with pytest.raises(BidError, match=f"The claimant's demand.*{message}"):
        settle_round(BidTerms(), 1, figure, 100)
    with pytest.raises(BidError, match=f"The respondent's offer.*{message}"):
        settle_round(BidTerms(), 1, 100, figure)


def test_negative_figures_are_accepted_when_the_talks_allow_them() -> None:
    terms = BidTerms(allow_negative=True, gap_percent=Decimal(50))
    assert check_bid(terms, "-10", "A bid") == Decimal(-10)
    # The gap is a percentage of the demand's size: -10 +/- 5.
    assert settle_round(terms, 1, -10, -15).amount == Decimal("-12.5")
    assert not settle_round(terms, 1, -10, "-15.01").settled


def test_malformed_terms_are_refused() -> None:
    with pytest.raises(BidError, match="between 1 and 100"):
        BidTerms(rounds=0)
    with pytest.raises(BidError, match="whole number"):
        BidTerms(rounds=2.0)  # type: ignore[arg-type]
    with pytest.raises(BidError, match="between 0 and 100"):
        BidTerms(gap_percent=Decimal(101))
    with pytest.raises(BidError, match="negative"):
        BidTerms(gap_amount=Decimal(-1))
    assert issubclass(BidError, EngineError)


def test_the_outcome_carries_no_figure() -> None:
    """What both sides learn: the round, settled or not, the amount, the rounds left."""
    assert [f.name for f in fields(RoundOutcome)] == ["round_number", "settled", "amount", "rounds_left"]
    outcome = settle_round(BidTerms(), 1, demand="777777", offer="123456")
    assert "777777" not in repr(outcome) and "123456" not in repr(outcome)


figures = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figures, figures, st.sampled_from([None, Decimal(0), Decimal(5), Decimal("12.5")]),
       st.sampled_from(list(SettlementRule)))
def test_settlement_follows_the_stated_rule(
    demand: Decimal, offer: Decimal, percent: Decimal | None, rule: SettlementRule
) -> None:
    """Settles iff offer >= demand - gap; the amount lies between the two figures."""
    terms = BidTerms(gap_percent=percent, rule=rule)
    outcome = settle_round(terms, 1, demand, offer)
    gap = demand * (percent or 0) / 100
    assert outcome.settled == (offer >= demand - gap)
    if outcome.settled:
        assert outcome.amount is not None
        assert min(demand, offer) <= outcome.amount <= max(demand, offer)
    else:
        assert outcome.amount is None
