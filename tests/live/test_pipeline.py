"""Both doors, one pipeline: the fast ASGI path and Django answer alike."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client

from tests.personas import Cast
from wasit.accounts.actions import issue_token
from wasit.policy import SYSTEM

# Real commits: the fast path's single writer runs on its own thread and connection.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _hub_reads_the_head_afresh() -> None:
    """Event ids restart after each flush; the hub must not take new events for old ones."""
    from wasit.live.hub import hub

    hub._last = None

# Headers that legitimately differ between two answers.
VARYING = {"date", "content-length", "set-cookie", "server"}


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def comparable_headers(self) -> dict[str, str]:
        return {k: v for k, v in self.headers.items() if k not in VARYING}


def call(method: str, path: str, *, door: str = "asgi", token: str | None = None,
         body: bytes | None = None, headers: dict[str, str | bytes] | None = None) -> Reply:
    """One request to the deployed ASGI application (`door="asgi"`) or to Django alone."""
    from wasit.config import asgi

    app = asgi.application if door == "asgi" else asgi.django_application
    sent: dict[str, str | bytes] = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    if body is not None:
        sent.setdefault("Content-Type", "application/json")

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, path, content=body, headers=sent)

    response = asyncio.run(go())
    try:
        parsed: Any = response.json()
    except ValueError:
        parsed = response.text
    return Reply(response.status_code, parsed, {k.lower(): v for k, v in response.headers.items()})


def token_of(cast: Cast, persona: str) -> str:
    return issue_token(SYSTEM, user_id=cast.user(persona).pk, label="test")


CSRF = "a" * 32  # a CSRF secret sent as cookie and header, as a browser's page would


def session_headers(cast: Cast, persona: str) -> dict[str, str]:
    """A logged-in browser's cookies and CSRF header."""
    client = Client()
    client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}",
            "X-CSRFToken": CSRF}


def both_doors(method: str, path: str, **kwargs: Any) -> tuple[Reply, Reply]:
    """The same request to the fast path and to Django."""
    return call(method, path, door="asgi", **kwargs), call(method, path, door="django", **kwargs)


def assert_same_answer(fast: Reply, django: Reply) -> None:
    assert fast.status == django.status, (fast, django)
    if fast.status == 201:
        # Two writes: their ids and times differ, their shape does not.
        assert fast.body.keys() == django.body.keys()
    else:
        assert fast.body == django.body
    assert fast.comparable_headers == django.comparable_headers


def _post(room: str, body: bytes) -> tuple[str, str, bytes]:
    return "post", room, body


# (case, persona, route, target, raw body, expected status, expected field)
CASES: list[tuple[str, str, str, str, bytes, int, str | None]] = [
    ("a delegate posts in their caucus room", "us_head", "post", "us", b'{"text": "Hello"}', 201, None),
    ("a delegate posts in the other party's room", "us_head", "post", "ir", b'{"text": "Hello"}', 404, None),
    ("a malformed body to a hidden room", "us_head", "post", "ir", b"not json", 404, None),
    ("a wrong field to a hidden room", "us_head", "post", "ir", b'{"text": 5}', 404, None),
    ("a malformed body from an observer", "us_observer", "post", "us", b"not json", 403, None),
    ("a missing room", "us_head", "post", "missing", b'{"text": "Hello"}', 404, None),
    ("a body that is not JSON", "us_head", "post", "us", b"not json", 400, None),
    ("a text that is a number", "us_head", "post", "us", b'{"text": 5}', 400, "text"),
    ("an unknown field", "us_head", "post", "us", b'{"text": "a", "x": 1}', 400, "x"),
    ("a text past the limit", "us_head", "post", "us",
     b'{"text": "' + b"x" * 100_000 + b'"}', 400, "text"),
    ("the mediator relays a paraphrase", "mediator", "relay", "ir", b'{"into": [ROOM_US], "mode": "paraphrase", "text": "They are ready."}', 201, None),
    ("the mediator relays with an unknown mode", "mediator", "relay", "ir", b'{"into": [ROOM_US], "mode": "shout"}', 400, "mode"),
    ("a delegate relays their own message", "us_head", "relay", "us", b'{"into": [ROOM_IR], "mode": "verbatim"}', 403, None),
    ("a delegate relays with a malformed body", "us_head", "relay", "us", b"not json", 403, None),
    ("a delegate relays the other party's message", "us_head", "relay", "ir", b"not json", 404, None),
]


