"""The JSON API of the schedule: how the caller reads dates, and their calendar feed.

Parse, call one query or action, render. Every route is the caller's own:
none names a user, so there is nobody else's choice or feed to reach.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import StrictStr

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.policy import ActionRefused
from wasit.schedule import actions, feed, queries
from wasit.schedule.models import CalendarFeed, DisplayPreferences

router = Router(tags=["schedule"])

ERRORS = {400: ErrorOut, **COMMON}

CalendarName = Literal["gregorian", "hijri", "jalali"]
DigitsName = Literal["western", "native"]


class DateDisplayIn(Schema):
    """Both fields, every time (PUT replaces the choice)."""

    model_config = {"extra": "forbid"}
    calendar: CalendarName
    # "native": Arabic-Indic digits in Arabic, Persian ones in Persian, Western ones in English.
    digits: DigitsName


class DateDisplayOut(Schema):
    calendar: CalendarName
    digits: DigitsName


class FeedLinkIn(Schema):
    """The language the feed's events are written in: `en`, `ar` or `fa` (anything else is 400)."""

    model_config = {"extra": "forbid"}
    language: StrictStr


class FeedOut(Schema):
    on: bool
    # The language the events are written in, and when the working link was made (null while off).
    language: str | None
    made_at: dt.datetime | None


class FeedLinkOut(FeedOut):
    # The only time the link is given: only its digest is kept.
    url: str


def _display(prefs: DisplayPreferences) -> dict[str, Any]:
    return {"calendar": prefs.calendar, "digits": prefs.digits}


def _feed(found: CalendarFeed | None) -> dict[str, Any]:
    on = bool(found and found.digest)
    return {"on": on, "language": found.language if found and on else None,
            "made_at": found.made_at if found and on else None}


@router.get("/settings/dates", response={200: DateDisplayOut, **COMMON}, operation_id="get_date_display")
def get_date_display(request: HttpRequest) -> dict[str, Any]:
    """Your own calendar and digits: Gregorian with Western digits until you choose."""
    return _display(queries.display_preferences_of(request_viewer(request)))


@router.put("/settings/dates", response={200: DateDisplayOut, **ERRORS}, operation_id="put_date_display",
            openapi_extra=_body(DateDisplayIn))
def put_date_display(request: HttpRequest) -> dict[str, Any]:
    """Choose the calendar (Gregorian, Hijri Umm al-Qura, Jalali) and digits you read dates in.

    Applies to every page and mail from the next one on. Anything but the
    listed values is 422 and changes nothing.
    """
    viewer = request_viewer(request)
    policy.require(viewer, "keep_display_preferences")  # policy first: the body cannot turn a 403 into a 422
    body = _parse(request, DateDisplayIn)
    return _display(actions.save_display_preferences(viewer, calendar=body.calendar, digits=body.digits))


@router.get("/calendar/feed", response={200: FeedOut, **COMMON}, operation_id="get_calendar_feed")
def get_calendar_feed(request: HttpRequest) -> dict[str, Any]:
    """Whether your calendar feed is on (its link itself cannot be shown again)."""
    return _feed(queries.feed_of(request_viewer(request)))


@router.post("/calendar/feed", response={201: FeedLinkOut, **ERRORS}, operation_id="make_calendar_feed_link",
             openapi_extra=_body(FeedLinkIn))
def make_calendar_feed_link(request: HttpRequest) -> Status[dict[str, Any]]:
    """Make a new private link to your calendar feed; an older one stops working at once.

    The answer carries the link, this once: keep it (only its digest is
    stored). Anyone who has it can read the dates of your rounds.
    """
    viewer = request_viewer(request)
    policy.require(viewer, "keep_calendar_feed")
    body = _parse(request, FeedLinkIn)
    token = actions.make_feed_link(viewer, language=body.language)
    return Status(201, {**_feed(queries.feed_of(viewer)), "url": feed.link_of(token)})


@router.delete("/calendar/feed", response={200: FeedOut, **ERRORS}, operation_id="turn_off_calendar_feed")
def turn_off_calendar_feed(request: HttpRequest) -> dict[str, Any]:
    """Turn your calendar feed off: its link answers 404 from now on.

    Idempotent, as a DELETE is: a feed that is already off stays off (200,
    nothing recorded).
    """
    viewer = request_viewer(request)
    try:
        actions.turn_off_feed(viewer)
    except ActionRefused as exc:
        if exc.field != "feed":  # "already off" is the one refusal that leaves what was asked for
            raise
    return _feed(queries.feed_of(viewer))
