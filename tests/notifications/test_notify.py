"""Who is told of what: exactly the opted-in people who may see it, in their own language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from tests.personas import CANARY, Cast
from wasit.accounts.actions import create_user
from wasit.caucus import actions as caucus
from wasit.caucus.models import RelayMode
from wasit.notifications import actions, listener
from wasit.notifications.models import Mail
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions as talks_actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Membership, Role, RoundFormat, RoundStatus

pytestmark = pytest.mark.django_db

EVERYONE = ["mediator", "co_mediator", "us_head", "us_member", "us_observer",
            "ir_head", "ir_member", "ir_interpreter", "ir_observer", "outsider", "operator"]
IR_SEATS = {"ir_head", "ir_member", "ir_interpreter", "ir_observer"}
LANGUAGE = {"ir_head": "fa", "ir_member": "ar", "us_head": "ar"}


def _address(persona: str) -> str:
    return f"{persona.replace('_', '.')}@example.org"


def _everyone_opts_in(cast: Cast, *, relays: bool = True, rounds: bool = True,
                      seats: bool = True) -> None:
    for persona in EVERYONE:
        user = cast.user(persona)
        get_user_model().objects.filter(pk=user.pk).update(email=_address(persona))
        actions.save_preferences(viewer_for(user), language=LANGUAGE.get(persona, "en"),
                                 relays=relays, rounds=rounds, seats=seats)


def _mails(kind: str) -> list[Mail]:
    return list(Mail.objects.filter(kind=kind))


def _to(mails: list[Mail]) -> set[str]:
    return {m.to for m in mails}


def _no_canary_in_any_mail() -> None:
    for mail in Mail.objects.filter(kind__startswith="notify."):
        for canary in CANARY.values():
            assert canary not in mail.subject + mail.text + mail.html, (mail.kind, canary)


def _relay_us_message_into_ir_room(cast: Cast) -> None:
    caucus.relay_message(viewer_for(cast.user("mediator")), cast.messages["us"],
                         into=[cast.rooms["ir"]], mode=RelayMode.VERBATIM)


def test_a_relay_is_told_to_the_opted_in_seats_of_that_room_only(cast: Cast) -> None:
    _everyone_opts_in(cast)
    _relay_us_message_into_ir_room(cast)
    mails = _mails("notify.relay")
    assert _to(mails) == {_address(p) for p in IR_SEATS}, "never the mediators, the US, outsiders"
    assert len(mails) == len(IR_SEATS), "one mail each"
    room_link = f"http://127.0.0.1:8000/rooms/{cast.rooms['ir'].pk}/"
    assert all(room_link in m.text and room_link in m.html for m in mails)
    _no_canary_in_any_mail()


def test_each_recipient_reads_the_mail_in_their_own_language(cast: Cast) -> None:
    _everyone_opts_in(cast)
    _relay_us_message_into_ir_room(cast)
    by_address = {m.to: m for m in _mails("notify.relay")}
    arabic = by_address[_address("ir_member")]
    assert arabic.language == "ar"
    assert arabic.subject.startswith("جديد في غرفتك في ")
    assert 'dir="rtl"' in arabic.html
    persian = by_address[_address("ir_head")]
    assert persian.subject.startswith("چیز تازه‌ای در اتاق شما در ")
    english = by_address[_address("ir_observer")]
    assert english.subject.startswith("New in your room at ")
    assert 'dir="ltr"' in english.html


def test_the_relayed_text_never_reaches_a_mail(cast: Cast) -> None:
    _everyone_opts_in(cast)
    secret = "CANARY-MAIL-RELAY-5e21"
    caucus.relay_message(viewer_for(cast.user("mediator")), cast.messages["ir"], into=[cast.rooms["us"]],
                         mode=RelayMode.PARAPHRASE, text=f"They might move {secret}")
    mails = _mails("notify.relay")
    assert _to(mails) == {_address(p) for p in ("us_head", "us_member", "us_observer")}
    for mail in mails:
        assert secret not in mail.subject + mail.text + mail.html
    _no_canary_in_any_mail()


def test_nobody_is_told_who_did_not_opt_in(cast: Cast) -> None:
    _everyone_opts_in(cast, relays=False)
    _relay_us_message_into_ir_room(cast)
    assert _mails("notify.relay") == []


def test_the_actor_is_never_told_of_their_own_change(cast: Cast) -> None:
    _everyone_opts_in(cast)
    row: Any = SimpleNamespace(audience=f" mediators party:{cast.parties['ir'].pk} ",
                               actor_id=cast.user("ir_member").pk)
    event = SimpleNamespace(kind="message.relayed", talks_id=cast.talks.pk, room_id=cast.rooms["ir"].pk)
    with transaction.atomic():
        listener.notify(event, row)  # type: ignore[arg-type]
    assert _to(_mails("notify.relay")) == {_address(p) for p in IR_SEATS - {"ir_member"}}


def test_nobody_is_told_of_an_event_the_policy_keeps_from_them(cast: Cast) -> None:
    """Whom a notification means to tell is narrowed by the event's audience, never widened."""
    _everyone_opts_in(cast)
    row: Any = SimpleNamespace(audience=" mediators ", actor_id=None)
    event = SimpleNamespace(kind="message.relayed", talks_id=cast.talks.pk, room_id=cast.rooms["ir"].pk)
    with transaction.atomic():
        listener.notify(event, row)  # type: ignore[arg-type]
    assert _mails("notify.relay") == []