def _path(cast: Cast, route: str, target: str) -> str:
    if route == "post":
        room_id = cast.rooms[target].pk if target != "missing" else 999_999
        return f"/api/v1/rooms/{room_id}/messages"
    return f"/api/v1/messages/{cast.messages[target].pk}/relay"


def _body(cast: Cast, raw: bytes) -> bytes:
    return (raw.replace(b"ROOM_US", str(cast.rooms["us"].pk).encode())
            .replace(b"ROOM_IR", str(cast.rooms["ir"].pk).encode()))


@pytest.mark.parametrize(("case", "persona", "route", "target", "raw", "status", "field"), CASES,
                         ids=[c[0] for c in CASES])
def test_both_doors_give_the_same_answer_to_the_same_request(
    cast: Cast, case: str, persona: str, route: str, target: str, raw: bytes, status: int,
    field: str | None,
) -> None:
    token = token_of(cast, persona)
    fast, django = both_doors("POST", _path(cast, route, target), token=token, body=_body(cast, raw))
    assert fast.status == status, (case, fast)
    if status == 400:
        assert fast.body["field"] == field
    assert_same_answer(fast, django)


@pytest.mark.parametrize(("case", "persona", "route", "target", "raw", "status", "field"),
                         [c for c in CASES if c[5] != 201], ids=[c[0] for c in CASES if c[5] != 201])
def test_a_browser_session_gets_the_answer_a_token_gets(
    cast: Cast, case: str, persona: str, route: str, target: str, raw: bytes, status: int,
    field: str | None,
) -> None:
    path, body = _path(cast, route, target), _body(cast, raw)
    by_token = call("POST", path, token=token_of(cast, persona), body=body)
    by_session = call("POST", path, headers=session_headers(cast, persona), body=body)
    assert (by_session.status, by_session.body) == (by_token.status, by_token.body)
    assert by_token.comparable_headers == {
        k: v for k, v in by_session.comparable_headers.items() if k != "vary"} | {
        "vary": by_token.headers["vary"]}


def test_a_bad_token_is_refused_alike_before_the_body_is_judged(cast: Cast) -> None:
    for raw in (b"not json", b'{"text": 5}', b'{"text": "Hello"}'):
        fast, django = both_doors("POST", _path(cast, "post", "us"), token="wst_made-up", body=raw)
        assert (fast.status, fast.body) == (401, {"detail": "Log in first."})
        assert_same_answer(fast, django)


def test_a_revoked_token_is_refused_at_once_on_both_doors(cast: Cast) -> None:
    from wasit.accounts.models import APIToken

    token = token_of(cast, "us_head")
    path = _path(cast, "post", "us")
    assert call("POST", path, token=token, body=b'{"text": "first"}').status == 201
    APIToken.objects.filter(user=cast.user("us_head")).update(revoked_at="2026-01-01T00:00:00Z")
    fast, django = both_doors("POST", path, token=token, body=b'{"text": "after"}')
    assert fast.status == 401
    assert_same_answer(fast, django)


def test_a_deactivated_user_is_refused_at_once_although_their_seats_are_cached(cast: Cast) -> None:
    token = token_of(cast, "us_head")
    path = _path(cast, "post", "us")
    assert call("POST", path, token=token, body=b'{"text": "first"}').status == 201  # warms the cache
    user = cast.user("us_head")
    user.is_active = False
    user.save(update_fields=["is_active"])
    fast, django = both_doors("POST", path, token=token, body=b'{"text": "after"}')
    assert (fast.status, fast.body) == (401, {"detail": "Log in first."})
    assert_same_answer(fast, django)
    stream = call("GET", "/api/v1/stream", token=token)
    assert (stream.status, stream.body) == (401, {"detail": "Log in first."})


def test_an_unseated_delegate_loses_the_room_at_once_on_the_fast_path(cast: Cast) -> None:
    from wasit.policy import viewer_for
    from wasit.talks.actions import unseat_member

    token = token_of(cast, "us_head")
    path = _path(cast, "post", "us")
    assert call("POST", path, token=token, body=b'{"text": "first"}').status == 201  # warms the cache
    unseat_member(viewer_for(cast.user("mediator")), cast.seat_of("us_head"))
    fast, django = both_doors("POST", path, token=token, body=b'{"text": "after"}')
    assert fast.status == 404
    assert_same_answer(fast, django)


