"""The JSON API: parse, call one query or action, render. Same policy as the pages.

The OpenAPI schema is served at /api/v1/openapi.json.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import ValidationError as PydanticValidationError

from wasit import policy
from wasit.accounts.authn import Unauthenticated, authenticate
from wasit.accounts.viewer import request_viewer, set_request_viewer
from wasit.api.agenda import router as agenda_router
from wasit.api.notifications import router as notifications_router
from wasit.api.offers import router as offers_router
from wasit.api.packages import router as packages_router
from wasit.api.people import router as people_router
from wasit.api.positions import router as positions_router
from wasit.api.record import router as record_router
from wasit.api.schedule import router as schedule_router
from wasit.api.schemas import (
    COMMON,
    AcceptedOut,
    ErrorOut,
    HistoryOut,
    MessageIn,
    MessagePostedOut,
    RelayIn,
    RelayOut,
    RoomOut,
    RoundOut,
    RoundStatusIn,
    SeatOut,
    TranslationIn,
    WithholdIn,
)
from wasit.api.setup import requester_of as setup_requester
from wasit.api.setup import round_json as setup_round_json
from wasit.api.setup import router as setup_router
from wasit.api.texts import router as texts_router
from wasit.caucus import operations as caucus_ops
from wasit.caucus import queries as caucus_queries
from wasit.idempotency.keys import HEADER as IDEMPOTENCY_HEADER
from wasit.idempotency.keys import KeyReused
from wasit.live import routes
from wasit.live.replay import StreamRefused, replay_body
from wasit.policy import ActionRefused, Forbidden, NotFound
from wasit.talks import actions, queries
from wasit.talks.models import Membership, Round, RoundStatus
from wasit.web import pipeline
from wasit.web.pipeline import BodyTooLarge, Refusal


class TokenAuth(HttpBearer):
    """`Authorization: Bearer wst_...`: a token issued with `wasit token`.

    Judged by `wasit.accounts.authn.authenticate`, as on the fast path: a
    revoked token or a deactivated user is 401, an unenrolled mediator (when
    two-factor is required) 403.
    """

    def authenticate(self, request: HttpRequest, token: str) -> int | None:
        try:
            viewer = authenticate(token=token)
        except Unauthenticated:
            return None
        assert viewer.user_id is not None  # noqa: S101 (a token always speaks for a user)
        request.user = get_user_model().objects.get(pk=viewer.user_id)
        set_request_viewer(request, viewer)
        return viewer.user_id


class BrowserSession(SessionAuth):
    """The browser's session, CSRF-checked once there is one.

    Without a session there is nothing to forge: the caller gets the same 401
    as with a missing or revoked token, not a CSRF 403.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="Wasit API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSession()],
    docs_url="/docs",
)

NOT_FOUND = {"detail": "Not found."}

# On every operation: no or a bad token or session (401), a path or query
# parameter that does not parse (422).


def _refusal(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
    # The fast path maps the same errors with the same function.
    if isinstance(exc, type):
        exc = exc()
    answer = pipeline.error_answer(exc)
    if answer is None:
        raise exc
    return api.create_response(request, answer[1], status=answer[0])


for _refused_kind in (NotFound, Forbidden, ActionRefused, Refusal, KeyReused, BodyTooLarge,
                      OperationalError, InterfaceError):
    api.add_exception_handler(_refused_kind, _refusal)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _refusal(request, Unauthenticated())


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Invalid input.", "errors": exc.errors}, status=422)


def _body(schema: type[Schema]) -> dict[str, Any]:
    """Declare a JSON body that `caucus_ops` parses itself, as the fast path does.

    Ninja's own parsing would coerce (`"yes"` to true, true to the id 1) and
    answer 422 where the fast path answers 400: the two transports would disagree.
    """
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema.model_json_schema()}}}}


def _idempotent_body(schema: type[Schema]) -> dict[str, Any]:
    """`_body`, and the optional `Idempotency-Key` header the hot writes accept."""
    return {**_body(schema), "parameters": [{
        "name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
        "description": "Retry safely: the same key, by the same user on the same route, answers "
                       "with the first result for 24 hours and writes nothing more.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
    }]}


