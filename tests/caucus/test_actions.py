"""Posting, relaying and withholding: what changes, what is recorded, what is refused."""

from __future__ import annotations

import pytest

from tests.personas import CANARY, PARAPHRASE, Cast
from wasit.audit.models import Event
from wasit.caucus import actions
from wasit.caucus.models import Message, Relay, RelayMode, Room
from wasit.policy import ActionRefused, Forbidden, NotFound, viewer_for


def _lead(cast: Cast):  # type: ignore[no-untyped-def]
    return viewer_for(cast.user("mediator"))


def test_a_party_message_is_recorded_with_its_rooms_audience(cast: Cast) -> None:
    m = actions.post_message(viewer_for(cast.user("us_member")), cast.rooms["us"], text="Proposal A")
    event = Event.objects.get(id=m.event_id)
    assert event.kind == "message.posted"
    assert set(event.audience.split()) == {"mediators", f"party:{cast.parties['us'].pk}"}
    assert event.payload["text"] == "Proposal A"


def test_mediators_only_message_is_never_relayed_verbatim(cast: Cast) -> None:
    before = (Relay.objects.count(), Event.objects.count())
    with pytest.raises(ActionRefused) as refused:
        actions.relay_message(_lead(cast), cast.messages["ir"], into=[cast.rooms["us"]],
                              mode=RelayMode.VERBATIM)
    assert refused.value.field == "mode"
    assert "never relayed verbatim" in str(refused.value.message)
    assert (Relay.objects.count(), Event.objects.count()) == before


def test_relay_event_for_the_recipients_carries_neither_original_nor_author(cast: Cast) -> None:
    relay = Relay.objects.get(source=cast.messages["ir"])
    event = Event.objects.get(id=relay.event_id)
    assert event.payload["text"] == PARAPHRASE
    assert CANARY["ir"] not in str(event.payload)
    assert event.payload["from_party_id"] is None and event.payload["mode"] is None
    assert "author" not in event.payload
    # Provenance goes to the mediators alone, in its own event.
    provenance = Event.objects.filter(kind="relay.recorded").get()
    assert provenance.audience == " mediators "


def test_attributed_relay_names_the_source_party_and_shows_the_mode_if_chosen(cast: Cast) -> None:
    (relay,) = actions.relay_message(_lead(cast), cast.messages["us"], into=[cast.rooms["ir"]],
                                     mode=RelayMode.SUMMARY, text="They want guarantees.",
                                     attributed=True, show_mode=True)
    payload = Event.objects.get(id=relay.event_id).payload
    assert payload["from_party_id"] == cast.parties["us"].pk
    assert payload["mode"] == "summary"


def test_verbatim_relay_carries_the_text_unchanged(cast: Cast) -> None:
    (relay,) = actions.relay_message(_lead(cast), cast.messages["us"], into=[cast.rooms["ir"]],
                                     mode=RelayMode.VERBATIM)
    assert relay.text == cast.messages["us"].text
    with pytest.raises(ActionRefused):
        actions.relay_message(_lead(cast), cast.messages["us"], into=[cast.rooms["ir"]],
                              mode=RelayMode.VERBATIM, text="edited")


def test_relay_into_several_rooms_makes_one_relay_per_room(cast: Cast) -> None:
    relays = actions.relay_message(_lead(cast), cast.messages["us"],
                                   into=[cast.rooms["ir"], cast.rooms["joint"]],
                                   mode=RelayMode.PARAPHRASE, text="x")
    assert {r.room_id for r in relays} == {cast.rooms["ir"].pk, cast.rooms["joint"].pk}


@pytest.mark.parametrize("target", ["own room", "other talks"])
def test_relay_into_its_own_room_or_another_talks_is_refused(cast: Cast, target: str) -> None:
    room = cast.rooms["us"] if target == "own room" else cast.rooms["elsewhere"]
    before = Relay.objects.count()
    with pytest.raises((ActionRefused, NotFound)):
        actions.relay_message(_lead(cast), cast.messages["us"], into=[room],
                              mode=RelayMode.PARAPHRASE, text="x")
    assert Relay.objects.count() == before


