"""The JSON API of talks set-up: talks, parties, rooms, rounds: parse, call one query or action, render.

Bodies are parsed after the policy has answered (`packages._body`), so a body
never changes whether the answer is 403, 404 or 400. Localised texts are JSON
objects, `{"en": "...", "ar": "..."}`.
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
from wasit.api.packages import _body, _parse
from wasit.api.schemas import (
    COMMON,
    ErrorOut,
    PartySummaryOut,
    RoomOut,
    RoundAgendaItemOut,
    RoundMinutesOut,
    RoundOut,
    RoundStepOut,
    TalksDetailOut,
    TalksOut,
)
from wasit.caucus import actions as caucus
from wasit.caucus import operations as caucus_ops
from wasit.caucus import queries as caucus_queries
from wasit.caucus.models import RoomKind
from wasit.policy import ActionRefused
from wasit.talks import actions, queries
from wasit.talks.localized import LocalText
from wasit.talks.models import (
    Party,
    PartySummary,
    Round,
    RoundMinutes,
    RoundStep,
    Talks,
    TalksStatus,
)

router = Router(tags=["setup"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}

Texts = dict[str, str]


class TalksIn(Schema):
    """New talks. The caller becomes their lead mediator."""

    model_config = {"extra": "forbid"}
    title: Texts
    mediator_org: Texts
    description: Texts = {}
    status: str = TalksStatus.PREPARING.value
    languages: list[str] = []
    heads_may_invite: bool = False
    require_two_factor: bool = False


class TalksEditIn(Schema):
    """The talks' texts, content languages and settings; a field left out stays as it is."""

    model_config = {"extra": "forbid"}
    title: Texts | None = None
    mediator_org: Texts | None = None
    description: Texts | None = None
    languages: list[str] | None = None
    heads_may_invite: bool | None = None
    require_two_factor: bool | None = None


class TalksStatusIn(Schema):
    model_config = {"extra": "forbid"}
    status: str
    reason: str


class TalksSetupOut(Schema):
    id: int
    title: str
    title_i18n: Texts
    mediator_org_i18n: Texts
    description_i18n: Texts
    languages: list[str]
    status: str
    heads_may_invite: bool
    require_two_factor: bool


class PartyIn(Schema):
    model_config = {"extra": "forbid"}
    code: str
    name: Texts


class PartyRenameIn(Schema):
    model_config = {"extra": "forbid"}
    code: str | None = None
    name: Texts | None = None


class PartySetupOut(Schema):
    id: int
    talks_id: int
    code: str
    name: str
    name_i18n: Texts
    room_id: int | None


class RoundIn(Schema):
    """A new round. Dates and times are the venue's, in `time_zone`; without times it runs whole days."""

    model_config = {"extra": "forbid"}
    title: Texts = {}
    venue: Texts
    note: Texts = {}
    starts_on: dt.date
    ends_on: dt.date
    # The venue's local times, e.g. "09:30"; without a UTC offset (the time zone says where).
    starts_time: dt.time | None = None
    ends_time: dt.time | None = None
    time_zone: str = "UTC"
    format: str


class RoundEditIn(Schema):
    """A round's texts, dates, times, time zone and format; a field left out stays as it is.

    A time given as null makes the round run whole days.
    """

    model_config = {"extra": "forbid"}
    title: Texts | None = None
    venue: Texts | None = None
    note: Texts | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    starts_time: dt.time | None = None
    ends_time: dt.time | None = None
    time_zone: str | None = None
    format: str | None = None


class RoundAgendaIn(Schema):
    """The round's agenda: ids of the talks' agenda issues, in order (an empty list clears it)."""

    model_config = {"extra": "forbid"}
    issues: list[StrictInt]


class MinutesIn(Schema):
    """`version`: the one you read (0 for none yet); a save in between makes yours stale (400)."""

    model_config = {"extra": "forbid"}
    text: StrictStr
    version: StrictInt


class SummaryIn(Schema):
    """A party's summary; `share` puts it before that party's delegation (and it stays shared)."""

    model_config = {"extra": "forbid"}
    text: StrictStr
    version: StrictInt
    share: StrictBool = False


def _text(value: Texts | None) -> LocalText | None:
    return LocalText(value) if value is not None else None


def _talks(t: Talks) -> dict[str, Any]:
    return {"id": t.pk, "title": t.title, "title_i18n": t.title_i18n,
            "mediator_org_i18n": t.mediator_org_i18n, "description_i18n": t.description_i18n,
            "languages": t.languages, "status": t.status, "heads_may_invite": t.heads_may_invite,
            "require_two_factor": t.require_two_factor}


