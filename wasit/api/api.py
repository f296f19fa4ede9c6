"""The JSON API: parse, call one query or action, render. Same policy as the pages.

The OpenAPI schema is served at /api/v1/openapi.json.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from wasit.api.schemas import (
    ErrorOut,
    RoundOut,
    RoundStatusIn,
    SeatOut,
    TalksDetailOut,
    TalksOut,
)
from wasit.policy import ActionRefused, Forbidden, NotFound
from wasit.talks import actions, queries
from wasit.talks.models import Membership, Party, Round, RoundStatus, Talks
from wasit.web.viewer import request_viewer

api = NinjaAPI(
    title="Wasit API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)

NOT_FOUND = {"detail": "Not found."}


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    # One body for "missing" and "not yours".
    return api.create_response(request, NOT_FOUND, status=404)


@api.exception_handler(Forbidden)
def _forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


@api.exception_handler(ActionRefused)
def _refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message), "field": exc.field}, status=400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Log in first."}, status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Invalid input.", "errors": exc.errors}, status=422)


def _party(p: Party) -> dict[str, Any]:
    return {"id": p.pk, "code": p.code, "name": p.name}


def _talks(t: Talks) -> dict[str, Any]:
    return {"id": t.pk, "title": t.title, "mediator_org": t.mediator_org, "status": t.status,
            "parties": [_party(p) for p in t.parties.all()]}


def _round(r: Round) -> dict[str, Any]:
    return {"id": r.pk, "talks_id": r.talks_id, "number": r.number, "title": r.title,
            "venue": r.venue, "starts_on": r.starts_on, "ends_on": r.ends_on, "format": r.format,
            "status": r.status, "status_reason": r.status_reason, "rescheduled_to": r.rescheduled_to}


def _seat(s: Membership) -> dict[str, Any]:
    return {"id": s.pk, "username": s.user.get_username(), "display_name": s.user.get_full_name(),
            "role": s.role, "party_id": s.party_id, "title": s.title}


@api.get("/talks", response=list[TalksOut], tags=["talks"], operation_id="list_talks")
def list_talks(request: HttpRequest) -> list[dict[str, Any]]:
    """The talks the caller holds a seat at."""
    return [_talks(t) for t in queries.talks_for(request_viewer(request))]


@api.get("/talks/{talks_id}", response={200: TalksDetailOut, 404: ErrorOut}, tags=["talks"],
         operation_id="get_talks")
def get_talks(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    seat = viewer.seat(t.pk)
    return {**_talks(t), "description": t.description, "my_role": seat.role if seat else None}


@api.get("/talks/{talks_id}/seats", response={200: list[SeatOut], 404: ErrorOut}, tags=["talks"],
         operation_id="list_seats")
def list_seats(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The mediator team and the delegations the caller may see."""
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    return [_seat(s) for s in queries.seats_of(viewer, t)]


@api.get("/talks/{talks_id}/rounds", response={200: list[RoundOut], 404: ErrorOut}, tags=["rounds"],
         operation_id="list_rounds")
def list_rounds(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    return [_round(r) for r in queries.rounds_of(viewer, t)]


@api.get("/rounds/{round_id}", response={200: RoundOut, 404: ErrorOut}, tags=["rounds"],
         operation_id="get_round")
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _round(queries.get_round(request_viewer(request), round_id))


@api.post("/rounds/{round_id}/status",
          response={200: RoundOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
          tags=["rounds"], operation_id="change_round_status")
def change_round_status(request: HttpRequest, round_id: int, body: RoundStatusIn) -> dict[str, Any]:
    """Mark a round held, postponed (reason and new date) or cancelled. Mediators only."""
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    if body.status not in RoundStatus.values:
        raise ActionRefused("Unknown status.", field="status")
    updated = actions.change_round_status(viewer, round_, status=RoundStatus(body.status),
                                          reason=body.reason, rescheduled_to=body.rescheduled_to)
    return _round(updated)
