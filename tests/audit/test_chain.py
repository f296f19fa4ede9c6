"""The event log is a hash chain: any edit, deletion, reordering or insertion is named."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.audit.verify import verify_database


def test_a_fresh_log_verifies(cast: Cast) -> None:
    verdict = verify_database()
    assert verdict.ok
    assert verdict.checked == Event.objects.count() > 20


def test_ids_are_gap_free_and_each_event_links_to_the_previous(cast: Cast) -> None:
    events = list(Event.objects.order_by("id"))
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_editing_a_payload_is_detected_at_that_event(cast: Cast) -> None:
    target = Event.objects.get(id=10)
    _raw("UPDATE audit_event SET payload = %s WHERE id = %s", ['{"forged": true}', 10])
    verdict = verify_database()
    assert not verdict.ok and verdict.bad_event_id == target.id
    assert "edited" in verdict.problem


def test_editing_the_audience_is_detected(cast: Cast) -> None:
    _raw("UPDATE audit_event SET audience = %s WHERE id = %s", [" all party:999 ", 12])
    assert verify_database().bad_event_id == 12


def test_deleting_an_event_is_detected(cast: Cast) -> None:
    _raw("DELETE FROM audit_event WHERE id = %s", [7])
    verdict = verify_database()
    assert not verdict.ok and verdict.bad_event_id == 8


def test_swapping_two_events_is_detected(cast: Cast) -> None:
    a, b = Event.objects.get(id=5), Event.objects.get(id=6)
    _raw("UPDATE audit_event SET kind = %s, payload = %s WHERE id = %s", [b.kind, '{"x": 1}', 5])
    verdict = verify_database()
    assert not verdict.ok and verdict.bad_event_id == 5
    assert a.kind  # the original survives only in this test's memory


def test_inserting_a_forged_event_is_detected(cast: Cast) -> None:
    last = Event.objects.order_by("-id").first()
    assert last is not None
    _raw("UPDATE audit_event SET id = id + 1000 WHERE id = %s", [last.id])
    _raw(
        "INSERT INTO audit_event (id, kind, talks_id, actor_id, audience, payload, created_at, prev_hash, hash)"
        " VALUES (%s, %s, NULL, NULL, %s, %s, %s, %s, %s)",
        [last.id, "talks.opened", " all ", '{"title": "forged"}', last.created_at, last.prev_hash, "f" * 64],
    )
    verdict = verify_database()
    assert not verdict.ok and verdict.bad_event_id == last.id


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    from wasit import audit
    from wasit.talks.events import TalksOpened

    with pytest.raises(RuntimeError):
        audit.record(TalksOpened(talks_id=None, title="x"), actor_id=None)
