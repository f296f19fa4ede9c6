"""Reads of the schedule: a user's date display, their feed, and the rounds a feed carries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from wasit import policy
from wasit.policy import Viewer
from wasit.schedule import tokens
from wasit.schedule.models import CalendarFeed, DisplayPreferences
from wasit.talks.models import Round


def display_preferences_of(viewer: Viewer) -> DisplayPreferences:
    """The viewer's choice; an unsaved row (Gregorian, Western digits) if they never chose."""
    if viewer.user_id is None:
        raise policy.NotFound
    found = policy.visible(viewer, DisplayPreferences).filter(user_id=viewer.user_id).first()
    return found if found is not None else DisplayPreferences(user_id=viewer.user_id)


def feed_of(viewer: Viewer) -> CalendarFeed | None:
    """The viewer's feed row (on or off), or None if they never made one."""
    if viewer.user_id is None:
        raise policy.NotFound
    return policy.visible(viewer, CalendarFeed).filter(user_id=viewer.user_id).first()


def feed_holder(token: str) -> tuple[AbstractBaseUser, CalendarFeed] | None:
    """The active user a feed token speaks for, with their feed; None for any other string.

    One indexed lookup by digest: an unknown, revoked (replaced) or
    turned-off token, or a deactivated user, are all simply not found.
    """
    if not tokens.well_formed(token):
        return None
    feed = (CalendarFeed.objects.filter(digest=tokens.digest(token), user__is_active=True)
            .select_related("user").first())
    if feed is None:
        return None
    return feed.user, feed


def user_of(user_id: int) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def rounds_in_feed(viewer: Viewer) -> QuerySet[Round]:
    """Exactly the rounds the viewer may see: the policy's scope, the round list's own."""
    return policy.visible(viewer, Round).select_related("talks").order_by("talks_id", "number")
