"""The hot writes, as both doors run them: policy first, then the body, the key, the write.

The fast path (`wasit.live.asgi`, in the single writer's batch) and the ninja
routes (`wasit.api.api`, in one atomic block) call `write()`, so the order
of the checks, and so every status, is the same on both doors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wasit import policy
from wasit.caucus import operations as caucus_ops
from wasit.caucus import queries as caucus_queries
from wasit.caucus.models import Message, Room
from wasit.idempotency import keys as idempotency
from wasit.policy import Viewer

Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class HotWrite:
    """A write both doors serve: its policy check, then its operation."""

    name: str
    precheck: Callable[[Viewer, int], Any]
    operation: Callable[[Viewer, Any, object], dict[str, Any]]


def _may_post(viewer: Viewer, room_id: int) -> Room:
    room = caucus_queries.get_room(viewer, room_id, for_write=True)
    policy.require(viewer, "post", room)
    return room


def _may_relay(viewer: Viewer, message_id: int) -> Message:
    message = caucus_queries.get_message(viewer, message_id)
    policy.require(viewer, "relay", message)
    return message


HOT_WRITES = {
    "post_message": HotWrite("post_message", _may_post, caucus_ops.post_message),
    "relay_message": HotWrite("relay_message", _may_relay, caucus_ops.relay_message),
}


def write(name: str, viewer: Viewer, object_id: int, raw: bytes,
          idempotency_key: str | None) -> Answer:
    """One hot write, inside the caller's transaction; returns (201, body) or raises.

    The policy answers before the body is parsed, so a malformed body never
    turns a 404 or a 403 into a 400. A retry with the same `Idempotency-Key`
    answers with the first result and writes nothing.
    """
    route = HOT_WRITES[name]
    target = route.precheck(viewer, object_id)  # the operation reuses it: one lookup, not two
    key = idempotency.check_key(idempotency_key)
    body = caucus_ops.parse_body(raw)

    def run() -> Answer:
        return 201, route.operation(viewer, target, body)

    if key is None or viewer.user_id is None:
        return run()
    return idempotency.once(viewer.user_id, f"{name}:{object_id}", key, raw, run)
