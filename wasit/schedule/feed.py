"""A user's rounds as an iCalendar feed (RFC 5545), for calendar apps to subscribe to.

`round_event` is the one place a round becomes a VEVENT: what a feed
carries is decided there (title, venue, dates, status: never the agenda's
notes, minutes, reasons or anything else only some may read), and which
rounds it carries by the policy (`queries.rounds_in_feed`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wasit.talks.models import Round, RoundStatus

# When WASIT_BASE_URL names no host; the mails' Message-IDs fall back to the same.
FALLBACK_HOST = "wasit.localhost"


def uid_host() -> str:
    """The installation's host (from WASIT_BASE_URL, as every link in a mail is).

    RFC 5545 asks for a UID unique across the world: two installations that
    both wrote `round-3@wasit` would have a subscriber's calendar app take one
    server's round 3 for the other's. The port and path are left out, so the
    UID does not change when the server moves to another port.
    """
    return urlsplit(settings.WASIT_BASE_URL).hostname or FALLBACK_HOST


def uid_of(round_: Round) -> str:
    """Stable for the round's life: a calendar app moves the event it holds, never adds one."""
    return f"round-{round_.pk}@{uid_host()}"


def link_of(token: str) -> str:
    """The feed's full address: the configured one, like every link in a mail, which calendar apps can reach."""
    return settings.WASIT_BASE_URL.rstrip("/") + reverse("schedule:ics", kwargs={"token": token})


def _shown_span(round_: Round) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """DTSTART and DTEND: the venue's dates (end exclusive), or the instants of a timed round.

    A round postponed to a new date is shown on that date, as long as it was.
    """
    timed = not getattr(round_, "all_day", True)
    shift = dt.timedelta(0)
    if round_.status == RoundStatus.POSTPONED and round_.rescheduled_to is not None:
        shift = round_.rescheduled_to - round_.starts_on
    if timed:
        starts_at: dt.datetime = getattr(round_, "starts_at")  # noqa: B009 (rounds with times)
        ends_at: dt.datetime = getattr(round_, "ends_at")  # noqa: B009
        zone = getattr(round_, "zone")  # noqa: B009
        # Shift on the venue's clock, so a move across a change of summer time keeps the hour.
        start = (starts_at.astimezone(zone) + shift).astimezone(dt.UTC)
        end = (ends_at.astimezone(zone) + shift).astimezone(dt.UTC)
        return start, end
    return round_.starts_on + shift, round_.ends_on + shift + dt.timedelta(days=1)


def _status(round_: Round) -> str:
    if round_.status == RoundStatus.CANCELLED:
        return "CANCELLED"
    if round_.status == RoundStatus.POSTPONED and round_.rescheduled_to is None:
        return "TENTATIVE"  # put off, no new date yet
    return "CONFIRMED"


def round_event(round_: Round, *, stamp: dt.datetime) -> icalendar.Event:
    """One round as a VEVENT, in the active language."""
    event = icalendar.Event()
    event.add("uid", uid_of(round_))
    event.add("sequence", round_.sequence)
    event.add("dtstamp", stamp)
    start, end = _shown_span(round_)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("%(talks)s: %(round)s") % {"talks": round_.talks.title, "round": round_.title})
    if round_.venue:
        event.add("location", round_.venue)
    event.add("status", _status(round_))
    event.add("description", _("Round %(number)s · %(status)s") % {
        "number": round_.number, "status": round_.get_status_display()})
    event.add("url", settings.WASIT_BASE_URL.rstrip("/") + reverse("talks:round", args=[round_.pk]))
    return event


def calendar_of(rounds: Iterable[Round], *, language: str) -> bytes:
    """The whole feed, written in `language`."""
    with translation.override(language):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Wasit//Calendar feed//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Wasit rounds"))
        # Calendar apps that honour it look again every hour.
        cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
        stamp = timezone.now()
        for round_ in rounds:
            cal.add_component(round_event(round_, stamp=stamp))
        return bytes(cal.to_ical())
