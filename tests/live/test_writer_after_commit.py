"""After COMMIT the answer is success: a failure in what runs after the commit
(publishing to streams, another on-commit hook) must not tell a client that a
saved write was lost, or it retries and the message appears twice."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest
from django.db import transaction

from tests.personas import Cast
from wasit.audit import log as audit_log
from wasit.audit.models import Event
from wasit.caucus import actions
from wasit.caucus.models import Message
from wasit.live.writer import Writer
from wasit.policy.viewer import viewer_for

# The writer commits for real: on-commit hooks only run outside a test's rollback.
pytestmark = pytest.mark.django_db(transaction=True)


def _run_batch(jobs: list[Callable[[], Any]]) -> list[Future[Any]]:
    futures: list[Future[Any]] = [Future() for _ in jobs]
    Writer()._commit(list(zip(jobs, futures, strict=True)))
    return futures


def test_a_failing_stream_publication_still_answers_saved(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    us = viewer_for(cast.users["us_head"])
    published: list[int] = []

    def broken(_event: Event) -> None:
        raise RuntimeError("the hub fell over")

    monkeypatch.setattr(audit_log, "_subscribers", [broken, lambda event: published.append(event.id)])
    [first] = _run_batch([lambda: actions.post_message(us, cast.rooms["us"], text="saved once")])
    message = first.result(timeout=5)
    assert Message.objects.filter(pk=message.pk).exists()
    # The subscriber after the broken one still heard of it, and of the next write.
    assert published == [message.event_id]
    [second] = _run_batch([lambda: actions.post_message(us, cast.rooms["us"], text="and the next")])
    assert published == [message.event_id, second.result(timeout=5).event_id]


def test_a_failing_after_commit_hook_does_not_report_the_batch_as_lost(cast: Cast) -> None:
    us = viewer_for(cast.users["us_head"])

    def post_with_a_broken_hook() -> Message:
        message = actions.post_message(us, cast.rooms["us"], text="committed before the hook")
        transaction.on_commit(lambda: 1 / 0)
        return message

    futures = _run_batch([post_with_a_broken_hook,
                          lambda: actions.post_message(us, cast.rooms["us"], text="its neighbour")])
    results = [f.result(timeout=5) for f in futures]  # neither raises "nothing was saved"
    assert Message.objects.filter(pk__in=[m.pk for m in results]).count() == 2
