"""The long fault runs (`make test-faults`): 20 kills on each database, a database restart.

Figures are printed and appended to the file named by WASIT_FAULT_REPORT,
from which docs/reliability.md is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.server import Deployment, Server, Stream, drop_postgres, fresh_postgres_url
from tests.live.test_durability import kill_loop
from tests.skips import skip_or_fail

KILLS = int(os.environ.get("WASIT_FAULT_KILLS", "20"))
POSTGRES = os.environ.get("WASIT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


def _report(name: str, figures: dict[str, object]) -> None:
    line = json.dumps({"run": name, **figures})
    print(line)
    target = os.environ.get("WASIT_FAULT_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    try:
        url = fresh_postgres_url(POSTGRES)
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"no PostgreSQL at {POSTGRES}: {exc}")
    yield url
    drop_postgres(url, POSTGRES)


def test_twenty_kills_on_sqlite_lose_nothing(tmp_path: Path) -> None:
    deployment = Deployment(tmp_path / "data", None)
    deployment.prepare("om-lead", "us-head")
    started = time.monotonic()
    figures = kill_loop(deployment, kills=KILLS)
    _report("kill -9, SQLite", {**figures, "seconds": round(time.monotonic() - started, 1)})


def test_twenty_kills_on_postgresql_lose_nothing(tmp_path: Path, postgres_url: str) -> None:
    deployment = Deployment(tmp_path / "data", postgres_url)
    deployment.prepare("om-lead", "us-head")
    started = time.monotonic()
    figures = kill_loop(deployment, kills=KILLS)
    _report("kill -9, PostgreSQL", {**figures, "seconds": round(time.monotonic() - started, 1)})


def _restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, capture_output=True, timeout=120)


def test_postgresql_restart_under_load_loses_nothing_and_streams_resume(tmp_path: Path, postgres_url: str) -> None:
    if not Path("/etc/postgresql").is_dir():
        skip_or_fail("the PostgreSQL server is not managed by pg_ctlcluster here")
    deployment = Deployment(tmp_path / "data", postgres_url)
    deployment.prepare("om-lead", "us-head")
    server = Server(deployment).start()
    t = deployment.tokens
    try:
        _s, rooms = server.call("GET", "/api/v1/talks/1/rooms", t["om-lead"])
        us_room = next(r["id"] for r in rooms if r["party_id"] == 1)
        acked: list[int] = []
        refused = 0
        stop = threading.Event()

        def load() -> None:
            nonlocal refused
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    status, body = server.call("POST", f"/api/v1/rooms/{us_room}/messages", t["us-head"],
                                               {"text": f"under restart {i}"})
                except OSError:
                    refused += 1
                    continue
                if status == 201:
                    acked.append(body["event_id"])
                else:
                    refused += 1
                    time.sleep(0.05)

        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(1.0)
        _restart_postgres()
        time.sleep(3.0)
        stop.set()
        worker.join(timeout=30)
        assert acked, "the load ran"
        after_restart = server.call("POST", f"/api/v1/rooms/{us_room}/messages", t["us-head"],
                                    {"text": "after the restart"})
        assert after_restart[0] == 201, "the server reconnected by itself"
        # A stream opened from the start of the log sees every acknowledged message.
        stream = Stream(server, t["om-lead"], talks=1, last_event_id=0)
        seen = {e.id for e in stream.events_until(lambda e: e.id == after_restart[1]["event_id"], timeout=20)}
        stream.close()
        lost = [i for i in acked if i not in seen]
        assert not lost
        assert deployment.run("verify").startswith("ok: ")
        _report("PostgreSQL restart under load", {"acked_messages": len(acked), "refused_during_restart": refused,
                                                  "lost_messages": len(lost)})
    finally:
        server.stop()
