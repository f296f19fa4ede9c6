"""Event kinds of the record. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ForkReported(DomainEvent):
    """A member's browser found that the log no longer extends a signed head it kept.

    `held_*` is the head the browser kept, `served_*` the one it was served
    since; both are signed by the server (the report is refused otherwise).
    `held_in_log` and `served_in_log` say whether the log the server holds
    now has that root at that size: a head not in the log is a history that
    was rewritten, rolled back or shown to someone else. `problem` is the
    browser's sentence. Seen by the mediators (the fail-closed audience).
    """

    kind = "record.fork_reported"
    log: str
    held_size: int
    held_root: str
    served_size: int
    served_root: str
    held_in_log: bool
    served_in_log: bool
    problem: str
