"""The fast path: the hot API calls, served without Django's middleware stack.

Posting, relaying and the live stream carry the product's load. For bearer
tokens they are answered here by the one request pipeline
(`wasit.web.pipeline`, `wasit.live.routes`) that the ninja routes run too: the same body limit,
language, authentication (`wasit.accounts.authn`), policy-first check,
idempotency keys, operation, error mapping and response headers. Only the
transport differs: writes go to the single writer (group commit); everything
else, and every browser form, goes to Django unchanged.

Why: Django's synchronous middlewares each cost a thread hop per request on
ASGI, and the profile of this path put them, not the database, first.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.utils import translation
from pydantic import TypeAdapter, ValidationError

from wasit import policy
from wasit.accounts.authn import Refusal, Unauthenticated
from wasit.idempotency.keys import HEADER as IDEMPOTENCY_HEADER
from wasit.live import auth, routes
from wasit.live.hub import hub
from wasit.live.stream import StreamRefused, event_stream, parse_last_event_id
from wasit.live.writer import writer
from wasit.policy import NotFound
from wasit.web import pipeline

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

POST_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/api/v1/rooms/(\d{1,18})/messages$"), "post_message"),
    (re.compile(r"^/api/v1/messages/(\d{1,18})/relay$"), "relay_message"),
]
STREAM_PATH = "/api/v1/stream"
_IDEMPOTENCY = IDEMPOTENCY_HEADER.lower().encode()
_TALKS_ID = TypeAdapter(int)


class _Request:
    """What the pipeline needs of one ASGI request: headers, language, TLS."""

    def __init__(self, scope: Scope) -> None:
        self.headers: dict[bytes, bytes] = dict(scope["headers"])
        self.secure = scope.get("scheme") == "https"
        self.language = pipeline.language_of(
            auth.cookies(self.headers),
            self.headers.get(b"accept-language", b"").decode("latin-1"))

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return value.decode("latin-1") if value is not None else None


def _encode_headers(pairs: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in pairs]


async def _json(send: Send, request: _Request, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    headers = _encode_headers(pipeline.json_headers(request.language, secure=request.secure))
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


async def _refuse(send: Send, request: _Request, exc: BaseException) -> None:
    """Answer a refusal as the ninja API does: `pipeline.error_answer`, in the caller's language."""
    with translation.override(request.language):
        answer = pipeline.error_answer(exc)
    if answer is None:
        raise exc
    await _json(send, request, *answer)


async def _read_body(receive: Receive, declared: str | None) -> bytes | None:
    """The request body, or None once it passes the limit (checked before reading it whole)."""
    if pipeline.body_too_large(declared):
        return None
    limit = pipeline.max_body()
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


class Router:
    def __init__(self, django_app: ASGIApp) -> None:
        self.django_app = django_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if path == STREAM_PATH and method == "GET":
                await self._stream(scope, _Request(scope), receive, send)
                return
            token = auth.bearer(dict(scope["headers"])) if method == "POST" else None
            if token is not None:
                for pattern, name in POST_ROUTES:
                    match = pattern.match(path)
                    if match:
                        await self._post(name, int(match.group(1)), token, _Request(scope),
                                         receive, send)
                        return
        await self.django_app(scope, receive, send)

    async def _post(self, name: str, object_id: int, token: str, request: _Request,
                    receive: Receive, send: Send) -> None:
        raw = await _read_body(receive, request.header(b"content-length"))
        if raw is None:
            await _refuse(send, request, pipeline.BodyTooLarge())
            return
        key = request.header(_IDEMPOTENCY)
        language = request.language

        def job() -> routes.Answer:
            # In the writer's thread: the refusal texts are made here, in the caller's language.
            with translation.override(language):
                viewer = auth.authenticate_token(token)
                return routes.write(name, viewer, object_id, raw, key)

        try:
            status, body = await writer.run(job)
        except Exception as exc:  # noqa: BLE001 (refusals become answers; a bug re-raises)
            await _refuse(send, request, exc)
            return
        await _json(send, request, status, body)

    async def _stream(self, scope: Scope, request: _Request, receive: Receive,
                      send: Send) -> None:
        token = auth.bearer(request.headers)
        # Read before the seats are: a seat change dispatched in between ends
        # this stream at once (the hub compares), so stale seats never stream.
        resolved_after = await sync_to_async(hub.last_id)()
        try:
            if token is not None:
                viewer = await sync_to_async(auth.viewer_from_token)(token)
            else:
                viewer = await sync_to_async(auth.viewer_from_session)(request.headers)
            if viewer is None:
                raise Unauthenticated
        except Refusal as exc:
            await _refuse(send, request, exc)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        talks_raw = query.get("talks", [None])[0]
        try:
            # Parsed as the ninja route parses its `talks: int | None`, with its 422.
            talks_id = _TALKS_ID.validate_python(talks_raw) if talks_raw else None
        except ValidationError as exc:
            await _json(send, request, 422, {"detail": "Invalid input.", "errors": [
                {"type": e["type"], "loc": ["query", "talks"], "msg": e["msg"]}
                for e in exc.errors()]})
            return
        if talks_id is not None and not policy.can_follow(viewer, talks_id).allowed:
            await _refuse(send, request, NotFound())
            return
        raw_last = request.header(b"last-event-id") or query.get("last_event_id", [None])[0]
        # Subscribing may read the log's head: a worker thread, bound to this loop.
        sub, start = await sync_to_async(hub.subscribe)(viewer, talks_id, asyncio.get_running_loop(),
                                                        resolved_after=resolved_after)
        try:
            last = parse_last_event_id(raw_last, start)
        except StreamRefused as exc:
            hub.unsubscribe(sub)
            with translation.override(request.language):
                detail = str(exc.message)
            await _json(send, request, 400, {"detail": detail})
            return
        headers = [(name, value) for name, value in pipeline.json_headers(
            request.language, secure=request.secure) if name != "Content-Type"]
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream; charset=utf-8"), (b"x-accel-buffering", b"no"),
            *_encode_headers(headers)]})
        # No receipt here: a relay is delivered when the client acknowledges it
        # (`POST /api/v1/rooms/<id>/receipts`), not when it is written into a socket.
        frames = event_stream(viewer, talks_id=talks_id, last_event_id=last, sub=sub, start=start)

        async def pump() -> None:
            async for chunk in frames:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})

        async def disconnected() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        tasks = [asyncio.ensure_future(pump()), asyncio.ensure_future(disconnected())]
        try:
            # Whichever comes first ends the stream: the client goes, or the
            # generator ends (overflow, seat change) or a send fails. On SIGTERM
            # uvicorn cancels what is still open after `timeout_graceful_shutdown`.
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await frames.aclose()  # its `finally` unsubscribes from the hub
            hub.unsubscribe(sub)
        if tasks[1].cancelled():
            # Not a client disconnect: end the response so the client reconnects.
            try:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            except Exception:  # noqa: BLE001,S110 (the client may be gone already)
                pass
