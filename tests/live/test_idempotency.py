"""`Idempotency-Key` on posts and relays: a retry answers with the first result, on both doors."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.live.test_pipeline import Reply, call, token_of
from tests.personas import Cast
from wasit.caucus.models import Message, Relay
from wasit.idempotency.models import IdempotencyKey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _hub_reads_the_head_afresh() -> None:
    from wasit.live.hub import hub

    hub._last = None


def _post(cast: Cast, persona: str, key: str, text: str, *, door: str = "asgi",
          token: str | None = None) -> Reply:
    return call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", door=door,
                token=token or token_of(cast, persona), body=json.dumps({"text": text}).encode(),
                headers={"Idempotency-Key": key})


def _said(cast: Cast, text: str, room: str = "us") -> int:
    """How many messages of this text the room holds (texts are sealed: compared in Python)."""
    return [m.text for m in Message.objects.filter(room=cast.rooms[room])].count(text)


@pytest.mark.parametrize(("first", "retry"), [
    ("asgi", "asgi"), ("django", "django"), ("asgi", "django"), ("django", "asgi")])
def test_a_retried_post_returns_the_first_result_and_writes_once(
    cast: Cast, first: str, retry: str,
) -> None:
    token = token_of(cast, "us_head")
    one = _post(cast, "us_head", "retry-1", "Once only", door=first, token=token)
    two = _post(cast, "us_head", "retry-1", "Once only", door=retry, token=token)
    assert one.status == two.status == 201
    assert two.body == one.body
    assert _said(cast, "Once only") == 1


def test_a_retried_relay_returns_the_first_result_and_relays_once(cast: Cast) -> None:
    token = token_of(cast, "mediator")
    body = json.dumps({"into": [cast.rooms["us"].pk], "mode": "summary",
                       "text": "A summary, once."}).encode()
    path = f"/api/v1/messages/{cast.messages['ir'].pk}/relay"
    replies = [call("POST", path, door=door, token=token, body=body,
                    headers={"Idempotency-Key": "relay-1"}) for door in ("asgi", "django", "asgi")]
    assert [r.status for r in replies] == [201, 201, 201]
    assert replies[1].body == replies[2].body == replies[0].body
    assert [r.text for r in Relay.objects.all()].count("A summary, once.") == 1


@pytest.mark.parametrize("door", ["asgi", "django"])
def test_the_same_key_with_another_body_is_refused_with_422(cast: Cast, door: str) -> None:
    token = token_of(cast, "us_head")
    assert _post(cast, "us_head", "k", "First text", door=door, token=token).status == 201
    again = _post(cast, "us_head", "k", "Second text", door=door, token=token)
    assert again.status == 422
    assert again.body["detail"] == \
        "This Idempotency-Key was already used with a different request body."
    assert again.body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert _said(cast, "Second text") == 0


def test_the_refusal_of_a_reused_key_is_the_same_on_both_doors_and_in_arabic(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    assert _post(cast, "us_head", "k", "First", token=token).status == 201
    replies = [call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", door=door, token=token,
                    body=b'{"text": "Other"}',
                    headers={"Idempotency-Key": "k", "Accept-Language": "ar"})
               for door in ("asgi", "django")]
    assert replies[0].status == replies[1].status == 422
    assert replies[0].body == replies[1].body
    assert replies[0].body["detail"] == "استُخدم مفتاح Idempotency-Key هذا من قبل مع متن طلب مختلف."
    assert replies[0].comparable_headers == replies[1].comparable_headers


def test_keys_are_per_user(cast: Cast) -> None:
    head = _post(cast, "us_head", "shared-key", "Same words")
    member = _post(cast, "us_member", "shared-key", "Same words")
    assert head.status == member.status == 201
    assert head.body["id"] != member.body["id"]
    assert _said(cast, "Same words") == 2


def test_keys_are_per_route(cast: Cast) -> None:
    token = token_of(cast, "mediator")
    body = b'{"text": "In two rooms"}'
    for room in ("mediators", "joint"):
        reply = call("POST", f"/api/v1/rooms/{cast.rooms[room].pk}/messages", token=token, body=body,
                     headers={"Idempotency-Key": "route-key"})
        assert reply.status == 201, reply
    assert _said(cast, "In two rooms", "mediators") == _said(cast, "In two rooms", "joint") == 1


def test_a_key_expires_after_a_day(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    first = _post(cast, "us_head", "old", "Said yesterday", token=token)
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    second = _post(cast, "us_head", "old", "Said yesterday", token=token)
    assert second.status == 201
    assert second.body["id"] != first.body["id"]
    assert _said(cast, "Said yesterday") == 2
    assert IdempotencyKey.objects.count() == 1


def test_a_refused_write_stores_no_key_and_a_corrected_retry_goes_through(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    path = f"/api/v1/rooms/{cast.rooms['us'].pk}/messages"
    refused = call("POST", path, token=token, body=b'{"text": ""}', headers={"Idempotency-Key": "fix"})
    assert refused.status == 400
    assert not IdempotencyKey.objects.exists()
    fixed = call("POST", path, token=token, body=b'{"text": "Fixed"}', headers={"Idempotency-Key": "fix"})
    assert fixed.status == 201


def test_a_key_is_stored_with_its_write_or_not_at_all(
    cast: Cast, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key row commits in the write's transaction: a write that fails leaves no key."""
    from django.db import OperationalError

    from wasit.live import routes

    real = routes.HOT_WRITES["post_message"]

    def write_then_fail(viewer: Any, object_id: int, body: object) -> dict[str, Any]:
        real.operation(viewer, object_id, body)
        raise OperationalError("disk I/O error")

    monkeypatch.setitem(routes.HOT_WRITES, "post_message",
                        routes.HotWrite("post_message", real.precheck, write_then_fail))
    for door in ("asgi", "django"):
        assert _post(cast, "us_head", f"lost-{door}", "Never saved", door=door).status == 503
    assert _said(cast, "Never saved") == 0
    assert not IdempotencyKey.objects.exists()
    monkeypatch.setitem(routes.HOT_WRITES, "post_message", real)
    saved = _post(cast, "us_head", "lost-asgi", "Saved")
    assert saved.status == 201
    stored = IdempotencyKey.objects.get(key="lost-asgi")
    assert (stored.status, json.loads(stored.response)) == (201, saved.body)


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
def test_a_malformed_key_is_refused_alike_on_both_doors(cast: Cast, key: str) -> None:
    token = token_of(cast, "us_head")
    replies = []
    for door in ("asgi", "django"):
        replies.append(call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", door=door,
                            token=token, body=b'{"text": "Keyed"}',
                            headers={"Idempotency-Key": key.encode("utf-8")}))
    assert replies[0].status == replies[1].status == 400
    assert replies[0].body == replies[1].body
    assert replies[0].body["field"] == "Idempotency-Key"
    assert _said(cast, "Keyed") == 0


