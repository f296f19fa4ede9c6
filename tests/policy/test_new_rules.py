"""The rules the live stream and the score pages ask, so that they decide nothing themselves."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from wasit import policy
from wasit.policy import ANONYMOUS, viewer_for


@pytest.mark.parametrize(("persona", "allowed", "visible"), [
    ("mediator", True, True), ("us_head", True, True), ("ir_observer", True, True),
    ("outsider", False, False), ("operator", False, False)])
def test_only_a_seat_at_the_talks_opens_its_live_stream(
    cast: Cast, persona: str, allowed: bool, visible: bool
) -> None:
    decision = policy.can_follow(viewer_for(cast.user(persona)), cast.talks.pk)
    assert (decision.allowed, decision.visible) == (allowed, visible)
    assert not policy.can_follow(viewer_for(cast.user(persona)), cast.other_talks.pk).visible
    assert not policy.can_follow(ANONYMOUS, cast.talks.pk).allowed


@pytest.mark.parametrize(("persona", "allowed"), [
    ("mediator", False), ("co_mediator", False), ("us_head", True), ("us_observer", True),
    ("ir_head", None), ("outsider", None)])
def test_a_receipt_comes_from_a_recipient_of_the_room_never_a_mediator(
    cast: Cast, persona: str, allowed: bool | None
) -> None:
    """None: the room is hidden from the persona altogether (404)."""
    decision = policy.can(viewer_for(cast.user(persona)), "acknowledge", cast.rooms["us"])
    assert (decision.allowed, decision.visible) == ((allowed, True) if allowed is not None else (False, False))


@pytest.mark.parametrize(("persona", "allowed", "visible"), [
    ("mediator", False, True), ("co_mediator", False, True), ("us_head", True, True),
    ("ir_interpreter", True, True), ("outsider", False, False)])
def test_only_a_delegation_has_its_own_scores_page(
    cast: Cast, persona: str, allowed: bool, visible: bool
) -> None:
    decision = policy.can(viewer_for(cast.user(persona)), "keep_own_scores", cast.talks)
    assert (decision.allowed, decision.visible) == (allowed, visible)
