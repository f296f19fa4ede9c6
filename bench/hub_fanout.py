"""What one committed event costs the committing thread, beside N idle streams.

Run from the repository root:

    .venv/bin/python bench/hub_fanout.py

In one process, without a server or a database: a `Hub` with N idle
subscribers (observers of other parties and of other talks, on one event
loop) and one mediator's stream; 20,000 caucus-room events offered one after
the other from this thread, as the single writer does after each commit.
Reports the median and p99 time of `offer()` (ordering, snapshot and the
hand-over to the event loop) and checks the mediator got every event.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    os.environ.setdefault("WASIT_DATA_DIR", tempfile.mkdtemp(prefix="wasit-hub-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")
    import django

    django.setup()
    from wasit.audit.models import Event
    from wasit.live.hub import Hub
    from wasit.policy import Viewer
    from wasit.talks.models import Membership

    now = dt.datetime.now(dt.UTC)

    def viewer(user_id: int, talks_id: int, role: str, party_id: int | None) -> Viewer:
        seat = Membership(talks_id=talks_id, user_id=user_id, role=role, party_id=party_id)
        return Viewer(user_id=user_id, seats={talks_id: seat})

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    class NoLog:
        def head(self) -> int:
            return 0

        def between(self, after: int, upto: int) -> list[Event]:
            return []

    print("| idle streams | offer() p50 µs | offer() p99 µs | mediator got all |")
    print("|---:|---:|---:|---|")
    for idle in (0, 1000, 10_000):
        hub = Hub(NoLog())
        for i in range(idle):
            talks_id = 1 if i % 2 else 2
            v = viewer(10 + i, talks_id, "observer", 100 + i % 4)
            asyncio.run_coroutine_threadsafe(_sub(hub, v, talks_id if i % 4 < 2 else None, loop),
                                             loop).result()
        mediator = asyncio.run_coroutine_threadsafe(
            _sub(hub, viewer(1, 1, "lead_mediator", None), 1, loop), loop).result()
        reading = asyncio.run_coroutine_threadsafe(_read(mediator), loop)
        times = []
        n = 20_000
        for i in range(1, n + 1001):  # the first 1,000: warm-up
            event = Event(id=i, kind="message.posted", talks_id=1,
                          audience=f" mediators party:{1 + i % 16} ", payload={"i": i}, created_at=now)
            t0 = time.perf_counter_ns()
            hub.offer(event)
            if i > 1000:
                times.append(time.perf_counter_ns() - t0)
        hub.unsubscribe(mediator)
        mediator.loop.call_soon_threadsafe(mediator.push, None)
        got = reading.result(30)
        times.sort()
        print(f"| {idle:,} | {times[n // 2] / 1000:.1f} | {times[n * 99 // 100] / 1000:.1f} "
              f"| {'yes' if got == n + 1000 else f'no ({got})'} |")
    loop.call_soon_threadsafe(loop.stop)
    return 0


async def _sub(hub, viewer, talks_id, loop):  # type: ignore[no-untyped-def]
    return hub.subscribe(viewer, talks_id, loop)[0]


async def _read(sub) -> int:  # type: ignore[no-untyped-def]
    """Read the stream as the SSE generator does, until its end marker."""
    n = 0
    while await sub.queue.get() is not None:
        n += 1
    return n


if __name__ == "__main__":
    raise SystemExit(main())
