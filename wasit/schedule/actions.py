"""Every change to how a user reads dates, and to their calendar feed, passes through here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.policy import ActionRefused, Viewer
from wasit.schedule import events, tokens
from wasit.schedule.models import CalendarChoice, CalendarFeed, DigitsChoice, DisplayPreferences

FEED_LANGUAGES = ("en", "ar", "fa")


def _own_user_id(actor: Viewer) -> int:
    if actor.user_id is None:  # the system account reads no pages
        raise policy.NotFound
    return actor.user_id


@transaction.atomic
def save_display_preferences(actor: Viewer, *, calendar: str, digits: str) -> DisplayPreferences:
    """Set the calendar and the digits the viewer reads dates in, everywhere."""
    policy.require(actor, "keep_display_preferences")
    user_id = _own_user_id(actor)
    if calendar not in CalendarChoice.values:
        raise ActionRefused(_("Choose the Gregorian, Hijri or Jalali calendar."), field="calendar")
    if digits not in DigitsChoice.values:
        raise ActionRefused(_("Choose Western digits or those of your language."), field="digits")
    # Two saves at once (two tabs) must not both create the row.
    audit.lock_chain()
    prefs = DisplayPreferences.objects.filter(user_id=user_id).first() or DisplayPreferences(user_id=user_id)
    policy.require(actor, "edit", prefs)
    prefs.calendar, prefs.digits = calendar, digits
    prefs.save()
    audit.record(events.DisplayPreferencesChanged(user_id=user_id, calendar=calendar, digits=digits),
                 actor_id=user_id)
    return prefs


@transaction.atomic
def make_feed_link(actor: Viewer, *, language: str) -> str:
    """A new secret link to the viewer's calendar feed; any older link stops working at once.

    Returns the token; only its digest is kept, so it cannot be shown again.
    The events are written in `language`: "en", "ar" or "fa", exactly.
    """
    policy.require(actor, "keep_calendar_feed")
    user_id = _own_user_id(actor)
    if language not in FEED_LANGUAGES:
        raise ActionRefused(_("Choose English, Arabic or Persian for the calendar's events."),
                            field="language")
    audit.lock_chain()  # two new links at once: one wins, the other replaces it after
    feed = CalendarFeed.objects.filter(user_id=user_id).first() or CalendarFeed(user_id=user_id)
    policy.require(actor, "edit", feed)
    replaced = bool(feed.digest)
    token = tokens.new_token()
    feed.digest, feed.language, feed.made_at = tokens.digest(token), language, timezone.now()
    feed.save()
    audit.record(events.CalendarFeedLinkMade(user_id=user_id, replaced=replaced), actor_id=user_id)
    return token


@transaction.atomic
def turn_off_feed(actor: Viewer) -> CalendarFeed:
    """Stop the viewer's calendar feed: its link answers "not found" from now on."""
    policy.require(actor, "keep_calendar_feed")
    user_id = _own_user_id(actor)
    audit.lock_chain()
    feed = CalendarFeed.objects.filter(user_id=user_id).first()
    if feed is None or not feed.digest:
        raise ActionRefused(_("Your calendar feed is already off."), field="feed")
    policy.require(actor, "edit", feed)
    feed.digest = None
    feed.save()
    audit.record(events.CalendarFeedTurnedOff(user_id=user_id), actor_id=user_id)
    return feed
