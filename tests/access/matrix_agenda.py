"""The access matrix of the agenda: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and
the cell values. {agenda_issue} is the first Muscat agenda issue,
{withdrawn_agenda_issue} one the mediators withdrew (`tests/cast_agenda.py`).
Every member reads the agenda; the mediators, lead and co-mediator alike,
change it; a party member who tries gets 403.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "agenda page": ("GET", "/talks/{talks}/agenda/", "agenda:list"),
    "add agenda issue form": ("POST", "/talks/{talks}/agenda/add/", "agenda:add"),
    "edit agenda issue form": ("POST", "/agenda/{agenda_issue}/edit/", "agenda:edit"),
    "move agenda issue form": ("POST", "/agenda/{agenda_issue}/move/", "agenda:move"),
    "withdraw agenda issue form": ("POST", "/agenda/{agenda_issue}/withdraw/", "agenda:withdraw"),
    "restore agenda issue form": ("POST", "/agenda/{withdrawn_agenda_issue}/restore/", "agenda:restore"),
    "API agenda": ("GET", "/api/v1/talks/{talks}/agenda", "list_agenda_issues"),
    "API agenda issue": ("GET", "/api/v1/agenda/{agenda_issue}", "get_agenda_issue"),
    "API add agenda issue": ("POST", "/api/v1/talks/{talks}/agenda", "add_agenda_issue"),
    "API edit agenda issue": ("POST", "/api/v1/agenda/{agenda_issue}", "edit_agenda_issue"),
    "API move agenda issue": ("POST", "/api/v1/agenda/{agenda_issue}/move", "move_agenda_issue"),
    "API withdraw agenda issue": ("POST", "/api/v1/agenda/{agenda_issue}/withdraw", "withdraw_agenda_issue"),
    "API restore agenda issue": ("POST", "/api/v1/agenda/{withdrawn_agenda_issue}/restore",
                                 "restore_agenda_issue"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "agenda page": row(m=200, party=200),
    "add agenda issue form": row(m=302, party=403),
    "edit agenda issue form": row(m=302, party=403),
    "move agenda issue form": row(m=302, party=403),
    "withdraw agenda issue form": row(m=302, party=403),
    "restore agenda issue form": row(m=302, party=403),
    "API agenda": row(m=200, party=200, **API),
    "API agenda issue": row(m=200, party=200, **API),
    "API add agenda issue": row(m=201, party=403, **API),
    "API edit agenda issue": row(m=200, party=403, **API),
    "API move agenda issue": row(m=200, party=403, **API),
    "API withdraw agenda issue": row(m=200, party=403, **API),
    "API restore agenda issue": row(m=200, party=403, **API),
}


def _prefix(c: Cast) -> str:
    return f"i{c.extras['agenda_issue'][0].pk}"


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "add agenda issue form": lambda c: {"new-title_en": "Prisoner releases"},
    "edit agenda issue form": lambda c: {f"{_prefix(c)}-title_en": "Restraint of allied groups"},
    "move agenda issue form": lambda c: {"position": "2"},
    "API add agenda issue": lambda c: {"title": {"en": "Prisoner releases", "fa": "آزادی زندانیان"}},
    "API edit agenda issue": lambda c: {"title": {"en": "Restraint of allied groups"}},
    "API move agenda issue": lambda c: {"position": 2},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
