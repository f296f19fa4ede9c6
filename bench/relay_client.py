"""A small, low-overhead HTTP/1.1 + Server-Sent Events client on raw asyncio streams.

Used by bench/relay.py. Keep-alive connections, JSON bodies, Content-Length or chunked
responses; an SSE reader that timestamps every complete event (``time.perf_counter_ns`` at
the read that completed it) and hands it to a callback. Loopback only: the benchmark
refuses any other address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import time
from collections.abc import Callable
from typing import Any


class HTTPError(RuntimeError):
    pass


def ensure_loopback(host: str) -> None:
    for ai in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(ai[4][0].split("%")[0]).is_loopback:
            raise SystemExit(f"refusing non-loopback target {host} -> {ai[4][0]}")


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HTTPError(f"bad status line {lines[0]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(parts[1]), headers


class Conn:
    """One keep-alive HTTP/1.1 connection; one request at a time."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.requests = 0
        self.last_used = 0.0  # time.monotonic() of the last response

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: Any = None,
                      timeout: float = 30.0) -> tuple[int, bytes]:
        reused = self.writer is not None
        if self.writer is None:
            await self.connect()
        assert self.reader is not None and self.writer is not None
        data = b"" if body is None else json.dumps(body).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Accept: application/json"]
        if self.token:
            head.append(f"Authorization: Bearer {self.token}")
        if body is not None:
            head.append("Content-Type: application/json")
        head.append(f"Content-Length: {len(data)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data
        self.writer.write(raw)
        try:
            status, payload, close = await asyncio.wait_for(self._read_response(), timeout)
        except (asyncio.IncompleteReadError, ConnectionResetError) as e:
            self.close()
            if not reused or (isinstance(e, asyncio.IncompleteReadError) and e.partial):
                raise
            # The server closed an idle keep-alive connection before reading this request
            # (uvicorn does after 5 s): it was not processed; send it once more, as browsers do.
            await self.connect()
            assert self.writer is not None
            self.writer.write(raw)
            try:
                status, payload, close = await asyncio.wait_for(self._read_response(), timeout)
            except BaseException:
                self.close()
                raise
        except BaseException:
            self.close()  # the connection state is unknown now
            raise
        self.requests += 1
        self.last_used = time.monotonic()
        if close:
            self.close()
        return status, payload

    async def _read_response(self) -> tuple[int, bytes, bool]:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status, headers = _parse_head(head[:-4])
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                line = await self.reader.readuntil(b"\r\n")
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")  # no trailers expected
                    break
                parts.append((await self.reader.readexactly(size + 2))[:-2])
            payload = b"".join(parts)
        else:  # read to close
            payload = await self.reader.read()
            return status, payload, True
        return status, payload, headers.get("connection", "").lower() == "close"

    async def json(self, method: str, path: str, body: Any = None, expect: int = 200,
                   timeout: float = 30.0) -> Any:
        status, payload = await self.request(method, path, body, timeout)
        if status != expect:
            raise HTTPError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None


class Pool:
    """Keep-alive connections for one bearer token; grows when all are busy (open loop)."""

    def __init__(self, host: str, port: int, token: str, max_size: int = 64) -> None:
        self.host, self.port, self.token, self.max_size = host, port, token, max_size
        self.idle: list[Conn] = []
        self.size = 0
        self.peak_busy = 0
        self.busy = 0
        self._freed = asyncio.Condition()

    async def acquire(self) -> Conn:
        while True:
            if self.idle:
                c = self.idle.pop()
                if c.last_used and time.monotonic() - c.last_used > 2.0:
                    c.close()  # idle too long: the server may close it under us; start afresh
                break
            if self.size < self.max_size:
                self.size += 1
                c = Conn(self.host, self.port, self.token)
                break
            async with self._freed:
                await self._freed.wait()
        self.busy += 1
        self.peak_busy = max(self.peak_busy, self.busy)
        return c

    async def release(self, c: Conn) -> None:
        self.busy -= 1
        if c.writer is None:  # broken or closed by the server: forget it
            self.size -= 1
        else:
            self.idle.append(c)
        async with self._freed:
            self._freed.notify()

    def close(self) -> None:
        for c in self.idle:
            c.close()
        self.idle.clear()


# An SSE event as delivered to the callback: (arrival ns, event id, kind, data text)
EventCallback = Callable[[int, str, str, str], None]


class SSEStream:
    """GET a text/event-stream and report every complete event with its arrival time.

    The arrival time of an event is ``time.perf_counter_ns()`` right after the socket read
    that completed it (the equivalent of Synapse's "/sync response fully read"). Several
    events completed by one read share that timestamp. Reconnects (bounded) with
    ``Last-Event-ID`` if the server ends the stream.
    """

    def __init__(self, host: str, port: int, token: str, path: str,
                 on_event: EventCallback, max_reconnects: int = 20) -> None:
        self.host, self.port, self.token, self.path = host, port, token, path
        self.on_event = on_event
        self.max_reconnects = max_reconnects
        self.last_id: str | None = None
        self.events = 0
        self.keepalives = 0
        self.reconnects = 0
        self.bytes = 0
        self.connected = asyncio.Event()
        self.error: BaseException | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: S110 (stopping: any end is fine)
                pass
        if self._writer:
            self._writer.close()

    async def _run(self) -> None:
        attempts = 0
        while attempts <= self.max_reconnects:
            attempts += 1
            try:
                await self._one_connection()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001  (bounded retries, reported)
                self.error = e
                await asyncio.sleep(0.2)
            self.reconnects += 1
        self.connected.clear()

    async def _one_connection(self) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        self._writer = writer
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        head = [f"GET {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Accept: text/event-stream", "Cache-Control: no-cache",
                f"Authorization: Bearer {self.token}"]
        if self.last_id is not None:
            head.append(f"Last-Event-ID: {self.last_id}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        raw_head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status, headers = _parse_head(raw_head[:-4])
        if status != 200:
            body = await asyncio.wait_for(reader.read(2000), 5)
            raise HTTPError(f"stream -> {status}: {body[:300]!r}")
        ctype = headers.get("content-type", "")
        if "text/event-stream" not in ctype:
            raise HTTPError(f"stream content-type {ctype!r}")
        chunked = headers.get("transfer-encoding", "").lower() == "chunked"
        self.connected.set()
        raw = b""       # undecoded transfer bytes (chunked)
        buf = b""       # decoded event-stream bytes
        need = -1       # bytes still to take from the current chunk (-1: read a size line)
        on_event = self.on_event
        while True:
            data = await reader.read(1 << 18)
            t = time.perf_counter_ns()
            if not data:
                return  # server closed: reconnect with Last-Event-ID
            self.bytes += len(data)
            ended = False
            if chunked:
                raw += data
                pos = 0
                out = []
                while True:
                    if need < 0:  # expecting a chunk-size line
                        nl = raw.find(b"\r\n", pos)
                        if nl < 0:
                            break
                        size = int(raw[pos:nl].split(b";", 1)[0].strip() or b"0", 16)
                        pos = nl + 2
                        if size == 0:  # last chunk: the server ended the stream
                            ended = True
                            break
                        need = size
                    if need > 0:  # inside chunk data
                        take = min(need, len(raw) - pos)
                        out.append(raw[pos:pos + take])
                        pos += take
                        need -= take
                        if need > 0:
                            break
                    if len(raw) - pos < 2:  # need == 0: waiting for the chunk's CRLF
                        break
                    pos += 2
                    need = -1
                raw = raw[pos:]
                buf += b"".join(out)
            else:
                buf += data
            if b"\r" in buf:
                buf = buf.replace(b"\r\n", b"\n")
            while True:
                end = buf.find(b"\n\n")
                if end < 0:
                    break
                block = buf[:end]
                buf = buf[end + 2:]
                ev_id = ""
                kind = "message"
                datas = []
                comment = True
                for line in block.split(b"\n"):
                    if not line or line[:1] == b":":
                        continue
                    comment = False
                    name, _, value = line.partition(b":")
                    if value[:1] == b" ":
                        value = value[1:]
                    if name == b"data":
                        datas.append(value)
                    elif name == b"id":
                        ev_id = value.decode()
                    elif name == b"event":
                        kind = value.decode()
                if comment:
                    self.keepalives += 1
                    continue
                if ev_id:
                    self.last_id = ev_id
                self.events += 1
                on_event(t, ev_id, kind, b"\n".join(datas).decode())
            if ended:
                return
