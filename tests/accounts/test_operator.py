"""The operators' accounts page and API: operators only; "may open talks" changes at once; bad input changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.personas import ROLES, Cast
from wasit.audit.models import Event
from wasit.policy import viewer_for

User = get_user_model()
ClientFor = Callable[[str | None], Client]

OPERATOR_URLS = [
    ("GET", "/accounts/people/", None),
    ("POST", "/accounts/people/active/", {"user": "1"}),
    ("POST", "/accounts/people/open-talks/", {"user": "1", "value": "on"}),
    ("GET", "/api/v1/accounts", None),
    ("POST", "/api/v1/accounts/active", {"user_id": 1, "active": False}),
    ("POST", "/api/v1/accounts/open-talks", {"user_id": 1, "may_open_talks": True}),
]


def _may_open(user_id: int) -> bool:
    return User.objects.get(pk=user_id).user_permissions.filter(
        codename="open_talks", content_type__app_label="talks").exists()


def _state() -> tuple[int, int, int]:
    through = User.user_permissions.through.objects
    return Event.objects.count(), through.count(), User.objects.filter(is_active=True).count()


def _send(client: Client, method: str, url: str, body: dict[str, object] | None) -> int:
    if method == "GET":
        return client.get(url).status_code
    if url.startswith("/api/"):
        return client.post(url, body, content_type="application/json").status_code
    return client.post(url, body).status_code


@pytest.mark.parametrize("persona", [p for p in ROLES if p != "operator"] + [None])
def test_only_operators_see_the_accounts_pages_everyone_else_404(
        cast: Cast, client_for: ClientFor, persona: str | None) -> None:
    client = client_for(persona)
    before = _state()
    for method, url, body in OPERATOR_URLS:
        status = _send(client, method, url, body)
        if persona is None:
            # Log in first: a page sends the browser to the log-in page, the API says 401.
            assert status == (401 if url.startswith("/api/") else 302), (url, status)
        else:
            assert status == 404, (url, status)
    assert _state() == before


def test_the_operator_sees_every_account(cast: Cast, client_for: ClientFor) -> None:
    page = client_for("operator").get("/accounts/people/")
    assert page.status_code == 200 and b"us-member" in page.content and b"om-lead" in page.content
    api = client_for("operator").get("/api/v1/accounts?q=us-mem")
    assert api.status_code == 200 and [a["username"] for a in api.json()] == ["us-member"]


@pytest.mark.parametrize("door", ["page", "api"])
def test_granting_and_withdrawing_may_open_talks_takes_effect_at_once(
        cast: Cast, client_for: ClientFor, door: str) -> None:
    operator = client_for("operator")
    user = cast.user("us_member")
    assert not _may_open(user.pk)

    def change(granted: bool) -> int:
        if door == "page":
            return operator.post("/accounts/people/open-talks/",
                                 {"user": str(user.pk), **({"value": "on"} if granted else {})}).status_code
        return operator.post("/api/v1/accounts/open-talks", {"user_id": user.pk, "may_open_talks": granted},
                             content_type="application/json").status_code

    assert change(True) == (302 if door == "page" else 200)
    assert _may_open(user.pk)
    assert getattr(viewer_for(User.objects.get(pk=user.pk)), "may_open_talks", True)
    page = operator.get("/accounts/people/?q=us-member")
    assert b"Withdraw" in page.content
    assert Event.objects.filter(kind="accounts.open_talks_changed").count() == 1
    # Granting again (a second click) changes nothing and records nothing.
    assert change(True) == (302 if door == "page" else 200)
    assert _may_open(user.pk)
    assert Event.objects.filter(kind="accounts.open_talks_changed").count() == 1
    assert change(False) == (302 if door == "page" else 200)
    assert not _may_open(user.pk)
    assert not getattr(viewer_for(User.objects.get(pk=user.pk)), "may_open_talks", False)
    assert b"Grant" in operator.get("/accounts/people/?q=us-member").content


@pytest.mark.parametrize(("url", "body", "status"), [
    ("/api/v1/accounts/open-talks", {"user_id": 999_999, "may_open_talks": True}, 404),
    ("/api/v1/accounts/open-talks", {"user_id": 2**70, "may_open_talks": True}, 404),
    ("/api/v1/accounts/open-talks", {"user_id": "x", "may_open_talks": True}, 422),
    ("/api/v1/accounts/open-talks", {"may_open_talks": True}, 422),
    ("/api/v1/accounts/open-talks", {"user_id": 1, "may_open_talks": True, "extra": 1}, 422),
    ("/api/v1/accounts/active", {"user_id": 999_999, "active": False}, 404),
    ("/api/v1/accounts/active", {"user_id": -1, "active": False}, 404),
    ("/api/v1/accounts/active", b"{not json", 400),
    ("/api/v1/accounts/active", [], 422),
])
def test_bad_input_on_the_accounts_api_changes_nothing(
        cast: Cast, client_for: ClientFor, url: str, body: object, status: int) -> None:
    operator = client_for("operator")
    before = _state()
    raw = body if isinstance(body, bytes) else json.dumps(body)
    response = operator.post(url, raw, content_type="application/json")
    assert response.status_code == status, response.content
    assert "detail" in response.json()
    assert _state() == before


@pytest.mark.parametrize(("body", "answer"), [
    ({}, "Choose an account."), ({"user": "x"}, "Choose an account."), ({"user": "0"}, "Choose an account."),
    ({"user": "-5"}, "Choose an account."), ({"user": "999999"}, 404)])
def test_bad_input_on_the_accounts_page_changes_nothing(
        cast: Cast, client_for: ClientFor, body: dict[str, str], answer: str | int) -> None:
    operator = client_for("operator")
    before = _state()
    for url in ("/accounts/people/active/", "/accounts/people/open-talks/"):
        response = operator.post(url, body, follow=isinstance(answer, str))
        if isinstance(answer, str):  # back on the people page, which says what was wrong
            assert response.redirect_chain[-1] == ("/accounts/people/", 302), response.redirect_chain
            assert answer in response.content.decode(), (url, body)
        else:
            assert response.status_code == answer, (url, response.status_code)
    assert _state() == before
