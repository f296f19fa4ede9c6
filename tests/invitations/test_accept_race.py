"""Two people use one invitation link at the same moment: one seat, one welcome, one "not valid".

Each race starts two threads, each with its own database connection, behind a
barrier (the pattern of tests/packages/test_races.py), and is repeated so
that it would bite without the chain lock.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Cast
from tests.races import race
from wasit.audit.models import Event
from wasit.invitations import actions
from wasit.invitations.models import Invitation
from wasit.policy import viewer_for
from wasit.talks.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 3
PASSWORD = "a long pass phrase 42"


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def test_two_new_accounts_racing_for_one_link_get_one_seat(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    for i in range(TRIES):
        invitation, link = actions.invite(lead, cast.talks, email=f"race{i}@example.org", role=Role.MEMBER,
                                          party=cast.parties["us"])
        token = _token(link)
        accepted_before = Event.objects.filter(kind="invitations.invitation_accepted").count()
        results = race(*(lambda name=f"racer{i}{n}", t=token: actions.accept_with_new_account(
                             t, username=name, password=PASSWORD) for n in "ab"))
        kinds = sorted(type(r).__name__ for r in results)
        assert kinds == ["InvitationInvalid", "tuple"], results
        refusal = next(r for r in results if isinstance(r, actions.InvitationInvalid))
        assert "not valid" in str(refusal.message)
        seats = Membership.objects.filter(talks=cast.talks, user__username__startswith=f"racer{i}")
        assert seats.count() == 1
        # The loser's account was rolled back with its transaction.
        assert type(cast.user("mediator")).objects.filter(username__startswith=f"racer{i}").count() == 1
        invitation.refresh_from_db()
        assert invitation.accepted_by_id == seats.get().user_id
        assert Event.objects.filter(kind="invitations.invitation_accepted").count() == accepted_before + 1


def test_two_logged_in_people_racing_for_one_link_over_http(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    from wasit.accounts.actions import create_user
    from wasit.policy import SYSTEM

    for i in range(TRIES):
        _inv, link = actions.invite(lead, cast.talks, email=f"http-race{i}@example.org", role=Role.OBSERVER,
                                    party=cast.parties["ir"])
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        clients = []
        for n in "ab":
            user = create_user(SYSTEM, username=f"http-racer{i}{n}", password=PASSWORD, check_password=False)
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients.append(client)
        results = race(*(lambda c=c, p=path: c.post(p, {"step": "accept"}) for c in clients))
        statuses = sorted(r.status_code for r in results)  # type: ignore[attr-defined]
        assert statuses == [302, 404], results
        loser = next(r for r in results if r.status_code == 404)  # type: ignore[attr-defined]
        assert b"not valid" in loser.content  # type: ignore[attr-defined]
        assert Membership.objects.filter(talks=cast.talks, user__username__startswith=f"http-racer{i}",
                                         active=True).count() == 1
        assert Invitation.objects.get(email=f"http-race{i}@example.org").accepted_at is not None


def test_two_mediators_inviting_one_address_at_once_send_one_invitation(cast: Cast) -> None:
    lead, co = viewer_for(cast.user("mediator")), viewer_for(cast.user("co_mediator"))
    for i in range(TRIES):
        email = f"twice{i}@example.org"
        results = race(*(lambda v=v, e=email: actions.invite(v, cast.talks, email=e, role=Role.MEMBER,
                                                            party=cast.parties["us"]) for v in (lead, co)))
        kinds = sorted(type(r).__name__ for r in results)
        assert kinds == ["ActionRefused", "tuple"], results
        assert "pending invitation" in str(next(r for r in results if not isinstance(r, tuple)))
        assert Invitation.objects.filter(email=email).count() == 1


def test_withdrawing_and_accepting_at_once_gives_one_answer(cast: Cast) -> None:
    lead = viewer_for(cast.user("mediator"))
    for i in range(TRIES):
        invitation, link = actions.invite(lead, cast.talks, email=f"late{i}@example.org", role=Role.MEMBER,
                                          party=cast.parties["ir"])
        token = _token(link)
        results = race(lambda inv=invitation: actions.revoke_invitation(lead, Invitation.objects.get(pk=inv.pk)),
                       lambda t=token, name=f"late{i}": actions.accept_with_new_account(
                           t, username=name, password=PASSWORD))
        invitation.refresh_from_db()
        seated = Membership.objects.filter(user__username=f"late{i}", active=True).exists()
        # Either the withdrawal won (no seat) or the acceptance did (the withdrawal is refused).
        assert (invitation.revoked_at is not None) != (invitation.accepted_at is not None), results
        assert seated == (invitation.accepted_at is not None)
        assert sum(isinstance(r, Exception) for r in results) == 1, results
