"""The set-up actions: each good input does what it says and records one event; each bad one changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission

from tests.personas import Cast
from tests.setup.conftest import log_length
from wasit.audit.models import Event
from wasit.caucus import actions as caucus
from wasit.caucus.models import Room, RoomKind
from wasit.policy import SYSTEM, ActionRefused, Forbidden, NotFound, Viewer, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Membership, Party, Role, Round, RoundStatus, Talks, TalksStatus

Persona = Callable[[str], Viewer]
TODAY = dt.date.today()  # noqa: DTZ011 (calendar dates)
SOON = TODAY + dt.timedelta(days=30)


@contextmanager
def changes_nothing(*models: type) -> Iterator[None]:
    """The block raises a refusal, and no row of `models` nor any event was added or changed."""
    def snapshot() -> object:
        return [list(m.objects.order_by("pk").values()) for m in models], log_length()

    before = snapshot()
    yield
    assert snapshot() == before


def new_talks(actor: Viewer, **extra: object) -> Talks:
    return actions.open_talks(actor, title=LocalText(en="Water talks", ar="محادثات المياه"),
                              mediator_org=LocalText(en="Swiss FDFA"), **extra)  # type: ignore[arg-type]


# --- opening talks -----------------------------------------------------------


def test_the_operator_who_opens_talks_becomes_their_lead_mediator(cast: Cast, viewer: Persona) -> None:
    talks = new_talks(viewer("operator"), languages=["en", "ar"], heads_may_invite=True)
    seat = Membership.objects.get(talks=talks, user=cast.user("operator"))
    assert seat.role == Role.LEAD_MEDIATOR and seat.active
    assert talks.languages == ["en", "ar"] and talks.heads_may_invite and not talks.require_two_factor
    assert Room.objects.filter(talks=talks, kind=RoomKind.MEDIATORS).count() == 1
    assert list(Event.objects.filter(talks_id=talks.pk).values_list("kind", flat=True)) == [
        "talks.opened", "room.opened", "talks.member_seated"]


def test_a_user_an_operator_allows_may_open_talks_and_leads_them(cast: Cast) -> None:
    user = cast.user("outsider")
    with pytest.raises(Forbidden):
        new_talks(viewer_for(user))
    user.user_permissions.add(Permission.objects.get(codename="open_talks"))  # type: ignore[attr-defined]
    refreshed = type(user).objects.get(pk=user.pk)
    allowed = viewer_for(refreshed)
    assert allowed.may_open_talks
    talks = new_talks(allowed)
    assert Membership.objects.get(talks=talks, user=user).role == Role.LEAD_MEDIATOR


def test_a_lead_mediator_without_the_permission_may_not_open_talks(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Talks, Membership), pytest.raises(Forbidden):
        new_talks(viewer("mediator"))


def test_the_system_seats_the_named_lead(cast: Cast) -> None:
    talks = new_talks(SYSTEM, lead_user_id=cast.user("co_mediator").pk, lead_title="Envoy")
    seat = Membership.objects.get(talks=talks, role=Role.LEAD_MEDIATOR)
    assert seat.user_id == cast.user("co_mediator").pk and seat.title == "Envoy"


def test_the_old_call_still_opens_talks_without_a_lead(cast: Cast) -> None:
    talks = actions.open_talks(SYSTEM, title=LocalText(en="T"), mediator_org=LocalText(en="O"))
    assert talks.status == TalksStatus.ACTIVE and not talks.memberships.exists()


@pytest.mark.parametrize(("extra", "field"), [
    ({"title": LocalText(en="Water \u202etalks")}, "title"),
    ({"title": LocalText(en="Water \u2066talks\u2069")}, "title"),
    ({"mediator_org": LocalText(en="Org\u202b")}, "mediator_org"),
    ({"title": LocalText()}, "title"),
    ({"title": LocalText(en="Water", xx="?")}, "title"),
    ({"status": "paused"}, "status"),
    ({"languages": ["en", "tlh"]}, "languages"),
    ({"languages": ["en", "en"]}, "languages"),
])
def test_bad_talks_are_refused_with_a_clear_error_and_nothing_changed(
        cast: Cast, viewer: Persona, extra: dict[str, object], field: str) -> None:
    kwargs: dict[str, object] = {"title": LocalText(en="Water talks"), "mediator_org": LocalText(en="Org"),
                                 **extra}
    with changes_nothing(Talks, Membership, Room), pytest.raises(ActionRefused) as refused:
        actions.open_talks(viewer("operator"), **kwargs)  # type: ignore[arg-type]
    assert refused.value.field == field and str(refused.value.message)


# --- editing the talks and their status ------------------------------------------


def test_the_lead_edits_texts_languages_and_settings(cast: Cast, viewer: Persona) -> None:
    talks = actions.edit_talks(viewer("mediator"), cast.talks, title=LocalText(en="New title", ar="عنوان"),
                               languages=["ar", "en"], require_two_factor=True)
    talks.refresh_from_db()
    assert talks.title_i18n == {"en": "New title", "ar": "عنوان"} and talks.languages == ["ar", "en"]
    assert talks.require_two_factor
    event = Event.objects.filter(kind="talks.edited").latest("id")
    assert set(event.payload["changed"]) == {"title", "languages", "require_two_factor"}
    assert event.actor_id == cast.user("mediator").pk


def test_an_edit_that_changes_nothing_records_nothing(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Talks):
        actions.edit_talks(viewer("mediator"), cast.talks, heads_may_invite=cast.talks.heads_may_invite)


@pytest.mark.parametrize("persona", ["co_mediator", "us_head"])
def test_only_the_lead_edits_the_talks(cast: Cast, viewer: Persona, persona: str) -> None:
    with changes_nothing(Talks), pytest.raises(Forbidden):
        actions.edit_talks(viewer(persona), cast.talks, heads_may_invite=True)


def test_a_status_change_records_who_why_and_the_previous_status(cast: Cast, viewer: Persona) -> None:
    actions.change_talks_status(viewer("mediator"), cast.talks, status="concluded", reason="Agreement signed.")
    cast.talks.refresh_from_db()
    assert cast.talks.status == TalksStatus.CONCLUDED
    event = Event.objects.filter(kind="talks.status_changed").latest("id")
    assert event.payload == {"previous_status": "active", "status": "concluded", "reason": "Agreement signed."}
    assert event.actor_id == cast.user("mediator").pk
    assert event.audience.split() == ["all"]


@pytest.mark.parametrize(("status", "reason", "field"), [
    ("concluded", "  ", "reason"), ("paused", "Why", "status"), ("active", "Already", "status"),
    ("concluded", "x" * 2001, "reason"),
])
def test_bad_status_changes_are_refused_and_change_nothing(
        cast: Cast, viewer: Persona, status: str, reason: str, field: str) -> None:
    with changes_nothing(Talks), pytest.raises(ActionRefused) as refused:
        actions.change_talks_status(viewer("mediator"), cast.talks, status=status, reason=reason)
    assert refused.value.field == field


# --- parties and their rooms -----------------------------------------------------


def test_a_third_party_added_later_gets_its_own_caucus_room(cast: Cast, viewer: Persona) -> None:
    party = actions.add_party(viewer("mediator"), cast.talks, code="QA", name=LocalText(en="Qatar", ar="قطر"))
    assert party.code == "qa" and cast.talks.parties.count() == 3
    room = Room.objects.get(party=party)
    assert room.kind == RoomKind.CAUCUS and room.is_open()
    assert viewer("us_head").seat(cast.talks.pk) is not None
    from wasit import policy
    assert not policy.can(viewer("us_head"), "view", room).allowed  # another party's room


@pytest.mark.parametrize(("code", "name"), [
    ("us", LocalText(en="Again")), ("u s", LocalText(en="Spaces")), ("", LocalText(en="None")),
    ("qa", LocalText()), ("qa", LocalText(en="Qatar\u202e")), ("قطر", LocalText(en="Script code")),
])
def test_bad_parties_are_refused_and_change_nothing(cast: Cast, viewer: Persona, code: str,
                                                    name: LocalText) -> None:
    with changes_nothing(Party, Room), pytest.raises(ActionRefused) as refused:
        actions.add_party(viewer("mediator"), cast.talks, code=code, name=name)
    assert refused.value.field in {"code", "name"}


def test_renaming_a_party_keeps_its_room_and_records_the_change(cast: Cast, viewer: Persona) -> None:
    us = cast.parties["us"]
    actions.rename_party(viewer("mediator"), us, code="usa", name=LocalText(en="United States of America"))
    us.refresh_from_db()
    assert (us.code, us.name_i18n) == ("usa", {"en": "United States of America"})
    event = Event.objects.filter(kind="talks.party_renamed").latest("id")
    assert event.payload == {"party_id": us.pk, "code": "usa", "previous_code": "us"}


def test_renaming_to_a_clashing_code_is_refused(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Party), pytest.raises(ActionRefused) as refused:
        actions.rename_party(viewer("mediator"), cast.parties["us"], code="IR")
    assert refused.value.field == "code"


def test_a_co_mediator_may_not_rename_a_party(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Party), pytest.raises(Forbidden):
        actions.rename_party(viewer("co_mediator"), cast.parties["us"], code="usa")


def test_mediators_close_and_reopen_a_caucus_room(cast: Cast, viewer: Persona) -> None:
    room = cast.rooms["us"]
    caucus.close_room(viewer("co_mediator"), room)
    room.refresh_from_db()
    assert not room.is_open()
    with changes_nothing(Room), pytest.raises(ActionRefused):
        caucus.close_room(viewer("mediator"), room)
    caucus.reopen_room(viewer("mediator"), room)
    room.refresh_from_db()
    assert room.is_open()
    last = [(e.kind, e.payload["room_id"]) for e in
            Event.objects.filter(kind__in=["room.closed", "room.reopened"]).order_by("-id")[:2]]
    assert last == [("room.reopened", room.pk), ("room.closed", room.pk)]


def test_a_party_may_not_close_its_room_nor_the_mediators_room(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Room), pytest.raises(Forbidden):
        caucus.close_room(viewer("us_head"), cast.rooms["us"])
    with changes_nothing(Room), pytest.raises(ActionRefused):
        caucus.close_room(viewer("mediator"), cast.rooms["mediators"])
    with pytest.raises(NotFound):
        caucus.close_room(viewer("ir_head"), cast.rooms["us"])


# --- rounds ---------------------------------------------------------------------


def test_a_round_is_scheduled_in_its_venues_time_zone(cast: Cast, viewer: Persona) -> None:
    round_ = actions.schedule_round(viewer("co_mediator"), cast.talks, title=LocalText(en="Technical"),
                                    venue=LocalText(en="Doha"), starts_on=SOON, ends_on=SOON,
                                    format="direct", time_zone="Asia/Qatar")
    assert (round_.time_zone, round_.format) == ("Asia/Qatar", "direct")


@pytest.mark.parametrize(("extra", "field"), [
    ({"time_zone": "Mars/Olympus"}, "time_zone"), ({"time_zone": "../etc/passwd"}, "time_zone"),
    ({"format": "telepathy"}, "format"), ({"ends_on": SOON - dt.timedelta(days=1)}, "ends_on"),
    ({"venue": LocalText(en="Doha\u202e")}, "venue"),
])
def test_bad_rounds_are_refused_and_change_nothing(cast: Cast, viewer: Persona, extra: dict[str, object],
                                                   field: str) -> None:
    kwargs: dict[str, object] = {"title": LocalText(), "venue": LocalText(en="Doha"), "starts_on": SOON,
                                 "ends_on": SOON, "format": "direct", **extra}
    with changes_nothing(Round), pytest.raises(ActionRefused) as refused:
        actions.schedule_round(viewer("mediator"), cast.talks, **kwargs)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_new_dates_record_a_round_rescheduled_event(cast: Cast, viewer: Persona) -> None:
    round_ = cast.rounds[2]
    before = (round_.starts_on, round_.ends_on)
    actions.edit_round(viewer("mediator"), round_, starts_on=SOON, ends_on=SOON + dt.timedelta(days=2),
                       venue=LocalText(en="Geneva"), time_zone="Europe/Zurich")
    event = Event.objects.filter(kind="talks.round_rescheduled").latest("id")
    assert event.payload == {"round_id": round_.pk, "starts_on": SOON.isoformat(),
                             "ends_on": (SOON + dt.timedelta(days=2)).isoformat(),
                             "previous_starts_on": before[0].isoformat(),
                             "previous_ends_on": before[1].isoformat()}
    assert event.audience.split() == ["all"]
    round_.refresh_from_db()
    assert (round_.venue, round_.time_zone) == ("Geneva", "Europe/Zurich")


def test_other_edits_record_round_edited(cast: Cast, viewer: Persona) -> None:
    actions.edit_round(viewer("mediator"), cast.rounds[2], format="listening")
    event = Event.objects.filter(kind="talks.round_edited").latest("id")
    assert event.payload["changed"] == ["format"]


def test_a_held_rounds_dates_cannot_be_edited(cast: Cast, viewer: Persona) -> None:
    held = next(r for r in cast.rounds if r.status == RoundStatus.HELD)
    with changes_nothing(Round), pytest.raises(ActionRefused) as refused:
        actions.edit_round(viewer("mediator"), held, starts_on=held.starts_on + dt.timedelta(days=1),
                           ends_on=held.ends_on + dt.timedelta(days=1))
    assert "held" in str(refused.value.message)


def test_a_round_ending_before_it_starts_is_refused(cast: Cast, viewer: Persona) -> None:
    round_ = cast.rounds[2]
    with changes_nothing(Round), pytest.raises(ActionRefused) as refused:
        actions.edit_round(viewer("mediator"), round_, ends_on=round_.starts_on - dt.timedelta(days=1))
    assert refused.value.field == "ends_on"


def test_a_party_may_not_edit_a_round(cast: Cast, viewer: Persona) -> None:
    with changes_nothing(Round), pytest.raises(Forbidden):
        actions.edit_round(viewer("us_head"), cast.rounds[2], format="direct")
