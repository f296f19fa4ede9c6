"""Two delegates saving the same position from the same version at the same moment.

Each race releases two threads, each with its own database connection,
behind a barrier (`tests/races.py`), and repeats a few times so that it
bites without the log's lock: exactly one new version is saved, the other
delegate is told of the conflict, and nobody ever gets a 500.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.personas import Cast
from tests.races import race
from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.policy import viewer_for
from wasit.positions import actions
from wasit.positions.actions import StaleVersion
from wasit.positions.models import PositionVersion
from wasit.positions.queries import latest_version

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 6
DELEGATES = ("us_head", "us_member")


def first(cast: Cast) -> AgendaIssue:
    return AgendaIssue.objects.get(talks=cast.talks, position=1)


def versions(cast: Cast) -> list[int]:
    return list(PositionVersion.objects.filter(party=cast.parties["us"], issue=first(cast))
                .order_by("version").values_list("version", flat=True))


def recorded(cast: Cast) -> int:
    return Event.objects.filter(kind="positions.position_recorded", talks_id=cast.talks.pk).count()


def clients(cast: Cast) -> list[Client]:
    made = []
    for persona in DELEGATES:
        client = Client()
        client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        made.append(client)
    return made


def test_two_delegates_saving_from_the_same_version_at_once_give_one_version_and_one_conflict(cast: Cast) -> None:
    us, issue = cast.parties["us"], first(cast)
    head, member = (viewer_for(cast.user(p)) for p in DELEGATES)
    for i in range(TRIES):
        base, events = latest_version(us, issue), recorded(cast)
        results = race(*(lambda who=who, n=n, i=i, base=base: actions.record_position(
            who, us, issue=issue, base_version=base, demand={"en": f"Text {i} of delegate {n}"}, priority=3)
            for n, who in enumerate((head, member))))
        saved = [r for r in results if isinstance(r, PositionVersion)]
        refused = [r for r in results if isinstance(r, StaleVersion)]
        assert (len(saved), len(refused)) == (1, 1), results
        assert saved[0].version == (base or 0) + 1
        assert refused[0].current == saved[0].version, "the loser is told which version is now in force"
        assert latest_version(us, issue) == saved[0].version
        assert PositionVersion.objects.get(party=us, issue=issue, version=saved[0].version).demand == saved[0].demand
        assert recorded(cast) == events + 1, "one event: the loser's attempt left no trace"
    assert versions(cast) == list(range(1, len(versions(cast)) + 1)), "no gap, no duplicate"


def test_two_saves_at_once_over_the_api_are_one_201_and_one_409_never_a_500(cast: Cast) -> None:
    us, issue = cast.parties["us"], first(cast)
    url = f"/api/v1/talks/{cast.talks.pk}/parties/{us.pk}/positions"
    pair = clients(cast)
    for i in range(TRIES):
        base = latest_version(us, issue)
        results = race(*(lambda c=c, n=n, i=i, base=base: c.post(
            url, json.dumps({"issue_id": issue.pk, "base_version": base, "demand": {"en": f"API {i}-{n}"},
                             "priority": 2}), content_type="application/json")
            for n, c in enumerate(pair)))
        statuses = sorted(r.status_code for r in results)  # type: ignore[attr-defined]
        assert statuses == [201, 409], [getattr(r, "content", r) for r in results]
        won = next(r for r in results if r.status_code == 201)  # type: ignore[attr-defined]
        lost = next(r for r in results if r.status_code == 409)  # type: ignore[attr-defined]
        assert won.json()["version"] == (base or 0) + 1
        assert lost.json()["current_version"] == won.json()["version"]
        assert lost.json()["field"] == "base_version" and "while you were editing" in lost.json()["detail"]
    assert versions(cast) == list(range(1, len(versions(cast)) + 1))


def test_two_saves_at_once_from_the_page_are_one_saved_and_one_conflict_shown(cast: Cast) -> None:
    us, issue = cast.parties["us"], first(cast)
    url = f"/talks/{cast.talks.pk}/parties/{us.pk}/positions/{issue.pk}/"
    pair, p = clients(cast), f"p{issue.pk}"
    for i in range(TRIES):
        base = latest_version(us, issue)
        count = len(versions(cast))
        results = race(*(lambda c=c, n=n, i=i, base=base: c.post(url, {
            f"{p}-base_version": "" if base is None else str(base), f"{p}-demand_en": f"Form {i}-{n}",
            f"{p}-priority": "4", f"{p}-applies_from": ""}) for n, c in enumerate(pair)))
        statuses = sorted(r.status_code for r in results)  # type: ignore[attr-defined]
        assert statuses == [302, 409], [getattr(r, "content", r)[:300] for r in results]
        lost = next(r for r in results if r.status_code == 409)  # type: ignore[attr-defined]
        assert "while you were editing" in lost.content.decode()
        assert len(versions(cast)) == count + 1
