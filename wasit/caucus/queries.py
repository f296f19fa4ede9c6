"""Every read of rooms, messages and relays, scoped to a viewer by the policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from wasit import policy
from wasit.caucus.models import Message, Relay, Room, RoomKind, Translation, Withholding
from wasit.db.prepared import Prepared
from wasit.policy import Viewer
from wasit.talks.models import MEDIATOR_ROLES, Membership, Party, Talks, TalksStatus

MAX_PAGE = 200


def caucus_room_of(party: Party) -> Room:
    return Room.objects.get(party=party, kind=RoomKind.CAUCUS)


def rooms_of(viewer: Viewer, talks: Talks) -> QuerySet[Room]:
    return policy.visible(viewer, Room).filter(talks=talks).select_related("party").order_by("id")


# The mediators' room never changes once opened; the hot path looks it up
# here instead of building a policy-scoped query for every message. Caucus
# rooms (which the mediators close and reopen) and joint sessions are read
# fresh, with their talks (whose status the policy asks): one query.
_fixed_rooms: dict[int, Room] = {}

# For the hot writes only (`for_write=True`): caucus rooms last seen open, in
# talks that parties may write in. Such a copy may be a moment old (another
# process closed the room or concluded the talks), which is safe because every
# post asks the policy again under the chain lock (`actions._recheck_post`);
# a room seen closed is never kept, so a reopened room is never refused from here.
_open_rooms: dict[int, Room] = {}
_WRITABLE_TALKS = frozenset({TalksStatus.PREPARING, TalksStatus.ACTIVE})


def get_room(viewer: Viewer, room_id: object, *, for_write: bool = False) -> Room:
    """One room for the viewer, or `NotFound` (missing and hidden alike)."""
    try:
        pk = int(room_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise policy.NotFound from None
    room = _fixed_rooms.get(pk) or (_open_rooms.get(pk) if for_write else None)
    if room is None:
        if not 0 < pk < 2**63:
            raise policy.NotFound
        room = Room.objects.select_related("talks").filter(pk=pk).first()
        if room is None:
            raise policy.NotFound
        if room.kind == RoomKind.MEDIATORS:
            _fixed_rooms[pk] = room
        elif (room.kind == RoomKind.CAUCUS and room.closed_at is None
              and room.talks.status in _WRITABLE_TALKS):
            _open_rooms[pk] = room
    policy.require(viewer, "view", room)
    return room


def forget_rooms() -> None:
    """Tests reuse ids after a rollback; production never deletes a room."""
    _fixed_rooms.clear()
    _open_rooms.clear()


def get_message(viewer: Viewer, message_id: object) -> Message:
    """One message for the viewer, with its room (the policy needs it), or `NotFound`."""
    try:
        pk = int(message_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise policy.NotFound from None
    if not 0 < pk < 2**63:
        raise policy.NotFound
    found = _MESSAGE_WITH_ROOM.first(message_id=pk)
    if found is None:
        raise policy.NotFound
    # The object face of the policy decides (its queryset face agrees: tests/policy).
    message = Message.from_db(Message.objects.db, _MESSAGE_COLUMNS, found[:len(_MESSAGE_COLUMNS)])
    message.room = Room.from_db(Room.objects.db, _ROOM_COLUMNS, found[len(_MESSAGE_COLUMNS):])
    policy.require(viewer, "view", message)
    return message


# A message and its room in one row, the query compiled once: a relay asks it
# on the hot path, where building the queryset cost more than running it.
_MESSAGE_COLUMNS = [f.attname for f in Message._meta.concrete_fields]
_ROOM_COLUMNS = [f.attname for f in Room._meta.concrete_fields]
_MESSAGE_WITH_ROOM = Prepared(
    lambda message_id: Message.objects.filter(pk=message_id).values_list(
        *_MESSAGE_COLUMNS, *(f"room__{f.name}" for f in Room._meta.concrete_fields)),
    message_id=int)


@dataclass(frozen=True)
class TimelineItem:
    """One entry of a room's history: something said there, or something relayed into it."""

    type: Literal["message", "relay"]
    event_id: int
    obj: Message | Relay


def timeline(viewer: Viewer, room: Room, *, before: int | None = None, after: int | None = None,
             limit: int = 50) -> list[TimelineItem]:
    """The room's history, `limit` items at most.

    Newest first by default, optionally before event id `before`. With
    `after`, the oldest items after that event id, oldest first: paging
    forward by the last id returned misses nothing and repeats nothing.
    """
    policy.require(viewer, "view", room)
    limit = max(1, min(limit, MAX_PAGE))
    messages = (policy.visible(viewer, Message).filter(room=room)
                .select_related("author", "reply_to")
                .prefetch_related(Prefetch("translations", queryset=Translation.objects.order_by("id"))))
    relays = policy.visible(viewer, Relay).filter(room=room).select_related("source__room")
    if before is not None:
        messages = messages.filter(event_id__lt=before)
        relays = relays.filter(event_id__lt=before)
    if after is not None:
        messages = messages.filter(event_id__gt=after)
        relays = relays.filter(event_id__gt=after)
    order = "event_id" if after is not None else "-event_id"
    items = [TimelineItem("message", m.event_id, m) for m in messages.order_by(order)[:limit]]
    for r in relays.order_by(order)[:limit]:
        r.room = room  # the policy asks for the relay's room: no query per relay
        items.append(TimelineItem("relay", r.event_id, r))
    items.sort(key=lambda i: i.event_id, reverse=after is None)
    return items[:limit]


def timeline_after(viewer: Viewer, room: Room, *, after: int,
                   limit: int = 50) -> tuple[list[TimelineItem], bool]:
    """The oldest `limit` items after event id `after`, oldest first, and whether more remain."""
    limit = max(1, min(limit, MAX_PAGE - 1))
    items = timeline(viewer, room, after=after, limit=limit + 1)
    return items[:limit], len(items) > limit


def mediator_user_ids(talks: Talks) -> set[int]:
    return set(Membership.objects.filter(talks=talks, role__in=list(MEDIATOR_ROLES))
               .values_list("user_id", flat=True))


def shuttle_queue(viewer: Viewer, talks: Talks) -> QuerySet[Message]:
    """Party messages the mediators have neither relayed nor withheld, oldest first."""
    policy.require(viewer, "manage_rooms", talks)
    return (
        policy.visible(viewer, Message)
        .filter(room__talks=talks, room__kind__in=[RoomKind.CAUCUS, RoomKind.JOINT])
        .exclude(author_id__in=mediator_user_ids(talks))
        .exclude(Exists(Relay.objects.filter(source=OuterRef("pk"))))
        .exclude(Exists(Withholding.objects.filter(message=OuterRef("pk"))))
        .select_related("room", "room__party", "author")
        .order_by("event_id")
    )


def provenance(viewer: Viewer, talks: Talks, *, limit: int = 100) -> list[Relay]:
    """Every relay beside its original, newest first. Mediators only."""
    policy.require(viewer, "manage_rooms", talks)
    relays = (policy.visible(viewer, Relay).filter(room__talks=talks)
              .select_related("source", "source__author", "source__room", "source__room__party",
                              "room", "room__party", "by")
              .order_by("-event_id")[:limit])
    return [r for r in relays if policy.can(viewer, "view_provenance", r)]


def withheld(viewer: Viewer, talks: Talks) -> QuerySet[Withholding]:
    return (policy.visible(viewer, Withholding).filter(message__room__talks=talks)
            .select_related("message", "message__room", "message__room__party", "by")
            .order_by("-created_at"))