def test_concurrent_retries_through_the_application_give_one_write(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    doors = ["asgi", "django"] * 4
    with ThreadPoolExecutor(len(doors)) as pool:
        replies = list(pool.map(
            lambda door: _post(cast, "us_head", "storm", "Said once in a storm", door=door,
                               token=token), doors))
    assert {r.status for r in replies} == {201}
    assert len({json.dumps(r.body, sort_keys=True) for r in replies}) == 1
    assert _said(cast, "Said once in a storm") == 1


def test_concurrent_transactions_with_one_key_give_one_write(
    cast: Cast, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both transactions find no key, both write; the unique key keeps one, the other answers with it."""
    from wasit.live import routes
    from wasit.policy import viewer_for

    real = routes.HOT_WRITES["post_message"]
    both_looked = threading.Barrier(2, timeout=2)

    def after_both_looked(viewer: Any, object_id: int, body: object) -> dict[str, Any]:
        try:
            both_looked.wait()
        except threading.BrokenBarrierError:
            pass  # SQLite: the second transaction waits for the first's lock
        return real.operation(viewer, object_id, body)

    monkeypatch.setitem(routes.HOT_WRITES, "post_message",
                        routes.HotWrite("post_message", real.precheck, after_both_looked))
    viewer = viewer_for(cast.user("us_head"))
    raw = b'{"text": "Raced"}'

    def attempt() -> routes.Answer:
        try:
            with transaction.atomic():
                return routes.write("post_message", viewer, cast.rooms["us"].pk, raw, "race")
        finally:
            connection.close()

    runs: list[Callable[[], routes.Answer]] = [attempt, attempt]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda run: run(), runs))
    assert answers[0] == answers[1]
    assert answers[0][0] == 201
    assert _said(cast, "Raced") == 1
    assert IdempotencyKey.objects.filter(key="race").count() == 1


def test_the_schema_documents_the_header_on_both_writes(cast: Cast) -> None:
    schema = call("GET", "/api/v1/openapi.json").body
    for path in ("/api/v1/rooms/{room_id}/messages", "/api/v1/messages/{message_id}/relay"):
        described = schema["paths"][path]["post"]["description"]
        assert "`Idempotency-Key` header" in described
        assert "first result" in described and "422" in described


def test_the_schema_declares_the_header_so_clients_and_fuzzers_send_it(cast: Cast) -> None:
    schema = call("GET", "/api/v1/openapi.json").body
    for path in ("/api/v1/rooms/{room_id}/messages", "/api/v1/messages/{message_id}/relay"):
        declared = {p["name"]: p for p in schema["paths"][path]["post"].get("parameters", [])}
        header = declared["Idempotency-Key"]
        assert header["in"] == "header" and header["required"] is False
        assert header["schema"]["maxLength"] == 255
    assert "Idempotency-Key" not in {
        p["name"] for p in schema["paths"]["/api/v1/rooms/{room_id}/read"]["post"].get("parameters", [])}
