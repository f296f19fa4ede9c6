"""Two requests at the same moment: one succeeds, the other is refused, never a 500.

Each test starts two threads, each with its own database connection, behind a
barrier, and repeats the race a few times so that it bites without the locks.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from tests.races import race
from wasit.audit.models import Event
from wasit.demo import muscat
from wasit.packages import actions as packages
from wasit.packages.models import Proposal, ScoreVersion
from wasit.policy import ActionRefused, viewer_for

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 10


def shared() -> int:
    return Event.objects.filter(kind="packages.proposal_shared").count()


def test_two_delegates_saving_scores_at_once_get_consecutive_versions(cast: Cast) -> None:
    party = cast.parties["us"]
    weights, values, reservation = muscat.DEMO_SCORES["us"]

    def save(persona: str) -> Callable[[], object]:
        return lambda: packages.save_scores(viewer_for(cast.user(persona)), party, weights=weights,
                                            values=values, reservation=reservation)

    for _ in range(TRIES):
        results = race(save("us_head"), save("us_member"))
        assert all(isinstance(r, ScoreVersion) for r in results), results
    versions = list(ScoreVersion.objects.filter(party=party).values_list("version", flat=True))
    assert versions == list(range(1, len(versions) + 1))
    assert Event.objects.filter(kind="packages.scores_saved").count() >= 2 * TRIES


def test_saving_scores_at_once_over_http_never_fails(cast: Cast) -> None:
    weights, values, reservation = muscat.DEMO_SCORES["us"]
    body = {"weights": weights, "values": values, "reservation": reservation}
    clients = {}
    for persona in ("us_head", "us_member"):
        clients[persona] = Client()
        clients[persona].force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    url = f"/api/v1/talks/{cast.talks.pk}/scores"
    for _ in range(TRIES):
        results = race(*(lambda c=c: c.post(url, body, content_type="application/json").status_code
                         for c in clients.values()))
        assert set(results) <= {200, 201}, results


def test_sharing_a_proposal_twice_at_once_shares_it_once(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    co = viewer_for(cast.user("co_mediator"))
    domain = packages.current_domain(cast.talks.pk)
    assert domain is not None
    for i in range(TRIES):
        proposal = packages.propose_package(lead, domain, package=[i % 2, 0, 0, 0])
        before = shared()
        results = race(lambda p=proposal.pk: packages.share_proposal(lead, Proposal.objects.get(pk=p)),
                       lambda p=proposal.pk: packages.share_proposal(co, Proposal.objects.get(pk=p)))
        kinds = sorted(type(r).__name__ for r in results)
        assert kinds == ["ActionRefused", "Proposal"], results
        refusal = next(r for r in results if isinstance(r, ActionRefused))
        assert "already" in str(refusal)
        assert shared() == before + 1


def test_sharing_a_proposal_twice_at_once_over_http(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    domain = packages.current_domain(cast.talks.pk)
    assert domain is not None
    clients = []
    for persona in ("mediator", "co_mediator"):
        client = Client()
        client.force_login(cast.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    for i in range(TRIES):
        proposal = packages.propose_package(lead, domain, package=[0, i % 2, 0, 0])
        url = f"/api/v1/proposals/{proposal.pk}/share"
        before = shared()
        results = race(*(lambda c=c, u=url: c.post(u, {}, content_type="application/json").status_code
                         for c in clients))
        assert sorted(results) in ([200, 400], [201, 400]), results  # type: ignore[type-var]
        assert shared() == before + 1
