"""The hub's fan-out: every stream gets each event it may see exactly once, in id
order, however many streams are open and however many threads offer at once."""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import random
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from wasit import policy
from wasit.audit.models import Event
from wasit.live.hub import Hub, Item, Subscriber
from wasit.policy import Viewer
from wasit.talks.models import Membership

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
AUDIENCES = [" all ", " mediators ", " mediators party:1 ", " mediators party:2 ", " party-private:1 ",
             " operators "]


class ListLog:
    """The event log as a list, so that gaps are filled without a database."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def head(self) -> int:
        return 0

    def between(self, after: int, upto: int) -> Iterable[Event]:
        return [e for e in self.events if after < e.id <= upto]


def _events(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        audience = rng.choice(AUDIENCES)
        talks_id = None if audience == " operators " else rng.choice([1, 2])
        out.append(Event(id=i, kind="message.posted", talks_id=talks_id, audience=audience,
                         payload={"n": i}, created_at=NOW))
    return out


def _viewer(user_id: int, talks_id: int, role: str, party_id: int | None, operator: bool = False) -> Viewer:
    seat = Membership(talks_id=talks_id, user_id=user_id, role=role, party_id=party_id)
    return Viewer(user_id=user_id, is_operator=operator, seats={talks_id: seat})


def _viewers(n: int) -> list[tuple[Viewer, int | None]]:
    kinds = [("lead_mediator", None), ("head", 1), ("observer", 2), ("member", 1)]
    out: list[tuple[Viewer, int | None]] = []
    for i in range(n):
        role, party = kinds[i % len(kinds)]
        talks_id = 1 + (i // len(kinds)) % 2
        viewer = _viewer(1000 + i, talks_id, role, party if talks_id == 1 else (party and 2),
                         operator=i % 11 == 0)
        out.append((viewer, talks_id if i % 3 == 0 else None))
    return out


@pytest.fixture
def loops() -> Iterator[list[asyncio.AbstractEventLoop]]:
    """Two event loops in their own threads, as two servers' streams would have."""
    made = []
    for _ in range(2):
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True).start()
        made.append(loop)
    yield made
    for loop in made:
        loop.call_soon_threadsafe(loop.stop)


def _drained(sub: Subscriber) -> list[Item]:
    async def take() -> list[Item]:
        out = []
        while not sub.queue.empty():
            out.append(sub.queue.get_nowait())
        return out

    # Scheduled after every push already handed to the loop, so it sees them all.
    return asyncio.run_coroutine_threadsafe(take(), sub.loop).result(5)


def _subscribe_in(hub: Hub, viewer: Viewer, talks_id: int | None,
                  loop: asyncio.AbstractEventLoop) -> Subscriber:
    async def sub() -> Subscriber:
        return hub.subscribe(viewer, talks_id, loop)[0]

    return asyncio.run_coroutine_threadsafe(sub(), loop).result(5)


