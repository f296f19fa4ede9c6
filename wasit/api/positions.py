"""The JSON API of the positions and the mediators' map: parse, call one query or action, render.

Texts are objects of language code -> text (`{"en": "...", "fa": "..."}`).
A red line the party keeps from the caller is `null`, with
`red_line_withheld: true`. An edit carries `base_version`, the version it
was made from (null for the first): if another was saved meanwhile the
answer is 409 and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import StrictBool, StrictInt, StrictStr

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.agenda import queries as agenda_queries
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.caucus import queries as caucus_queries
from wasit.policy import ActionRefused
from wasit.positions import actions, queries
from wasit.positions.actions import StaleVersion
from wasit.positions.queries import ShownAssessment, ShownPosition
from wasit.talks import queries as talks_queries
from wasit.talks.models import Party, Talks

router = Router(tags=["positions"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}
Texts = dict[StrictStr, StrictStr]


class PositionIn(Schema):
    """A new version of the party's position on one agenda issue."""

    model_config = {"extra": "forbid"}
    issue_id: StrictInt
    base_version: StrictInt | None = None
    demand: Texts
    offer: Texts = {}
    red_line: Texts = {}
    notes: Texts = {}
    priority: StrictInt
    round_id: StrictInt | None = None


class RedLinesIn(Schema):
    """Keep the party's red lines from the mediators (true), or let them read them (false)."""

    model_config = {"extra": "forbid"}
    barred: StrictBool


class AssessmentIn(Schema):
    """A new version of the mediators' reading of the gap on the issue."""

    model_config = {"extra": "forbid"}
    base_version: StrictInt | None = None
    gap: StrictStr
    note: Texts = {}


class PositionRelayIn(Schema):
    """The room to post into and the message, drafted from the position and edited."""

    model_config = {"extra": "forbid"}
    room_id: StrictInt
    text: StrictStr


class ConflictOut(Schema):
    detail: str
    field: str | None = None
    current_version: int | None


class RelayLinkOut(Schema):
    message_id: int
    room_id: int
    at: dt.datetime


class PositionOut(Schema):
    id: int
    issue_id: int
    party_id: int
    version: int
    round_id: int | None
    demand: dict[str, str]
    offer: dict[str, str]
    red_line: dict[str, str] | None
    red_line_withheld: bool
    notes: dict[str, str]
    priority: int
    changed: list[str]
    created_at: dt.datetime
    relays: list[RelayLinkOut] | None = None


class RedLinesOut(Schema):
    party_id: int
    barred: bool


class AssessmentOut(Schema):
    id: int
    issue_id: int
    version: int
    gap: str
    note: dict[str, str]
    created_at: dt.datetime


class MapCellOut(Schema):
    party_id: int
    position: PositionOut | None
    then: PositionOut | None
    moved: list[str]
    new: bool


class MapRowOut(Schema):
    issue_id: int
    withdrawn: bool
    cells: list[MapCellOut]
    assessment: AssessmentOut | None


class PositionMapOut(Schema):
    talks_id: int
    since_round_id: int | None
    default_since_round_id: int | None
    rows: list[MapRowOut]


class PositionRelayOut(Schema):
    position_id: int
    message_id: int
    room_id: int
    created_at: dt.datetime


def _position(p: ShownPosition, *, mediator: bool) -> dict[str, Any]:
    return {"id": p.id, "issue_id": p.issue_id, "party_id": p.party_id, "version": p.version,
            "round_id": p.applies_from.pk if p.applies_from else None,
            "demand": dict(p.demand.all), "offer": dict(p.offer.all),
            "red_line": dict(p.red_line.all) if p.red_line is not None else None,
            "red_line_withheld": p.red_line_withheld, "notes": dict(p.notes.all),
            "priority": p.priority, "changed": sorted(p.changed), "created_at": p.at,
            "relays": [{"message_id": r.message_id, "room_id": r.room_id, "at": r.at} for r in p.relays]
            if mediator else None}


def _assessment(a: ShownAssessment) -> dict[str, Any]:
    return {"id": a.id, "issue_id": a.issue_id, "version": a.version, "gap": a.gap, "note": dict(a.note.all),
            "created_at": a.at}


def _party(request: HttpRequest, talks_id: int, party_id: int, verb: str = "view_positions") -> tuple[Talks, Party]:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = talks_queries.get_party(viewer, party_id)
    if party.talks_id != talks.pk:
        raise policy.NotFound
    policy.require(viewer, "view_positions", party)
    if verb != "view_positions":
        policy.require(viewer, verb, party)
    return talks, party


def _conflict(exc: StaleVersion) -> Status[dict[str, Any]]:
    return Status(409, {"detail": str(exc.message), "field": exc.field, "current_version": exc.current})


@router.get("/talks/{talks_id}/parties/{party_id}/positions",
            response={200: list[PositionOut], 404: ErrorOut, **COMMON}, operation_id="list_positions")
def list_positions(request: HttpRequest, talks_id: int, party_id: int) -> list[dict[str, Any]]:
    """Every version of the party's positions, by agenda issue, newest first (its delegation, the mediators)."""
    viewer = request_viewer(request)
    _talks, party = _party(request, talks_id, party_id)
    mediator = viewer.is_mediator_in(party.talks_id)
    return [_position(p, mediator=mediator) for versions in queries.history_of(viewer, party).values()
            for p in versions]


