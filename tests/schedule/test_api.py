"""The schedule's API: one's own calendar and digits, one's own calendar feed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.schedule import feed
from wasit.schedule.models import CalendarFeed, DisplayPreferences

pytestmark = pytest.mark.django_db

DATES = "/api/v1/settings/dates"
FEED = "/api/v1/calendar/feed"


def _send(client: Client, method: str, url: str, body: object) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body)
    return getattr(client, method)(url, data=raw, content_type="application/json")


def _choice(cast: Cast, persona: str) -> tuple[str, str] | None:
    row = DisplayPreferences.objects.filter(user=cast.user(persona)).first()
    return None if row is None else (row.calendar, row.digits)


def _feed_row(cast: Cast, persona: str) -> tuple[str | None, str] | None:
    row = CalendarFeed.objects.filter(user=cast.user(persona)).first()
    return None if row is None else (row.digest, row.language)


def test_the_date_display_is_gregorian_until_chosen_and_the_demos_choice_after(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    assert client_for("us_member").get(DATES).json() == {"calendar": "gregorian", "digits": "western"}
    assert client_for("ir_member").get(DATES).json() == {"calendar": "jalali", "digits": "native"}
    assert client_for("mediator").get(DATES).json() == {"calendar": "hijri", "digits": "native"}


def test_a_user_chooses_their_own_calendar_and_digits_through_the_api(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_member")
    response = _send(client, "put", DATES, {"calendar": "hijri", "digits": "native"})
    assert response.status_code == 200, response.content
    assert response.json() == {"calendar": "hijri", "digits": "native"}
    assert client.get(DATES).json() == {"calendar": "hijri", "digits": "native"}
    assert _choice(cast, "us_member") == ("hijri", "native")
    assert _choice(cast, "ir_member") == ("jalali", "native"), "nobody else's row changed"
    assert Event.objects.filter(kind="schedule.display_preferences_changed",
                                actor=cast.user("us_member")).count() == 1
    # ...and the pages follow: a round's day on the feed page is on the Hijri calendar now.
    client.cookies["wasit_language"] = "ar"
    page = client.get("/calendar/feed/").content.decode()
    assert "٢٨ جمادى الآخرة ١٤٤٥ هـ" in page, "10 January 2024, the January round"


@pytest.mark.parametrize("body", [
    {"calendar": "julian", "digits": "native"},
    {"calendar": "Hijri", "digits": "native"},
    {"calendar": "hijri", "digits": "roman"},
    {"calendar": "hijri"},
    {"calendar": "hijri", "digits": "native", "zone": "Asia/Tehran"},
    {"calendar": 1, "digits": "native"},
    [],
    None,
])
def test_a_choice_that_is_not_offered_is_422_and_changes_nothing(
        cast: Cast, client_for: Callable[[str | None], Client], body: object) -> None:
    client = client_for("ir_member")  # (logging in is an event of its own)
    events = Event.objects.count()
    response = _send(client, "put", DATES, body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == "Invalid input."
    assert _choice(cast, "ir_member") == ("jalali", "native")
    assert Event.objects.count() == events


@pytest.mark.parametrize(("method", "url"), [("put", DATES), ("post", FEED)])
def test_a_body_that_is_not_json_is_a_clear_400_and_changes_nothing(
        cast: Cast, client_for: Callable[[str | None], Client], method: str, url: str) -> None:
    client = client_for("us_head")
    events = Event.objects.count()
    response = _send(client, method, url, b"{calendar: hijri")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert Event.objects.count() == events
    assert _choice(cast, "us_head") is None


def test_nobody_logged_out_reads_or_changes_anything(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    anonymous = client_for(None)
    assert anonymous.get(DATES).status_code == 401
    assert _send(anonymous, "put", DATES, {"calendar": "nonsense"}).status_code == 401, "the body is read after"
    assert anonymous.get(FEED).status_code == 401
    assert _send(anonymous, "post", FEED, {"language": "fa"}).status_code == 401
    assert anonymous.delete(FEED).status_code == 401


def test_the_new_link_is_given_once_and_serves_the_feed(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("ir_head")
    assert client.get(FEED).json() == {"on": False, "language": None, "made_at": None}
    made = _send(client, "post", FEED, {"language": "fa"})
    assert made.status_code == 201, made.content
    answer = made.json()
    assert answer["on"] is True and answer["language"] == "fa" and answer["made_at"]
    assert answer["url"].startswith("http://127.0.0.1:8000/calendar/wcal_") and answer["url"].endswith(".ics")
    path = answer["url"].removeprefix("http://127.0.0.1:8000")
    ics = client_for(None).get(path)
    assert ics.status_code == 200
    assert feed.uid_of(cast.rounds[1]).encode() in ics.content
    assert "مسقط".encode() in ics.content, "written in the language asked for"
    status = client.get(FEED)
    assert status.json() == {"on": True, "language": "fa", "made_at": answer["made_at"]}
    assert path not in status.content.decode(), "the link is not shown again"


def test_a_new_link_replaces_the_old_one_at_once(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("us_head")  # the cast has turned their feed on already
    first = _send(client, "post", FEED, {"language": "en"}).json()["url"].removeprefix("http://127.0.0.1:8000")
    second = _send(client, "post", FEED, {"language": "en"}).json()["url"].removeprefix("http://127.0.0.1:8000")
    assert first != second
    anonymous = client_for(None)
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    made = Event.objects.filter(kind="schedule.calendar_feed_link_made", actor=cast.user("us_head"))
    assert [e.payload["replaced"] for e in made.order_by("id")] == [False, True, True]
    assert all(second.split("/")[-1][:-4] not in json.dumps(e.payload) for e in made), "no link in the log"


@pytest.mark.parametrize("language", ["de", "", "english", "ar-OM", "EN"])
def test_a_link_in_a_language_not_offered_is_a_clear_400_and_nothing_changes(
        cast: Cast, client_for: Callable[[str | None], Client], language: str) -> None:
    client = client_for("us_head")
    before = _feed_row(cast, "us_head")
    events = Event.objects.count()
    response = _send(client, "post", FEED, {"language": language})
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "language" and "Persian" in response.json()["detail"]
    assert _feed_row(cast, "us_head") == before, "the old link still works"
    assert Event.objects.count() == events


@pytest.mark.parametrize("body", [
    {"language": None},
    {},
    {"language": "fa", "user": 1},
    {"language": ["fa"]},
    [],
])
def test_a_link_body_that_does_not_fit_is_422_and_nothing_changes(
        cast: Cast, client_for: Callable[[str | None], Client], body: object) -> None:
    before = _feed_row(cast, "us_head")
    client = client_for("us_head")
    events = Event.objects.count()
    response = _send(client, "post", FEED, body)
    assert response.status_code == 422, response.content
    assert _feed_row(cast, "us_head") == before, "the old link still works"
    assert Event.objects.count() == events


def test_turning_the_feed_off_kills_the_link_and_twice_is_still_off(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("ir_interpreter")
    url = _send(client, "post", FEED, {"language": "en"}).json()["url"]
    path = url.removeprefix("http://127.0.0.1:8000")
    off = client.delete(FEED)
    assert off.status_code == 200
    assert off.json() == {"on": False, "language": None, "made_at": None}
    assert client_for(None).get(path).status_code == 404
    again = client.delete(FEED)
    assert (again.status_code, again.json()["on"]) == (200, False)
    kinds = Event.objects.filter(kind="schedule.calendar_feed_turned_off", actor=cast.user("ir_interpreter"))
    assert kinds.count() == 1, "the second DELETE recorded nothing"
    assert client_for("outsider").delete(FEED).json()["on"] is False, "never made: off, nothing made"
    assert _feed_row(cast, "outsider") is None


def test_the_routes_are_in_the_openapi_schema(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    schema = client_for(None).get("/api/v1/openapi.json").json()
    assert set(schema["paths"][DATES]) == {"get", "put"}
    assert set(schema["paths"][FEED]) == {"get", "post", "delete"}
    body = schema["paths"][DATES]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["calendar"]["enum"] == ["gregorian", "hijri", "jalali"]
