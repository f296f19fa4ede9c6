"""The live stream takes the same two-factor decision as the middleware."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from wasit.live import auth


def _headers(client: Client) -> dict[bytes, bytes]:
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {b"cookie": f"{settings.SESSION_COOKIE_NAME}={value}".encode()}


def test_an_unenrolled_mediator_session_is_refused_by_the_stream(
    client_for: Callable[[str | None], Client], settings: Any
) -> None:
    settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS = True
    client = client_for("mediator")
    with pytest.raises(auth.TwoFactorRequired):
        auth.viewer_from_session(_headers(client))
    settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS = False
    assert auth.viewer_from_session(_headers(client)) is not None
