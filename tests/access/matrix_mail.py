"""The access matrix of notifications: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and
the cell values. Every logged-in person has their own preferences and
nobody else's: the routes name no user, so there is nothing of another to
reach (tests/notifications/test_preferences.py checks that a save changes
only the caller's row).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "mail preferences page": ("GET", "/notifications/", "notifications:preferences"),
    "API mail preferences": ("GET", "/api/v1/notifications/preferences", "get_notification_preferences"),
    "API save mail preferences": ("PUT", "/api/v1/notifications/preferences",
                                  "put_notification_preferences"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "mail preferences page": row(m=200, party=200, out=200),
    "API mail preferences": row(m=200, party=200, out=200, **API),
    # Everyone logged in sets their own preferences (and only their own: no id in the URL).
    "API save mail preferences": row(m=200, party=200, out=200, **API),
}

# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "API save mail preferences": lambda c: {"language": "ar", "relays": True, "rounds": False,
                                            "seats": True},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