@router.post("/talks/{talks_id}/parties/{party_id}/positions",
             response={201: PositionOut, 200: PositionOut, 409: ConflictOut, **ERRORS},
             operation_id="record_position", openapi_extra=_body(PositionIn))
def record_position(request: HttpRequest, talks_id: int, party_id: int) -> Status[dict[str, Any]]:
    """Save a new version of the party's position (its head, members, counsel and experts).

    201 with the new version; 200 with the version in force when nothing
    changed; 409 when `base_version` is not the version in force.
    """
    viewer = request_viewer(request)
    talks, party = _party(request, talks_id, party_id, "record_position")
    body = _parse(request, PositionIn)
    issue = queries.issue_for_position(viewer, talks, body.issue_id)
    round_ = queries.round_for_position(viewer, talks, body.round_id)
    try:
        position = actions.record_position(
            viewer, party, issue=issue, base_version=body.base_version, demand=body.demand, offer=body.offer,
            red_line=body.red_line, notes=body.notes, priority=body.priority, applies_from=round_)
    except StaleVersion as exc:
        return _conflict(exc)
    created = position.version != body.base_version
    return Status(201 if created else 200, _position(queries.get_position(viewer, position.pk), mediator=False))


@router.get("/positions/{position_id}", response={200: PositionOut, 404: ErrorOut, **COMMON},
            operation_id="get_position")
def get_position(request: HttpRequest, position_id: int) -> dict[str, Any]:
    """One version of a party's position (its delegation, the mediators)."""
    viewer = request_viewer(request)
    shown = queries.get_position(viewer, position_id)
    return _position(shown, mediator=viewer.is_mediator_in(queries.get_position_row(viewer, position_id).talks_id))


@router.post("/talks/{talks_id}/parties/{party_id}/red-lines", response={200: RedLinesOut, **ERRORS},
             operation_id="set_red_lines_barred", openapi_extra=_body(RedLinesIn))
def set_red_lines_barred(request: HttpRequest, talks_id: int, party_id: int) -> dict[str, Any]:
    """Keep the party's red lines from the mediators, or not (the party's head)."""
    _talks, party = _party(request, talks_id, party_id, "bar_red_lines")
    body = _parse(request, RedLinesIn)
    actions.set_red_lines_barred(request_viewer(request), party, barred=body.barred)
    return {"party_id": party.pk, "barred": queries.red_lines_barred(party)}


@router.get("/talks/{talks_id}/position-map", response={200: PositionMapOut, **ERRORS},
            operation_id="get_position_map")
def get_position_map(request: HttpRequest, talks_id: int, since_round_id: int | None = None,
                     compare: bool = True) -> dict[str, Any]:
    """Agenda issues x parties: positions in force, what moved since a round, the assessments (mediators).

    Without `since_round_id`, the comparison is with the round before the
    newest one the positions apply from; `compare=false` compares with nothing.
    """
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_position_map", talks)
    since = queries.round_for_position(viewer, talks, since_round_id) if since_round_id is not None else None
    view = queries.position_map(viewer, talks, since=since, use_default=compare and since is None)
    return {
        "talks_id": talks.pk, "since_round_id": view.since.pk if view.since else None,
        "default_since_round_id": view.default_since.pk if view.default_since else None,
        "rows": [{"issue_id": row.issue.pk, "withdrawn": row.issue.is_withdrawn,
                  "assessment": _assessment(row.assessment) if row.assessment else None,
                  "cells": [{"party_id": c.party.pk, "moved": sorted(c.moved), "new": c.is_new,
                             "position": _position(c.now, mediator=True) if c.now else None,
                             "then": _position(c.then, mediator=True) if c.then else None}
                            for c in row.cells]}
                 for row in view.rows],
    }


@router.post("/agenda/{issue_id}/assessment",
             response={201: AssessmentOut, 200: AssessmentOut, 409: ConflictOut, **ERRORS},
             operation_id="record_assessment", openapi_extra=_body(AssessmentIn))
def record_assessment(request: HttpRequest, issue_id: int) -> Status[dict[str, Any]]:
    """Save a new version of the mediators' assessment of the gap on the issue (mediators)."""
    viewer = request_viewer(request)
    issue = agenda_queries.get_issue(viewer, issue_id)
    policy.require(viewer, "assess", issue)
    body = _parse(request, AssessmentIn)
    try:
        assessment = actions.record_assessment(viewer, issue, base_version=body.base_version, gap=body.gap,
                                               note=body.note)
    except StaleVersion as exc:
        return _conflict(exc)
    return Status(201 if assessment.version != body.base_version else 200,
                  _assessment(queries.get_assessment(viewer, assessment.pk)))


@router.post("/positions/{position_id}/relay", response={201: PositionRelayOut, **ERRORS},
             operation_id="relay_position", openapi_extra=_body(PositionRelayIn))
def relay_position(request: HttpRequest, position_id: int) -> Status[dict[str, Any]]:
    """Post a message drafted from the position into a room; the link stays with the mediators."""
    viewer = request_viewer(request)
    row = queries.get_position_row(viewer, position_id)
    policy.require(viewer, "relay", row)
    body = _parse(request, PositionRelayIn)
    try:
        room = caucus_queries.get_room(viewer, body.room_id)
    except policy.NotFound:
        raise ActionRefused(_("Choose a room of these talks."), field="room_id") from None
    link = actions.relay_position(viewer, row, room=room, text=body.text)
    return Status(201, {"position_id": row.pk, "message_id": link.message_id, "room_id": link.room_id,
                        "created_at": link.created_at})
