"""One LISTEN connection per process, so every process hears every event.

`audit.record()` sends `NOTIFY wasit_events, '<id> <process tag>'` inside the
writing transaction; PostgreSQL delivers it on commit. The listener hands the
id to the hub, which fetches whatever it has not yet dispatched, in order.
It skips the notifications of its own process: those events already reached
the hub in memory, and reading them back would only compete with the writer.
After a lost connection (a database restart) it reconnects and catches up
from the log, so streams resume without a gap.

This module and the hub do not import each other: `wasit.live.apps` hands
the hub's `offer_id` to `deliver_to()` and starts the listener from the
hub's `on_subscribe` hook.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import connection

from wasit.audit.log import PROCESS_TAG

log = logging.getLogger(__name__)

_started = False
_lock = threading.Lock()
_sink: Callable[[int], None] | None = None


def deliver_to(offer_id: Callable[[int], None]) -> None:
    """Where the listener hands each event id it hears of (the hub's `offer_id`)."""
    global _sink
    _sink = offer_id


def ensure_listener() -> None:
    global _started
    if connection.vendor != "postgresql" or _started or _sink is None:
        return
    with _lock:
        if not _started:
            threading.Thread(target=_listen_forever, name="wasit-pg-listener", daemon=True).start()
            _started = True


def from_elsewhere(payload: str) -> int | None:
    """The event id of a notification from another process; None for this process's own."""
    event_id, _, origin = payload.partition(" ")
    return None if origin == PROCESS_TAG else int(event_id)


def _listen_forever() -> None:
    import psycopg
    from django.db import connection as thread_connection

    from wasit.audit.models import Event

    offer_id = _sink
    assert offer_id is not None  # noqa: S101 (checked by ensure_listener)
    settings = thread_connection.get_connection_params()
    backoff = 0.1
    while True:
        try:
            with psycopg.connect(**settings, autocommit=True) as conn:
                conn.execute("LISTEN wasit_events")
                backoff = 0.1
                # Catch up on anything committed while not listening.
                head = Event.objects.order_by("-id").values_list("id", flat=True).first()
                if head:
                    offer_id(head)
                for notify in conn.notifies():
                    event_id = from_elsewhere(notify.payload)
                    if event_id is not None:
                        offer_id(event_id)
        except Exception as exc:  # noqa: BLE001 (keep listening whatever happened)
            log.warning("event listener lost its connection (%s); reconnecting", exc)
            thread_connection.close()
            time.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