def _round(r: Round) -> dict[str, Any]:
    return setup_round_json(r)


def _seat(s: Membership) -> dict[str, Any]:
    return {"id": s.pk, "username": s.user.get_username(), "display_name": s.user.get_full_name(),
            "role": s.role, "party_id": s.party_id, "title": s.title}


# GET /talks, /talks/{id}, /talks/{id}/rounds and /rounds/{id} live in `setup.py`
# beside the POSTs on the same paths (one router per path, or ninja answers 405).


@api.get("/talks/{talks_id}/seats", response={200: list[SeatOut], 404: ErrorOut, **COMMON}, tags=["talks"],
         operation_id="list_seats")
def list_seats(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The mediator team and the delegations the caller may see."""
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    return [_seat(s) for s in queries.seats_of(viewer, t)]


@api.post("/rounds/{round_id}/status",
          response={200: RoundOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
          tags=["rounds"], operation_id="change_round_status", openapi_extra=_body(RoundStatusIn))
def change_round_status(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Mark a round held, postponed (reason and new date) or cancelled. Mediators only."""
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "manage", round_)  # policy first: the body cannot turn a 403 into a 422
    try:
        body = RoundStatusIn.model_validate_json(request.body or b"null")
    except PydanticValidationError as exc:
        raise NinjaValidationError([{"type": e["type"], "loc": ["body", "body", *e["loc"]], "msg": e["msg"]}
                                   for e in exc.errors(include_url=False)]) from None
    if body.status not in RoundStatus.values:
        raise ActionRefused("Unknown status.", field="status")
    updated = actions.change_round_status(viewer, round_, status=RoundStatus(body.status),
                                          reason=body.reason, rescheduled_to=body.rescheduled_to,
                                          requested_by=setup_requester(viewer, round_, body.requested_by))
    return _round(updated)


# --- caucus rooms and the relay ---------------------------------------------
# The hot routes (post, relay, stream) are also served by the fast ASGI path
# in `wasit.live.asgi` for bearer tokens; both call `caucus_ops`.

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}


@api.get("/talks/{talks_id}/rooms", response={200: list[RoomOut], 404: ErrorOut, **COMMON}, tags=["rooms"],
         operation_id="list_rooms")
