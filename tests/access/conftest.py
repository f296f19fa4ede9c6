"""Fixtures for calling the deployed ASGI application as each persona."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client

from tests.access.asgi import Credentials, deployed
from tests.personas import Cast

CredentialsFor = Callable[[str, str], Credentials]


@pytest.fixture
def app(db: None) -> Iterator[None]:
    """The deployed application, patched to run in the test's transaction."""
    with deployed():
        yield


@pytest.fixture
def credentials_for(cast: Cast) -> CredentialsFor:
    """`credentials_for(persona, "session" | "token")`; "anonymous" gets none (a made-up token)."""
    from wasit.accounts.actions import issue_token
    from wasit.policy import SYSTEM

    made: dict[tuple[str, str], Credentials] = {}

    def make(persona: str, kind: str) -> Credentials:
        if (persona, kind) in made:
            return made[persona, kind]
        if persona == "anonymous":
            creds = (Credentials(token="wst_made-up") if kind == "token"
                     else Credentials(browser=True))
        elif kind == "token":
            creds = Credentials(token=issue_token(SYSTEM, user_id=cast.user(persona).pk, label="access"))
        else:
            client = Client()
            client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
            creds = Credentials(session=client.cookies[settings.SESSION_COOKIE_NAME].value, browser=True)
        made[persona, kind] = creds
        return creds

    return make
