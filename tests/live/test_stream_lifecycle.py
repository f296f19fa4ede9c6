"""Streams end with their client and with the server; tokens are checked at once."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from tests.live.server import Deployment, Server, Stream
from wasit.policy import Viewer


def test_closed_streams_unsubscribe_from_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drive the ASGI app directly: 200 streams opened then disconnected leave no subscriber."""
    from wasit.live import asgi, auth, pg
    from wasit.live.hub import hub

    viewer = Viewer(user_id=10**9)  # logged in, seated nowhere
    monkeypatch.setattr(auth, "viewer_from_token", lambda token: viewer)
    monkeypatch.setattr(pg, "ensure_listener", lambda: None)
    monkeypatch.setattr(hub, "_last", 0)
    router = asgi.Router(None)  # type: ignore[arg-type]
    scope = {"type": "http", "path": "/api/v1/stream", "method": "GET", "query_string": b"",
             "headers": [(b"authorization", b"Bearer wst_x")]}

    async def one() -> None:
        gone = asyncio.Event()
        started = asyncio.Event()

        async def receive() -> dict[str, Any]:
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                assert message["status"] == 200
                started.set()

        task = asyncio.ensure_future(router(scope, receive, send))
        await asyncio.wait_for(started.wait(), 5)
        gone.set()
        await asyncio.wait_for(task, 1.0)  # unsubscribed within a second

    async def main() -> None:
        baseline = hub.count()
        await asyncio.gather(*(one() for _ in range(200)))
        assert hub.count() == baseline

    asyncio.run(main())


def test_sigterm_stops_the_server_after_streams_were_opened_and_closed(
    server: Server, deployment: Deployment
) -> None:
    token = deployment.tokens["om-lead"]
    first = Stream(server, token, talks=1)
    assert first.status == 200
    first.close()
    second = Stream(server, token, talks=1)
    assert second.status == 200
    assert server.process is not None
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("the server ignored SIGTERM")
    assert time.monotonic() - started < 5
    second.close()


def test_a_revoked_token_or_deactivated_user_is_refused_at_once(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    path = f"/api/v1/rooms/{rooms['us']}/messages"
    # A token proven once (and so cached, before the fix) ...
    assert server.call("POST", path, deployment.tokens["us-head"], {"text": "one"})[0] == 201
    assert server.call("POST", path, deployment.tokens["om-lead"], {"text": "x"})[0] in {201, 403, 404}
    _django(deployment, _REVOKE.format(user="us-head"))
    assert server.call("POST", path, deployment.tokens["us-head"], {"text": "two"})[0] == 401
    _django(deployment, _DEACTIVATE.format(user="om-lead"))
    assert server.call("POST", path, deployment.tokens["om-lead"], {"text": "three"})[0] == 401


def _django(deployment: Deployment, code: str) -> None:
    """Change the database behind the running server, as an operator's script would."""
    env = {**deployment.env(), "DJANGO_SETTINGS_MODULE": "wasit.config.settings"}
    subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                   env=env, check=True, capture_output=True, timeout=60)


_REVOKE = (
    "from django.utils import timezone; from wasit.accounts.models import APIToken; "
    "APIToken.objects.filter(user__username='{user}').update(revoked_at=timezone.now())"
)
_DEACTIVATE = (
    "from django.contrib.auth import get_user_model; "
    "get_user_model().objects.filter(username='{user}').update(is_active=False)"
)
