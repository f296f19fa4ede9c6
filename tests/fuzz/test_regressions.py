"""What the fuzzer found, pinned: one test per bug, through Django's test client.

The live counterpart (same bodies, same answers on the fast ASGI path) is
`tests/live/test_api_parity.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast

# Body -> (status, field) that both transports must answer for a post in a room.
BAD_POST_BODIES: list[tuple[bytes, int, str | None]] = [
    (b'{"text": 5}', 400, "text"),
    (b"{}", 400, "text"),
    (b'{"text": "hi", "extra": 1}', 400, "extra"),
    (b'{"text": "hi", "mediators_only": "yes"}', 400, "mediators_only"),
    (b'{"text": "hi", "reply_to": true}', 400, "reply_to"),
    (b"[1]", 400, None),
    (b"not json", 400, None),
    (b"\xff", 400, None),
]


@pytest.mark.parametrize(("raw", "status", "field"), BAD_POST_BODIES)
def test_a_session_post_is_parsed_as_strictly_as_on_the_fast_path(
    cast: Cast, client_for: Callable[[str | None], Client], raw: bytes, status: int, field: str | None
) -> None:
    # Ninja's model used to coerce "yes" to true and true to the id 1, and to
    # answer 422 where the fast path answers 400.
    response = client_for("us_head").post(f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", data=raw,
                                          content_type="application/json")
    assert response.status_code == status, response.content
    assert response.json()["field"] == field


def test_a_session_relay_refuses_true_as_a_room_id(
    cast: Cast, client_for: Callable[[str | None], Client]
) -> None:
    response = client_for("mediator").post(
        f"/api/v1/messages/{cast.messages['us'].pk}/relay", content_type="application/json",
        data=json.dumps({"into": [True], "mode": "summary", "text": "They will consider it."}))
    assert (response.status_code, response.json()["field"]) == (400, "into")


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer wst_revoked-or-made-up"}])
def test_a_post_without_valid_credentials_is_401_not_a_csrf_403(cast: Cast, headers: dict[str, str]) -> None:
    client = Client(enforce_csrf_checks=True)
    for url in (f"/api/v1/messages/{cast.messages['us'].pk}/withhold",
                f"/api/v1/rooms/{cast.rooms['us'].pk}/read",
                f"/api/v1/rounds/{cast.rounds[2].pk}/status"):
        response = client.post(url, data=b"{}", content_type="application/json", **headers)
        assert (response.status_code, response.json()) == (401, {"detail": "Log in first."}), url


def test_a_logged_in_session_still_needs_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.user("mediator"), backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/api/v1/messages/{cast.messages['us'].pk}/withhold",
                           data=json.dumps({"reason": "Not helpful now."}), content_type="application/json")
    assert response.status_code == 403


def test_every_operation_declares_401_and_422(client_for: Callable[[str | None], Client]) -> None:
    schema = client_for(None).get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"401", "422"} <= set(operation["responses"]), f"{method.upper()} {path}"


@pytest.mark.parametrize(("path", "required"), [
    ("/api/v1/rooms/{room_id}/messages", ["text"]),
    ("/api/v1/messages/{message_id}/relay", ["into", "mode"]),
    ("/api/v1/messages/{message_id}/withhold", ["reason"]),
    ("/api/v1/messages/{message_id}/translations", ["language", "text"]),
])
def test_caucus_bodies_are_documented_as_they_are_parsed(
    client_for: Callable[[str | None], Client], path: str, required: list[str]
) -> None:
    schema = client_for(None).get("/api/v1/openapi.json").json()
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False  # an unknown field is refused
    assert sorted(body["required"]) == sorted(required)
