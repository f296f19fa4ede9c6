"""The single writer's batch: one transaction, each job alone in success or failure."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pytest
from django.db import transaction

from tests.personas import Cast
from wasit.audit.log import PROCESS_TAG
from wasit.audit.models import Event
from wasit.audit.verify import verify_database
from wasit.caucus import actions
from wasit.caucus.models import Message
from wasit.live.pg import from_elsewhere
from wasit.live.writer import Writer
from wasit.policy import ActionRefused
from wasit.policy.viewer import viewer_for


def _run_batch(jobs: list[Callable[[], Any]]) -> list[Future[Any]]:
    futures: list[Future[Any]] = [Future() for _ in jobs]
    Writer()._commit(list(zip(jobs, futures, strict=True)))
    return futures


def test_a_failed_job_leaves_the_others_of_its_batch_chained_and_committed(cast: Cast) -> None:
    us = viewer_for(cast.users["us_head"])
    room = cast.rooms["us"]
    head = Event.objects.order_by("-id").first()
    assert head is not None

    def post(text: str) -> Callable[[], Message]:
        return lambda: actions.post_message(us, room, text=text)

    @transaction.atomic
    def posts_then_fails() -> None:
        # Records an event, then fails inside the same atomic block: undone.
        actions.post_message(us, room, text="rolled back with its job")
        raise RuntimeError("the job failed after writing")

    def fails_after_its_action_committed() -> None:
        # Its action's savepoint was released before the failure: the event
        # stays, and the next job must chain after it, not after the job before.
        actions.post_message(us, room, text="kept although its job failed")
        raise RuntimeError("failed outside the action")

    futures = _run_batch([post("first"), post("   "), posts_then_fails, post("second"),
                          fails_after_its_action_committed, post("third")])

    assert isinstance(futures[1].exception(), ActionRefused)
    assert isinstance(futures[2].exception(), RuntimeError)
    assert isinstance(futures[4].exception(), RuntimeError)
    texts = [futures[i].result().text for i in (0, 3, 5)]
    assert texts == ["first", "second", "third"]
    stored = {m.text for m in Message.objects.filter(room=room)}  # sealed: compared opened
    assert "rolled back with its job" not in stored
    assert "kept although its job failed" in stored

    new = list(Event.objects.filter(id__gt=head.id).order_by("id"))
    assert [e.id for e in new] == list(range(head.id + 1, head.id + 5))
    assert [e.kind for e in new] == ["message.posted"] * 4
    assert verify_database().ok


@pytest.mark.parametrize(("payload", "expected"), [
    ("41 0123456789abcdef", 41),   # another process
    ("41", 41),                    # a process from before the tag was sent
    (f"41 {PROCESS_TAG}", None),   # this process: already in the hub, in memory
], ids=["another-process", "untagged", "this-process"])  # ids fixed: xdist workers must agree
def test_the_listener_skips_only_its_own_process_notifications(payload: str, expected: int | None) -> None:
    assert from_elsewhere(payload) == expected
