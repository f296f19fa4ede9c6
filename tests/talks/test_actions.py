"""Actions change state, record one event with the right audience, or change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Round, RoundFormat, RoundStatus


def _open_round(cast: Cast) -> Round:
    return cast.rounds[2]  # postponed, still open


def test_postponing_needs_a_reason_and_changes_nothing_without_one(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    r = cast.rounds[3]
    before = Event.objects.count()
    r.refresh_from_db()
    # round 4 is held: closed. Schedule a fresh one to postpone.
    new = actions.schedule_round(lead, cast.talks, title=LocalText(en="Next"), venue=LocalText(en="Muscat"),
                                 starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 1),
                                 format=RoundFormat.PROXIMITY)
    before = Event.objects.count()
    with pytest.raises(ActionRefused) as refused:
        actions.change_round_status(lead, new, status=RoundStatus.POSTPONED, reason="  ",
                                    rescheduled_to=dt.date(2025, 4, 1))
    assert refused.value.field == "reason"
    new.refresh_from_db()
    assert new.status == RoundStatus.PLANNED
    assert Event.objects.count() == before


def test_postponed_round_records_reason_and_new_date_for_everyone(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    new = actions.schedule_round(lead, cast.talks, title=LocalText(en="Next"), venue=LocalText(ar="مسقط"),
                                 starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2),
                                 format=RoundFormat.PROXIMITY)
    actions.change_round_status(lead, new, status=RoundStatus.POSTPONED, reason="Delegation delayed",
                                rescheduled_to=dt.date(2025, 4, 1))
    event = Event.objects.order_by("-id").first()
    assert event is not None
    assert event.kind == "talks.round_status_changed"
    assert event.payload["reason"] == "Delegation delayed"
    assert event.payload["rescheduled_to"] == "2025-04-01"
    assert event.audience == " all "
    assert event.actor_id == cast.user("mediator").pk


def test_party_member_cannot_change_a_round(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        actions.change_round_status(viewer_for(cast.user("us_head")), _open_round(cast),
                                    status=RoundStatus.CANCELLED, reason="We refuse")
    assert Round.objects.get(pk=_open_round(cast).pk).status == RoundStatus.POSTPONED


def test_outsider_changing_a_round_is_told_it_does_not_exist(cast: Cast) -> None:
    with pytest.raises(NotFound):
        actions.change_round_status(viewer_for(cast.user("outsider")), _open_round(cast),
                                    status=RoundStatus.CANCELLED, reason="x")


def test_a_closed_round_cannot_be_reopened(cast: Cast) -> None:
    with pytest.raises(ActionRefused):
        actions.change_round_status(viewer_for(cast.user("mediator")), cast.rounds[0],
                                    status=RoundStatus.POSTPONED, reason="x",
                                    rescheduled_to=dt.date(2026, 1, 1))


@pytest.mark.parametrize(("starts", "ends", "field"), [
    (dt.date(2025, 3, 2), dt.date(2025, 3, 1), "ends_on"),
    (dt.date(2025, 1, 1), dt.date(2025, 6, 1), "ends_on"),
    (dt.date(2204, 1, 1), dt.date(2204, 1, 1), "starts_on"),
])
def test_out_of_range_round_dates_are_refused(cast: Cast, starts: dt.date, ends: dt.date, field: str) -> None:
    before = Round.objects.count()
    with pytest.raises(ActionRefused) as refused:
        actions.schedule_round(viewer_for(cast.user("mediator")), cast.talks, title=LocalText(en="x"),
                               venue=LocalText(en="Muscat"), starts_on=starts, ends_on=ends,
                               format=RoundFormat.DIRECT)
    assert refused.value.field == field
    assert Round.objects.count() == before


def test_delegation_seat_event_is_seen_by_that_party_and_the_mediators_only(cast: Cast) -> None:
    (seat_event,) = [e for e in Event.objects.filter(kind="talks.member_seated")
                     if e.payload["user_id"] == cast.user("ir_member").pk]
    assert set(seat_event.audience.split()) == {"mediators", f"party:{cast.parties['ir'].pk}"}


def test_a_rolled_back_action_leaves_no_event(cast: Cast) -> None:
    from django.db import transaction

    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.change_round_status(viewer_for(cast.user("mediator")), _open_round(cast),
                                    status=RoundStatus.CANCELLED, reason="x")
        raise RuntimeError("boom")
    assert Event.objects.count() == before
