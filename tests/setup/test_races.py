"""Two set-up requests at the same moment: one wins, the other gets a clear refusal, the rows stay whole.

Each test starts two threads, each with its own database connection, behind a
barrier, and repeats the race a few times so that it bites without the lock.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import Cast
from tests.races import race
from wasit.audit.models import Event
from wasit.caucus import actions as caucus
from wasit.caucus.models import Message, Room
from wasit.policy import ActionRefused, Forbidden, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Party, Round, RoundStatus, Talks

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 6
SOON = dt.date.today() + dt.timedelta(days=15)  # noqa: DTZ011


def one_wins(results: list[object], kind: type) -> None:
    assert sum(isinstance(r, kind) for r in results) == 1, results
    assert sum(isinstance(r, ActionRefused) for r in results) == 1, results


def test_two_identical_status_changes_at_once_record_one(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    for i in range(TRIES):
        status = "suspended" if i % 2 == 0 else "active"
        before = Event.objects.filter(kind="talks.status_changed").count()
        copies = [Talks.objects.get(pk=cast.talks.pk) for _ in range(2)]
        results = race(*[lambda t=t, s=status: actions.change_talks_status(
            lead, t, status=s, reason="Both at once.") for t in copies])
        one_wins(results, Talks)
        assert Event.objects.filter(kind="talks.status_changed").count() == before + 1
        last = Event.objects.filter(kind="talks.status_changed").latest("id")
        assert last.payload["previous_status"] != last.payload["status"]


def test_two_parties_with_one_code_at_once_add_one(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    for i in range(TRIES):
        code = f"g{i}"
        results = race(*[lambda n=n, c=code: actions.add_party(
            lead, Talks.objects.get(pk=cast.talks.pk), code=c, name=LocalText(en=f"Guarantor {n}"))
            for n in range(2)])
        one_wins(results, Party)
        assert Party.objects.filter(talks=cast.talks, code=code).count() == 1
        assert Room.objects.filter(party__code=code, party__talks=cast.talks).count() == 1


def test_two_renames_to_one_code_at_once_leave_codes_unique(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    for i in range(TRIES):
        code = f"x{i}"
        results = race(*[lambda p=cast.parties[side].pk, c=code: actions.rename_party(
            lead, Party.objects.get(pk=p), code=c) for side in ("us", "ir")])
        one_wins(results, Party)
        assert Party.objects.filter(talks=cast.talks, code=code).count() == 1


def test_two_closings_of_one_room_at_once_record_one(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    for _ in range(TRIES):
        results = race(lambda: caucus.close_room(lead, Room.objects.get(pk=cast.rooms["us"].pk)),
                       lambda: caucus.close_room(co, Room.objects.get(pk=cast.rooms["us"].pk)))
        one_wins(results, Room)
        caucus.reopen_room(lead, Room.objects.get(pk=cast.rooms["us"].pk))


def test_two_closings_of_one_joint_session_at_once_record_one(cast: Cast) -> None:
    from wasit.audit.models import Event

    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    for _ in range(TRIES):
        joint = caucus.open_joint_session(lead, Talks.objects.get(pk=cast.talks.pk), minutes=30)
        before = Event.objects.filter(kind="room.closed").count()
        results = race(lambda r=joint.pk: caucus.close_joint_session(lead, Room.objects.get(pk=r)),
                       lambda r=joint.pk: caucus.close_joint_session(co, Room.objects.get(pk=r)))
        one_wins(results, Room)
        assert Event.objects.filter(kind="room.closed").count() == before + 1


def test_new_dates_and_held_at_once_never_move_a_held_round(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    for i in range(TRIES):
        round_ = actions.schedule_round(lead, Talks.objects.get(pk=cast.talks.pk), title=LocalText(),
                                        venue=LocalText(en="Muscat"), starts_on=SOON, ends_on=SOON,
                                        format="proximity")
        new = SOON + dt.timedelta(days=1 + i)
        results = race(lambda r=round_.pk: actions.change_round_status(
                           lead, Round.objects.get(pk=r), status=RoundStatus.HELD),
                       lambda r=round_.pk, d=new: actions.edit_round(
                           co, Round.objects.get(pk=r), starts_on=d, ends_on=d))
        assert isinstance(results[0], Round), results
        round_.refresh_from_db()
        assert round_.status == RoundStatus.HELD
        if isinstance(results[1], ActionRefused):
            assert round_.starts_on == SOON  # held first: the dates stay
        else:  # moved first, then held: the log says so in that order
            assert round_.starts_on == new
            kinds = list(Event.objects.filter(kind__in=["talks.round_rescheduled", "talks.round_status_changed"])
                         .order_by("-id").values_list("kind", flat=True)[:2])
            assert kinds == ["talks.round_status_changed", "talks.round_rescheduled"]


def test_a_post_and_the_conclusion_at_once_never_post_after_it(cast: Cast) -> None:
    lead, head = viewer_for(cast.user("mediator")), viewer_for(cast.user("us_head"))
    for i in range(TRIES):
        from wasit.caucus import queries

        queries.forget_rooms()
        room = queries.get_room(head, cast.rooms["us"].pk)
        results = race(lambda: actions.change_talks_status(lead, Talks.objects.get(pk=cast.talks.pk),
                                                           status="concluded", reason="Done."),
                       lambda r=room, n=i: caucus.post_message(head, r, text=f"Last word {n}"))
        assert isinstance(results[0], Talks), results
        concluded = Event.objects.filter(kind="talks.status_changed").latest("id").id
        if isinstance(results[1], Message):
            assert results[1].event_id < concluded
        else:
            assert isinstance(results[1], Forbidden), results
        actions.change_talks_status(lead, Talks.objects.get(pk=cast.talks.pk), status="active", reason="Again.")
