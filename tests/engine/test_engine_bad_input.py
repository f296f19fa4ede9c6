"""Every kind of bad input gives its documented EngineError subclass and a human message."""

from __future__ import annotations

import math

import pytest

from wasit.engine import (
    Domain,
    DomainError,
    EngineError,
    Issue,
    Preferences,
    Scenario,
    ShapeMismatchError,
    ValueRangeError,
    WeightSumError,
)


def test_an_issue_with_no_options_is_refused() -> None:
    with pytest.raises(DomainError, match="Issue 'price' has no options"):
        Issue("price", ())


def test_duplicate_options_and_issue_names_are_refused() -> None:
    with pytest.raises(DomainError, match="lists the same option twice"):
        Issue("price", ("a", "a"))
    with pytest.raises(DomainError, match="same name"):
        Domain((Issue("x", ("a", "b")), Issue("x", ("c", "d"))))


def test_a_domain_without_issues_is_refused() -> None:
    with pytest.raises(DomainError, match="at least one issue"):
        Domain(())


def test_weights_far_from_summing_to_one_are_refused_not_normalised() -> None:
    with pytest.raises(WeightSumError, match=r"weights sum to 0\.9, not 1.*only rounding slips"):
        Preferences("a", (0.5, 0.4), ((0.0, 1.0), (1.0, 0.0)), reservation=0.0)
    with pytest.raises(WeightSumError, match="sum to 1.0101"):
        Preferences("a", (0.5, 0.5101), ((0.0, 1.0), (1.0, 0.0)), reservation=0.0)


def test_float_noise_in_the_weights_is_kept_as_given_without_a_note() -> None:
    prefs = Preferences("a", (0.1, 0.2, 0.7), ((1.0,), (1.0,), (1.0,)), reservation=0.0)
    assert prefs.weights == (0.1, 0.2, 0.7)
    assert prefs.weight_note is None


def test_a_rounding_slip_is_divided_out_and_the_note_shows_the_real_sum() -> None:
    prefs = Preferences("a", (0.5, 0.5001), ((0.0, 1.0), (1.0, 0.0)), reservation=0.0)
    assert math.isclose(sum(prefs.weights), 1.0, abs_tol=1e-12)
    assert prefs.weight_note is not None
    assert "sum to 1.0001, not 1" in prefs.weight_note and "divided by that sum" in prefs.weight_note


def test_explicit_normalisation_divides_by_the_sum() -> None:
    prefs = Preferences.with_normalised_weights("a", (2, 2), ((0.0, 1.0), (1.0, 0.0)), 0.1)
    assert prefs.weights == (0.5, 0.5)
    with pytest.raises(WeightSumError, match="sum to 0"):
        Preferences.with_normalised_weights("a", (0, 0), ((0.0,), (1.0,)), 0.0)


@pytest.mark.parametrize(
    ("weights", "values", "reservation", "message"),
    [
        ((1.2, -0.2), ((0.0,), (0.0,)), 0.0, "weight of issue #1 is greater than 1"),
        ((1.0, 0.0), ((-0.5,), (0.0,)), 0.0, "value of option #1 of issue #1 is negative"),
        ((1.0, 0.0), ((0.5,), (1.5,)), 0.0, "value of option #1 of issue #2 is greater than 1"),
        ((1.0, 0.0), ((0.5,), (math.nan,)), 0.0, "must be a finite number"),
        ((1.0, 0.0), ((0.5,), (0.5,)), -0.1, "reservation value is negative"),
        ((1.0, 0.0), ((0.5,), (0.5,)), 1.1, "reservation value is greater than 1"),
    ],
)
def test_out_of_range_numbers_are_refused(
    weights: tuple[float, ...],
    values: tuple[tuple[float, ...], ...],
    reservation: float,
    message: str,
) -> None:
    with pytest.raises(ValueRangeError, match=message):
        Preferences("a", weights, values, reservation)


def test_mismatched_sizes_are_refused() -> None:
    with pytest.raises(ShapeMismatchError, match="2 weights but values for 1 issues"):
        Preferences("a", (0.5, 0.5), ((0.0, 1.0),), reservation=0.0)
    domain = Domain((Issue("x", ("a", "b", "c")),))
    good = Preferences("good", (1.0,), ((0.0, 0.5, 1.0),), reservation=0.0)
    short = Preferences("short", (1.0,), ((0.0, 1.0),), reservation=0.0)
    with pytest.raises(ShapeMismatchError, match="gives 2 values for issue 'x', which has 3"):
        Scenario(domain, (good, short))
    two_issues = Preferences("two", (0.5, 0.5), ((0.0, 0.5, 1.0), (1.0,)), reservation=0.0)
    with pytest.raises(ShapeMismatchError, match="preferences for 2 issues but the domain has 1"):
        Scenario(domain, (good, two_issues))
    with pytest.raises(ShapeMismatchError, match="at least two parties"):
        Scenario(domain, (good,))


def test_the_reservation_value_is_required() -> None:
    with pytest.raises(TypeError):
        Preferences("a", (1.0,), ((1.0,),))  # type: ignore[call-arg]


def test_every_engine_error_is_a_value_error_with_a_message() -> None:
    with pytest.raises(EngineError) as info:
        Issue("x", ())
    assert isinstance(info.value, ValueError)
    assert str(info.value).endswith(".")
