"""A Gregorian day on the Gregorian, Hijri (Umm al-Qura) and Jalali calendars, and back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import jdatetime  # type: ignore[import-untyped]  # (no stubs; three calls, typed below)
from hijridate import Gregorian, Hijri


class Calendar(StrEnum):
    GREGORIAN = "gregorian"
    HIJRI = "hijri"     # Umm al-Qura, the calendar of Saudi Arabia and of Oman's official dates
    JALALI = "jalali"   # the Solar Hijri calendar of Iran


class OutOfRange(ValueError):
    """A day the calendar cannot show (outside `wasit.dates.FIRST_DAY`..`LAST_DAY`)."""

    def __init__(self, day: dt.date | str) -> None:
        from wasit.dates import FIRST_DAY, LAST_DAY

        self.day = day
        super().__init__(f"{day} is outside the days every calendar can show "
                         f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}).")


@dataclass(frozen=True)
class CalendarDate:
    """A day as a calendar numbers it: `month` runs from 1 (Muharram, Farvardin, January)."""

    calendar: Calendar
    year: int
    month: int
    day: int


def _check(day: dt.date) -> None:
    from wasit.dates import supported

    if not supported(day):
        raise OutOfRange(day)


def convert(day: dt.date, calendar: Calendar | str) -> CalendarDate:
    """The day on `calendar`. Raises `OutOfRange` for a day Hijri or Jalali cannot show.

    A Gregorian day is never refused: it needs no table. The Jalali range is
    held to the Hijri one, so that no round shows on one calendar and not the other.
    """
    calendar = Calendar(calendar)
    if isinstance(day, dt.datetime):  # a datetime is a date too; its time is not the day's
        day = day.date()
    if calendar is Calendar.GREGORIAN:
        return CalendarDate(calendar, day.year, day.month, day.day)
    _check(day)
    if calendar is Calendar.HIJRI:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        return CalendarDate(calendar, h.year, h.month, h.day)
    j = jdatetime.date.fromgregorian(date=day)
    return CalendarDate(calendar, j.year, j.month, j.day)


def to_gregorian(date: CalendarDate) -> dt.date:
    """The Gregorian day of a calendar's day; `OutOfRange` (or `ValueError`) if it has none."""
    label = f"{date.year:04d}-{date.month:02d}-{date.day:02d} ({date.calendar})"
    try:
        if date.calendar is Calendar.GREGORIAN:
            day = dt.date(date.year, date.month, date.day)
            return day
        if date.calendar is Calendar.HIJRI:
            day = Hijri(date.year, date.month, date.day).to_gregorian()
            day = dt.date(day.year, day.month, day.day)
        else:
            day = jdatetime.date(date.year, date.month, date.day).togregorian()
    except OverflowError:
        raise OutOfRange(label) from None
    _check(day)
    return day
