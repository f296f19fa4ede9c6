"""A revoked token and a deactivated account are refused at once, on both doors.

The doors: a Django API route (GET /api/v1/talks) and the fast path (a post
with a bearer token), both through the deployed ASGI application
(`tests/access/asgi.py`); and, for a deactivated account, its session on pages.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from tests.access.asgi import Credentials, Response, call, deployed
from tests.personas import Cast
from wasit.accounts.actions import issue_token
from wasit.accounts.models import APIToken
from wasit.audit.models import Event
from wasit.policy import SYSTEM

User = get_user_model()


@pytest.fixture
def app(db: None) -> Iterator[None]:
    with deployed():
        yield


_SESSIONS: dict[tuple[int, str], Credentials] = {}


@pytest.fixture(autouse=True)
def _fresh_sessions() -> Iterator[None]:
    """Sessions are rolled back with each test: none is kept for the next."""
    _SESSIONS.clear()
    yield
    _SESSIONS.clear()


def _session(cast: Cast, persona: str) -> Credentials:
    """A logged-in browser (logging in records an event: made once per test and persona)."""
    key = (id(cast), persona)
    if key not in _SESSIONS:
        _SESSIONS[key] = _login(cast, persona)
    return _SESSIONS[key]


def _login(cast: Cast, persona: str) -> Credentials:
    client = Client()
    client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    return Credentials(session=client.cookies[settings.SESSION_COOKIE_NAME].value, browser=True)


def _doors(cast: Cast, creds: Credentials) -> tuple[int, int]:
    """(Django API route, fast path post) for these credentials."""
    api = call("GET", "/api/v1/talks", creds).status_code
    fast = call("POST", f"/api/v1/rooms/{cast.rooms['us'].pk}/messages", creds, {"text": "A point"})
    return api, fast.status_code


def _refused(response: Response) -> None:
    assert response.status_code == 401
    assert response.json()["detail"]


def _revoke_on_page(cast: Cast, label: str) -> Response:
    return call("POST", "/accounts/tokens/revoke/", _session(cast, "us_member"), {"token": label})


def _revoke_on_api(cast: Cast, label: str) -> Response:
    return call("POST", "/api/v1/tokens/revoke", _session(cast, "us_member"), {"token": label})


def _revoke_on_cli(cast: Cast, label: str) -> None:
    call_command("token", cast.user("us_member").get_username(), revoke=label)


@pytest.mark.parametrize("door", ["page", "api", "cli"])
def test_a_revoked_token_is_refused_at_once_on_both_doors(cast: Cast, app: None, door: str) -> None:
    token = issue_token(SYSTEM, user_id=cast.user("us_member").pk, label="laptop")
    keep = issue_token(SYSTEM, user_id=cast.user("us_member").pk, label="phone")
    bearer = Credentials(token=token)
    assert _doors(cast, bearer) == (200, 201)
    {"page": _revoke_on_page, "api": _revoke_on_api, "cli": _revoke_on_cli}[door](cast, "laptop")
    assert APIToken.objects.get(label="laptop", user=cast.user("us_member")).revoked_at is not None
    assert _doors(cast, bearer) == (401, 401)
    _refused(call("GET", "/api/v1/talks", bearer))
    # Only that token: the owner's other one still works.
    assert _doors(cast, Credentials(token=keep)) == (200, 201)


def test_revoking_a_token_twice_or_another_users_changes_nothing(cast: Cast, app: None) -> None:
    issue_token(SYSTEM, user_id=cast.user("us_member").pk, label="laptop")
    theirs = issue_token(SYSTEM, user_id=cast.user("ir_member").pk, label="theirs")
    _session(cast, "us_member")
    _revoke_on_api(cast, "laptop")
    events = Event.objects.count()
    again = _revoke_on_api(cast, "laptop")
    assert again.status_code == 400 and "already" in again.json()["detail"]
    # Another user's token, by its label or its id: "not found", and it still works.
    other = APIToken.objects.get(label="theirs")
    for ref in ("theirs", str(other.pk)):
        assert _revoke_on_api(cast, ref).status_code == 404
        assert _revoke_on_page(cast, ref).status_code == 404
    assert call("GET", "/api/v1/talks", Credentials(token=theirs)).status_code == 200
    assert Event.objects.count() == events
    with pytest.raises(CommandError, match="no token"):
        call_command("token", cast.user("us_member").get_username(), revoke="nonesuch")


def _deactivate_on_page(cast: Cast, user_id: int) -> Response:
    return call("POST", "/accounts/people/active/", _session(cast, "operator"), {"user": str(user_id)})


def _deactivate_on_api(cast: Cast, user_id: int) -> Response:
    return call("POST", "/api/v1/accounts/active", _session(cast, "operator"),
                {"user_id": user_id, "active": False})


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_deactivated_account_is_refused_at_once_everywhere(cast: Cast, app: None, door: str) -> None:
    member = cast.user("us_member")
    bearer = Credentials(token=issue_token(SYSTEM, user_id=member.pk, label="laptop"))
    browser = _session(cast, "us_member")
    assert _doors(cast, bearer) == (200, 201)
    assert call("GET", f"/talks/{cast.talks.pk}/", browser).status_code == 200
    done = (_deactivate_on_page if door == "page" else _deactivate_on_api)(cast, member.pk)
    assert done.status_code == (302 if door == "page" else 200)
    assert not User.objects.get(pk=member.pk).is_active
    assert _doors(cast, bearer) == (401, 401)
    assert _doors(cast, browser) == (401, 401)
    page = call("GET", f"/talks/{cast.talks.pk}/", browser)
    assert page.status_code == 302 and "/accounts/login/" in page["location"]
    # Reactivated: the same token works again (it was never revoked).
    back = call("POST", "/api/v1/accounts/active", _session(cast, "operator"),
                {"user_id": member.pk, "active": True})
    assert back.status_code == 200
    assert _doors(cast, bearer) == (200, 201)


def test_the_operator_cannot_deactivate_themselves(cast: Cast, app: None) -> None:
    operator = cast.user("operator")
    _session(cast, "operator")
    events = Event.objects.count()
    api = _deactivate_on_api(cast, operator.pk)
    assert api.status_code == 400 and "own account" in api.json()["detail"]
    page = _deactivate_on_page(cast, operator.pk)
    assert page.status_code == 302  # back to the page, with the refusal as a message
    assert User.objects.get(pk=operator.pk).is_active
    assert Event.objects.count() == events


def test_revoking_by_label_takes_the_live_token_of_that_label(cast: Cast, app: None) -> None:
    """A label reused after a revocation: the live token is the one revoked, on every database."""
    member = cast.user("us_member")
    issue_token(SYSTEM, user_id=member.pk, label="laptop")
    call_command("token", member.get_username(), revoke="laptop")
    second = issue_token(SYSTEM, user_id=member.pk, label="laptop")
    third = issue_token(SYSTEM, user_id=member.pk, label="laptop")
    assert _revoke_on_api(cast, "laptop").status_code == 200
    assert call("GET", "/api/v1/talks", Credentials(token=third)).status_code == 401
    assert _revoke_on_page(cast, "laptop").status_code == 302
    assert call("GET", "/api/v1/talks", Credentials(token=second)).status_code == 401
    assert APIToken.objects.filter(user=member, label="laptop", revoked_at__isnull=True).count() == 0
