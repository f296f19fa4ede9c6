"""Several server processes on one PostgreSQL database: every event reaches every stream."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.server import WASIT, Deployment, Server, Stream, drop_postgres, fresh_postgres_url
from tests.skips import skip_or_fail

DEFAULT = "postgres://postgres@127.0.0.1:5432/test"


@pytest.fixture
def postgres_deployment(tmp_path: Path) -> Iterator[Deployment]:
    base = os.environ.get("WASIT_TEST_POSTGRES_URL", DEFAULT)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        base = os.environ["DATABASE_URL"]
    try:
        url = fresh_postgres_url(base)
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"no PostgreSQL at {base} for the multi-process test: {exc}")
    deployment = Deployment(tmp_path / "data", url)
    deployment.prepare("om-lead", "us-head")
    yield deployment
    drop_postgres(url, base)


def test_an_event_written_by_one_process_reaches_a_stream_on_another(postgres_deployment: Deployment) -> None:
    a, b = Server(postgres_deployment).start(), Server(postgres_deployment).start()
    t = postgres_deployment.tokens
    try:
        _s, rooms = a.call("GET", "/api/v1/talks/1/rooms", t["om-lead"])
        us_room = next(r["id"] for r in rooms if r["party_id"] == 1)
        on_b = Stream(b, t["om-lead"], talks=1)
        on_a = Stream(a, t["om-lead"], talks=1)
        posted = [a.call("POST", f"/api/v1/rooms/{us_room}/messages", t["us-head"], {"text": f"via A {i}"})[1]
                  for i in range(3)]
        posted += [b.call("POST", f"/api/v1/rooms/{us_room}/messages", t["us-head"], {"text": f"via B {i}"})[1]
                   for i in range(3)]
        want = [p["event_id"] for p in posted]
        for stream in (on_a, on_b):
            got = stream.events_until(lambda e, last=want[-1]: e.id == last, timeout=5)
            ids = [e.id for e in got if e.kind == "message.posted"]
            assert ids == want, "every event, once, in order, whichever process wrote it"
            stream.close()
    finally:
        a.stop()
        b.stop()


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["WASIT_DATA_DIR"] = str(tmp_path)
    subprocess.run([*WASIT, "migrate"], env=env, capture_output=True, check=True, timeout=120)
    result = subprocess.run([*WASIT, "serve", "--workers", "2"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0 and "needs PostgreSQL" in result.stderr
