"""The private calendar feed: its link, what a round looks like in it, and how a change moves it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.test import Client

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.policy import viewer_for
from wasit.schedule import actions, feed
from wasit.schedule.models import CalendarFeed
from wasit.talks import actions as talks_actions
from wasit.talks.models import Round, RoundStatus

pytestmark = pytest.mark.django_db


def _path(token: str) -> str:
    return f"/calendar/{token}.ics"


def _events(body: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _event_of(round_: Round) -> icalendar.Event:
    return _events(feed.calendar_of([round_], language="en"))[feed.uid_of(round_)]


def test_a_new_link_is_shown_once_and_serves_the_feed_without_a_session(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    page = client_for("us_member").post("/calendar/feed/new/")
    assert page.status_code == 200
    text = page.content.decode()
    start = text.index("/calendar/wcal_")
    path = text[start:text.index(".ics", start) + 4]
    stored = CalendarFeed.objects.get(user=cast.user("us_member"))
    assert stored.digest and path.split("/")[-1][:-4] not in stored.digest, "only the digest is kept"
    assert path not in client_for("us_member").get("/calendar/feed/").content.decode(), "shown once"
    response = client_for(None).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert set(_events(response.content)) == {f"round-{r.pk}@127.0.0.1" for r in cast.rounds}, (
        "the host of WASIT_BASE_URL (the tests' default, http://127.0.0.1:8000)")


def test_a_replaced_or_turned_off_link_is_not_found_like_any_unknown_one(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    viewer = viewer_for(cast.user("ir_head"))
    anonymous = client_for(None)
    unknown = anonymous.get(_path("wcal_" + "x" * 43))
    first = actions.make_feed_link(viewer, language="fa")
    assert anonymous.get(_path(first)).status_code == 200
    second = actions.make_feed_link(viewer, language="fa")
    old = anonymous.get(_path(first))
    assert (old.status_code, old.content) == (404, unknown.content), "the old link dies at once"
    assert anonymous.get(_path(second)).status_code == 200
    actions.turn_off_feed(viewer)
    off = anonymous.get(_path(second))
    assert (off.status_code, off.content) == (404, unknown.content)
    for junk in ("", "wst_" + "x" * 43, "wcal_" + "x" * 500, "..%2F..%2Fetc%2Fpasswd"):
        assert anonymous.get(_path(junk)).status_code == 404
    kinds = list(Event.objects.filter(kind__startswith="schedule.calendar_feed", actor=cast.user("ir_head"))
                 .values_list("kind", "payload"))
    assert [k for k, _p in kinds] == ["schedule.calendar_feed_link_made"] * 2 + ["schedule.calendar_feed_turned_off"]
    assert all(first not in str(p) and second not in str(p) for _k, p in kinds), "no link in the log"


def test_a_deactivated_users_link_stops_working(cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    from wasit.accounts.actions import set_account_active
    from wasit.policy import SYSTEM

    token = actions.make_feed_link(viewer_for(cast.user("us_observer")), language="en")
    set_account_active(SYSTEM, user_id=cast.user("us_observer").pk, active=False)
    assert client_for(None).get(_path(token)).status_code == 404


def test_turning_off_a_feed_that_is_off_says_so_and_changes_nothing(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("outsider")
    response = client.post("/calendar/feed/off/", follow=True)
    assert "Your calendar feed is already off." in response.content.decode()
    assert not Event.objects.filter(kind="schedule.calendar_feed_turned_off", actor=cast.user("outsider")).exists()


def test_a_round_given_by_dates_is_an_all_day_event_with_a_stable_uid_and_its_sequence(cast: Cast) -> None:
    may = cast.rounds[3]
    assert getattr(may, "all_day", True), "the demo gives the May round no times"
    event = _event_of(may)
    assert str(event["UID"]) == feed.uid_of(may)
    assert event.decoded("DTSTART") == dt.date(2024, 5, 14)
    assert event.decoded("DTEND") == dt.date(2024, 5, 15), "an all-day end is the day after"
    assert int(event["SEQUENCE"]) == may.sequence
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Muscat"
    assert "Round after the April strikes" in str(event["SUMMARY"])
    may.sequence += 1
    assert int(_event_of(may)["SEQUENCE"]) == int(event["SEQUENCE"]) + 1
    assert str(_event_of(may)["UID"]) == str(event["UID"])


def test_a_round_with_times_runs_from_its_first_instant_to_its_last(cast: Cast) -> None:
    """The January round: 09:30 to 19:00 in Muscat (UTC+4), shown in UTC for every calendar app."""
    january = cast.rounds[1]
    event = _event_of(january)
    assert event.decoded("DTSTART") == dt.datetime(2024, 1, 10, 5, 30, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2024, 1, 10, 15, 0, tzinfo=dt.UTC)
    # Put off to a new day, it keeps its hours on the venue's clock.
    january.status, january.rescheduled_to = RoundStatus.POSTPONED, dt.date(2024, 2, 1)
    moved = _event_of(january)
    assert moved.decoded("DTSTART") == dt.datetime(2024, 2, 1, 5, 30, tzinfo=dt.UTC)
    assert moved.decoded("DTEND") == dt.datetime(2024, 2, 1, 15, 0, tzinfo=dt.UTC)


def test_a_postponed_round_moves_to_its_new_date_or_is_tentative_without_one(cast: Cast) -> None:
    second = cast.rounds[2]
    second.status, second.rescheduled_to = RoundStatus.POSTPONED, dt.date(2024, 5, 14)
    moved = _event_of(second)
    assert (moved.decoded("DTSTART"), moved.decoded("DTEND")) == (dt.date(2024, 5, 14), dt.date(2024, 5, 15))
    assert str(moved["STATUS"]) == "CONFIRMED"
    second.rescheduled_to = None
    undated = _event_of(second)
    assert undated.decoded("DTSTART") == second.starts_on
    assert str(undated["STATUS"]) == "TENTATIVE"


def test_a_cancelled_round_stays_in_the_feed_as_cancelled(cast: Cast) -> None:
    round_ = cast.rounds[2]
    round_.status = RoundStatus.CANCELLED
    assert str(_event_of(round_)["STATUS"]) == "CANCELLED"


def test_postponing_a_round_moves_the_event_the_feed_already_gave(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    token = actions.make_feed_link(viewer_for(cast.user("us_head")), language="en")
    round_ = cast.rounds[2]
    before = _events(client_for(None).get(_path(token)).content)[feed.uid_of(round_)]
    talks_actions.change_round_status(viewer_for(cast.user("mediator")), round_, status=RoundStatus.POSTPONED,
                                      reason="The head of delegation is away.",
                                      rescheduled_to=dt.date(2024, 6, 2))
    round_.refresh_from_db()
    after = _events(client_for(None).get(_path(token)).content)[feed.uid_of(round_)]
    assert after.decoded("DTSTART") == dt.date(2024, 6, 2)
    assert after.decoded("DTSTART") != before.decoded("DTSTART")
    assert int(after["SEQUENCE"]) == round_.sequence > int(before["SEQUENCE"]), "calendar apps take the change"
    assert "away" not in str(after.to_ical()), "no reason in the feed"


def test_the_events_speak_the_language_the_link_was_made_in(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    client = client_for("ir_head")
    client.cookies["wasit_language"] = "fa"
    page = client.post("/calendar/feed/new/").content.decode()
    start = page.index("/calendar/wcal_")
    body = client_for(None).get(page[start:page.index(".ics", start) + 4]).content
    january = _events(body)[feed.uid_of(cast.rounds[1])]
    assert str(january["LOCATION"]) == "مسقط"
    assert "نخستین دور غیرمستقیم" in str(january["SUMMARY"])


def test_the_uids_name_the_installations_host_and_stay_the_same_from_one_request_to_the_next(
        cast: Cast, client_for: Callable[[str | None], Client], settings: Any) -> None:
    """Two installations must not give the same UID to their round 3, or a calendar app merges them."""
    settings.WASIT_BASE_URL = "https://Wasit.Example.org:8443/talks/"
    token = actions.make_feed_link(viewer_for(cast.user("ir_member")), language="fa")
    first = client_for(None).get(_path(token)).content
    again = client_for(None).get(_path(token)).content
    expected = {f"round-{r.pk}@wasit.example.org" for r in cast.rounds}
    assert set(_events(first)) == set(_events(again)) == expected, "the host alone: no port, no path"
    assert not any(uid.endswith("@wasit") for uid in _events(first))
    settings.WASIT_BASE_URL = "https://mediation.example.net"
    assert set(_events(client_for(None).get(_path(token)).content)) == {
        f"round-{r.pk}@mediation.example.net" for r in cast.rounds}, "another installation, other UIDs"
