"""The Server-Sent Events stream of one viewer: replay, then live.

The stream subscribes to the hub *before* it replays from the database, and
drops live events it has already replayed, so a reconnect with
`Last-Event-ID` gets every missed event exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable

from asgiref.sync import sync_to_async

from wasit import policy
from wasit.audit.models import Event
from wasit.live.hub import Subscriber, frame, hub
from wasit.policy import Viewer

KEEPALIVE_SECONDS = 15.0
REPLAY_CHUNK = 500
RETRY_MS = 2000


class StreamRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_last_event_id(raw: str | None, head: int) -> int | None:
    """None: start from now. Otherwise the id after which to replay.

    A malformed id, or one beyond the head of the log (forged, or from
    another deployment), is refused rather than silently reinterpreted.
    """
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise StreamRefused("Last-Event-ID must be a whole number.")
    value = int(raw)
    if value > head:
        raise StreamRefused("Last-Event-ID is beyond the newest event; reload the page.")
    return value


def _replay_chunk(viewer: Viewer, talks_id: int | None, after: int, upto: int) -> list[Event]:
    qs = policy.visible(viewer, Event).filter(id__gt=after, id__lte=upto)
    if talks_id is not None:
        qs = qs.filter(talks_id=talks_id)
    return list(qs.order_by("id")[:REPLAY_CHUNK])


async def event_stream(
    viewer: Viewer,
    *,
    talks_id: int | None,
    last_event_id: int | None,
    sub: Subscriber,
    start: int,
    on_sent: Callable[[Event], None] | None = None,
) -> AsyncGenerator[bytes, None]:
    """Yield SSE frames forever (until the client goes or falls too far behind)."""
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        sent = start
        if last_event_id is not None and last_event_id < start:
            sent = last_event_id
            while sent < start:
                chunk = await sync_to_async(_replay_chunk)(viewer, talks_id, sent, start)
                if not chunk:
                    sent = start
                    break
                for event in chunk:
                    yield frame(event)
                    if on_sent:
                        on_sent(event)
                sent = chunk[-1].id if len(chunk) == REPLAY_CHUNK else start
        while True:
            try:
                item = await asyncio.wait_for(sub.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield b": keepalive\n\n"
                continue
            if item is None:
                # The hub ended this stream: it fell too far behind, or the
                # viewer's seats changed. The browser reconnects with its last
                # id and is authorised afresh; the replay fills any gap.
                return
            event, data = item
            if event.id <= sent:
                continue
            sent = event.id
            yield data
            if on_sent:
                on_sent(event)
    finally:
        hub.unsubscribe(sub)
