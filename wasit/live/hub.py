"""Fan committed events out to this process's live streams, in id order.

Two stages. Under the hub's lock an event only takes its place in the order
and a snapshot of the streams that may see it: streams are indexed by talks
and by the policy's reader keys (`policy.audience.reader`), and an event's
stored audience names the keys that admit it, so an event visits only its
recipients and no policy rule runs per stream. Outside the lock one thread
at a time drains the ordered events and hands each event loop the frame
once. A commit therefore does not wait on the open streams, and each stream
still gets every event it may see exactly once, in id order.

A change of seat (seated, unseated, role changed) ends that user's open
streams at once: nothing after the change reaches them, their client
reconnects and is authorised afresh with its new seats.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from wasit.audit.models import Event
from wasit.policy import Viewer
from wasit.policy.audience import EventReader, StoredAudience, reader, stored

QUEUE_LIMIT = 10_000

#: Event kinds that change a user's seats; the payload's `user_id` is that user.
SEAT_KINDS = frozenset({"talks.member_seated", "talks.member_unseated", "talks.member_role_changed",
                        # A suspended or reinstated seat; a deactivated account or a revoked
                        # token (its reconnect is then authorised afresh, or refused).
                        "invitations.seat_suspended", "invitations.seat_reinstated",
                        "accounts.user_deactivated", "accounts.token_revoked"})

Item = tuple[Event, bytes] | None
#: A bucket of the index: (talks id, reader key), or None for operator events.
Key = tuple[int, str] | None


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
    queue: asyncio.Queue[Item] = field(default_factory=asyncio.Queue)
    overflowed: bool = False
    #: Set when the hub ended this stream (a seat change or overflow).
    ended: bool = False
    #: The policy's check per talks this stream may carry, fixed at subscribe time
    #: (the viewer's seats cannot change under an open stream: a change ends it).
    readers: dict[int, EventReader] = field(default_factory=dict)
    operator: bool = False

    def __post_init__(self) -> None:
        talks = [self.talks_id] if self.talks_id is not None else self.viewer.member_talks
        for talks_id in talks:
            check = reader(self.viewer, talks_id)
            if check is not None:
                self.readers[talks_id] = check
        self.operator = self.talks_id is None and self.viewer.is_operator

    def keys(self) -> list[Key]:
        out: list[Key] = [(t, k) for t, check in self.readers.items() for k in check.keys]
        if self.operator:
            out.append(None)
        return out

    def admits(self, talks_id: int | None, audience: StoredAudience) -> bool:
        if talks_id is None:
            return self.operator
        check = self.readers.get(talks_id)
        return check is not None and check.admits(audience)

    def wants(self, event: Event) -> bool:
        return self.admits(event.talks_id, stored(event.audience))

    def push(self, item: Item) -> None:
        # Runs on the subscriber's event loop.
        if self.ended:
            return
        if item is None:
            self.ended = True
            self.queue.put_nowait(None)
            return
        if self.queue.qsize() >= QUEUE_LIMIT:
            # A reader this far behind is dropped; its browser reconnects with
            # Last-Event-ID and replays from the database: nothing is lost.
            self.overflowed = True
            self.ended = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(item)


def _push_all(subs: list[Subscriber], item: Item) -> None:
    for sub in subs:
        sub.push(item)


@dataclass(frozen=True)
class _Ordered:
    event: Event
    #: Snapshots of the buckets that admit the event (a stream may be in two).
    recipients: tuple[tuple[Subscriber, ...], ...]
    ended: tuple[Subscriber, ...]


class EventLog(Protocol):
    """Where the hub reads what it missed: the database, or a test's list."""

    def head(self) -> int: ...

    def between(self, after: int, upto: int) -> Iterable[Event]:
        """The events with `after < id <= upto`, in id order."""
        ...


class _DatabaseLog:
    def head(self) -> int:
        return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def between(self, after: int, upto: int) -> Iterable[Event]:
        return Event.objects.filter(id__gt=after, id__lte=upto).order_by("id")


