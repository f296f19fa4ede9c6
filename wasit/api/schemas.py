"""The shapes the API returns. Names of fields follow the models'."""

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
