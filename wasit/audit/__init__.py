"""The event log: append-only, hash-chained, the audit trail and the live stream.

`record()` is the only writer of events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wasit.audit.events import DomainEvent
    from wasit.audit.models import Event


def record(event: DomainEvent, *, actor_id: int | None, expected_id: int | None = None,
           after: Event | None = None) -> Event:
    """Append `event` to the log in the caller's transaction (see `wasit.audit.log`)."""
    from wasit.audit.log import record as _record  # models load after the app registry

    return _record(event, actor_id=actor_id, expected_id=expected_id, after=after)


def next_id(*, after: Event | None = None) -> int:
    """The id the next event of this transaction will get (see `wasit.audit.log`)."""
    from wasit.audit.log import next_id as _next_id

    return _next_id(after=after)


def lock_chain() -> None:
    """Take the chain lock now, before a check that a concurrent write could change.

    Every write that records an event takes this lock before it can commit,
    so after it the check sees every such write committed so far, and none
    can commit before this transaction ends.
    """
    from wasit.audit.log import lock_chain as _lock_chain

    _lock_chain()


__all__ = ["lock_chain", "next_id", "record"]
