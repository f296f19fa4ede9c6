"""A real Wasit server in a subprocess, and a small Server-Sent Events client.

Live tests talk HTTP to `wasit serve` exactly as a browser or the benchmark
does; the database is SQLite in a temporary folder, or a fresh PostgreSQL
database when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WASIT = [sys.executable, "-m", "wasit.cli.main"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_postgres_url(base: str) -> str:
    """Create an empty database next to `base`'s and return its URL."""
    import psycopg

    name = f"wasit_live_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def drop_postgres(url: str, base: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Deployment:
    data_dir: Path
    database_url: str | None
    tokens: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        env["WASIT_DATA_DIR"] = str(self.data_dir)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def run(self, *args: str) -> str:
        result = subprocess.run([*WASIT, *args], env=self.env(), capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"wasit {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def prepare(self, *users: str) -> None:
        self.run("demo", "--no-serve")
        for user in users:
            self.tokens[user] = self.run("token", user, "--label", "live test").strip()


class Server:
    def __init__(self, deployment: Deployment, log: Path | None = None) -> None:
        self.deployment = deployment
        self.port = free_port()
        self.log = log  # the server's stderr goes here, else nowhere
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        stderr = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen([*WASIT, "serve", "--port", str(self.port)],
                                            env=self.deployment.env(), stdout=subprocess.DEVNULL,
                                            stderr=stderr)
        finally:
            if self.log:
                stderr.close()  # type: ignore[union-attr]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1):  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def start_on_same_port(self) -> Server:
        """Restart after a crash, where browsers expect to find it."""
        deadline = time.monotonic() + 10
        while True:
            try:
                return self.start()
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def call(self, method: str, path: str, token: str, body: Any = None,
             raw: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers={  # noqa: S310
            "Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as exc:
            text = exc.read()
            try:
                return exc.code, json.loads(text)
            except ValueError:
                return exc.code, text


@dataclass
class SSEEvent:
    id: int
    kind: str
    data: dict[str, Any]


class Stream:
    """A raw HTTP/1.1 SSE reader: nothing between the test and the bytes."""

    def __init__(self, server: Server, token: str, *, talks: int | None = None,
                 last_event_id: int | str | None = None) -> None:
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        path = "/api/v1/stream" + (f"?talks={talks}" if talks else "")
        extra = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id is not None else ""
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                           f"Accept: text/event-stream\r\n{extra}\r\n").encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n")
        self.status = int(head.split(b" ", 2)[1])
        self.chunked = b"transfer-encoding: chunked" in head.lower()
        self.pending = b""

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _body_bytes(self) -> None:
        if not self.chunked:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.pending += chunk
            return
        size_line = self._read_until(b"\r\n")
        size = int(size_line.strip() or b"0", 16)
        while len(self.buffer) < size + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        self.pending += self.buffer[:size]
        self.buffer = self.buffer[size + 2:]

    def next_event(self, timeout: float = 5.0) -> SSEEvent | None:
        """The next event, or None when `timeout` passes without one."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n\n" in self.pending:
                block, self.pending = self.pending.split(b"\n\n", 1)
                fields: dict[str, str] = {}
                for line in block.decode().split("\n"):
                    if line.startswith(":") or ":" not in line:
                        continue
                    key, value = line.split(":", 1)
                    fields[key] = value.lstrip(" ")
                if "id" in fields and "data" in fields:
                    return SSEEvent(int(fields["id"]), fields.get("event", ""), json.loads(fields["data"]))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                self._body_bytes()
            except TimeoutError:
                return None

    def events_until(self, predicate: Any, timeout: float = 5.0) -> list[SSEEvent]:
        seen: list[SSEEvent] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self.next_event(deadline - time.monotonic())
            if event is None:
                break
            seen.append(event)
            if predicate(event):
                return seen
        raise AssertionError(f"no matching event; saw {[(e.id, e.kind) for e in seen]}")

    def close(self) -> None:
        self.sock.close()
