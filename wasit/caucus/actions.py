"""Every change to rooms, messages and relays passes through here.

Each action checks the policy, writes the rows and records the events in
one transaction. Rows ordered with the log (messages, relays) take their
event's id, so a room's history and the live stream share one sequence.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.caucus import events
from wasit.caucus.models import (
    Message,
    Relay,
    RelayMode,
    Room,
    RoomKind,
    Translation,
    Withholding,
)
from wasit.caucus.text import MAX_REASON_CHARS, clean_text, is_near_copy
from wasit.db.prepared import Prepared
from wasit.policy import ActionRefused, Viewer
from wasit.talks.models import Party, Talks

MAX_JOINT_MINUTES = 24 * 60
MAX_RELAY_ROOMS = 50


def open_room(actor: Viewer, talks: Talks, *, kind: RoomKind, party: Party | None = None,
              open_until: dt.datetime | None = None) -> Room:
    """Open a room inside the caller's transaction (used by the talks actions too)."""
    room = Room.objects.create(talks=talks, kind=kind, party=party, open_until=open_until)
    audit.record(events.RoomOpened(talks_id=talks.pk, room_id=room.pk, room_kind=str(kind),
                                   open_until=open_until.isoformat() if open_until else None),
                 actor_id=actor.user_id)
    return room


@transaction.atomic
def open_joint_session(actor: Viewer, talks: Talks, *, minutes: int) -> Room:
    """Open a room with every party for a set time. Mediators only."""
    policy.require(actor, "manage_rooms", talks)
    if not 1 <= minutes <= MAX_JOINT_MINUTES:
        raise ActionRefused(_("A joint session lasts from 1 minute to 24 hours."), field="minutes")
    return open_room(actor, talks, kind=RoomKind.JOINT,
                     open_until=timezone.now() + dt.timedelta(minutes=minutes))


def _set_closed(actor: Viewer, room: Room, *, kind: RoomKind, closed: bool, wrong_kind: str,
                already: str) -> Room:
    """Close or reopen a room, of the one kind this door handles. Mediators only.

    The chain lock first, then the room read afresh: of two closings (or
    reopenings) at once, one wins and the other is told it is already done.
    """
    policy.require(actor, "view", room)
    policy.require(actor, "manage_rooms", room.talks)
    if room.kind != kind:
        raise ActionRefused(wrong_kind)
    audit.lock_chain()
    room.refresh_from_db(fields=["closed_at"])
    if (room.closed_at is not None) == closed:
        raise ActionRefused(already)
    room.closed_at = timezone.now() if closed else None
    room.save(update_fields=["closed_at"])
    event = (events.RoomClosed if closed else events.RoomReopened)(talks_id=room.talks_id, room_id=room.pk)
    audit.record(event, actor_id=actor.user_id)
    return room


@transaction.atomic
def close_joint_session(actor: Viewer, room: Room) -> Room:
    """End a joint session before its time. Mediators only."""
    return _set_closed(actor, room, kind=RoomKind.JOINT, closed=True,
                       wrong_kind=_("Only a joint session can be closed."),
                       already=_("This joint session is already closed."))


@transaction.atomic
def close_room(actor: Viewer, room: Room) -> Room:
    """Close a party's caucus room: its history stays readable, nobody posts in it. Mediators only."""
    return _set_closed(actor, room, kind=RoomKind.CAUCUS, closed=True,
                       wrong_kind=_("Only a party's caucus room can be closed and reopened here."),
                       already=_("This room is already closed."))


@transaction.atomic
def reopen_room(actor: Viewer, room: Room) -> Room:
    """Open a closed caucus room again. Mediators only."""
    return _set_closed(actor, room, kind=RoomKind.CAUCUS, closed=False,
                       wrong_kind=_("Only a party's caucus room can be closed and reopened here."),
                       already=_("This room is already open."))


# Asked under the chain lock for every post: compiled once (`wasit.db.prepared`).
_ROOM_STATE = Prepared(lambda room_id: Room.objects.filter(pk=room_id).values_list("closed_at", "talks__status"),
                       room_id=int)


_WITHHELD = Prepared(lambda message_id: Withholding.objects.filter(message_id=message_id).values_list("pk")[:1],
                     message_id=int)


def _recheck_post(actor: Viewer, room: Room) -> None:
    """Under the chain lock: the room's and the talks' state as committed, asked of the policy again.

    The room the caller looked up may be a moment old (a mediator closed it,
    or the talks were concluded, meanwhile); a post ordered after that change
    in the log must be refused like any later one.
    """
    found = _ROOM_STATE.first(room_id=room.pk)
    if found is None:
        raise policy.NotFound
    closed_at, status = found
    # Copies: the caller's room may be shared (the hot path's cache of the mediators' room).
    fresh, talks = copy.copy(room), copy.copy(room.talks)
    fresh.closed_at, talks.status = closed_at, status
    fresh.talks = talks
    policy.require(actor, "post", fresh)


