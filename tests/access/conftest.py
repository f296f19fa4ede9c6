"""Fixtures for calling the deployed ASGI application as each persona."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.access.asgi import Credentials, deployed
from tests.access.matrix import PERSONAS
from tests.personas import Cast, CastIds

CredentialsFor = Callable[[str, str], Credentials]


@pytest.fixture
def app(db: None) -> Iterator[None]:
    """The deployed application, patched to run in the test's transaction."""
    with deployed():
        yield


def _new_credentials(cast: Cast, persona: str, kind: str) -> Credentials:
    from wasit.accounts.actions import issue_token
    from wasit.policy import SYSTEM

    if persona == "anonymous":
        return Credentials(token="wst_made-up") if kind == "token" else Credentials(browser=True)
    if kind == "token":
        return Credentials(token=issue_token(SYSTEM, user_id=cast.user(persona).pk, label="access"))
    client = Client()
    client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    return Credentials(session=client.cookies[settings.SESSION_COOKIE_NAME].value, browser=True)


@pytest.fixture(scope="session")
def _committed_credentials(_committed_cast: CastIds, _cast_snapshot: bytes,
                           django_db_blocker: Any) -> dict[tuple[str, str], Credentials]:
    """Each persona's session and token, made and committed once per worker, beside the cast
    (a log-in per test cost 4 ms). A test that revokes one rolls the revocation back."""
    import pickle

    cast: Cast = pickle.loads(_cast_snapshot)  # noqa: S301 (made by this process)
    with django_db_blocker.unblock():
        return {(persona, kind): _new_credentials(cast, persona, kind)
                for persona in PERSONAS for kind in ("session", "token")}


@pytest.fixture
def credentials_for(cast: Cast, _committed_cast: CastIds,
                    _committed_credentials: dict[tuple[str, str], Credentials]) -> CredentialsFor:
    """`credentials_for(persona, "session" | "token")`; "anonymous" gets none (a made-up token)."""
    committed = _committed_cast.present()
    made: dict[tuple[str, str], Credentials] = {}

    def make(persona: str, kind: str) -> Credentials:
        if (persona, kind) not in made:
            # A copy of the committed ones (a test may add cookies); fresh ones after a flush.
            kept = _committed_credentials.get((persona, kind)) if committed else None
            made[persona, kind] = (replace(kept, cookies=dict(kept.cookies)) if kept is not None
                                   else _new_credentials(cast, persona, kind))
        return made[persona, kind]

    return make
