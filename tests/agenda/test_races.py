"""Two mediators at the same moment: distinct positions, and an order with no gap or duplicate.

Each test starts two threads, each with its own database connection, behind a
barrier, and repeats the race a few times so that it bites without the lock.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.personas import Cast
from tests.races import race
from wasit.agenda import actions
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.policy import viewer_for
from wasit.talks.localized import LocalText

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 8


def positions(cast: Cast) -> list[int]:
    return list(AgendaIssue.objects.filter(talks=cast.talks).order_by("position")
                .values_list("position", flat=True))


def test_two_mediators_adding_at_once_get_distinct_positions(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    for i in range(TRIES):
        results = race(lambda i=i: actions.add_issue(lead, cast.talks, title=LocalText(en=f"Lead's {i}")),
                       lambda i=i: actions.add_issue(co, cast.talks, title=LocalText(en=f"Co's {i}")))
        assert all(isinstance(r, AgendaIssue) for r in results), results
        got = sorted(r.position for r in results)  # type: ignore[attr-defined]
        assert got[1] == got[0] + 1
    assert positions(cast) == list(range(1, len(positions(cast)) + 1))
    assert Event.objects.filter(kind="agenda.issue_added").count() >= 2 * TRIES


def test_two_moves_at_once_leave_every_issue_once_with_no_gap(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    ids = set(AgendaIssue.objects.filter(talks=cast.talks).values_list("pk", flat=True))
    count = len(ids)
    for i in range(TRIES):
        first = AgendaIssue.objects.get(talks=cast.talks, position=1)
        last = AgendaIssue.objects.get(talks=cast.talks, position=count)
        results = race(lambda f=first: actions.move_issue(lead, f, to=count),
                       lambda la=last, to=1 + i % 2: actions.move_issue(co, la, to=to))
        assert all(isinstance(r, AgendaIssue) for r in results), results
        rows = list(AgendaIssue.objects.filter(talks=cast.talks).values_list("pk", "position"))
        assert {pk for pk, _p in rows} == ids
        assert sorted(p for _pk, p in rows) == list(range(1, count + 1))


def test_two_adds_at_once_over_http_both_succeed(cast: Cast) -> None:
    clients = []
    for persona in ("mediator", "co_mediator"):
        client = Client()
        client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    url = f"/api/v1/talks/{cast.talks.pk}/agenda"
    for i in range(TRIES):
        results = race(*(lambda c=c, n=n, i=i: c.post(url, json.dumps({"title": {"en": f"Issue {i}-{n}"}}),
                                                      content_type="application/json")
                         for n, c in enumerate(clients)))
        assert [r.status_code for r in results] == [201, 201]  # type: ignore[attr-defined]
        got = sorted(r.json()["position"] for r in results)  # type: ignore[attr-defined]
        assert got[1] == got[0] + 1
    assert positions(cast) == list(range(1, len(positions(cast)) + 1))
