"""`record()`: the single door through which events enter the log."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from wasit.audit import chain, heads
from wasit.audit.events import DomainEvent
from wasit.audit.models import Event

_log = logging.getLogger(__name__)

# Called with each committed event; the live stream subscribes here.
_subscribers: list[Callable[[Event], None]] = []

# Any constant works: it only has to be the same in every process.
_PG_CHAIN_LOCK = 0x57A517

#: Names this process in its NOTIFYs. Every event this process commits reaches
#: its own streams in memory (`_publish`), so its listener skips its own
#: notifications instead of reading those events back from the database.
PROCESS_TAG = secrets.token_hex(8)


def subscribe(callback: Callable[[Event], None]) -> None:
    _subscribers.append(callback)


# Called with each event inside the transaction that records it, after its
# row is written: what must commit or roll back with the change itself (the
# notification outbox) registers here. A failure fails the action.
_recorders: list[Callable[[DomainEvent, Event], None]] = []


def on_record(callback: Callable[[DomainEvent, Event], None]) -> None:
    """Run `callback(event, row)` in the recording transaction (see `_recorders`)."""
    if callback not in _recorders:
        _recorders.append(callback)


# Who may see an event is the policy's question; the log only stores the
# answer. The policy registers its `audience` here when Django starts
# (`wasit.policy.apps`), so the log never imports the policy above it.
_audience_of: Callable[[DomainEvent], str] | None = None


def set_audience(compute: Callable[[DomainEvent], str]) -> None:
    """Install the function that encodes an event's audience (the policy's)."""
    global _audience_of
    _audience_of = compute


class _ChainState:
    """What this transaction already knows about the chain; saves round trips.

    `locked_by` is the outermost atomic block that took the PostgreSQL lock
    (held until that transaction ends). `head` is the head read by
    `next_id()`, valid only for the `record()` of that same id: anything
    between could have been rolled back.

    The single writer runs many actions in one transaction (`begin_batch()`):
    then `deferred_notify` collects event ids to NOTIFY once at the end, and
    `batch_head` is the head after the last action that succeeded, so the next
    action need not read it back.
    """

    def __init__(self) -> None:
        self.locked_by: object | None = None
        self.head: tuple[int, str] | None = None
        self.deferred_notify: list[int] | None = None
        self.batch_head: tuple[int, str] | None = None


def _state() -> _ChainState:
    state: _ChainState | None = getattr(connection, "_wasit_chain", None)
    if state is None:
        state = _ChainState()
        connection._wasit_chain = state  # type: ignore[attr-defined]
    return state


def _lock_chain_head() -> None:
    # SQLite transactions here begin IMMEDIATE, which already serialises
    # writers. PostgreSQL needs an explicit lock so that two transactions
    # cannot both read the same head and fork the chain; it is held to the
    # end of the transaction, so it is taken once per transaction.
    if connection.vendor != "postgresql":
        return
    state, outermost = _state(), connection.atomic_blocks[0]
    if state.locked_by is outermost:
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    state.locked_by = outermost


def _head() -> tuple[int, str]:
    # Plain SQL: this runs for every write, and building the ORM query cost
    # more than the query itself.
    with connection.cursor() as cur:
        cur.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, chain.GENESIS)


def lock_chain() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("audit.lock_chain() must run inside the action's transaction")
    _lock_chain_head()


def _current_head() -> tuple[int, str]:
    state = _state()
    return state.batch_head if state.batch_head is not None else _head()


# The single writer's batch: many actions, one transaction, one NOTIFY.
# Between two actions of a batch the chain lock stays held, so the head
# after an action is the last event it recorded. After an action fails the
# head is read from the database again, whatever that action undid.
# (An action must not record an event inside a savepoint that it then rolls
# back and carries on: the batch would keep a head that no longer exists.
# None does; an action either succeeds or raises.)


def begin_batch() -> None:
    state = _state()
    state.deferred_notify, state.batch_head = [], None


def job_failed() -> None:
    """A job of the batch raised: trust only the database for the head."""
    _state().batch_head = None


def finish_batch() -> None:
    """Send the batch's one NOTIFY (inside the transaction: delivered on COMMIT)."""
    # One signed head for the whole batch: signing stays off the per-message path.
    heads.sign_pending()
    ids = _state().deferred_notify
    if ids:
        notify(max(ids))


def end_batch() -> None:
    state = _state()
    state.deferred_notify, state.batch_head = None, None


def next_id(*, after: Event | None = None) -> int:
    """The id the next event of this transaction will get.

    Rows that are ordered with the log (a message, a relay) store it, so a
    room's history and its live stream share one sequence. Record the event
    right after creating the row: the id holds only until then.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.next_id() must run inside the action's transaction")
    _lock_chain_head()
    head = (after.id, after.hash) if after is not None else _current_head()
    _state().head = head
    return head[0] + 1


def record(event: DomainEvent, *, actor_id: int | None, expected_id: int | None = None,
           after: Event | None = None) -> Event:
    """Append `event` to the log inside the caller's transaction.

    The audience is computed by the policy, never by the caller. Subscribers
    hear of the event only after the transaction commits, so a rolled-back
    change never reaches a browser.

    `after`: the event this same action recorded just before. Nothing else can
    append between two statements of one action (the chain lock is held), so
    it is the head, and reading the head again is skipped.
    """
    if _audience_of is None:
        raise RuntimeError("no audience policy installed: is wasit.policy in INSTALLED_APPS?")
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    _lock_chain_head()
    state = _state()
    cached, state.head = state.head, None
    if after is not None:
        prev_id, prev_hash = after.id, after.hash
    elif expected_id is not None and cached is not None and cached[0] + 1 == expected_id:
        prev_id, prev_hash = cached
    else:
        prev_id, prev_hash = _current_head()
    if expected_id is not None and expected_id != prev_id + 1:
        raise RuntimeError(f"event id {expected_id} was claimed but the next id is {prev_id + 1}")
    audience = _audience_of(event)
    created_at = timezone.now()
    payload = event.payload()
    fields = chain.event_fields(
        id=prev_id + 1,
        kind=event.kind,
        talks_id=event.talks_id,
        actor_id=actor_id,
        audience=audience,
        payload=payload,
        created_at=created_at.isoformat(),
    )
    row = Event.objects.create(
        id=prev_id + 1,
        kind=event.kind,
        talks_id=event.talks_id,
        actor_id=actor_id,
        audience=audience,
        payload=payload,
        created_at=created_at,
        prev_hash=prev_hash,
        hash=chain.digest(prev_hash, fields),
    )
    if state.deferred_notify is not None:
        state.batch_head = (row.id, row.hash)
    else:
        heads.sign_pending(known=[(row.id, row.hash)])
    if connection.vendor == "postgresql":
        if state.deferred_notify is not None:
            state.deferred_notify.append(row.id)
        else:
            notify(row.id)
    for recorder in _recorders:
        recorder(event, row)
    # Robust: the change is committed by now; a failing subscriber is logged and
    # must neither hide the commit from the caller nor stop later publications.
    transaction.on_commit(lambda: _publish(row), robust=True)
    return row


def notify(event_id: int) -> None:
    """NOTIFY is transactional: other processes hear of the event on commit."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_notify('wasit_events', %s)", [f"{event_id} {PROCESS_TAG}"])


def _publish(row: Event) -> None:
    for callback in list(_subscribers):
        try:
            callback(row)
        except Exception:  # noqa: BLE001 (one subscriber's failure must not starve the others)
            _log.exception("publishing event %s to %r failed", row.id, callback)
