"""The access matrix of the rounds: entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and the
cell values. {round} is round 3 (postponed, still open); {minuted_round} is
the January round, whose minutes carry the mediators' canary and whose
summaries carry each party's (`tests/cast_rounds.py`).

- Every member reads a round's page, history, agenda; the mediators (lead
  and co-mediator alike) set its agenda, a party member gets 403.
- The minutes and the summaries' forms are the mediators' own: a party may
  not learn they exist (404).
- The summaries list answers every member, each with what it may read: all
  of them for the mediators, its own shared one for a party (the canaries
  prove it).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.access.cells import API, row
from tests.personas import Cast
from wasit.talks.models import PartySummary, RoundMinutes

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "January round page": ("GET", "/rounds/{minuted_round}/", "talks:round"),
    "round agenda form": ("POST", "/rounds/{round}/agenda/", "talks:round_agenda"),
    "round minutes page": ("GET", "/rounds/{minuted_round}/minutes/", "talks:minutes"),
    "save minutes form": ("POST", "/rounds/{minuted_round}/minutes/save/", "talks:save_minutes"),
    "save US summary form": ("POST", "/rounds/{minuted_round}/summaries/{us_party}/", "talks:save_summary"),
    "API round history": ("GET", "/api/v1/rounds/{round}/history", "round_history"),
    "API January round history": ("GET", "/api/v1/rounds/{minuted_round}/history", "round_history"),
    "API round agenda": ("GET", "/api/v1/rounds/{minuted_round}/agenda", "get_round_agenda"),
    "API set round agenda": ("POST", "/api/v1/rounds/{round}/agenda", "set_round_agenda"),
    "API round minutes": ("GET", "/api/v1/rounds/{minuted_round}/minutes", "get_round_minutes"),
    "API save round minutes": ("POST", "/api/v1/rounds/{minuted_round}/minutes", "save_round_minutes"),
    "API round summaries": ("GET", "/api/v1/rounds/{minuted_round}/summaries", "list_round_summaries"),
    "API save US round summary": ("POST", "/api/v1/rounds/{minuted_round}/summaries/{us_party}",
                                  "save_round_summary"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "January round page": row(m=200, party=200),
    "round agenda form": row(m=302, party=403),
    "round minutes page": row(m=200, party=404),
    "save minutes form": row(m=302, party=404),
    "save US summary form": row(m=302, party=404),
    "API round history": row(m=200, party=200, **API),
    "API January round history": row(m=200, party=200, **API),
    "API round agenda": row(m=200, party=200, **API),
    "API set round agenda": row(m=200, party=403, **API),
    "API round minutes": row(m=200, party=404, **API),
    "API save round minutes": row(m=200, party=404, **API),
    "API round summaries": row(m=200, party=200, **API),
    "API save US round summary": row(m=200, party=404, **API),
}


def _minutes_version(c: Cast) -> int:
    return RoundMinutes.objects.get(round=c.extras["minuted_round"][0]).version


def _us_summary_version(c: Cast) -> int:
    return PartySummary.objects.get(round=c.extras["minuted_round"][0], party=c.parties["us"]).version


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "round agenda form": lambda c: {f"agenda-issue-{c.extras['agenda_issue'][0].pk}": "1"},
    "save minutes form": lambda c: {"minutes-text": "Both rooms heard.",
                                    "minutes-version": str(_minutes_version(c))},
    "save US summary form": lambda c: {f"p{c.parties['us'].pk}-text": "Iran will answer.",
                                       f"p{c.parties['us'].pk}-version": str(_us_summary_version(c))},
    "API set round agenda": lambda c: {"issues": [c.extras["agenda_issue"][0].pk]},
    "API save round minutes": lambda c: {"text": "Both rooms heard.", "version": _minutes_version(c)},
    "API save US round summary": lambda c: {"text": "Iran will answer.", "version": _us_summary_version(c)},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
