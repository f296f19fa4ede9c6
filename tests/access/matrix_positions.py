"""The access matrix of the positions: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and the
cell values. Objects: {agenda_issue} (the first Muscat issue, from
`cast_agenda.py`), {us_position} and {ir_position} (each party's newest
position on it, `tests/cast_positions.py`).

Decisions written here:
- a party's positions are read by its whole delegation and the mediators;
  another party gets 404 (as missing); the map, the assessments and the
  relay of a position are the mediators' (a party gets 403 at its talks,
  404 for the other party's position);
- a party's position is written by its head, members, counsel and experts;
  observers and interpreters get 403; the mediators 403 (they never write
  a party's line);
- only the party's head keeps its red lines from the mediators (`ush`, the
  US head: 302/200); its other speaking members get 403 like the observers.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, IR_ONLY, US_ONLY, row
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "positions link": ("GET", "/talks/{talks}/positions/", "positions:home"),
    "position map page": ("GET", "/talks/{talks}/positions/map/", "positions:map"),
    "position map since a round": ("GET", "/talks/{talks}/positions/map/?since={round}", "positions:map"),
    "US positions page": ("GET", "/talks/{talks}/parties/{us_party}/positions/", "positions:party"),
    "IR positions page": ("GET", "/talks/{talks}/parties/{ir_party}/positions/", "positions:party"),
    "save US position form": ("POST", "/talks/{talks}/parties/{us_party}/positions/{agenda_issue}/",
                              "positions:save"),
    "US red lines form": ("POST", "/talks/{talks}/parties/{us_party}/positions/red-lines/",
                          "positions:red_lines"),
    "assess agenda issue form": ("POST", "/agenda/{agenda_issue}/assessment/", "positions:assess"),
    "relay IR position page": ("GET", "/positions/{ir_position}/relay/", "positions:relay"),
    "relay IR position form": ("POST", "/positions/{ir_position}/relay/", "positions:relay"),
    "API US positions": ("GET", "/api/v1/talks/{talks}/parties/{us_party}/positions", "list_positions"),
    "API IR positions": ("GET", "/api/v1/talks/{talks}/parties/{ir_party}/positions", "list_positions"),
    "API record US position": ("POST", "/api/v1/talks/{talks}/parties/{us_party}/positions", "record_position"),
    "API US position": ("GET", "/api/v1/positions/{us_position}", "get_position"),
    "API IR position": ("GET", "/api/v1/positions/{ir_position}", "get_position"),
    "API US red lines": ("POST", "/api/v1/talks/{talks}/parties/{us_party}/red-lines", "set_red_lines_barred"),
    "API position map": ("GET", "/api/v1/talks/{talks}/position-map", "get_position_map"),
    "API assess agenda issue": ("POST", "/api/v1/agenda/{agenda_issue}/assessment", "record_assessment"),
    "API relay IR position": ("POST", "/api/v1/positions/{ir_position}/relay", "relay_position"),
}

US_WRITES = {"us": 302, "uso": 403, "ir": 404, "iri": 404, "iro": 404}
IR_OWN_403 = {"us": 404, "uso": 404, "ir": 403, "iri": 403, "iro": 403}

BY_KIND: dict[str, dict[str, object]] = {
    "positions link": row(m=302, party=302),
    "position map page": row(m=200, party=403),
    "position map since a round": row(m=200, party=403),
    "US positions page": row(m=200, **US_ONLY),
    "IR positions page": row(m=200, **IR_ONLY),
    "save US position form": row(m=403, **US_WRITES),
    "US red lines form": row(m=403, **{**US_WRITES, "us": 403}, ush=302),
    "assess agenda issue form": row(m=302, party=403),
    "relay IR position page": row(m=200, **IR_OWN_403),
    "relay IR position form": row(m=302, **IR_OWN_403),
    "API US positions": row(m=200, **US_ONLY, **API),
    "API IR positions": row(m=200, **IR_ONLY, **API),
    "API record US position": row(m=403, **{**US_WRITES, "us": 201}, **API),
    "API US position": row(m=200, **US_ONLY, **API),
    "API IR position": row(m=200, **IR_ONLY, **API),
    "API US red lines": row(m=403, **{**US_WRITES, "us": 403}, ush=200, **API),
    "API position map": row(m=200, party=403, **API),
    "API assess agenda issue": row(m=201, party=403, **API),
    "API relay IR position": row(m=201, **IR_OWN_403, **API),
}


def _issue(c: Cast) -> int:
    return int(c.extras["agenda_issue"][0].pk)


def _us_base(c: Cast) -> int:
    return int(c.extras["us_position"][0].version)


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "save US position form": lambda c: {
        f"p{_issue(c)}-base_version": str(_us_base(c)), f"p{_issue(c)}-demand_en": "Restraint, verified",
        f"p{_issue(c)}-priority": "4", f"p{_issue(c)}-applies_from": ""},
    "US red lines form": lambda c: {"barred": "on"},
    "assess agenda issue form": lambda c: {f"a{_issue(c)}-base_version": "2", f"a{_issue(c)}-gap": "bridgeable",
                                           f"a{_issue(c)}-note_en": "Closer still."},
    "relay IR position form": lambda c: {"room": str(c.rooms["us"].pk),
                                         "text": "Iran says it will talk with its partners."},
    "API record US position": lambda c: {"issue_id": _issue(c), "base_version": _us_base(c),
                                         "demand": {"en": "Restraint, verified"}, "priority": 4},
    "API US red lines": lambda c: {"barred": True},
    "API assess agenda issue": lambda c: {"base_version": 2, "gap": "bridgeable", "note": {"ar": "أقرب"}},
    "API relay IR position": lambda c: {"room_id": c.rooms["us"].pk,
                                        "text": "Iran says it will talk with its partners."},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