def test_a_rolled_back_relay_leaves_no_mail(cast: Cast) -> None:
    _everyone_opts_in(cast)
    with pytest.raises(RuntimeError), transaction.atomic():
        _relay_us_message_into_ir_room(cast)
        assert _mails("notify.relay"), "queued in the action's transaction"
        raise RuntimeError("the action fails after the relay")
    assert _mails("notify.relay") == []


def test_a_postponed_round_is_told_to_every_opted_in_seat_but_the_actor(cast: Cast) -> None:
    _everyone_opts_in(cast)
    lead = viewer_for(cast.user("mediator"))
    round_ = talks_actions.schedule_round(lead, cast.talks, title=LocalText(en="Extra"),
                                          venue=LocalText(en="Muscat"), starts_on=dt.date(2030, 1, 1),
                                          ends_on=dt.date(2030, 1, 2), format=RoundFormat.PROXIMITY)
    talks_actions.change_round_status(lead, round_, status=RoundStatus.POSTPONED,
                                      reason=f"A reason {CANARY['mediators']}",
                                      rescheduled_to=dt.date(2030, 2, 1))
    mails = _mails("notify.round_postponed")
    seated = set(EVERYONE) - {"outsider", "operator", "mediator"}
    assert _to(mails) == {_address(p) for p in seated}
    assert all(f"/rounds/{round_.pk}/" in m.text for m in mails)
    assert all("A reason" not in m.text for m in mails), "the reason stays on the round page"
    _no_canary_in_any_mail()


def test_a_held_round_is_no_notification(cast: Cast) -> None:
    _everyone_opts_in(cast)
    lead = viewer_for(cast.user("mediator"))
    round_ = talks_actions.schedule_round(lead, cast.talks, title=LocalText(en="Extra"),
                                          venue=LocalText(en="Muscat"), starts_on=dt.date(2030, 1, 1),
                                          ends_on=dt.date(2030, 1, 2), format=RoundFormat.PROXIMITY)
    talks_actions.change_round_status(lead, round_, status=RoundStatus.HELD)
    assert Mail.objects.filter(kind__startswith="notify.round").count() == 0


@dataclass(frozen=True)
class _Rescheduled:
    """Stands for `talks.RoundRescheduled` (another part adds it) without registering the kind."""

    talks_id: int
    round_id: int
    kind: str = "talks.round_rescheduled"


def test_a_rescheduled_round_is_told_by_its_kind(cast: Cast) -> None:
    _everyone_opts_in(cast)
    round_ = cast.rounds[0]
    row: Any = SimpleNamespace(audience=" all ", actor_id=cast.user("co_mediator").pk)
    with transaction.atomic():
        listener.notify(_Rescheduled(talks_id=cast.talks.pk, round_id=round_.pk), row)  # type: ignore[arg-type]
    mails = _mails("notify.round_rescheduled")
    seated = set(EVERYONE) - {"outsider", "operator", "co_mediator"}
    assert _to(mails) == {_address(p) for p in seated}


def test_a_new_seat_and_its_removal_are_told_to_that_person_only(cast: Cast) -> None:
    _everyone_opts_in(cast)
    lead = viewer_for(cast.user("mediator"))
    newcomer = create_user(SYSTEM, username="newcomer", password="a long enough password",
                           check_password=False)
    get_user_model().objects.filter(pk=newcomer.pk).update(email="newcomer@example.org")
    actions.save_preferences(viewer_for(newcomer), language="ar", relays=False, rounds=False, seats=True)
    talks_actions.seat_member(lead, cast.talks, user_id=newcomer.pk, role=Role.MEMBER,
                              party=cast.parties["us"], title=CANARY["us"])
    [seated] = _mails("notify.seated")
    assert seated.to == "newcomer@example.org"
    assert seated.subject.startswith("لك مقعد في")
    assert f"/talks/{cast.talks.pk}/" in seated.text
    talks_actions.unseat_member(lead, Membership.objects.get(talks=cast.talks, user=newcomer))
    [removed] = _mails("notify.unseated")
    assert removed.to == "newcomer@example.org"
    _no_canary_in_any_mail()


def test_a_seat_for_someone_who_did_not_opt_in_sends_nothing(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    quiet = create_user(SYSTEM, username="quiet", password="a long enough password", check_password=False)
    get_user_model().objects.filter(pk=quiet.pk).update(email="quiet@example.org")
    talks_actions.seat_member(lead, cast.talks, user_id=quiet.pk, role=Role.MEMBER,
                              party=cast.parties["ir"])
    assert not Mail.objects.filter(kind__startswith="notify.").exists()


def test_events_of_other_kinds_cost_no_query(cast: Cast, django_assert_num_queries: Any) -> None:
    row: Any = SimpleNamespace(audience=" all ", actor_id=None)
    event = SimpleNamespace(kind="message.posted", talks_id=cast.talks.pk)
    with django_assert_num_queries(0):
        listener.notify(event, row)  # type: ignore[arg-type]