def test_a_party_cannot_relay(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        actions.relay_message(viewer_for(cast.user("us_head")), cast.messages["us"],
                              into=[cast.rooms["joint"]], mode=RelayMode.PARAPHRASE, text="x")


def test_withheld_message_cannot_be_relayed_and_reason_is_for_mediators(cast: Cast) -> None:
    with pytest.raises(ActionRefused):
        actions.relay_message(_lead(cast), cast.messages["ir_withheld"], into=[cast.rooms["us"]],
                              mode=RelayMode.PARAPHRASE, text="x")
    event = Event.objects.get(kind="message.withheld")
    assert event.audience == " mediators "


def test_a_withholding_committed_while_waiting_for_the_chain_lock_stops_a_relay_or_second_withholding(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two mediators at once: the co-mediator's withholding commits just as
    # this relay is granted the chain lock (simulated by writing it there).
    # The relay must see it and refuse, carrying nothing.
    from django.utils import timezone

    from wasit.audit import log
    from wasit.caucus.models import Withholding

    message = cast.messages["us"]
    granted = log._lock_chain_head

    def lock_granted_after_the_withholding() -> None:
        if not Withholding.objects.filter(message=message).exists():
            Withholding.objects.create(message=message, reason="not now", created_at=timezone.now(),
                                       by=cast.user("co_mediator"))
        granted()

    monkeypatch.setattr(log, "_lock_chain_head", lock_granted_after_the_withholding)
    before = Relay.objects.count()
    with pytest.raises(ActionRefused, match="withheld"):
        actions.relay_message(_lead(cast), message, into=[cast.rooms["ir"]],
                              mode=RelayMode.PARAPHRASE, text=PARAPHRASE)
    assert Relay.objects.count() == before
    # The same race between two withholdings: a clear refusal, not a database error.
    with pytest.raises(ActionRefused, match="already withheld"):
        actions.withhold_message(_lead(cast), message, reason="later")


@pytest.mark.parametrize(("text", "why"), [
    ("", "empty"), ("   \n ", "empty"), ("x" * 8001, "too long"), ("nul\x00byte", "control"),
    ("bell\x07", "control"),
])
def test_bad_message_text_is_refused_and_nothing_is_stored(cast: Cast, text: str, why: str) -> None:
    before = (Message.objects.count(), Event.objects.count())
    with pytest.raises(ActionRefused) as refused:
        actions.post_message(viewer_for(cast.user("us_head")), cast.rooms["us"], text=text)
    assert refused.value.field == "text"
    assert (Message.objects.count(), Event.objects.count()) == before


def test_bidi_controls_are_stored_exactly(cast: Cast) -> None:
    text = "access \u202eevil\u202c level"
    m = actions.post_message(viewer_for(cast.user("us_head")), cast.rooms["us"], text=text)
    m.refresh_from_db()
    assert m.text == text
    assert Event.objects.get(id=m.event_id).payload["text"] == text


def test_observers_and_interpreters_do_not_post_but_interpreters_translate(cast: Cast) -> None:
    with pytest.raises(Forbidden):
        actions.post_message(viewer_for(cast.user("us_observer")), cast.rooms["us"], text="hi")
    with pytest.raises(Forbidden):
        actions.post_message(viewer_for(cast.user("ir_interpreter")), cast.rooms["ir"], text="hi")
    t = actions.add_translation(viewer_for(cast.user("ir_interpreter")), cast.messages["ir"],
                                language="en", text="Translated")
    assert t.message_id == cast.messages["ir"].pk


def test_closed_joint_session_takes_no_more_messages(cast: Cast) -> None:
    joint = cast.rooms["joint"]
    actions.post_message(viewer_for(cast.user("ir_head")), joint, text="Before closing")
    actions.close_joint_session(_lead(cast), joint)
    with pytest.raises(Forbidden):
        actions.post_message(viewer_for(cast.user("ir_head")), Room.objects.get(pk=joint.pk), text="After")


def test_read_receipts_are_counted_once_and_only_for_recipients(cast: Cast) -> None:
    us_room = cast.rooms["us"]
    assert actions.mark_read(_lead(cast), us_room) == 0  # mediators do not make receipts
    assert actions.mark_read(viewer_for(cast.user("us_member")), us_room) == 1
    assert actions.mark_read(viewer_for(cast.user("us_head")), us_room) == 0
    relay = Relay.objects.get(room=us_room)
    assert relay.read_at is not None and relay.delivered_at is not None