@transaction.atomic
def post_message(actor: Viewer, room: Room, *, text: str, reply_to: Message | None = None,
                 mediators_only: bool = False) -> Message:
    """Say something in a room. Acknowledged only once committed."""
    policy.require(actor, "post", room)
    text = clean_text(text)
    if reply_to is not None and reply_to.room_id != room.pk:
        raise ActionRefused(_("A reply must be in the same room as the message it answers."),
                            field="reply_to")
    if mediators_only and room.kind != RoomKind.CAUCUS:
        raise ActionRefused(_("Only a caucus message can be marked for the mediators only."),
                            field="mediators_only")
    assert actor.user_id is not None  # noqa: S101 (post requires a seat)
    event_id = audit.next_id()  # takes the chain lock
    _recheck_post(actor, room)
    message = Message.objects.create(room=room, author_id=actor.user_id, text=text, reply_to=reply_to,
                                     mediators_only=mediators_only, created_at=timezone.now(),
                                     event_id=event_id)
    audit.record(
        events.MessagePosted(talks_id=room.talks_id, room_id=room.pk, message_id=message.pk,
                             author=actor.name, text=text, mediators_only=mediators_only,
                             reply_to=reply_to.pk if reply_to else None),
        actor_id=actor.user_id, expected_id=event_id,
    )
    return message


@transaction.atomic
def relay_message(
    actor: Viewer,
    message: Message,
    *,
    into: Sequence[Room],
    mode: RelayMode,
    text: str = "",
    attributed: bool = False,
    show_mode: bool = False,
) -> list[Relay]:
    """Carry a caucus message into one or more other rooms.

    A message marked for the mediators only may be paraphrased or
    summarised, never relayed verbatim. The recipients see the relayed text,
    the source party only if `attributed`, the mode only if `show_mode`.
    """
    policy.require(actor, "relay", message)
    if mode not in RelayMode.values:
        raise ActionRefused(_("Choose verbatim, paraphrased or summarised."), field="mode")
    if message.mediators_only and mode == RelayMode.VERBATIM:
        raise ActionRefused(
            _("This message is for the mediators only: it may be paraphrased or summarised, "
              "never relayed verbatim."), field="mode")
    if mode == RelayMode.VERBATIM:
        if text and text != message.text:
            raise ActionRefused(_("A verbatim relay carries the original text unchanged; "
                                  "choose paraphrased to edit it."), field="text")
        text = message.text
    else:
        text = clean_text(text)
        # By content, not by label: a "paraphrase" that is the original, or
        # nearly, would carry the mediators-only words to the other side.
        if message.mediators_only and is_near_copy(text, message.text):
            raise ActionRefused(
                _("This message is for the mediators only, and this text repeats it nearly word "
                  "for word: put it in your own words."), field="text")
    rooms = list(dict.fromkeys(into))
    if not rooms:
        raise ActionRefused(_("Choose at least one room to relay into."), field="into")
    if len(rooms) > MAX_RELAY_ROOMS:
        raise ActionRefused(_("Too many rooms."), field="into")
    for room in rooms:
        policy.require(actor, "post", room)
        if room.talks_id != message.room.talks_id:
            raise ActionRefused(_("A message can only be relayed within its own talks."), field="into")
        if room.pk == message.room_id:
            raise ActionRefused(_("A message cannot be relayed into the room it was said in."),
                                field="into")
    # The chain lock first, then the check: a co-mediator's withholding that
    # committed while this relay waited for the lock is seen, and none can
    # commit between the check and the relay.
    audit.lock_chain()
    if _WITHHELD.first(message_id=message.pk) is not None:
        raise ActionRefused(_("This message was withheld; it cannot be relayed."))
    assert actor.user_id is not None  # noqa: S101
    # Attribution names the party whose room the message came from; a
    # mediator's own words are never attributed to a party.
    source_party = message.room.party_id if attributed else None
    now = timezone.now()
    relays = []
    last = None
    for room in rooms:
        event_id = audit.next_id(after=last)
        relay = Relay.objects.create(source=message, room=room, mode=mode, text=text,
                                     attributed=attributed, show_mode=show_mode, by_id=actor.user_id,
                                     created_at=now, event_id=event_id)
        last = audit.record(
            events.MessageRelayed(talks_id=room.talks_id, relay_id=relay.pk, room_id=room.pk,
                                  text=text, from_party_id=source_party,
                                  mode=str(mode) if show_mode else None),
            actor_id=actor.user_id, expected_id=event_id,
        )
        relays.append(relay)
    audit.record(
        events.RelayRecorded(talks_id=message.room.talks_id, message_id=message.pk,
                             relay_ids=[r.pk for r in relays], room_ids=[r.room_id for r in relays],
                             mode=str(mode)),
        actor_id=actor.user_id, after=last,
    )
    return relays


