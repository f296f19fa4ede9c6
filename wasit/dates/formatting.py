"""A day or an aware moment, written for a reader: calendar, language, digits and time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wasit.dates.calendars import Calendar, convert
from wasit.dates.digits import Digits, with_digits
from wasit.dates.names import era, language_of, month_name


class UnknownZone(ValueError):
    """Not an IANA time zone name (e.g. "Asia/Muscat")."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name!r} is not a known time zone.")


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or `UnknownZone`."""
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        raise UnknownZone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(name) from None


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment to show needs its time zone (an aware datetime)")
    return moment


def local_date(moment: dt.datetime, zone_name: str) -> dt.date:
    """The day it is in `zone_name` at `moment`."""
    return _aware(moment).astimezone(zone(zone_name)).date()


def format_date(day: dt.date, *, calendar: Calendar | str = Calendar.GREGORIAN, language: str = "en",
                digits: Digits | str = Digits.WESTERN) -> str:
    """E.g. "1 Ramadan 1445 AH", "١ رمضان ١٤٤٥ هـ", "۱ فروردین ۱۴۰۳ ش", "11 March 2024".

    Day, month name, year (and the era for Hijri and Jalali) in every
    language: the order Arabic and Persian readers use too. `OutOfRange` for a
    day Hijri or Jalali cannot show.
    """
    shown = convert(day, calendar)
    lang = language_of(language)
    text = f"{shown.day} {month_name(shown.calendar, shown.month, lang)} {shown.year}"
    mark = era(shown.calendar, lang)
    if mark:
        text = f"{text} {mark}"
    return with_digits(text, digits)


def format_time(moment: dt.datetime, *, zone_name: str = "UTC", digits: Digits | str = Digits.WESTERN) -> str:
    """The time of day in `zone_name`, on the 24-hour clock ("14:05", "١٤:٠٥")."""
    local = _aware(moment).astimezone(zone(zone_name))
    return with_digits(f"{local.hour:02d}:{local.minute:02d}", digits)


def format_datetime(moment: dt.datetime, *, zone_name: str = "UTC",
                    calendar: Calendar | str = Calendar.GREGORIAN, language: str = "en",
                    digits: Digits | str = Digits.WESTERN) -> str:
    """The day (on `calendar`) and the time, both as it is in `zone_name`."""
    local = _aware(moment).astimezone(zone(zone_name))
    lang = language_of(language)
    day = format_date(local.date(), calendar=calendar, language=lang, digits=digits)
    time = format_time(local, zone_name=zone_name, digits=digits)
    # Arabic and Persian take their own comma.
    return f"{day}{'، ' if lang in ('ar', 'fa') else ', '}{time}"
