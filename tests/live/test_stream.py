"""The live stream against a real server: delivery, isolation, resume, bad ids."""

from __future__ import annotations

from tests.live.server import Deployment, Server, Stream


def _post(server: Server, token: str, room: int, text: str, **extra: object) -> dict:  # type: ignore[type-arg]
    status, body = server.call("POST", f"/api/v1/rooms/{room}/messages", token, {"text": text, **extra})
    assert status == 201, body
    return body


def test_a_party_message_reaches_the_mediator_live_and_a_relay_reaches_the_other_party(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    mediator, iran = Stream(server, t["om-lead"], talks=1), Stream(server, t["ir-head"], talks=1)
    try:
        posted = _post(server, t["us-head"], rooms["us"], "We seek calm in the Red Sea", mediators_only=True)
        seen = mediator.events_until(lambda e: e.kind == "message.posted")
        assert seen[-1].data["payload"]["message_id"] == posted["id"]
        assert seen[-1].id == posted["event_id"]
        status, body = server.call("POST", f"/api/v1/messages/{posted['id']}/relay", t["om-lead"], {
            "into": [rooms["ir"]], "mode": "paraphrase", "text": "They want calm at sea."})
        assert status == 201, body
        got = iran.events_until(lambda e: e.kind == "message.relayed")
        assert got[-1].data["payload"]["text"] == "They want calm at sea."
        assert all("Red Sea" not in str(e.data) for e in got), "the original never reaches Iran"
        assert all(e.kind != "message.posted" for e in got)
    finally:
        mediator.close()
        iran.close()


def test_mediators_only_message_cannot_be_relayed_verbatim_over_http(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    posted = _post(server, t["us-head"], rooms["us"], "Only for you", mediators_only=True)
    status, body = server.call("POST", f"/api/v1/messages/{posted['id']}/relay", t["om-lead"],
                               {"into": [rooms["ir"]], "mode": "verbatim"})
    assert status == 400 and body["field"] == "mode"


def test_resume_with_last_event_id_replays_every_missed_event_exactly_once(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    first = Stream(server, t["om-lead"], talks=1)
    seen = _post(server, t["us-head"], rooms["us"], "before the drop")
    assert first.events_until(lambda e: e.id == seen["event_id"])
    first.close()
    missed = [_post(server, t["us-head"], rooms["us"], f"while away {i}")["event_id"] for i in range(5)]
    resumed = Stream(server, t["om-lead"], talks=1, last_event_id=seen["event_id"])
    try:
        after = _post(server, t["us-head"], rooms["us"], "after the return")["event_id"]
        got = resumed.events_until(lambda e: e.id == after)
        ids = [e.id for e in got]
        assert ids == sorted(set(ids)), "in order, no duplicates"
        assert [i for i in ids if i in missed] == missed, "no gap"
        assert ids[0] > seen["event_id"]
    finally:
        resumed.close()


def test_a_party_stream_never_carries_the_other_partys_room(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    us = Stream(server, t["us-head"], talks=1)
    try:
        _post(server, t["ir-head"], rooms["ir"], "CANARY-LIVE-IR-77")
        marker = _post(server, t["us-head"], rooms["us"], "marker")
        got = us.events_until(lambda e: e.id == marker["event_id"])
        assert all("CANARY-LIVE-IR-77" not in str(e.data) for e in got)
    finally:
        us.close()
    # Replay from the start of the log: the same rule.
    replay = Stream(server, t["us-head"], last_event_id=0)
    try:
        events = []
        while (event := replay.next_event(timeout=1.0)) is not None:
            events.append(event)
        assert events, "the replay carries the party's own events"
        assert all("CANARY-LIVE-IR-77" not in str(e.data) for e in events)
        assert all(e.kind not in {"relay.recorded", "message.withheld"} for e in events)
    finally:
        replay.close()


def test_forged_or_malformed_last_event_id_is_refused(server: Server, deployment: Deployment) -> None:
    for bad in ("99999999", "abc", "-1"):
        stream = Stream(server, deployment.tokens["om-lead"], last_event_id=bad)
        assert stream.status == 400, bad
        stream.close()


def test_stream_of_a_talks_without_a_seat_is_not_found(server: Server, deployment: Deployment) -> None:
    stream = Stream(server, deployment.tokens["us-head"], talks=999)
    assert stream.status == 404
    stream.close()


def test_fast_path_refuses_bad_input_clearly_and_stores_nothing(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    path = f"/api/v1/rooms/{rooms['us']}/messages"
    # Past DATA_UPLOAD_MAX_MEMORY_SIZE (256 KiB), the one limit of both doors.
    assert server.call("POST", path, t["us-head"], raw=b"x" * 300_000)[0] == 413
    assert server.call("POST", path, t["us-head"], raw=b"\xff\xfe not json")[0] == 400
    assert server.call("POST", path, t["us-head"], {"text": ""})[0] == 400
    assert server.call("POST", path, t["us-head"], {"text": "x" * 8001})[0] == 400
    assert server.call("POST", path, t["us-head"], {"text": 5})[0] == 400
    assert server.call("POST", path, t["us-head"], {"text": "hi", "extra": 1})[0] == 400
    assert server.call("POST", path, "wst_not-a-token", {"text": "hi"})[0] == 401
    assert server.call("POST", path, t["us-observer"], {"text": "hi"})[0] == 403
    assert server.call("POST", path, t["ir-head"], {"text": "hi"})[0] == 404
    assert server.call("POST", "/api/v1/rooms/999999/messages", t["ir-head"], {"text": "hi"})[0] == 404
    status, body = server.call("GET", f"/api/v1/rooms/{rooms['us']}/messages", t["om-lead"])
    assert status == 200 and body["items"] == [], "nothing was stored"


def test_relay_by_a_party_or_into_its_own_room_is_refused(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    t = deployment.tokens
    posted = _post(server, t["us-head"], rooms["us"], "a point")
    path = f"/api/v1/messages/{posted['id']}/relay"
    assert server.call("POST", path, t["us-head"], {"into": [rooms["ir"]], "mode": "summary", "text": "x"})[0] == 403
    status, body = server.call("POST", path, t["om-lead"], {"into": [rooms["us"]], "mode": "summary", "text": "x"})
    assert status == 400 and body["field"] == "into"
