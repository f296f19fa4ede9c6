"""Signed heads: the writer's Merkle root is pymerkle's, and a forged append is named."""

from __future__ import annotations

import hashlib

from django.db import connection

from tests.personas import Cast
from wasit.audit import chain, merkle
from wasit.audit.heads import latest_head
from wasit.audit.models import Event
from wasit.audit.verify import verify_database


def test_the_writers_incremental_root_is_the_libraries_root_at_every_size() -> None:
    digests = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(70)]
    tree = merkle.tree(digests)
    frontier: merkle.Frontier = []
    for size, digest in enumerate(digests, start=1):
        frontier = merkle.extend(frontier, [digest])
        assert merkle.root(frontier) == merkle.root_at(tree, size), size


def test_every_committed_event_is_covered_by_a_signed_head(cast: Cast) -> None:
    head = latest_head()
    assert head is not None and head.size == Event.objects.count()
    assert verify_database().ok


def test_an_appended_event_with_a_correct_digest_is_named(cast: Cast) -> None:
    last = Event.objects.order_by("-id").first()
    assert last is not None
    fields = chain.event_fields(id=last.id + 1, kind="talks.opened", talks_id=None, actor_id=None,
                                audience=" all ", payload={"title": "forged"},
                                created_at=last.created_at.isoformat())
    with connection.cursor() as cur:
        cur.execute("INSERT INTO audit_event (id, kind, talks_id, actor_id, audience, payload, created_at,"
                    " prev_hash, hash) VALUES (%s, 'talks.opened', NULL, NULL, ' all ', %s, %s, %s, %s)",
                    [last.id + 1, '{"title":"forged"}', last.created_at, last.hash,
                     chain.digest(last.hash, fields)])
    verdict = verify_database()
    assert not verdict.ok and verdict.bad_event_id == last.id + 1
    assert "no signed head covers it" in verdict.problem
