"""Dates on three calendars: Gregorian, Hijri (Umm al-Qura) and Jalali; pure, no Django."""

from __future__ import annotations

import datetime as dt

# The days every calendar Wasit shows can render: the Umm al-Qura tables of
# `hijridate` (1 Muharram 1343 to 30 Dhu al-Hijjah 1500) are the narrowest.
# A round outside them is refused rather than shown wrong on one calendar.
FIRST_DAY = dt.date(1924, 8, 1)
LAST_DAY = dt.date(2077, 11, 16)


def supported(day: dt.date) -> bool:
    """Can every calendar show this day?"""
    return FIRST_DAY <= day <= LAST_DAY