def test_an_unenrolled_mediator_is_refused_alike_by_token_and_by_session(
    cast: Cast, settings: Any,
) -> None:
    settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS = True
    token = token_of(cast, "mediator")
    path = _path(cast, "post", "mediators")
    fast, django = both_doors("POST", path, token=token, body=b'{"text": "Hello"}')
    session = call("POST", path, headers=session_headers(cast, "mediator"), body=b'{"text": "Hello"}')
    stream_by_token = call("GET", "/api/v1/stream", token=token)
    stream_by_session = call("GET", "/api/v1/stream", headers=session_headers(cast, "mediator"))
    expected = {"detail": "Set up two-factor log-in first, at /accounts/two-factor/."}
    for reply in (fast, django, session, stream_by_token, stream_by_session):
        assert (reply.status, reply.body) == (403, expected)
    assert_same_answer(fast, django)
    # A delegate, who need not enrol, is not affected.
    assert call("POST", _path(cast, "post", "us"), token=token_of(cast, "us_head"),
                body=b'{"text": "Hello"}').status == 201


@pytest.mark.parametrize(("language", "headers", "log_in_first", "not_found"), [
    ("ar", {"Accept-Language": "ar"}, "سجّل الدخول أولًا.", "غير موجود."),
    ("fa", {"Cookie": "wasit_language=fa"}, "ابتدا وارد شوید.", "یافت نشد."),
])
def test_a_refusal_speaks_the_callers_language_on_both_doors(
    cast: Cast, language: str, headers: dict[str, str], log_in_first: str, not_found: str,
) -> None:
    path = _path(cast, "post", "ir")
    fast, django = both_doors("POST", path, token="wst_made-up", body=b"{}", headers=headers)
    assert fast.body == {"detail": log_in_first}
    assert fast.headers["content-language"] == language
    assert_same_answer(fast, django)
    fast, django = both_doors("POST", path, token=token_of(cast, "us_head"), body=b"not json",
                              headers=headers)
    assert (fast.status, fast.body) == (404, {"detail": not_found})
    assert_same_answer(fast, django)
    fast, django = both_doors("POST", _path(cast, "post", "us"), token=token_of(cast, "us_head"),
                              body=b'{"text": 5}', headers=headers)
    assert fast.status == 400
    assert fast.body["detail"] != "Wrong type."
    assert_same_answer(fast, django)


def test_a_body_past_the_one_limit_is_413_on_both_doors(cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"text": "' + b"x" * 2000 + b'"}'
    fast, django = both_doors("POST", _path(cast, "post", "us"), token=token_of(cast, "us_head"),
                              body=body)
    assert (fast.status, fast.body) == (413, {"detail": "The request body is larger than 1000 bytes."})
    assert_same_answer(fast, django)


def test_a_database_failure_is_503_and_the_same_on_both_doors(
    cast: Cast, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError

    from wasit.live import routes

    def down(*args: object) -> dict[str, Any]:
        raise OperationalError("database is locked")

    monkeypatch.setitem(routes.HOT_WRITES, "post_message",
                        routes.HotWrite("post_message", routes.HOT_WRITES["post_message"].precheck, down))
    fast, django = both_doors("POST", _path(cast, "post", "us"), token=token_of(cast, "us_head"),
                              body=b'{"text": "Hello"}')
    assert (fast.status, fast.body) == (
        503, {"detail": "The database is unavailable; nothing was saved. Try again."})
    assert_same_answer(fast, django)


def test_pages_carry_the_headers_of_every_json_answer(cast: Cast) -> None:
    page = call("GET", "/accounts/login/")
    answer = call("POST", _path(cast, "post", "us"), token="wst_made-up", body=b"{}")
    assert page.status == 200
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    for name in ("content-security-policy", "cross-origin-opener-policy", "permissions-policy",
                 "referrer-policy", "x-frame-options", "x-content-type-options"):
        assert page.headers[name] == answer.headers[name], name


@pytest.mark.parametrize(("query", "status"), [
    ("?talks=abc", 422), ("?talks=1.5", 422), ("?talks=-1", 404), ("?talks=99999999999999999999", 404),
    ("?talks=OTHER", 404), ("?last_event_id=abc", 400),
])
def test_the_stream_refuses_alike_on_both_doors(cast: Cast, query: str, status: int) -> None:
    query = query.replace("OTHER", str(cast.other_talks.pk))
    fast, django = both_doors("GET", "/api/v1/stream" + query, token=token_of(cast, "us_head"))
    assert fast.status == status
    assert_same_answer(fast, django)

