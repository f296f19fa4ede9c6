"""Deactivating an account or revoking a token ends that person's open streams within a second;
a reconnect with the token is then refused (401). The pattern of tests/live/test_seat_change_streams.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from tests.live.test_seat_change_streams import OpenStream, _committed
from tests.live.test_seat_change_streams import router as router  # noqa: PLC0414 (the fixture)
from tests.personas import Cast
from wasit.accounts import actions as accounts
from wasit.accounts.models import APIToken
from wasit.caucus import actions as caucus
from wasit.live import asgi
from wasit.live.hub import hub
from wasit.policy import SYSTEM, viewer_for

Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(autouse=True)
def _fresh_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    # Event ids are reused after each test's rollback: forget earlier tests' seat events.
    hub.forget_seat_changes()


@pytest.mark.parametrize("change", ["deactivate", "revoke"])
def test_the_stream_ends_within_a_second_and_the_token_is_refused_after(
        cast: Cast, router: asgi.Router, change: str, django_capture_on_commit_callbacks: Capture) -> None:
    member = cast.user("us_member")
    token = accounts.issue_token(SYSTEM, user_id=member.pk, label="stream")
    operator = viewer_for(cast.user("operator"))
    head = viewer_for(cast.user("us_head"))

    def act() -> object:
        if change == "deactivate":
            return accounts.set_account_active(operator, user_id=member.pk, active=False)
        row = APIToken.objects.get(user=member, label="stream")
        return accounts.revoke_token(operator, token_id=row.pk)

    def post(text: str) -> int:
        return caucus.post_message(head, cast.rooms["us"], text=text).event_id  # type: ignore[attr-defined]

    async def scenario() -> None:
        stream = await OpenStream(router, token, cast.talks.pk).open()
        assert stream.status == 200
        started = time.monotonic()
        await sync_to_async(_committed(django_capture_on_commit_callbacks, act))()
        await asyncio.wait_for(stream.ended.wait(), 1.0)
        assert time.monotonic() - started < 1.0
        after = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("after")))()
        await asyncio.sleep(0.2)
        assert after not in [e[0] for e in stream.events()]
        await stream.close()
        again = await OpenStream(router, token, cast.talks.pk).open()
        await asyncio.wait_for(again.ended.wait(), 1.0)
        assert again.status == 401

    async_to_sync(scenario)()
