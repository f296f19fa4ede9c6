"""The fast ASGI path answers a malformed body exactly as the ninja route does."""

from __future__ import annotations

import pytest

from tests.fuzz.test_regressions import BAD_POST_BODIES
from tests.live.server import Deployment, Server


def test_the_fast_path_refuses_the_same_bodies_with_the_same_answers(
    server: Server, deployment: Deployment, rooms: dict[str, int]
) -> None:
    for raw, status, field in BAD_POST_BODIES:
        got, body = server.call("POST", f"/api/v1/rooms/{rooms['us']}/messages", deployment.tokens["us-head"],
                                raw=raw)
        assert (got, body["field"]) == (status, field), (raw, body)


@pytest.mark.parametrize("raw", [b"not json", b'{"text": 5}'])
def test_a_bad_token_is_401_before_the_body_is_judged(server: Server, rooms: dict[str, int], raw: bytes) -> None:
    got, body = server.call("POST", f"/api/v1/rooms/{rooms['us']}/messages", "wst_made-up", raw=raw)
    assert (got, body) == (401, {"detail": "Log in first."})
