"""Removing or suspending a seat takes effect at once on every door; reinstating gives it back.

Pages (a logged-in browser), the Django API and the fast path (a bearer token,
through the deployed ASGI application, `tests/access/asgi.py`), and an open
live stream (the pattern of tests/live/test_seat_change_streams.py).
Each change runs with its on-commit publications, as a real commit would:
the hub hears of the seat event and clears the fast path's cached seats.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.test import Client

from tests.access.asgi import Credentials, call, deployed
from tests.live.test_seat_change_streams import OpenStream, _committed
from tests.live.test_seat_change_streams import router as router  # noqa: PLC0414 (the fixture)
from tests.personas import Cast
from wasit.accounts.actions import issue_token
from wasit.caucus import actions as caucus
from wasit.invitations import actions
from wasit.live import asgi
from wasit.live.hub import hub
from wasit.policy import SYSTEM, viewer_for

Capture = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(autouse=True)
def _fresh_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """Event ids are reused after each test's rollback: the hub must not remember
    an earlier test's seat events (a new stream would end at once) or its head
    (this test's events would be taken as already dispatched)."""
    hub.forget_seat_changes()
    monkeypatch.setattr(hub, "_last", None)


def _publish(capture: Capture, change: Callable[[], object]) -> None:
    """Run a change and its on-commit publications, as its commit would."""
    hub._last = None
    with capture(execute=True):
        change()


def _session(cast: Cast, persona: str) -> Credentials:
    client = Client()
    client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    return Credentials(session=client.cookies[settings.SESSION_COOKIE_NAME].value, browser=True)


def _doors(cast: Cast, browser: Credentials, token: str) -> dict[str, int]:
    """What the US member gets on each door: pages, the API, the fast path."""
    talks, room = cast.talks.pk, cast.rooms["us"].pk
    return {
        "talks page": call("GET", f"/talks/{talks}/", browser).status_code,
        "room page": call("GET", f"/rooms/{room}/", browser).status_code,
        "API rooms": call("GET", f"/api/v1/talks/{talks}/rooms", Credentials(token=token)).status_code,
        "API seats": call("GET", f"/api/v1/talks/{talks}/seats", Credentials(token=token)).status_code,
        "fast path post": call("POST", f"/api/v1/rooms/{room}/messages", Credentials(token=token),
                               {"text": "Still here?"}).status_code,
    }


SEATED = {"talks page": 200, "room page": 200, "API rooms": 200, "API seats": 200, "fast path post": 201}
GONE = dict.fromkeys(SEATED, 404)


@pytest.mark.parametrize("change", ["remove", "suspend"])
def test_a_removed_or_suspended_seat_is_refused_at_once_on_every_door(
        cast: Cast, change: str, django_capture_on_commit_callbacks: Capture) -> None:
    member = _session(cast, "us_member")
    token = issue_token(SYSTEM, user_id=cast.user("us_member").pk, label="doors")
    with deployed():
        assert _doors(cast, member, token) == SEATED  # the fast path has now cached the seats
    lead = viewer_for(cast.user("mediator"))
    seat = cast.seat_of("us_member")
    act = actions.remove_seat if change == "remove" else actions.suspend_seat
    _publish(django_capture_on_commit_callbacks, lambda: act(lead, seat))
    with deployed():
        assert _doors(cast, member, token) == GONE
    if change == "suspend":
        seat.refresh_from_db()
        _publish(django_capture_on_commit_callbacks, lambda: actions.reinstate_seat(lead, seat))
        with deployed():
            assert _doors(cast, member, token) == SEATED


@pytest.mark.parametrize("change", ["remove", "suspend"])
def test_a_removed_or_suspended_members_stream_ends_within_a_second(
        cast: Cast, router: asgi.Router, change: str, django_capture_on_commit_callbacks: Capture) -> None:
    token = issue_token(SYSTEM, user_id=cast.user("us_member").pk, label="stream")
    lead = viewer_for(cast.user("mediator"))
    head = viewer_for(cast.user("us_head"))
    seat = cast.seat_of("us_member")
    act = actions.remove_seat if change == "remove" else actions.suspend_seat

    def post(text: str) -> int:
        return caucus.post_message(head, cast.rooms["us"], text=text).event_id  # type: ignore[attr-defined]

    async def scenario() -> None:
        stream = await OpenStream(router, token, cast.talks.pk).open()
        assert stream.status == 200
        before = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("before")))()
        await asyncio.sleep(0.1)
        assert before in [e[0] for e in stream.events()]  # the stream was live

        started = time.monotonic()
        await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: act(lead, seat)))()
        await asyncio.wait_for(stream.ended.wait(), 1.0)
        assert time.monotonic() - started < 1.0
        after = await sync_to_async(_committed(django_capture_on_commit_callbacks, lambda: post("after")))()
        await asyncio.sleep(0.2)
        assert after not in [e[0] for e in stream.events()]
        await stream.close()

        again = await OpenStream(router, token, cast.talks.pk).open()
        await asyncio.wait_for(again.ended.wait(), 1.0)
        assert again.status == 404

        if change == "suspend":
            await sync_to_async(_committed(django_capture_on_commit_callbacks,
                                           lambda: actions.reinstate_seat(lead, seat)))()
            back = await OpenStream(router, token, cast.talks.pk).open()
            assert back.status == 200
            later = await sync_to_async(_committed(django_capture_on_commit_callbacks,
                                                   lambda: post("welcome back")))()
            await asyncio.sleep(0.2)
            assert later in [e[0] for e in back.events()]
            await back.close()

    async_to_sync(scenario)()


def test_a_removed_members_session_sees_no_people_page(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    member = client_for("us_member")
    assert member.get(f"/talks/{cast.talks.pk}/people/").status_code == 200
    actions.remove_seat(viewer_for(cast.user("mediator")), cast.seat_of("us_member"))
    assert member.get(f"/talks/{cast.talks.pk}/people/").status_code == 404
    assert settings.SESSION_COOKIE_NAME in member.cookies  # still logged in: only the seat is gone
