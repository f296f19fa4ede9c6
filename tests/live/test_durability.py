"""An acknowledged message or relay survives `kill -9` of the server at any moment."""

from __future__ import annotations

import http.client
import random
import threading
import time

from tests.live.server import Deployment, Server

KILLS = 3  # `make test-faults` runs 20 on SQLite and on PostgreSQL (tests/faults/)


def _history_ids(server: Server, token: str, room: int) -> tuple[set[int], set[int]]:
    messages: set[int] = set()
    relays: set[int] = set()
    before = None
    while True:
        path = f"/api/v1/rooms/{room}/messages?limit=200" + (f"&before={before}" if before else "")
        status, body = server.call("GET", path, token)
        assert status == 200, body
        for item in body["items"]:
            (messages if item["type"] == "message" else relays).add(item["id"])
        before = body["next_before"]
        if before is None:
            return messages, relays


def _load(server: Server, t: dict[str, str], rooms: dict[str, int], round_no: int,
          stop: threading.Event, acked_messages: set[int], acked_relays: set[int]) -> None:
    """Post and relay until the server dies; remember what was acknowledged."""
    i = 0
    while not stop.is_set():
        i += 1
        try:
            status, body = server.call("POST", f"/api/v1/rooms/{rooms['us']}/messages", t["us-head"],
                                       {"text": f"round {round_no} message {i}"})
            if status != 201:
                return
            acked_messages.add(body["id"])
            status, body = server.call("POST", f"/api/v1/messages/{body['id']}/relay", t["om-lead"],
                                       {"into": [rooms["ir"]], "mode": "summary", "text": f"summary {i}"})
            if status != 201:
                return
            acked_relays.update(r["id"] for r in body["relays"])
        except (OSError, http.client.HTTPException):
            # The server died before or while answering (a response cut short
            # raises IncompleteRead): that write was not acknowledged.
            return


def test_kill_9_at_random_moments_loses_no_acknowledged_write(deployment: Deployment) -> None:
    report = kill_loop(deployment, kills=KILLS)
    assert report["acked_messages"] > 0


def kill_loop(deployment: Deployment, *, kills: int) -> dict[str, int]:
    """Post and relay under load, `kill -9` the server at random moments, restart, check.

    Returns the figures: kills, acknowledged messages and relays, and how
    many of them were lost (asserted to be zero).
    """
    t = deployment.tokens
    acked_messages: set[int] = set()
    acked_relays: set[int] = set()
    rng = random.Random(20240110)
    rooms: dict[str, int] = {}
    for round_no in range(kills):
        server = Server(deployment).start()
        if not rooms:
            _status, body = server.call("GET", "/api/v1/talks/1/rooms", t["om-lead"])
            rooms = {("us" if r["party_id"] == 1 else "ir" if r["party_id"] == 2 else r["kind"]): r["id"]
                     for r in body}
        stop = threading.Event()

        writers = [threading.Thread(target=_load, args=(server, t, rooms, round_no, stop,
                                                        acked_messages, acked_relays)) for _ in range(2)]
        for w in writers:
            w.start()
        time.sleep(rng.uniform(0.3, 1.2))
        server.kill()
        stop.set()
        for w in writers:
            w.join(timeout=15)
    survivor = Server(deployment).start()
    try:
        messages, _ = _history_ids(survivor, t["om-lead"], rooms["us"])
        _, relays = _history_ids(survivor, t["om-lead"], rooms["ir"])
    finally:
        survivor.stop()
    assert acked_messages, "the load ran"
    assert acked_messages <= messages, f"lost {sorted(acked_messages - messages)[:10]}"
    assert acked_relays <= relays, f"lost relays {sorted(acked_relays - relays)[:10]}"
    verified = deployment.run("verify")
    assert verified.startswith("ok: ")
    return {"kills": kills, "acked_messages": len(acked_messages), "acked_relays": len(acked_relays),
            "lost_messages": len(acked_messages - messages), "lost_relays": len(acked_relays - relays),
            "events_verified": int(verified.split()[1])}
