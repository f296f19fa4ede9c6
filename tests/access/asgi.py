"""A small ASGI driver: requests to the application as deployed, in the test's transaction.

`wasit.config.asgi.application` is the lean router of `wasit.live.asgi` in
front of Django: it answers the bearer-token posts and relays and the live
stream itself. The access tests call it, not Django's test client, so the
fast path and the stream answer to the same matrix as every page.

Three things make an in-process call see (and roll back with) the test's data:

- every call runs through `async_to_sync` from the test's thread, so Django's
  thread-sensitive work (views, queries, the stream's replay) runs on that
  thread, on the test's database connection;
- the fast path's single writer is replaced by one that runs the same batch
  commit (`Writer._commit`) on that thread too: the group commit itself, on its
  own connection, is `tests/live/`'s business;
- Django's `close_old_connections` is kept off the request signals, as the
  test clients do, or the first response would close the test's transaction.

The stream never ends: the driver reads its frames until the stream is idle
(its keepalive comes every `KEEPALIVE` seconds once nothing is left to send),
then sends `http.disconnect`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import async_to_sync, sync_to_async
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils.crypto import get_random_string

KEEPALIVE = 0.02          # seconds of quiet after which the stream says ": keepalive"
STREAM_DEADLINE = 10.0    # a stream that never falls quiet fails the test, it does not hang it
CSRF = get_random_string(32)


@dataclass
class Response:
    status_code: int
    headers: list[tuple[str, str]]
    content: bytes
    # A stream read until it fell quiet (True), or cut off at the deadline (False).
    idle: bool = True

    def __getitem__(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        raise KeyError(name)

    def get(self, name: str, default: str = "") -> str:
        try:
            return self[name]
        except KeyError:
            return default

    def json(self) -> Any:
        return json.loads(self.content)

    def frames(self) -> list[dict[str, Any]]:
        """The Server-Sent Events frames that carry an event, in order of arrival."""
        out = []
        for block in self.content.decode().split("\n\n"):
            fields = dict(line.split(": ", 1) for line in block.splitlines()
                          if ": " in line and not line.startswith(":"))
            if "data" in fields:
                out.append({"id": int(fields["id"]), "event": fields["event"],
                            "data": json.loads(fields["data"])})
        return out


@dataclass
class Credentials:
    """How a persona calls: a browser (its session cookie, if logged in, and its CSRF
    token), a bearer token, or both."""

    session: str | None = None
    token: str | None = None
    browser: bool = False
    cookies: dict[str, str] = field(default_factory=dict)

    def headers(self) -> list[tuple[bytes, bytes]]:
        cookies = dict(self.cookies)
        out: list[tuple[bytes, bytes]] = []
        if self.session is not None or self.browser:
            from django.conf import settings

            if self.session is not None:
                cookies[settings.SESSION_COOKIE_NAME] = self.session
            cookies[settings.CSRF_COOKIE_NAME] = CSRF
            out.append((b"x-csrftoken", CSRF.encode()))
        if self.token is not None:
            out.append((b"authorization", f"Bearer {self.token}".encode()))
        if cookies:
            out.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
        return out


class InlineWriter:
    """The single writer's batch commit, run on the calling test's thread and connection."""

    def __init__(self) -> None:
        from wasit.live.writer import Writer

        self._writer = Writer()  # never started: only its `_commit` is used
        self.submitted: list[Any] = []

    async def run(self, fn: Any) -> Any:
        future: Future[Any] = Future()
        await sync_to_async(self._writer._commit)([(fn, future)])
        return future.result()

    def submit(self, fn: Any) -> Future[Any]:
        # Delivery receipts, queued by the stream after it sends a relay: kept, not run
        # (they would run on the stream's loop thread, off the test's connection).
        self.submitted.append(fn)
        future: Future[Any] = Future()
        future.set_result(0)
        return future


@contextmanager
def deployed() -> Iterator[None]:
    """Patch what an in-process call needs (see the module's docstring) for the duration."""
    import wasit.live.asgi as fast
    import wasit.live.stream as stream
    from wasit.live.hub import hub

    saved = (fast.writer, stream.KEEPALIVE_SECONDS, hub._last)
    fast.writer = InlineWriter()  # type: ignore[assignment]
    stream.KEEPALIVE_SECONDS = KEEPALIVE
    # Event ids are reused after each test's rollback: the hub reads the head afresh.
    hub._last = None
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        fast.writer, stream.KEEPALIVE_SECONDS, hub._last = saved  # type: ignore[assignment]
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def encode(method: str, path: str, body: object) -> tuple[bytes, bytes | None]:
    """The body's bytes and content type: JSON for the API, a multipart form for pages."""
    if method == "GET" or body is None:
        return b"", None
    if isinstance(body, bytes):
        return body, b"application/json" if path.startswith("/api/") else MULTIPART_CONTENT.encode()
    if path.startswith("/api/"):
        return json.dumps(body).encode(), b"application/json"
    return encode_multipart(BOUNDARY, body), MULTIPART_CONTENT.encode()  # type: ignore[arg-type]


def call(method: str, url: str, credentials: Credentials | None = None, body: object = None,
         *, content_type: bytes | None = None) -> Response:
    """One request to the deployed application; a stream is read until it falls quiet."""
    from wasit.config.asgi import application
    from wasit.live.hub import hub

    # Nothing commits inside a test, so the hub never hears of new events: it reads the head afresh.
    hub._last = None
    parts = urlsplit(url)
    raw, default_type = encode(method, parts.path, body)
    headers = [(b"host", b"testserver"), *(credentials.headers() if credentials else [])]
    kind = content_type or default_type
    if kind is not None:
        headers.append((b"content-type", kind))
    if raw or method == "POST":
        headers.append((b"content-length", str(len(raw)).encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
        "method": method, "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(), "root_path": "", "headers": headers,
        "client": ("127.0.0.1", 40000), "server": ("testserver", 80),
    }
    return async_to_sync(_drive)(application, scope, raw)


async def _drive(app: Any, scope: dict[str, Any], raw: bytes) -> Response:
    status: int | None = None
    headers: list[tuple[str, str]] = []
    chunks: list[bytes] = []
    complete, gone, quiet = asyncio.Event(), asyncio.Event(), asyncio.Event()
    sent_request = False

    async def receive() -> dict[str, Any]:
        nonlocal sent_request
        if not sent_request:
            sent_request = True
            return {"type": "http.request", "body": raw, "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.extend((k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"])
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            if chunk.startswith(b": keepalive"):
                quiet.set()  # the stream has nothing left to send
            else:
                chunks.append(chunk)
            if not message.get("more_body", False):
                complete.set()

    task = asyncio.ensure_future(app(scope, receive, send))
    waiters = [asyncio.ensure_future(complete.wait()), asyncio.ensure_future(quiet.wait())]
    done, _pending = await asyncio.wait([task, *waiters], timeout=STREAM_DEADLINE,
                                        return_when=asyncio.FIRST_COMPLETED)
    idle = bool(done)
    gone.set()
    for waiter in waiters:
        waiter.cancel()
    await asyncio.wait_for(task, STREAM_DEADLINE)
    assert status is not None, "the application sent no response"  # noqa: S101
    return Response(status, headers, b"".join(chunks), idle=idle)
