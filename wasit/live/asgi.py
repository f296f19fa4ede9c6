"""The fast path: the hot API calls, served without Django's middleware stack.

Posting, relaying and the live stream carry the product's load. For bearer
tokens they are answered here, by the same operations the ninja routes call
(`wasit.caucus.operations`), with the same policy, actions and event log: only
the transport differs. Writes go to the single writer (group commit);
everything else, and every browser form, goes to Django unchanged.

Why: Django's synchronous middlewares each cost a thread hop per request on
ASGI, and the profile of this path put them, not the database, first.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.db import DatabaseError

from wasit.caucus import operations as caucus_ops
from wasit.live import auth
from wasit.live.hub import hub
from wasit.live.stream import StreamRefused, event_stream, parse_last_event_id
from wasit.live.writer import writer
from wasit.policy import ActionRefused, Forbidden, NotFound, Viewer

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 64 * 1024

POST_ROUTES: list[tuple[re.Pattern[str], Callable[[Viewer, int, object], dict[str, Any]]]] = [
    (re.compile(r"^/api/v1/rooms/(\d{1,18})/messages$"), caucus_ops.post_message),
    (re.compile(r"^/api/v1/messages/(\d{1,18})/relay$"), caucus_ops.relay_message),
]
STREAM_PATH = "/api/v1/stream"

JSON_HEADERS = [
    (b"content-type", b"application/json"),
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
]


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [*JSON_HEADERS, (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


async def _read_body(receive: Receive, declared: int | None) -> bytes | None:
    """The request body, or None once it passes MAX_BODY (checked before reading it whole)."""
    if declared is not None and declared > MAX_BODY:
        return None
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _error_status(exc: BaseException) -> tuple[int, dict[str, Any]]:
    if isinstance(exc, NotFound):
        return 404, {"detail": "Not found."}
    if isinstance(exc, Forbidden):
        return 403, {"detail": str(exc.message)}
    if isinstance(exc, ActionRefused):
        return 400, {"detail": str(exc.message), "field": exc.field}
    if isinstance(exc, DatabaseError):
        return 503, {"detail": "The database is unavailable; nothing was saved. Try again."}
    raise exc


class Router:
    def __init__(self, django_app: ASGIApp) -> None:
        self.django_app = django_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            headers = dict(scope["headers"])
            if path == STREAM_PATH and method == "GET":
                await self._stream(scope, headers, receive, send)
                return
            token = auth.bearer(headers) if method == "POST" else None
            if token is not None:
                for pattern, operation in POST_ROUTES:
                    match = pattern.match(path)
                    if match:
                        await self._post(operation, int(match.group(1)), token, headers, receive, send)
                        return
        await self.django_app(scope, receive, send)

    async def _post(self, operation: Callable[[Viewer, int, object], dict[str, Any]], object_id: int,
                    token: str, headers: dict[bytes, bytes], receive: Receive, send: Send) -> None:
        declared = headers.get(b"content-length")
        raw = await _read_body(receive, int(declared) if declared and declared.isdigit() else None)
        if raw is None:
            await _json(send, 413, {"detail": f"The body is larger than {MAX_BODY} bytes."})
            return
        try:
            body: object = caucus_ops.parse_body(raw)
        except ActionRefused as exc:
            body = exc  # refused after the token is checked, as the ninja route does

        def job() -> dict[str, Any]:
            viewer = auth.viewer_from_token(token)
            if viewer is None:
                raise _Unauthenticated
            if isinstance(body, ActionRefused):
                raise body
            return operation(viewer, object_id, body)

        try:
            result = await writer.run(job)
        except _Unauthenticated:
            await _json(send, 401, {"detail": "Log in first."})
            return
        except Exception as exc:  # noqa: BLE001 (domain errors become statuses; others re-raise)
            status, detail = _error_status(exc)
            await _json(send, status, detail)
            return
        await _json(send, 201, result)

    async def _stream(self, scope: Scope, headers: dict[bytes, bytes], receive: Receive,
                      send: Send) -> None:
        if _closing.shutting_down:
            await _json(send, 503, {"detail": "The server is shutting down; reconnect shortly."})
            return
        token = auth.bearer(headers)
        if token is not None:
            viewer = await sync_to_async(auth.viewer_from_token)(token)
        else:
            try:
                viewer = await sync_to_async(auth.viewer_from_session)(headers)
            except auth.TwoFactorRequired:
                await _json(send, 403, {"detail": auth.TwoFactorRequired.message})
                return
        if viewer is None:
            await _json(send, 401, {"detail": "Log in first."})
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        talks_raw = query.get("talks", [None])[0]
        if talks_raw is not None and not talks_raw.isdigit():
            await _json(send, 400, {"detail": "`talks` must be a talks id."})
            return
        talks_id = int(talks_raw) if talks_raw else None
        if talks_id is not None and viewer.seat(talks_id) is None:
            await _json(send, 404, {"detail": "Not found."})
            return
        raw_last = headers.get(b"last-event-id", b"").decode("latin-1") or query.get("last_event_id", [None])[0]
        # Subscribing may read the log's head: a worker thread, bound to this loop.
        sub, start = await sync_to_async(hub.subscribe)(viewer, talks_id, asyncio.get_running_loop())
        try:
            last = parse_last_event_id(raw_last, start)
        except StreamRefused as exc:
            hub.unsubscribe(sub)
            await _json(send, 400, {"detail": exc.message})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-store"),
            (b"x-accel-buffering", b"no"), (b"x-content-type-options", b"nosniff")]})
        receipts = _Receipts(viewer)
        frames = event_stream(viewer, talks_id=talks_id, last_event_id=last, sub=sub,
                              start=start, on_sent=receipts.sent)

        async def pump() -> None:
            async for chunk in frames:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})

        async def disconnected() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        closing = asyncio.Event()
        tasks = [asyncio.ensure_future(pump()), asyncio.ensure_future(disconnected()),
                 asyncio.ensure_future(closing.wait())]
        _closing.add(closing)
        try:
            # Whichever comes first ends the stream: the client goes, the
            # generator ends (overflow), a send fails, or the server stops.
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            _closing.discard(closing)
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


class _OpenStreams:
    """The open streams of this process, so that a shutdown can end them.

    uvicorn waits for every running request before it stops; a stream never
    ends by itself, so on SIGTERM `close_streams()` ends each one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[asyncio.Event, asyncio.AbstractEventLoop] = {}
        self.shutting_down = False

    def add(self, event: asyncio.Event) -> None:
        with self._lock:
            self._events[event] = asyncio.get_running_loop()

    def discard(self, event: asyncio.Event) -> None:
        with self._lock:
            self._events.pop(event, None)

    def count(self) -> int:
        with self._lock:
            return len(self._events)

    def close_all(self) -> None:
        with self._lock:
            self.shutting_down = True
            events = list(self._events.items())
        for event, loop in events:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop has closed
                pass


_closing = _OpenStreams()


def close_streams() -> None:
    """End every open stream and refuse new ones: the server is stopping."""
    _closing.close_all()


class _Unauthenticated(Exception):
    pass


class _Receipts:
    """Tell the writer, once per room and at most every `DELAY` seconds, that
    relays reached a recipient's screen.

    Receipts are for the mediators' eyes, not on anyone's critical path, so
    they are coalesced rather than written per relay and per recipient.
    """

    DELAY = 0.5

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.pending: set[int] = set()

    def sent(self, event: Any) -> None:
        if event.kind != "message.relayed":
            return
        seat = self.viewer.seat(event.talks_id)
        if seat is None or seat.is_mediator:
            return
        room_id = event.payload["room_id"]
        if room_id in self.pending:
            return
        self.pending.add(room_id)
        asyncio.get_running_loop().call_later(self.DELAY, self._write, room_id)

    def _write(self, room_id: int) -> None:
        self.pending.discard(room_id)
        viewer = self.viewer

        def job() -> int:
            from wasit.caucus import actions, queries

            return actions.mark_delivered(viewer, queries.get_room(viewer, room_id))

        writer.submit(job)
