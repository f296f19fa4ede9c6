"""Fan committed events out to this process's live streams, in id order."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field

from wasit import policy
from wasit.audit.models import Event
from wasit.policy import Viewer

QUEUE_LIMIT = 10_000


def frame(event: Event) -> bytes:
    """The Server-Sent Events frame of one event; the same bytes for every viewer."""
    data = json.dumps(
        {"id": event.id, "kind": event.kind, "talks_id": event.talks_id,
         "created_at": event.created_at.isoformat(), "payload": event.payload},
        ensure_ascii=False, separators=(",", ":"),
    )
    return f"id: {event.id}\nevent: {event.kind}\ndata: {data}\n\n".encode()


@dataclass(eq=False)
class Subscriber:
    viewer: Viewer
    talks_id: int | None
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[tuple[Event, bytes] | None] = field(default_factory=asyncio.Queue)
    overflowed: bool = False

    def wants(self, event: Event) -> bool:
        if self.talks_id is not None and event.talks_id != self.talks_id:
            return False
        return policy.can(self.viewer, "view", event).allowed

    def push(self, item: tuple[Event, bytes] | None) -> None:
        # Runs on the subscriber's event loop.
        if self.queue.qsize() >= QUEUE_LIMIT:
            # A reader this far behind is dropped; its browser reconnects with
            # Last-Event-ID and replays from the database: nothing is lost.
            self.overflowed = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(item)


class Hub:
    """Receives each committed event (possibly out of order, possibly twice)
    and hands every event exactly once, in id order, to each subscriber."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: int | None = None
        self._subscribers: set[Subscriber] = set()

    def _init_last(self) -> int:
        if self._last is None:
            head = Event.objects.order_by("-id").values_list("id", flat=True).first()
            self._last = head or 0
        return self._last

    def last_id(self) -> int:
        with self._lock:
            return self._init_last()

    def subscribe(self, viewer: Viewer, talks_id: int | None,
                  loop: asyncio.AbstractEventLoop | None = None) -> tuple[Subscriber, int]:
        """Register a stream; returns it and the last id dispatched before it joined."""
        from wasit.live.pg import ensure_listener

        ensure_listener()
        sub = Subscriber(viewer=viewer, talks_id=talks_id, loop=loop or asyncio.get_running_loop())
        with self._lock:
            start = self._init_last()
            self._subscribers.add(sub)
        return sub, start

    def count(self) -> int:
        """How many streams are subscribed in this process."""
        with self._lock:
            return len(self._subscribers)

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(sub)

    def offer(self, event: Event) -> None:
        """Called after commit, from whichever thread committed."""
        with self._lock:
            if self._last is None:
                self._last = event.id - 1
            if event.id <= self._last:
                return
            if event.id > self._last + 1:
                # Another thread or process committed the events between; they
                # are in the database already (appends are serialised).
                for missing in Event.objects.filter(id__gt=self._last, id__lt=event.id).order_by("id"):
                    self._dispatch(missing)
            self._dispatch(event)

    def offer_id(self, event_id: int) -> None:
        """A NOTIFY from another process: fetch whatever is new up to that id."""
        with self._lock:
            last = self._init_last()
            if event_id <= last:
                return
            for event in Event.objects.filter(id__gt=last, id__lte=event_id).order_by("id"):
                self._dispatch(event)

    def _dispatch(self, event: Event) -> None:
        self._last = event.id
        if not self._subscribers:
            return
        item = (event, frame(event))
        for sub in list(self._subscribers):
            if sub.wants(event):
                try:
                    sub.loop.call_soon_threadsafe(sub.push, item)
                except RuntimeError:  # the stream's loop has closed
                    self._subscribers.discard(sub)
        if event.kind == "talks.member_seated":
            invalidate_viewers()


def invalidate_viewers() -> None:
    from wasit.live.auth import viewer_cache

    viewer_cache.clear()


hub = Hub()
