"""Event kinds of the caucus app. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class RoomOpened(DomainEvent):
    """A room was opened: a party's caucus, the mediators' room or a joint session.

    Seen by whoever may enter the room.
    """

    kind = "room.opened"
    room_id: int
    room_kind: str
    open_until: str | None


@dataclass(frozen=True, kw_only=True)
class RoomClosed(DomainEvent):
    """A mediator closed a joint session, or a party's caucus room.

    Seen by every member of the talks. A closed room's history stays
    readable; nobody posts in it.
    """

    kind = "room.closed"
    room_id: int


@dataclass(frozen=True, kw_only=True)
class RoomReopened(DomainEvent):
    """A mediator opened a closed caucus room again. Seen by every member of the talks."""

    kind = "room.reopened"
    room_id: int


@dataclass(frozen=True, kw_only=True)
class MessagePosted(DomainEvent):
    """Someone spoke in a room. Seen by whoever is in that room."""

    kind = "message.posted"
    room_id: int
    message_id: int
    author: str
    text: str
    mediators_only: bool
    reply_to: int | None


@dataclass(frozen=True, kw_only=True)
class MessageRelayed(DomainEvent):
    """A mediator carried a message into a room.

    Seen by whoever is in the destination room. Carries only what the
    recipients may know: the relayed text, and the source party and mode
    only if the mediator chose to show them. Never the original.
    """

    kind = "message.relayed"
    relay_id: int
    room_id: int
    text: str
    from_party_id: int | None
    mode: str | None


@dataclass(frozen=True, kw_only=True)
class RelayRecorded(DomainEvent):
    """Provenance of a relay: which message went where, how, by whom. Mediators only."""

    kind = "relay.recorded"
    message_id: int
    relay_ids: list[int]
    room_ids: list[int]
    mode: str


@dataclass(frozen=True, kw_only=True)
class MessageWithheld(DomainEvent):
    """A mediator decided not to carry a message; the reason stays with the mediators."""

    kind = "message.withheld"
    message_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class TranslationAdded(DomainEvent):
    """An interpreter attached a translation to a message. Seen by whoever is in that room."""

    kind = "translation.added"
    room_id: int
    message_id: int
    translation_id: int
    language: str
    text: str


@dataclass(frozen=True, kw_only=True)
class RelaysReceived(DomainEvent):
    """Relays reached a room (delivered) or were opened there (read). Mediators only."""

    kind = "relay.receipt"
    room_id: int
    relay_ids: list[int]
    receipt: str