def list_rooms(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The rooms the caller may enter: their caucus, open joint sessions; all, for mediators."""
    viewer = request_viewer(request)
    t = queries.get_talks(viewer, talks_id)
    return [caucus_ops.room_json(r) for r in caucus_queries.rooms_of(viewer, t)]


@api.get("/rooms/{room_id}/messages", response={200: HistoryOut, **ERRORS}, tags=["rooms"],
         operation_id="room_history")
def room_history(request: HttpRequest, room_id: int, before: int | None = None,
                 limit: int = 50) -> dict[str, Any]:
    """A room's history, newest first: messages said there and relays carried into it."""
    return caucus_ops.history(request_viewer(request), room_id, before=before, limit=limit)


def _hot_write(request: HttpRequest, name: str, object_id: int) -> Status[dict[str, Any]]:
    """A hot write through Django: the pipeline the fast path runs, in one transaction."""
    with transaction.atomic():
        status, body = routes.write(name, request_viewer(request), object_id, request.body,
                                      request.headers.get(IDEMPOTENCY_HEADER))
    return Status(status, body)


@api.post("/rooms/{room_id}/messages", response={201: MessagePostedOut, **ERRORS}, tags=["rooms"],
          operation_id="post_message", openapi_extra=_idempotent_body(MessageIn))
def post_message(request: HttpRequest, room_id: int) -> Status[dict[str, Any]]:
    """Post in a room. 201 means committed: the message survives a crash.

    Retry safely with an `Idempotency-Key` header (1 to 255 printable ASCII
    characters): the same key, by the same user on the same route, answers
    with the first result for 24 hours and writes nothing more; the same key
    with a different body is refused with 422.
    """
    return _hot_write(request, "post_message", room_id)


@api.post("/rooms/{room_id}/read", response={200: AcceptedOut, **ERRORS}, tags=["rooms"],
          operation_id="mark_room_read")
def mark_room_read(request: HttpRequest, room_id: int) -> dict[str, Any]:
    """A recipient has the room's relays in view: their read receipts go to the mediators."""
    return caucus_ops.mark_read(request_viewer(request), room_id)


@api.post("/messages/{message_id}/relay", response={201: RelayOut, **ERRORS}, tags=["relay"],
          operation_id="relay_message", openapi_extra=_idempotent_body(RelayIn))
def relay_message(request: HttpRequest, message_id: int) -> Status[dict[str, Any]]:
    """Carry a message into other rooms: verbatim, paraphrased or summarised. Mediators only.

    Retry safely with an `Idempotency-Key` header (1 to 255 printable ASCII
    characters): the same key, by the same user on the same route, answers
    with the first result for 24 hours and writes nothing more; the same key
    with a different body is refused with 422.
    """
    return _hot_write(request, "relay_message", message_id)


@api.post("/messages/{message_id}/withhold", response={201: AcceptedOut, **ERRORS}, tags=["relay"],
          operation_id="withhold_message", openapi_extra=_body(WithholdIn))
def withhold_message(request: HttpRequest, message_id: int) -> Status[dict[str, Any]]:
    """Decide not to carry a message; the reason stays with the mediators."""
    return Status(201, caucus_ops.withhold_message(request_viewer(request), message_id, request.body))


@api.post("/messages/{message_id}/translations", response={201: AcceptedOut, **ERRORS},
          tags=["relay"], operation_id="add_translation", openapi_extra=_body(TranslationIn))
def add_translation(request: HttpRequest, message_id: int) -> Status[dict[str, Any]]:
    """Attach a translation to a message (interpreters and mediators)."""
    return Status(201, caucus_ops.add_translation(request_viewer(request), message_id, request.body))


# --- negotiation domains, scores, the frontier, proposals ---------------------
api.add_router("", packages_router)
api.add_router("", setup_router)
api.add_router("", agenda_router)
api.add_router("", positions_router)
api.add_router("", people_router)
api.add_router("", notifications_router)
api.add_router("", schedule_router)
api.add_router("", record_router)
api.add_router("", texts_router)
api.add_router("", offers_router)


@api.get("/stream", response={200: None, 400: ErrorOut, 404: ErrorOut, **COMMON}, tags=["live"],
         operation_id="event_stream")
def event_stream(request: HttpRequest, talks: int | None = None,
                 last_event_id: str | None = None) -> HttpResponse:
    """Server-Sent Events: every event the caller may see, in id order.

    Resume with the `Last-Event-ID` header (or `last_event_id`). Served live
    by the ASGI server; reached through Django it replays and closes, and
    the browser reconnects from its last id.
    """
    raw = request.headers.get("Last-Event-ID", last_event_id)
    try:
        body = replay_body(request_viewer(request), talks_id=talks, raw_last_event_id=raw)
    except StreamRefused as exc:
        return api.create_response(request, {"detail": exc.message}, status=400)
    response = HttpResponse(body, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class ReceiptsIn(Schema):
    """The relays a client has shown: through an event id, or by id (either or both)."""

    model_config = {"extra": "forbid"}

    through_event_id: int | None = None
    relay_ids: list[int] | None = None


class ReceiptsOut(Schema):
    room_id: int
    delivered: int  # how many relays this acknowledgement marked delivered


@api.post("/rooms/{room_id}/receipts", response={200: ReceiptsOut, **ERRORS}, tags=["rooms"],
          operation_id="record_receipts", openapi_extra=_body(ReceiptsIn))
def record_receipts(request: HttpRequest, room_id: int) -> dict[str, Any]:
    """Acknowledge the relays the client has received and shown: the mediators see them delivered.

    Only this acknowledgement marks a relay delivered; streaming it does not. A relay id of
    another room, or a room the caller may not see, is 404 and records nothing; a mediator's
    acknowledgement records nothing.
    """
    return caucus_ops.record_receipts(request_viewer(request), room_id, request.body)
