"""A change of seat reaches open streams at once: the stream ends, nothing of
the talks reaches the person after it, and a reconnect is authorised afresh.

The ASGI app is driven in-process under `async_to_sync`, so that its
database calls run in the test's thread and see the test's transaction.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from tests.personas import Cast
from wasit.accounts.actions import issue_token
from wasit.audit.models import Event
from wasit.caucus import actions as caucus
from wasit.live import asgi, pg
from wasit.live.hub import hub
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions
from wasit.talks.models import Role

Capture = Callable[..., AbstractContextManager[Any]]


class OpenStream:
    """One GET /api/v1/stream against the ASGI app, read frame by frame."""

    def __init__(self, router: asgi.Router, token: str, talks: int | None) -> None:
        self.router, self.token, self.talks = router, token, talks
        self.status = 0
        self.body = b""
        self.started = asyncio.Event()
        self.ended = asyncio.Event()
        self.gone = asyncio.Event()
        self.task: asyncio.Future[None] | None = None

    async def open(self) -> OpenStream:
        query = f"talks={self.talks}".encode() if self.talks else b""
        scope = {"type": "http", "path": "/api/v1/stream", "method": "GET", "query_string": query,
                 "headers": [(b"authorization", f"Bearer {self.token}".encode())]}

        async def receive() -> dict[str, Any]:
            await self.gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
                self.started.set()
            else:
                self.body += message.get("body", b"")
                if not message.get("more_body", False):
                    self.ended.set()

        self.task = asyncio.ensure_future(self.router(scope, receive, send))
        await asyncio.wait_for(self.started.wait(), 5)
        return self

    def events(self) -> list[tuple[int, str, int | None]]:
        """(id, kind, talks id) of every event frame received so far."""
        import json

        out = []
        for block in self.body.split(b"\n\n"):
            fields = dict(line.split(": ", 1) for line in block.decode().split("\n") if ": " in line)
            if "data" in fields:
                data = json.loads(fields["data"])
                out.append((data["id"], data["kind"], data["talks_id"]))
        return out

    async def close(self) -> None:
        self.gone.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 5)


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch, cast: Cast) -> Iterator[asgi.Router]:
    # Event ids are reused after each test's rollback: start the hub at this test's head.
    head = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    monkeypatch.setattr(hub, "_last", head)
    # On PostgreSQL, no listener thread: it would read the log outside the test's transaction.
    monkeypatch.setattr(pg, "ensure_listener", lambda: None)
    baseline = hub.count()
    yield asgi.Router(None)  # type: ignore[arg-type]
    assert hub.count() == baseline


def _committed(capture: Capture, change: Callable[[], object]) -> Callable[[], object]:
    """Run `change` and its on-commit publications (the test's transaction never commits)."""

    def run() -> object:
        with capture(execute=True):
            return change()

    return run


def test_an_unseated_party_members_stream_ends_at_once_and_carries_nothing_more(
    cast: Cast, router: asgi.Router, django_capture_on_commit_callbacks: Capture
) -> None:
    member = cast.user("us_member")
    token = issue_token(SYSTEM, user_id=member.pk, label="test")
    lead = viewer_for(cast.user("mediator"))
    head = viewer_for(cast.user("us_head"))
    seat = cast.seat_of("us_member")

    def post(text: str) -> int:
        return caucus.post_message(head, cast.rooms["us"], text=text).event_id  # type: ignore[attr-defined]

    async def scenario() -> None:
        stream = await OpenStream(router, token, cast.talks.pk).open()
        assert stream.status == 200
        before = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("before")))()
        await asyncio.sleep(0.1)
        assert before in [e[0] for e in stream.events()]  # the stream was live

        started = time.monotonic()
        await sync_to_async(_committed(django_capture_on_commit_callbacks,
                                       lambda: actions.unseat_member(lead, seat)))()
        await asyncio.wait_for(stream.ended.wait(), 1.0)
        assert time.monotonic() - started < 1.0
        after = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("after")))()
        await asyncio.sleep(0.2)
        ids = [e[0] for e in stream.events()]
        assert after not in ids
        assert "talks.member_unseated" not in [e[1] for e in stream.events()]
        await stream.close()

        again = await OpenStream(router, token, cast.talks.pk).open()
        await asyncio.wait_for(again.ended.wait(), 1.0)
        assert again.status == 404

        everywhere = await OpenStream(router, token, None).open()
        assert everywhere.status == 200
        later = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("later")))()
        await asyncio.sleep(0.2)
        assert later not in [e[0] for e in everywhere.events()]
        assert not [e for e in everywhere.events() if e[2] == cast.talks.pk]
        await everywhere.close()

    async_to_sync(scenario)()


def test_a_role_change_ends_the_members_stream_and_a_reconnect_sees_with_the_new_role(
    cast: Cast, router: asgi.Router, django_capture_on_commit_callbacks: Capture
) -> None:
    member = cast.user("us_member")
    token = issue_token(SYSTEM, user_id=member.pk, label="test")
    lead = viewer_for(cast.user("mediator"))
    seat = cast.seat_of("us_member")
    lead_token = issue_token(SYSTEM, user_id=cast.user("mediator").pk, label="test")

    async def scenario() -> None:
        stream = await OpenStream(router, token, cast.talks.pk).open()
        watcher = await OpenStream(router, lead_token, cast.talks.pk).open()
        await sync_to_async(_committed(django_capture_on_commit_callbacks,
                                       lambda: actions.change_member_role(lead, seat, role=Role.OBSERVER)))()
        await asyncio.wait_for(stream.ended.wait(), 1.0)
        await asyncio.sleep(0.1)
        # Only the changed member's streams end; the mediator's stays open and hears of it.
        assert not watcher.ended.is_set()
        assert "talks.member_role_changed" in [e[1] for e in watcher.events()]
        await stream.close()
        again = await OpenStream(router, token, cast.talks.pk).open()
        assert again.status == 200
        posted = await sync_to_async(_committed(
            django_capture_on_commit_callbacks,
            lambda: caucus.post_message(lead, cast.rooms["us"], text="still yours")))()
        await asyncio.sleep(0.2)
        assert posted.event_id in [e[0] for e in again.events()]  # type: ignore[attr-defined]
        await again.close()
        await watcher.close()

    async_to_sync(scenario)()
