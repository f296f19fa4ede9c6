"""Event kinds of the schedule app. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class DisplayPreferencesChanged(DomainEvent):
    """A user chose the calendar (Gregorian, Hijri, Jalali) and digits they read dates in.

    Belongs to no talks, so only the operators see it in the log.
    """

    kind = "schedule.display_preferences_changed"
    user_id: int
    calendar: str
    digits: str


@dataclass(frozen=True, kw_only=True)
class CalendarFeedLinkMade(DomainEvent):
    """A user made a new link to their private calendar feed; any older link stopped working.

    Carries neither the link nor its digest. Seen by the operators only.
    """

    kind = "schedule.calendar_feed_link_made"
    user_id: int
    replaced: bool


@dataclass(frozen=True, kw_only=True)
class CalendarFeedTurnedOff(DomainEvent):
    """A user turned their calendar feed off: its link stopped working. Seen by the operators only."""

    kind = "schedule.calendar_feed_turned_off"
    user_id: int
