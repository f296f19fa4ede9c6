"""Each user sets their own mail language and opt-ins, on the page and through the API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.notifications.models import Preferences
from wasit.policy import ANONYMOUS, viewer_for
from wasit.policy.errors import NotFound

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences"
GOOD = {"language": "fa", "relays": True, "rounds": False, "seats": True}


def _prefs(cast: Cast, persona: str) -> tuple[str, bool, bool, bool] | None:
    found = Preferences.objects.filter(user=cast.user(persona)).first()
    return None if found is None else (found.language, found.relays, found.rounds, found.seats)


def _put(client: Client, body: object) -> object:
    return client.put(URL, data=json.dumps(body), content_type="application/json")


def test_everything_is_off_until_the_user_opts_in(cast: Cast, client_for: Callable[[str], Client]) -> None:
    got = client_for("ir_member").get(URL).json()
    assert got == {"language": "en", "relays": False, "rounds": False, "seats": False, "address": ""}


def test_a_user_saves_their_own_preferences_through_the_api(
        cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("ir_member")
    response = _put(client, GOOD)
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert client.get(URL).json()["language"] == "fa"
    assert _prefs(cast, "ir_member") == ("fa", True, False, True)
    assert _prefs(cast, "us_head") == ("ar", True, True, False), "nobody else's row changed"
    event = Event.objects.filter(kind="notifications.preferences_changed").last()
    assert event is not None and event.audience == " operators " and event.talks_id is None


@pytest.mark.parametrize("body", [
    {**GOOD, "language": "de"},
    {**GOOD, "language": ""},
])
def test_an_unknown_language_is_a_clear_400_and_changes_nothing(
        cast: Cast, client_for: Callable[[str], Client], body: dict[str, object]) -> None:
    before = _prefs(cast, "us_head")
    response = _put(client_for("us_head"), body)
    assert response.status_code == 400  # type: ignore[attr-defined]
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["field"] == "language" and "Persian" in answer["detail"]
    assert _prefs(cast, "us_head") == before


@pytest.mark.parametrize("body", [
    {**GOOD, "relays": "yes"},
    {**GOOD, "extra": 1},
    {"language": "en"},
])
def test_a_body_that_does_not_fit_is_refused_and_changes_nothing(
        cast: Cast, client_for: Callable[[str], Client], body: dict[str, object]) -> None:
    before = _prefs(cast, "us_head")
    response = _put(client_for("us_head"), body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert _prefs(cast, "us_head") == before


def test_the_body_is_read_only_after_the_caller_is_known(cast: Cast) -> None:
    response = _put(Client(), {"language": "nonsense"})
    assert response.status_code == 401  # type: ignore[attr-defined]


def test_the_page_saves_and_shows_the_choice(cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("co_mediator")
    response = client.post("/notifications/", {"language": "ar", "rounds": "on"})
    assert response.status_code == 302
    assert _prefs(cast, "co_mediator") == ("ar", False, True, False)
    page = client.get("/notifications/").content.decode()
    assert 'value="ar" selected' in page
    assert "no e-mail address" in page


def test_the_page_refuses_an_unknown_language_and_changes_nothing(
        cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("us_head")
    before = _prefs(cast, "us_head")
    response = client.post("/notifications/", {"language": "klingon", "relays": "on"})
    assert response.status_code == 400
    assert _prefs(cast, "us_head") == before


def test_the_page_is_in_the_top_bar_and_right_to_left_in_arabic(
        cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for("ir_head")
    client.cookies["wasit_language"] = "ar"
    page = client.get("/").content.decode()
    assert 'href="/notifications/"' in page and "إشعارات البريد" in page
    assert 'dir="rtl"' in client.get("/notifications/").content.decode()


def test_the_policy_lets_nobody_read_another_users_preferences(cast: Cast) -> None:
    from wasit import policy

    theirs = Preferences.objects.get(user=cast.user("us_head"))
    assert policy.can(viewer_for(cast.user("us_head")), "edit", theirs).allowed
    for persona in ("mediator", "us_member", "operator"):
        decision = policy.can(viewer_for(cast.user(persona)), "view", theirs)
        assert not decision.allowed and not decision.visible
    with pytest.raises(NotFound):
        policy.require(ANONYMOUS, "edit", theirs)
