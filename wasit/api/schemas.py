"""The shapes the API returns and takes. Names of fields follow the models'.

The caucus bodies (`MessageIn`, `RelayIn`, `WithholdIn`, `TranslationIn`)
only document: `wasit.api.caucus_ops` parses them, strictly, for both
transports, and refuses an unknown field.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class PartyOut(Schema):
    id: int
    code: str
    name: str


class TalksOut(Schema):
    id: int
    title: str
    mediator_org: str
    status: str
    parties: list[PartyOut]


class TalksDetailOut(TalksOut):
    description: str
    my_role: str | None


class SeatOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    party_id: int | None
    title: str


class RoundOut(Schema):
    id: int
    talks_id: int
    number: int
    title: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    format: str
    status: str
    status_reason: str
    rescheduled_to: dt.date | None


class RoundStatusIn(Schema):
    status: str
    reason: str = ""
    rescheduled_to: dt.date | None = None


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class InvalidOut(Schema):
    """422: a parameter or body that does not match the schema."""

    detail: str
    errors: list[dict]  # type: ignore[type-arg]


class RoomOut(Schema):
    id: int
    talks_id: int
    kind: str
    party_id: int | None
    open: bool
    open_until: str | None


class MessageIn(Schema):
    model_config = {"extra": "forbid"}

    text: str
    mediators_only: bool = False
    reply_to: int | None = None


class MessagePostedOut(Schema):
    id: int
    event_id: int
    room_id: int
    created_at: str


class RelayIn(Schema):
    model_config = {"extra": "forbid"}

    into: list[int]
    mode: str
    text: str = ""
    attributed: bool = False
    show_mode: bool = False


class RelayItemOut(Schema):
    id: int
    room_id: int
    event_id: int


class RelayOut(Schema):
    relays: list[RelayItemOut]


class WithholdIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str


class TranslationIn(Schema):
    model_config = {"extra": "forbid"}

    language: str
    text: str


class AcceptedOut(Schema):
    model_config = {"extra": "allow"}


class HistoryOut(Schema):
    room: RoomOut
    items: list[dict]  # type: ignore[type-arg]
    next_before: int | None