def _party(p: Party) -> dict[str, Any]:
    room = caucus_queries.caucus_room_of(p)
    return {"id": p.pk, "talks_id": p.talks_id, "code": p.code, "name": p.name,
            "name_i18n": p.name_i18n, "room_id": room.pk}


def round_json(r: Round) -> dict[str, Any]:
    return {"id": r.pk, "talks_id": r.talks_id, "number": r.number, "title": r.title,
            "venue": r.venue, "starts_on": r.starts_on, "ends_on": r.ends_on, "format": r.format,
            "status": r.status, "status_reason": r.status_reason, "rescheduled_to": r.rescheduled_to,
            "time_zone": r.time_zone, "starts_at": r.starts_at, "ends_at": r.ends_at, "all_day": r.all_day,
            "starts_time": _hhmm(r.starts_time), "ends_time": _hhmm(r.ends_time), "sequence": r.sequence,
            "note": r.note_i18n, "listening_only": r.is_listening}


def _hhmm(t: dt.time | None) -> str | None:
    return t.strftime("%H:%M") if t is not None else None


def requester_of(viewer: policy.Viewer, round_: Round, value: int | str | None) -> Party | str | None:
    """Who asked for a postponement, from the API's `requested_by`: "mediators" or a party's id."""
    if value is None or isinstance(value, str):
        return value
    party = queries.parties_of(viewer, round_.talks).filter(pk=value).first()
    if party is None:
        raise ActionRefused(_("Say who asked: a party of these talks, or the mediators."), field="requested_by")
    return party


def _step(s: RoundStep) -> dict[str, Any]:
    by = (s.by.get_full_name() or s.by.get_username()) if s.by is not None else None
    return {"id": s.pk, "kind": s.kind, "at": s.at, "by": by, "reason": s.reason, "asked_by": s.asked_by,
            "asked_by_party_id": s.asked_by_party_id, "new_date": s.new_date, "starts_at": s.starts_at,
            "ends_at": s.ends_at, "sequence": s.sequence, "changed": s.changed}


def _agenda(viewer: policy.Viewer, round_: Round) -> list[dict[str, Any]]:
    return [{"position": i.position, "issue_id": i.issue_id, "title": i.issue.title_i18n,
             "withdrawn": i.issue.withdrawn_at is not None} for i in queries.agenda_of(viewer, round_)]


def _summary(s: PartySummary) -> dict[str, Any]:
    return {"round_id": s.round_id, "party_id": s.party_id, "text": s.text, "version": s.version,
            "shared": s.shared_at is not None, "shared_at": s.shared_at, "updated_at": s.updated_at}


def _talks_out(t: Talks) -> dict[str, Any]:
    return {"id": t.pk, "title": t.title, "mediator_org": t.mediator_org, "status": t.status,
            "parties": [{"id": p.pk, "code": p.code, "name": p.name} for p in t.parties.all()]}


@router.get("/talks", response={200: list[TalksOut], **COMMON}, tags=["talks"], operation_id="list_talks")
def list_talks(request: HttpRequest) -> list[dict[str, Any]]:
    """The talks the caller holds a seat at."""
    return [_talks_out(t) for t in queries.talks_for(request_viewer(request))]


@router.get("/talks/{talks_id}", response={200: TalksDetailOut, 404: ErrorOut, **COMMON}, tags=["talks"],
            operation_id="get_talks")
