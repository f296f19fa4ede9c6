"""The access matrix of talks set-up: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and
the cell values.

Decisions written here:
- opening talks is for operators and users an operator allows (nobody in the
  cast but the operator): everyone else who is logged in gets 403;
- the talks' settings, status and parties are the lead mediator's: the
  co-mediator and the parties get 403 (they know the talks), others 404;
- rooms are opened and closed, and rounds scheduled and edited, by the
  mediators (both); a party gets 403, or 404 for another party's room;
- reopening the US room, which is open, is refused: a flash message on the
  page (302), 400 in the API.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast

LEAD_ONLY = {"m": 302, "mc": 403, "party": 403}
API_LEAD_ONLY = {"m": 200, "mc": 403, "party": 403, **API}
US_ROOM = {"us": 403, "uso": 403, "ir": 404, "iri": 404, "iro": 404}

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "new talks page": ("GET", "/talks/new/", "talks:new"),
    "new talks form": ("POST", "/talks/new/", "talks:new"),
    "talks settings page": ("GET", "/talks/{talks}/settings/", "talks:settings"),
    "talks settings form": ("POST", "/talks/{talks}/settings/save/", "talks:settings_save"),
    "talks status form": ("POST", "/talks/{talks}/settings/status/", "talks:status"),
    "parties page": ("GET", "/talks/{talks}/parties/", "talks:parties"),
    "add party form": ("POST", "/talks/{talks}/parties/add/", "talks:add_party"),
    "rename party form": ("POST", "/parties/{us_party}/rename/", "talks:rename_party"),
    "close US room form": ("POST", "/rooms/{us_room}/close-caucus/", "talks:close_room"),
    "reopen US room form": ("POST", "/rooms/{us_room}/reopen/", "talks:reopen_room"),
    "new round page": ("GET", "/talks/{talks}/rounds/new/", "talks:new_round"),
    "new round form": ("POST", "/talks/{talks}/rounds/new/", "talks:new_round"),
    "edit round page": ("GET", "/rounds/{round}/edit/", "talks:edit_round"),
    "edit round form": ("POST", "/rounds/{round}/edit/", "talks:edit_round"),
    "API create talks": ("POST", "/api/v1/talks", "create_talks"),
    "API edit talks": ("POST", "/api/v1/talks/{talks}", "edit_talks"),
    "API talks status": ("POST", "/api/v1/talks/{talks}/status", "change_talks_status"),
    "API add party": ("POST", "/api/v1/talks/{talks}/parties", "add_party"),
    "API rename party": ("POST", "/api/v1/parties/{us_party}", "rename_party"),
    "API close US room": ("POST", "/api/v1/rooms/{us_room}/close", "close_room"),
    "API reopen US room": ("POST", "/api/v1/rooms/{us_room}/reopen", "reopen_room"),
    "API schedule round": ("POST", "/api/v1/talks/{talks}/rounds", "schedule_round"),
    "API edit round": ("POST", "/api/v1/rounds/{round}", "edit_round"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "new talks page": row(m=403, party=403, out=403, op=200),
    "new talks form": row(m=403, party=403, out=403, op=302),
    "talks settings page": row(m=200, mc=403, party=403),
    "talks settings form": row(**LEAD_ONLY),
    "talks status form": row(**LEAD_ONLY),
    "parties page": row(m=200, party=403),
    "add party form": row(**LEAD_ONLY),
    "rename party form": row(**LEAD_ONLY),
    "close US room form": row(m=302, **US_ROOM),
    "reopen US room form": row(m=302, **US_ROOM),
    "new round page": row(m=200, party=403),
    "new round form": row(m=302, party=403),
    "edit round page": row(m=200, party=403),
    "edit round form": row(m=302, party=403),
    "API create talks": row(m=403, party=403, out=403, op=201, **API),
    "API edit talks": row(**API_LEAD_ONLY),
    "API talks status": row(**API_LEAD_ONLY),
    "API add party": row(**{**API_LEAD_ONLY, "m": 201}),
    "API rename party": row(**API_LEAD_ONLY),
    "API close US room": row(m=200, **US_ROOM, **API),
    "API reopen US room": row(m=400, **US_ROOM, **API),
    "API schedule round": row(m=201, party=403, **API),
    "API edit round": row(m=200, party=403, **API),
}

ROUND_FORM = {"title_en": "Technical round", "venue_en": "Muscat", "venue_ar": "مسقط",
              "starts_on": "2027-01-10", "ends_on": "2027-01-11", "time_zone": "Asia/Muscat",
              "format": "proximity"}

# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "new talks form": lambda c: {"title_en": "Water-sharing talks", "mediator_org_en": "Swiss FDFA",
                                 "status": "preparing"},
    "talks settings form": lambda c: {"title_en": "Talks on regional de-escalation",
                                      "mediator_org_en": "Sultanate of Oman", "heads_may_invite": "on"},
    "talks status form": lambda c: {"status": "suspended", "reason": "Consultations in the capitals."},
    "add party form": lambda c: {"new-code": "qa", "new-name_en": "Qatar"},
    "rename party form": lambda c: {f"p{c.parties['us'].pk}-code": "us",
                                    f"p{c.parties['us'].pk}-name_en": "The United States"},
    "new round form": lambda c: ROUND_FORM,
    "edit round form": lambda c: ROUND_FORM,
    "API create talks": lambda c: {"title": {"en": "Water-sharing talks"}, "mediator_org": {"en": "Swiss FDFA"}},
    "API edit talks": lambda c: {"heads_may_invite": True},
    "API talks status": lambda c: {"status": "suspended", "reason": "Consultations in the capitals."},
    "API add party": lambda c: {"code": "qa", "name": {"en": "Qatar", "ar": "قطر"}},
    "API rename party": lambda c: {"name": {"en": "The United States"}},
    "API schedule round": lambda c: {"venue": {"en": "Muscat"}, "starts_on": "2027-01-10",
                                     "ends_on": "2027-01-11", "time_zone": "Asia/Muscat",
                                     "format": "proximity"},
    "API edit round": lambda c: {"venue": {"en": "Geneva"}, "time_zone": "Europe/Zurich"},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