@transaction.atomic
def withhold_message(actor: Viewer, message: Message, *, reason: str) -> Withholding:
    """Decide not to carry a message. The reason is kept for the mediators."""
    policy.require(actor, "relay", message)
    reason = clean_text(reason, field="reason", limit=MAX_REASON_CHARS)
    # The chain lock before the check, as for a relay: two mediators
    # withholding at once get one withholding and one clear refusal.
    audit.lock_chain()
    if Withholding.objects.filter(message=message).exists():
        raise ActionRefused(_("This message is already withheld."))
    assert actor.user_id is not None  # noqa: S101
    withholding = Withholding.objects.create(message=message, reason=reason, by_id=actor.user_id,
                                             created_at=timezone.now())
    audit.record(events.MessageWithheld(talks_id=message.room.talks_id, message_id=message.pk,
                                        reason=reason), actor_id=actor.user_id)
    return withholding


TRANSLATION_LANGUAGES = ("ar", "en", "fa")


@transaction.atomic
def add_translation(actor: Viewer, message: Message, *, language: str, text: str) -> Translation:
    """Attach an interpreter's translation; both texts are shown side by side."""
    policy.require(actor, "translate", message)
    if language not in TRANSLATION_LANGUAGES:
        raise ActionRefused(_("Translate into Arabic, English or Persian."), field="language")
    text = clean_text(text)
    assert actor.user_id is not None  # noqa: S101
    translation = Translation.objects.create(message=message, language=language, text=text,
                                             by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.TranslationAdded(talks_id=message.room.talks_id, room_id=message.room_id,
                                         message_id=message.pk, translation_id=translation.pk,
                                         language=language, text=text), actor_id=actor.user_id)
    return translation


def _receipt(actor: Viewer, room: Room, *, read: bool) -> int:
    policy.require(actor, "view", room)
    seat = actor.seat(room.talks_id)
    if seat is None or seat.is_mediator:
        return 0  # a receipt means the recipients have it, not the mediators
    now = timezone.now()
    pending = Relay.objects.filter(room=room).filter(Q(read_at__isnull=True) if read
                                                     else Q(delivered_at__isnull=True))
    ids = list(pending.values_list("pk", flat=True)[:1000])
    if not ids:
        return 0
    # Conditional update: concurrent receipts for the same relays count once.
    changed = Relay.objects.filter(pk__in=ids, delivered_at__isnull=True).update(delivered_at=now)
    if read:
        changed = Relay.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
    if changed:
        audit.record(events.RelaysReceived(talks_id=room.talks_id, room_id=room.pk, relay_ids=ids,
                                           receipt="read" if read else "delivered"),
                     actor_id=actor.user_id)
    return changed


MAX_RECEIPT_RELAYS = 1000


@transaction.atomic
def mark_delivered(actor: Viewer, room: Room, *, through_event_id: int | None = None,
                   relay_ids: Sequence[int] | None = None) -> int:
    """A recipient's client acknowledged the room's relays: it has them on screen.

    Only what the client names counts: the relays up to `through_event_id`,
    or those in `relay_ids`, and only among the relays of this room the
    actor may see. A relay id of another room, or one the actor may not
    see, refuses the whole acknowledgement (`NotFound`). A mediator's
    acknowledgement records nothing: a receipt means the recipients have it.
    """
    policy.require(actor, "view", room)
    if through_event_id is None and relay_ids is None:
        raise ActionRefused(_("Name the relays received: `through_event_id` or `relay_ids`."))
    ids = list(dict.fromkeys(relay_ids or ()))
    if len(ids) > MAX_RECEIPT_RELAYS:
        raise ActionRefused(_("Too many relays in one acknowledgement."), field="relay_ids")
    shown = policy.visible(actor, Relay).filter(room=room)
    if relay_ids is not None:
        if shown.filter(pk__in=ids).count() != len(ids):
            raise policy.NotFound
        shown = shown.filter(pk__in=ids)
    if through_event_id is not None:
        shown = shown.filter(event_id__lte=through_event_id)
    seat = actor.seat(room.talks_id)
    if seat is None or seat.is_mediator:
        return 0
    pending = list(shown.filter(delivered_at__isnull=True).values_list("pk", flat=True)
                   .order_by("event_id")[:MAX_RECEIPT_RELAYS])
    if not pending:
        return 0
    # Conditional update: concurrent acknowledgements of the same relays count once.
    changed = Relay.objects.filter(pk__in=pending, delivered_at__isnull=True).update(
        delivered_at=timezone.now())
    if changed:
        audit.record(events.RelaysReceived(talks_id=room.talks_id, room_id=room.pk, relay_ids=pending,
                                           receipt="delivered"), actor_id=actor.user_id)
    return changed


@transaction.atomic
def mark_read(actor: Viewer, room: Room) -> int:
    """A recipient opened the room with its relays in view."""
    return _receipt(actor, room, read=True)
