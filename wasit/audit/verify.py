"""Walk the chain and name the first event whose digest does not hold."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from wasit.audit import chain


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    head: str
    problem: str = ""
    bad_event_id: int | None = None


def verify_rows(rows: Iterable[dict[str, Any]], *, head: str | None = None) -> Verdict:
    """Check rows (dicts with the chained fields plus prev_hash and hash) in order.

    `head` is a digest kept outside the database (printed by an earlier
    `wasit verify`): the chain must reach it, so deleting the newest events
    is detected too.
    """
    expected_prev = chain.GENESIS
    expected_id = 1
    checked = 0
    for row in rows:
        missing = {"id", "kind", "talks_id", "actor_id", "audience", "payload", "created_at",
                   "prev_hash", "hash"} - set(row)
        if missing:
            return Verdict(False, checked, expected_prev,
                           f"event after {expected_id - 1}: fields missing: {sorted(missing)}", row.get("id"))
        if row["id"] != expected_id:
            return Verdict(False, checked, expected_prev,
                           f"event {row['id']}: expected id {expected_id} (an event was removed, inserted or reordered)",
                           row["id"])
        if row["prev_hash"] != expected_prev:
            return Verdict(False, checked, expected_prev,
                           f"event {row['id']}: does not follow the previous event's digest", row["id"])
        fields = chain.event_fields(
            id=row["id"], kind=row["kind"], talks_id=row["talks_id"], actor_id=row["actor_id"],
            audience=row["audience"], payload=row["payload"], created_at=row["created_at"],
        )
        if chain.digest(expected_prev, fields) != row["hash"]:
            return Verdict(False, checked, expected_prev,
                           f"event {row['id']}: content does not match its digest (edited)", row["id"])
        expected_prev = row["hash"]
        expected_id += 1
        checked += 1
        if head is not None and row["hash"] == head:
            return Verdict(True, checked, expected_prev)
    if head is not None and expected_prev != head:
        return Verdict(False, checked, expected_prev,
                       f"the chain ends after event {expected_id - 1} without reaching the kept head "
                       f"{head[:16]}…: events were removed from the end, or the head is from elsewhere")
    return Verdict(True, checked, expected_prev)


def database_rows() -> Iterator[dict[str, Any]]:
    from wasit.audit.models import Event

    for e in Event.objects.order_by("id").iterator(chunk_size=2000):
        yield {
            "id": e.id, "kind": e.kind, "talks_id": e.talks_id, "actor_id": e.actor_id,
            "audience": e.audience, "payload": e.payload, "created_at": e.created_at.isoformat(),
            "prev_hash": e.prev_hash, "hash": e.hash,
        }


def verify_database(*, head: str | None = None) -> Verdict:
    return verify_rows(database_rows(), head=head)
