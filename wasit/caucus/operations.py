"""The caucus operations of the API, shared by both transports.

The ninja routes (session or token, through Django's middleware) and the
fast ASGI path (`wasit.live.asgi`) parse a JSON body into the same calls and
render the same dicts, so the two can never disagree. Each function takes a
viewer and plain JSON values, calls one action or query, and returns JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from wasit import policy
from wasit.caucus import actions, queries
from wasit.caucus.models import Message, Relay, RelayMode, Room
from wasit.caucus.queries import TimelineItem
from wasit.policy import ActionRefused, Viewer


def parse_body(raw: bytes) -> object:
    """The request body as JSON values; both transports parse it here."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ActionRefused(_("The body must be UTF-8 JSON.")) from None


def _field(body: dict[str, Any], name: str, kind: type, default: Any = ..., *,
           nullable: bool = False) -> Any:
    if name not in body:
        if default is ...:
            raise ActionRefused(_("Missing field."), field=name)
        return default
    value = body[name]
    if value is None and nullable:
        return None
    # bool is an int in Python; a JSON true must not pass as an id.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ActionRefused(_("Wrong type."), field=name)
    return value


def _check_body(body: object, allowed: set[str]) -> dict[str, Any]:
    """The body as a dict of known fields. Called after the policy has answered:
    a raw body (bytes) is parsed here, so it cannot change a 403 or 404 into a 400."""
    if isinstance(body, (bytes, bytearray)):
        body = parse_body(bytes(body))
    if not isinstance(body, dict):
        raise ActionRefused(_("The body must be a JSON object."))
    unknown = set(body) - allowed
    if unknown:
        raise ActionRefused(_("Unknown field."), field=sorted(unknown)[0])
    return body


def post_message(viewer: Viewer, room_id: int | Room, body: object) -> dict[str, Any]:
    room = room_id if isinstance(room_id, Room) else queries.get_room(viewer, room_id, for_write=True)
    policy.require(viewer, "post", room)
    data = _check_body(body, {"text", "mediators_only", "reply_to"})
    reply_to_id = _field(data, "reply_to", int, None, nullable=True)
    reply_to = queries.get_message(viewer, reply_to_id) if reply_to_id is not None else None
    message = actions.post_message(
        viewer, room, text=_field(data, "text", str),
        mediators_only=_field(data, "mediators_only", bool, False), reply_to=reply_to)
    return {"id": message.pk, "event_id": message.event_id, "room_id": room.pk,
            "created_at": message.created_at.isoformat()}


def relay_message(viewer: Viewer, message_id: int | Message, body: object) -> dict[str, Any]:
    message = message_id if isinstance(message_id, Message) else queries.get_message(viewer, message_id)
    policy.require(viewer, "relay", message)  # before the rooms: a party gets 403, not 404
    data = _check_body(body, {"into", "mode", "text", "attributed", "show_mode"})
    into = _field(data, "into", list)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in into):
        raise ActionRefused(_("Wrong type."), field="into")
    rooms = [queries.get_room(viewer, room_id, for_write=True) for room_id in dict.fromkeys(into)][:51]
    mode = _field(data, "mode", str)
    if mode not in RelayMode.values:
        raise ActionRefused(_("Choose verbatim, paraphrased or summarised."), field="mode")
    relays = actions.relay_message(
        viewer, message, into=rooms, mode=RelayMode(mode), text=_field(data, "text", str, ""),
        attributed=_field(data, "attributed", bool, False),
        show_mode=_field(data, "show_mode", bool, False))
    return {"relays": [{"id": r.pk, "room_id": r.room_id, "event_id": r.event_id} for r in relays]}


def withhold_message(viewer: Viewer, message_id: int, body: object) -> dict[str, Any]:
    message = queries.get_message(viewer, message_id)
    policy.require(viewer, "relay", message)  # withholding is the relaying mediators' call
    data = _check_body(body, {"reason"})
    withholding = actions.withhold_message(viewer, message, reason=_field(data, "reason", str))
    return {"message_id": message.pk, "withheld_at": withholding.created_at.isoformat()}