def get_talks(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    seat = viewer.seat(t.pk)
    return {**_talks_out(t), **_talks(t), "description": t.description,
            "my_role": seat.role if seat else None}


@router.get("/talks/{talks_id}/rounds", response={200: list[RoundOut], 404: ErrorOut, **COMMON},
            tags=["rounds"], operation_id="list_rounds")
def list_rounds(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    return [round_json(r) for r in queries.rounds_of(viewer, t)]


@router.get("/rounds/{round_id}", response={200: RoundOut, 404: ErrorOut, **COMMON}, tags=["rounds"],
            operation_id="get_round")
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return round_json(queries.get_round(request_viewer(request), round_id))


@router.post("/talks", response={201: TalksSetupOut, **ERRORS}, operation_id="create_talks",
             openapi_extra=_body(TalksIn))
def create_talks(request: HttpRequest) -> Status[dict[str, Any]]:
    """Open new talks: operators, and users an operator allows. The caller becomes lead mediator."""
    viewer = request_viewer(request)
    policy.require(viewer, "open_talks")
    body = _parse(request, TalksIn)
    talks = actions.open_talks(
        viewer, title=LocalText(body.title), mediator_org=LocalText(body.mediator_org),
        description=LocalText(body.description), status=body.status,
        languages=body.languages, heads_may_invite=body.heads_may_invite,
        require_two_factor=body.require_two_factor)
    return Status(201, _talks(talks))


@router.post("/talks/{talks_id}", response={200: TalksSetupOut, **ERRORS}, operation_id="edit_talks",
             openapi_extra=_body(TalksEditIn))
def edit_talks(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """Edit the talks' texts, content languages and settings. The lead mediator only."""
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks)
    body = _parse(request, TalksEditIn)
    return _talks(actions.edit_talks(
        viewer, talks, title=_text(body.title), mediator_org=_text(body.mediator_org),
        description=_text(body.description), languages=body.languages,
        heads_may_invite=body.heads_may_invite, require_two_factor=body.require_two_factor))


@router.post("/talks/{talks_id}/status", response={200: TalksSetupOut, **ERRORS},
             operation_id="change_talks_status", openapi_extra=_body(TalksStatusIn))
def change_talks_status(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """Set the talks in preparation, active, suspended or concluded, with a reason. The lead mediator only.

    Suspended and concluded talks are read-only for the parties.
    """
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks)
    body = _parse(request, TalksStatusIn)
    return _talks(actions.change_talks_status(viewer, talks, status=body.status, reason=body.reason))


@router.post("/talks/{talks_id}/parties", response={201: PartySetupOut, **ERRORS},
             operation_id="add_party", openapi_extra=_body(PartyIn))
def add_party(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Add a party (with its caucus room), also once the talks are under way. The lead mediator only."""
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks)
    body = _parse(request, PartyIn)
    return Status(201, _party(actions.add_party(viewer, talks, code=body.code, name=LocalText(body.name))))


@router.post("/parties/{party_id}", response={200: PartySetupOut, **ERRORS}, operation_id="rename_party",
             openapi_extra=_body(PartyRenameIn))
def rename_party(request: HttpRequest, party_id: int) -> dict[str, Any]:
    """Give a party another name or code. The lead mediator only."""
    viewer = request_viewer(request)
    party = queries.get_party(viewer, party_id)
    policy.require(viewer, "manage", party.talks)
    body = _parse(request, PartyRenameIn)
    return _party(actions.rename_party(viewer, party, name=_text(body.name), code=body.code))


@router.post("/rooms/{room_id}/close", response={200: RoomOut, **ERRORS}, operation_id="close_room")
def close_room(request: HttpRequest, room_id: int) -> dict[str, Any]:
    """Close a party's caucus room or a joint session: history stays readable. Mediators only."""
    viewer = request_viewer(request)
    room = caucus_queries.get_room(viewer, room_id)
    policy.require(viewer, "manage_rooms", room.talks)
    if room.kind == RoomKind.JOINT:
        return caucus_ops.room_json(caucus.close_joint_session(viewer, room))
    return caucus_ops.room_json(caucus.close_room(viewer, room))


@router.post("/rooms/{room_id}/reopen", response={200: RoomOut, **ERRORS}, operation_id="reopen_room")
def reopen_room(request: HttpRequest, room_id: int) -> dict[str, Any]:
    """Open a closed caucus room again. Mediators only."""
    viewer = request_viewer(request)
    room = caucus_queries.get_room(viewer, room_id)
    policy.require(viewer, "manage_rooms", room.talks)
    return caucus_ops.room_json(caucus.reopen_room(viewer, room))


@router.post("/talks/{talks_id}/rounds", response={201: RoundOut, **ERRORS}, operation_id="schedule_round",
             openapi_extra=_body(RoundIn))
def schedule_round(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Put a round on the calendar (numbered after the last). Mediators only."""
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "schedule_round", talks)
    body = _parse(request, RoundIn)
    round_ = actions.schedule_round(
        viewer, talks, title=LocalText(body.title), venue=LocalText(body.venue),
        note=LocalText(body.note), starts_on=body.starts_on, ends_on=body.ends_on,
        starts_time=body.starts_time, ends_time=body.ends_time, format=body.format, time_zone=body.time_zone)
    return Status(201, round_json(round_))


@router.post("/rounds/{round_id}", response={200: RoundOut, **ERRORS}, operation_id="edit_round",
             openapi_extra=_body(RoundEditIn))
def edit_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Edit a round: texts, dates (not once held), time zone, format. Mediators only."""
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "manage", round_)
    body = _parse(request, RoundEditIn)
    given = body.model_fields_set
    return round_json(actions.edit_round(
        viewer, round_, title=_text(body.title), venue=_text(body.venue), note=_text(body.note),
        starts_on=body.starts_on, ends_on=body.ends_on, time_zone=body.time_zone,
        starts_time=body.starts_time if "starts_time" in given else actions.KEEP,
        ends_time=body.ends_time if "ends_time" in given else actions.KEEP,
        format=body.format))


@router.get("/rounds/{round_id}/history", response={200: list[RoundStepOut], 404: ErrorOut, **COMMON},
            tags=["rounds"], operation_id="round_history")
def round_history(request: HttpRequest, round_id: int) -> list[dict[str, Any]]:
    """Every step of the round (planned, edited, rescheduled, postponed, held, cancelled, agenda set), oldest first."""
    viewer = request_viewer(request)
    return [_step(s) for s in queries.history_of(viewer, queries.get_round(viewer, round_id))]


@router.get("/rounds/{round_id}/agenda", response={200: list[RoundAgendaItemOut], 404: ErrorOut, **COMMON},
            tags=["rounds"], operation_id="get_round_agenda")
def get_round_agenda(request: HttpRequest, round_id: int) -> list[dict[str, Any]]:
    """The round's agenda: agenda issues of the talks, in order."""
    viewer = request_viewer(request)
    return _agenda(viewer, queries.get_round(viewer, round_id))


@router.post("/rounds/{round_id}/agenda", response={200: list[RoundAgendaItemOut], **ERRORS}, tags=["rounds"],
             operation_id="set_round_agenda", openapi_extra=_body(RoundAgendaIn))
def set_round_agenda(request: HttpRequest, round_id: int) -> list[dict[str, Any]]:
    """Set the round's agenda from the talks' agenda issues, in order. Mediators only."""
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "set_agenda", round_)
    body = _parse(request, RoundAgendaIn)
    return _agenda(viewer, actions.set_round_agenda(viewer, round_, issues=body.issues))


def _minutes_round(request: HttpRequest, round_id: int) -> Round:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "keep_minutes", round_)  # a party may not learn of the minutes: 404
    return round_


def _minutes(round_: Round, m: RoundMinutes | None) -> dict[str, Any]:
    return {"round_id": round_.pk, "text": m.text if m else "", "version": m.version if m else 0,
            "updated_at": m.updated_at if m else None}


@router.get("/rounds/{round_id}/minutes", response={200: RoundMinutesOut, 404: ErrorOut, **COMMON},
            tags=["rounds"], operation_id="get_round_minutes")
def get_round_minutes(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """The mediators' own minutes of the round. Mediators only; anyone else gets 404."""
    round_ = _minutes_round(request, round_id)
    return _minutes(round_, queries.minutes_of(request_viewer(request), round_))


@router.post("/rounds/{round_id}/minutes", response={200: RoundMinutesOut, **ERRORS}, tags=["rounds"],
             operation_id="save_round_minutes", openapi_extra=_body(MinutesIn))
def save_round_minutes(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Save the minutes, from the version you read (a stale one is refused, 400). Mediators only."""
    round_ = _minutes_round(request, round_id)
    body = _parse(request, MinutesIn)
    return _minutes(round_, actions.save_minutes(request_viewer(request), round_, text=body.text,
                                                 version=body.version))


@router.get("/rounds/{round_id}/summaries", response={200: list[PartySummaryOut], 404: ErrorOut, **COMMON},
            tags=["rounds"], operation_id="list_round_summaries")
def list_round_summaries(request: HttpRequest, round_id: int) -> list[dict[str, Any]]:
    """The party summaries the caller may read: all, for the mediators; a party its own, once shared."""
    viewer = request_viewer(request)
    return [_summary(s) for s in queries.summaries_of(viewer, queries.get_round(viewer, round_id))]


@router.post("/rounds/{round_id}/summaries/{party_id}", response={200: PartySummaryOut, **ERRORS},
             tags=["rounds"], operation_id="save_round_summary", openapi_extra=_body(SummaryIn))
def save_round_summary(request: HttpRequest, round_id: int, party_id: int) -> dict[str, Any]:
    """Save (and, with `share`, share) the round's summary for one party. Mediators only."""
    round_ = _minutes_round(request, round_id)
    viewer = request_viewer(request)
    party = queries.get_party(viewer, party_id)
    body = _parse(request, SummaryIn)
    return _summary(actions.save_summary(viewer, round_, party, text=body.text, version=body.version,
                                         share=body.share))