class Hub:
    """Receives each committed event (possibly out of order, possibly twice)
    and hands every event exactly once, in id order, to each subscriber."""

    def __init__(self, log: EventLog | None = None) -> None:
        self._log = log or _DatabaseLog()
        self._lock = threading.Lock()  # orders events and guards the indexes
        self._last: int | None = None
        self._subscribers: set[Subscriber] = set()
        self._by_key: dict[Key, set[Subscriber]] = {}
        self._by_user: dict[int, set[Subscriber]] = {}
        self._seat_changed: dict[int, int] = {}  # user id -> id of their last seat event
        self._snapshots: dict[Key, tuple[Subscriber, ...]] = {}
        self._ordered: deque[_Ordered] = deque()
        self._fanout = threading.Lock()  # one draining thread at a time keeps the order
        self._on_subscribe: list[Callable[[], None]] = []
        self._on_seat_change: list[Callable[[], None]] = []

    # -- hooks (wired in `wasit.live.apps`, so that the hub imports neither the
    # PostgreSQL listener nor the fast path's authentication)

    def on_subscribe(self, callback: Callable[[], None]) -> None:
        """Run `callback` before each subscription (e.g. start the listener once)."""
        self._on_subscribe.append(callback)

    def on_seat_change(self, callback: Callable[[], None]) -> None:
        """Run `callback` when a seat event is ordered (e.g. clear cached viewers)."""
        self._on_seat_change.append(callback)

    # -- subscribers

    def _init_last(self) -> int:
        if self._last is None:
            self._last = self._log.head()
        return self._last

    def last_id(self) -> int:
        with self._lock:
            return self._init_last()

    def forget_seat_changes(self) -> None:
        """Forget the users' last seat events (tests: event ids are reused after a rollback)."""
        with self._lock:
            self._seat_changed.clear()

    def subscribe(self, viewer: Viewer, talks_id: int | None,
                  loop: asyncio.AbstractEventLoop | None = None, *,
                  resolved_after: int | None = None) -> tuple[Subscriber, int]:
        """Register a stream; returns it and the last id dispatched before it joined.

        `resolved_after`: `last_id()` read before the viewer's seats were. If a
        seat event of that user was dispatched since, the seats may be stale:
        the stream is ended at once and its client reconnects afresh.
        """
        for callback in self._on_subscribe:
            callback()
        sub = Subscriber(viewer=viewer, talks_id=talks_id, loop=loop or asyncio.get_running_loop())
        keys = sub.keys()
        with self._lock:
            start = self._init_last()
            user_id = viewer.user_id
            if (resolved_after is not None and user_id is not None
                    and self._seat_changed.get(user_id, 0) > resolved_after):
                sub.loop.call_soon_threadsafe(sub.push, None)
                return sub, start
            self._subscribers.add(sub)
            for key in keys:
                self._by_key.setdefault(key, set()).add(sub)
                self._snapshots.pop(key, None)
            if viewer.user_id is not None:
                self._by_user.setdefault(viewer.user_id, set()).add(sub)
        return sub, start

    def count(self) -> int:
        """How many streams are subscribed in this process."""
        with self._lock:
            return len(self._subscribers)

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            self._forget([sub])

    def _forget(self, subs: Iterable[Subscriber]) -> None:
        # Under `_lock`.
        for sub in subs:
            if sub not in self._subscribers:
                continue
            self._subscribers.discard(sub)
            for key in sub.keys():
                bucket = self._by_key.get(key)
                if bucket is not None:
                    bucket.discard(sub)
                    if not bucket:
                        del self._by_key[key]
                self._snapshots.pop(key, None)
            user_id = sub.viewer.user_id
            if user_id is not None and user_id in self._by_user:
                self._by_user[user_id].discard(sub)
                if not self._by_user[user_id]:
                    del self._by_user[user_id]

    # -- events

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
                for missing in self._log.between(self._last, event.id - 1):
                    self._order(missing)
            self._order(event)
        self._drain()

    def offer_id(self, event_id: int) -> None:
        """A NOTIFY from another process: fetch whatever is new up to that id."""
        with self._lock:
            last = self._init_last()
            if event_id <= last:
                return
            for event in self._log.between(last, event_id):
                self._order(event)
        self._drain()

    def _order(self, event: Event) -> None:
        """Under `_lock`: the event's place in the order and who could want it."""
        self._last = event.id
        ended: tuple[Subscriber, ...] = ()
        if event.kind in SEAT_KINDS:
            user_id = (event.payload or {}).get("user_id")
            if isinstance(user_id, int):
                self._seat_changed[user_id] = event.id
            if isinstance(user_id, int) and user_id in self._by_user:
                # Out of every index first: this event and every later one skip them.
                ended = tuple(self._by_user[user_id])
                self._forget(ended)
            for callback in self._on_seat_change:
                callback()
        if not self._subscribers and not ended:
            return
        talks_id = event.talks_id
        keys: list[Key] = ([None] if talks_id is None
                           else [(talks_id, k) for k in stored(event.audience).keys])
        recipients = tuple(snap for snap in map(self._snapshot, keys) if snap)
        if recipients or ended:
            self._ordered.append(_Ordered(event, recipients, ended))

    def _snapshot(self, key: Key) -> tuple[Subscriber, ...]:
        # Under `_lock`; rebuilt only after a stream joins or leaves that bucket.
        snap = self._snapshots.get(key)
        if snap is None:
            snap = self._snapshots[key] = tuple(self._by_key.get(key, ()))
        return snap

    def _drain(self) -> None:
        """Deliver ordered events, outside `_lock`, one draining thread at a time."""
        while self._ordered:
            if not self._fanout.acquire(blocking=False):
                # Another thread is draining; it re-checks the queue after it
                # lets go, so this event is not left behind.
                return
            try:
                while True:
                    try:
                        ordered = self._ordered.popleft()
                    except IndexError:
                        break
                    self._deliver(ordered)
            finally:
                self._fanout.release()

    def _deliver(self, ordered: _Ordered) -> None:
        event = ordered.event
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscriber]] = {}
        recipients: Iterable[Subscriber] = (
            ordered.recipients[0] if len(ordered.recipients) == 1
            else dict.fromkeys(sub for snap in ordered.recipients for sub in snap))
        for sub in recipients:
            by_loop.setdefault(sub.loop, []).append(sub)
        if by_loop:
            item = (event, frame(event))
            for loop, subs in by_loop.items():
                self._call(loop, subs, item)
        ending: dict[asyncio.AbstractEventLoop, list[Subscriber]] = {}
        for sub in ordered.ended:
            ending.setdefault(sub.loop, []).append(sub)
        for loop, subs in ending.items():
            self._call(loop, subs, None)

    def _call(self, loop: asyncio.AbstractEventLoop, subs: list[Subscriber], item: Item) -> None:
        try:
            loop.call_soon_threadsafe(_push_all, subs, item)
        except RuntimeError:  # the streams' loop has closed
            with self._lock:
                self._forget(subs)


hub = Hub()
