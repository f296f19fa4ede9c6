"""A finite stream: the viewer's events after `Last-Event-ID`, then close.

This is what the stream route answers when it is reached through Django (the
test client, or a deployment without the fast path): the browser's
EventSource reconnects after `retry` with its last id, which makes it a long
poll with the same no-gap, no-duplicate guarantee.
"""

from __future__ import annotations

from wasit import policy
from wasit.audit.models import Event
from wasit.live.hub import frame
from wasit.live.stream import RETRY_MS, StreamRefused, parse_last_event_id
from wasit.policy import NotFound, Viewer

MAX_REPLAY = 1000


def replay_body(viewer: Viewer, *, talks_id: int | None, raw_last_event_id: str | None) -> bytes:
    if talks_id is not None and not policy.can_follow(viewer, talks_id).allowed:
        raise NotFound
    head = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last = parse_last_event_id(raw_last_event_id, head)
    if last is None:
        return f"retry: {RETRY_MS}\n\n".encode()
    qs = policy.visible(viewer, Event).filter(id__gt=last)
    if talks_id is not None:
        qs = qs.filter(talks_id=talks_id)
    parts = [f"retry: {RETRY_MS}\n\n".encode()]
    parts += [frame(e) for e in qs.order_by("id")[:MAX_REPLAY]]
    return b"".join(parts)


__all__ = ["StreamRefused", "replay_body"]
