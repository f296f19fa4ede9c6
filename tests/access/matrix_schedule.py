"""The access matrix of the schedule: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see `matrix_agenda.py` for the pattern.
Everyone logged in keeps their own date display and their own calendar
feed; the routes name no user, so there is nothing of another to reach.
The feed itself needs no session: its token is the key, so the row here
asks with a token nobody holds (404 for every persona, logged in or not,
the same as a revoked one). What each persona's own feed carries is
checked by `tests/schedule/test_feed_access.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast

UNKNOWN_FEED = "/calendar/wcal_" + "A" * 43 + ".ics"

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "date display page": ("GET", "/settings/dates/", "schedule:display"),
    "save date display form": ("POST", "/settings/dates/", "schedule:display"),
    "calendar feed page": ("GET", "/calendar/feed/", "schedule:feed"),
    "new calendar feed link form": ("POST", "/calendar/feed/new/", "schedule:new_feed_link"),
    "turn calendar feed off form": ("POST", "/calendar/feed/off/", "schedule:turn_off_feed"),
    "calendar feed with an unknown link": ("GET", UNKNOWN_FEED, "schedule:ics"),
    "API date display": ("GET", "/api/v1/settings/dates", "get_date_display"),
    "API save date display": ("PUT", "/api/v1/settings/dates", "put_date_display"),
    "API calendar feed": ("GET", "/api/v1/calendar/feed", "get_calendar_feed"),
    "API new calendar feed link": ("POST", "/api/v1/calendar/feed", "make_calendar_feed_link"),
    "API turn calendar feed off": ("DELETE", "/api/v1/calendar/feed", "turn_off_calendar_feed"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "date display page": row(m=200, party=200, out=200),
    "save date display form": row(m=302, party=302, out=302),
    "calendar feed page": row(m=200, party=200, out=200),
    # The new link is shown on the answer itself, once.
    "new calendar feed link form": row(m=200, party=200, out=200),
    # Back to the feed page, with "already off" for one who has no feed on.
    "turn calendar feed off form": row(m=302, party=302, out=302),
    "calendar feed with an unknown link": row(m=404, party=404, out=404, anon=404),
    "API date display": row(m=200, party=200, out=200, **API),
    "API save date display": row(m=200, party=200, out=200, **API),
    "API calendar feed": row(m=200, party=200, out=200, **API),
    # The link is in the answer, once.
    "API new calendar feed link": row(m=201, party=201, out=201, **API),
    # Idempotent: a feed already off (or never made) stays off, 200 too.
    "API turn calendar feed off": row(m=200, party=200, out=200, **API),
}

# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "save date display form": lambda c: {"calendar": "jalali", "digits": "native"},
    "API save date display": lambda c: {"calendar": "hijri", "digits": "native"},
    "API new calendar feed link": lambda c: {"language": "ar"},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
