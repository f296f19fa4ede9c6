"""Unseating a member and changing a delegation member's role: only the lead
mediator may, one event records it, and the person's access follows at once."""

from __future__ import annotations

import pytest

from tests.personas import Cast
from wasit import policy
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for
from wasit.talks import actions
from wasit.talks.models import Membership, Role


def test_an_unseated_member_sees_nothing_more_of_the_talks(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    actions.unseat_member(lead, cast.seat_of("us_member"))
    viewer = viewer_for(cast.user("us_member"))
    assert viewer.seat(cast.talks.pk) is None
    assert not policy.visible(viewer, Event).filter(talks=cast.talks).exists()
    with pytest.raises(NotFound):
        policy.require(viewer, "view", cast.rooms["us"])


def test_unseating_records_one_event_seen_by_that_party_and_the_mediators_only(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    before = Event.objects.count()
    actions.unseat_member(lead, cast.seat_of("us_member"))
    assert Event.objects.count() == before + 1
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "talks.member_unseated"
    assert event.payload["user_id"] == cast.user("us_member").pk
    assert policy.can(viewer_for(cast.user("us_head")), "view", event).allowed
    assert policy.can(viewer_for(cast.user("co_mediator")), "view", event).allowed
    assert not policy.can(viewer_for(cast.user("ir_head")), "view", event).allowed


@pytest.mark.parametrize(("persona", "error"), [
    ("co_mediator", Forbidden), ("us_head", Forbidden), ("outsider", NotFound),
])
def test_only_the_lead_mediator_may_unseat_or_change_a_role(cast: Cast, persona: str,
                                                            error: type[Exception]) -> None:
    before = Event.objects.count()
    actor = viewer_for(cast.user(persona))
    with pytest.raises(error):
        actions.unseat_member(actor, cast.seat_of("us_member"))
    with pytest.raises(error):
        actions.change_member_role(actor, cast.seat_of("us_member"), role=Role.OBSERVER)
    assert cast.seat_of("us_member").active
    assert cast.seat_of("us_member").role == Role.MEMBER
    assert Event.objects.count() == before


def test_the_lead_mediator_cannot_be_unseated_and_nobody_is_unseated_twice(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    with pytest.raises(ActionRefused):
        actions.unseat_member(lead, cast.seat_of("mediator"))
    seat = cast.seat_of("us_member")
    actions.unseat_member(lead, seat)
    before = Event.objects.count()
    with pytest.raises(ActionRefused):
        actions.unseat_member(lead, Membership.objects.get(pk=seat.pk))
    assert Event.objects.count() == before


def test_an_unseated_member_can_be_seated_again(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    seat = cast.seat_of("us_member")
    actions.unseat_member(lead, seat)
    again = actions.seat_member(lead, cast.talks, user_id=cast.user("us_member").pk, role=Role.EXPERT,
                                party=cast.parties["us"])
    assert again.pk == seat.pk and again.active and again.role == Role.EXPERT
    assert viewer_for(cast.user("us_member")).seat(cast.talks.pk) is not None


def test_a_member_made_observer_can_no_longer_post_in_the_caucus_room(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    assert policy.can(viewer_for(cast.user("us_member")), "post", cast.rooms["us"]).allowed
    actions.change_member_role(lead, cast.seat_of("us_member"), role=Role.OBSERVER)
    event = Event.objects.order_by("-id").first()
    assert event is not None and event.kind == "talks.member_role_changed"
    assert event.payload["previous_role"] == "member"
    with pytest.raises(Forbidden):
        policy.require(viewer_for(cast.user("us_member")), "post", cast.rooms["us"])


def test_a_delegation_seat_cannot_become_a_mediators_seat(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    with pytest.raises(ActionRefused):
        actions.change_member_role(lead, cast.seat_of("us_member"), role=Role.CO_MEDIATOR)
    with pytest.raises(ActionRefused):
        actions.change_member_role(lead, cast.seat_of("co_mediator"), role=Role.HEAD)