def add_translation(viewer: Viewer, message_id: int, body: object) -> dict[str, Any]:
    message = queries.get_message(viewer, message_id)
    policy.require(viewer, "translate", message)
    data = _check_body(body, {"language", "text"})
    translation = actions.add_translation(viewer, message, language=_field(data, "language", str),
                                          text=_field(data, "text", str))
    return {"id": translation.pk, "message_id": message.pk, "language": translation.language}


def mark_read(viewer: Viewer, room_id: int) -> dict[str, Any]:
    room = queries.get_room(viewer, room_id)
    return {"room_id": room.pk, "marked": actions.mark_read(viewer, room)}


def record_receipts(viewer: Viewer, room_id: int, body: object) -> dict[str, Any]:
    """The client acknowledges the relays it has shown: delivery receipts for the mediators."""
    room = queries.get_room(viewer, room_id)
    data = _check_body(body, {"through_event_id", "relay_ids"})
    through = _field(data, "through_event_id", int, None, nullable=True)
    if through is not None and not 0 < through < 2**63:
        raise ActionRefused(_("`through_event_id` must be a positive event id."), field="through_event_id")
    relay_ids = _field(data, "relay_ids", list, None, nullable=True)
    if relay_ids is not None:
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in relay_ids):
            raise ActionRefused(_("Wrong type."), field="relay_ids")
        if not all(0 < i < 2**63 for i in relay_ids):
            raise policy.NotFound  # no such relay, like any other it may not name
    marked = actions.mark_delivered(viewer, room, through_event_id=through, relay_ids=relay_ids)
    return {"room_id": room.pk, "delivered": marked}


def room_json(room: Room) -> dict[str, Any]:
    return {"id": room.pk, "talks_id": room.talks_id, "kind": room.kind, "party_id": room.party_id,
            "open": room.is_open(),
            "open_until": room.open_until.isoformat() if room.open_until else None}


def message_json(viewer: Viewer, m: Message) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "message", "event_id": m.event_id, "id": m.pk, "room_id": m.room_id,
        "author": m.author.get_full_name() or m.author.get_username(), "text": m.text,
        "mediators_only": m.mediators_only, "reply_to": m.reply_to_id,
        "created_at": m.created_at.isoformat(),
        "translations": [{"language": t.language, "text": t.text} for t in m.translations.all()],
    }
    return out


def relay_json(viewer: Viewer, r: Relay) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "relay", "event_id": r.event_id, "id": r.pk, "room_id": r.room_id, "text": r.text,
        "from_party_id": r.source.room.party_id if r.attributed else None,
        "mode": r.mode if policy.can(viewer, "see_relay_mode", r) else None,
        "created_at": r.created_at.isoformat(),
    }
    if policy.can(viewer, "view_provenance", r):
        out["source_message_id"] = r.source_id
        out["actual_mode"] = r.mode
        out["delivered_at"] = r.delivered_at.isoformat() if r.delivered_at else None
        out["read_at"] = r.read_at.isoformat() if r.read_at else None
    return out


def item_json(viewer: Viewer, item: TimelineItem) -> dict[str, Any]:
    if isinstance(item.obj, Message):
        return message_json(viewer, item.obj)
    return relay_json(viewer, item.obj)


def history(viewer: Viewer, room_id: int, *, before: int | None, limit: int) -> dict[str, Any]:
    room = queries.get_room(viewer, room_id)
    if before is not None and not 0 < before < 2**63:
        raise ActionRefused(_("`before` must be a positive event id."), field="before")
    if not 1 <= limit <= queries.MAX_PAGE:
        raise ActionRefused(_("`limit` must be between 1 and %(max)d.") % {"max": queries.MAX_PAGE},
                            field="limit")
    items = queries.timeline(viewer, room, before=before, limit=limit)
    return {"room": room_json(room), "items": [item_json(viewer, i) for i in items],
            "next_before": items[-1].event_id if len(items) == limit else None}
