"""Dates in templates, on the reader's calendar, in the active language, with their digits.

    {% load wasit_dates %}
    <time datetime="{{ round.starts_on.isoformat }}">{{ round.starts_on|calendar_date }}</time>
    <time datetime="{{ m.created_at.isoformat }}">{{ m.created_at|calendar_datetime }}</time>
    {{ m.created_at|calendar_time }}            {# the time of day, 24-hour clock #}
    {{ count|calendar_digits }}                 {# any number, in the reader's digits #}
    {{ round.starts_at|calendar_datetime:round.time_zone }}   {# in the venue's zone #}

A datetime is shown in the zone given as the argument, else in the active
time zone (Django's TIME_ZONE unless activated). The calendar and digits come
from `wasit.schedule.display` (the viewer's choice; Gregorian with Western
digits by default). Empty or non-date values give "", like Django's `date`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django import template
from django.utils import timezone, translation

from wasit import dates
from wasit.schedule import display

register = template.Library()

_log = logging.getLogger(__name__)


def _language() -> str:
    return translation.get_language() or "en"


def _zone_name(zone: str | None) -> str:
    if zone:
        return str(zone)
    return str(timezone.get_current_timezone_name())


def _day(day: dt.date, language: str, shown: display.Display) -> str:
    try:
        return dates.format_date(day, calendar=shown.calendar, language=language,
                                 digits=shown.digits(language))
    except dates.OutOfRange:
        # Rounds outside the range are refused when made; an older row (a
        # last log-in in 1900?) is shown on the calendar that has no limit.
        _log.warning("%s is outside the %s calendar; shown as Gregorian", day, shown.calendar)
        return dates.format_date(day, calendar=dates.Calendar.GREGORIAN, language=language,
                                 digits=shown.digits(language))


def _moment(value: object, zone: str | None) -> tuple[dt.datetime, str] | None:
    if not isinstance(value, dt.datetime):
        return None
    moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    name = _zone_name(zone)
    try:
        dates.zone(name)
    except dates.UnknownZone:
        name = "UTC"
    return moment, name


@register.filter
def calendar_date(value: object, zone: str | None = None) -> str:
    """A date (or the day of a datetime, in `zone`) on the reader's calendar."""
    if isinstance(value, dt.datetime):
        found = _moment(value, zone)
        if found is None:
            return ""
        value = dates.local_date(*found)
    if not isinstance(value, dt.date):
        return ""
    return _day(value, _language(), display.current())


@register.filter
def calendar_datetime(value: object, zone: str | None = None) -> str:
    """A moment's day (on the reader's calendar) and time of day, in `zone`."""
    found = _moment(value, zone)
    if found is None:
        return calendar_date(value) if isinstance(value, dt.date) else ""
    moment, name = found
    language, shown = _language(), display.current()
    day = _day(dates.local_date(moment, name), language, shown)
    time = dates.format_time(moment, zone_name=name, digits=shown.digits(language))
    return f"{day}{'، ' if language[:2] in ('ar', 'fa') else ', '}{time}"


@register.filter
def calendar_time(value: object, zone: str | None = None) -> str:
    """A moment's time of day (24-hour clock) in `zone`, with the reader's digits."""
    found = _moment(value, zone)
    if found is None:
        if isinstance(value, dt.time):
            return dates.with_digits(f"{value.hour:02d}:{value.minute:02d}",
                                     display.current().digits(_language()))
        return ""
    moment, name = found
    return dates.format_time(moment, zone_name=name, digits=display.current().digits(_language()))


@register.filter
def calendar_digits(value: object) -> str:
    """Any number or text with the reader's digits: `{{ count|calendar_digits }}`."""
    if value is None:
        return ""
    return dates.with_digits(str(value), display.current().digits(_language()))
