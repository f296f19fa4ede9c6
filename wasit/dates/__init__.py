"""Dates on three calendars: Gregorian, Hijri (Umm al-Qura) and Jalali; pure, no Django.

`convert()` gives a day's year, month and day on a calendar; `format_date()`,
`format_time()` and `format_datetime()` write a day or an aware moment the
way a reader of English, Arabic or Persian expects, with the digits they chose.
"""

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


# Below the range constants: these modules read them.
from wasit.dates.calendars import (  # noqa: E402
    Calendar,
    CalendarDate,
    OutOfRange,
    convert,
    to_gregorian,
)
from wasit.dates.digits import Digits, native_digits, with_digits  # noqa: E402
from wasit.dates.formatting import (  # noqa: E402
    UnknownZone,
    format_date,
    format_datetime,
    format_time,
    local_date,
    zone,
)
from wasit.dates.names import month_name  # noqa: E402

__all__ = [
    "FIRST_DAY", "LAST_DAY", "Calendar", "CalendarDate", "Digits", "OutOfRange", "UnknownZone",
    "convert", "format_date", "format_datetime", "format_time", "local_date", "month_name",
    "native_digits", "supported", "to_gregorian", "with_digits", "zone",
]
