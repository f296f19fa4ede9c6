"""An acknowledged message or relay survives `kill -9` of the server at any moment."""

from __future__ import annotations

import random
import threading
import time

from tests.live.server import Deployment, Server

KILLS = 3  # `make test-faults` runs the long version (WASIT_FAULT_KILLS=20)


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
        except OSError:
            return


def test_kill_9_at_random_moments_loses_no_acknowledged_write(deployment: Deployment) -> None:
    import os

    kills = int(os.environ.get("WASIT_FAULT_KILLS", KILLS))
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
    assert deployment.run("verify").startswith("ok: ")