def _offer_concurrently(hub: Hub, events: list[Event], threads: int, seed: int = 3) -> None:
    """Each thread offers every event, in its own shuffled order, with the
    duplicates and gaps that several writers and processes produce."""
    barrier = threading.Barrier(threads)

    def offer(k: int) -> None:
        order = list(events)
        random.Random(seed + k).shuffle(order)
        barrier.wait()
        for event in order:
            if k % 2:
                hub.offer(event)
            else:
                hub.offer_id(event.id)

    workers = [threading.Thread(target=offer, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def test_many_streams_get_each_event_they_may_see_exactly_once_in_id_order_despite_concurrent_offers(
    loops: list[asyncio.AbstractEventLoop],
) -> None:
    events = _events(400)
    hub = Hub(ListLog(events))
    subs = [_subscribe_in(hub, viewer, talks_id, loops[i % 2])
            for i, (viewer, talks_id) in enumerate(_viewers(300))]
    _offer_concurrently(hub, events, threads=6)
    for sub in subs:
        got = [item[0].id for item in _drained(sub) if item is not None]
        expected = [e.id for e in events
                    if (sub.talks_id is None or e.talks_id == sub.talks_id)
                    and policy.can(sub.viewer, "view", e).allowed]
        assert got == expected


def test_every_stream_closed_leaves_the_hub_with_no_subscriber_and_no_deliveries(
    loops: list[asyncio.AbstractEventLoop],
) -> None:
    events = _events(50)
    hub = Hub(ListLog(events))
    baseline = hub.count()
    subs = [_subscribe_in(hub, viewer, talks_id, loops[0]) for viewer, talks_id in _viewers(1000)]
    assert hub.count() == baseline + 1000
    for sub in subs:
        hub.unsubscribe(sub)
    assert hub.count() == baseline
    _offer_concurrently(hub, events, threads=2)
    assert all(not _drained(sub) for sub in subs[:50])


def test_a_seat_change_ends_that_users_streams_and_nothing_after_it_reaches_them(
    loops: list[asyncio.AbstractEventLoop],
) -> None:
    events = _events(200)
    seat_change = Event(id=100, kind="talks.member_unseated", talks_id=1, audience=" mediators party:1 ",
                        payload={"user_id": 7, "membership_id": 1, "party_id": 1, "role": "head"},
                        created_at=NOW)
    events[99] = seat_change
    cleared = []
    hub = Hub(ListLog(events))
    hub.on_seat_change(lambda: cleared.append(True))
    target = _viewer(7, 1, "head", 1)
    gone = [_subscribe_in(hub, target, None, loops[0]), _subscribe_in(hub, target, 1, loops[1])]
    other = _subscribe_in(hub, _viewer(8, 1, "head", 1), None, loops[0])
    _offer_concurrently(hub, events, threads=4)
    for sub in gone:
        items = _drained(sub)
        assert items[-1] is None  # the end marker: the response ends
        ids = [item[0].id for item in items[:-1] if item is not None]
        assert ids and max(ids) < seat_change.id
        assert ids == sorted(set(ids))
    got = [item[0].id for item in _drained(other) if item is not None]
    assert got == [e.id for e in events if policy.can(other.viewer, "view", e).allowed]
    assert hub.count() == 1
    assert cleared


def test_the_stored_audience_check_agrees_with_the_policy_for_every_persona_and_event(cast: object) -> None:
    from django.contrib.auth import get_user_model

    from wasit.policy.audience import reader, stored

    events = list(Event.objects.exclude(talks_id=None))
    assert events
    for user in get_user_model().objects.all():
        viewer = policy.viewer_for(user)
        for event in events:
            assert event.talks_id is not None
            check = reader(viewer, event.talks_id)
            fast = check is not None and check.admits(stored(event.audience))
            assert fast == policy.can(viewer, "view", event).allowed, (user, event, event.audience)


def test_the_hub_and_the_postgresql_listener_do_not_import_each_other() -> None:
    live = Path(__file__).resolve().parents[2] / "wasit" / "live"

    def imports(name: str) -> set[str]:
        tree = ast.parse((live / name).read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        return found

    assert not {m for m in imports("hub.py") if m.startswith("wasit.live.pg")}
    assert not {m for m in imports("pg.py") if m.startswith("wasit.live.hub")}


def test_a_stream_whose_seats_were_read_before_a_seat_change_is_ended_at_once(
    loops: list[asyncio.AbstractEventLoop],
) -> None:
    events = _events(10)
    events[4] = Event(id=5, kind="talks.member_seated", talks_id=1, audience=" mediators party:1 ",
                      payload={"user_id": 7, "membership_id": 1, "party_id": 1, "role": "head"},
                      created_at=NOW)
    hub = Hub(ListLog(events))
    resolved_after = hub.last_id()  # the stream reads the user's seats here...
    _offer_concurrently(hub, events, threads=1)  # ...and their seat changes meanwhile

    async def subscribe(after: int) -> Subscriber:
        return hub.subscribe(_viewer(7, 1, "head", 1), None, loops[0], resolved_after=after)[0]

    stale = asyncio.run_coroutine_threadsafe(subscribe(resolved_after), loops[0]).result(5)
    assert _drained(stale) == [None]
    fresh = asyncio.run_coroutine_threadsafe(subscribe(hub.last_id()), loops[0]).result(5)
    assert _drained(fresh) == []
    assert hub.count() == 1
