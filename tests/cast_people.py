"""What the people (invitations, seats, accounts, tokens) adds to the test cast (`tests/personas.py`).

`build(cast)` runs once per test run, after the Muscat cast is built, and
returns name -> (object in the Muscat talks, its counterpart in the other
talks); URL templates in the access matrix use them as {name}. Build by
calling actions, never by writing models.

- {us_invitation}: a pending invitation to the US delegation whose title
  carries the US canary (the mediators see it; Iran never may).
- {seat}: the US counsel's seat; {suspended}: a suspended US seat.
- "people-spare": an account the operator's routes act on, and a token of
  that label for every persona (the token routes revoke it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model

from wasit.accounts.actions import create_user, issue_token
from wasit.invitations import actions as invitations
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions as talks
from wasit.talks.models import Membership, Role

if TYPE_CHECKING:
    from tests.personas import Cast

PASSWORD = "correct horse battery staple"
SPARE = "people-spare"


def _user(username: str) -> Any:
    return create_user(SYSTEM, username=username, password=PASSWORD, check_password=False,
                       email=f"{username}@example.org")


def build(cast: Cast) -> dict[str, tuple[Any, Any]]:
    from tests.personas import CANARY

    lead = viewer_for(cast.user("mediator"))
    other_lead = viewer_for(get_user_model().objects.get(username="other-lead"))
    us = cast.parties["us"]
    us_invitation, _link = invitations.invite(
        lead, cast.talks, email="new-adviser@example.org", role=Role.MEMBER, party=us,
        title=f"Adviser {CANARY['us']}")
    other_invitation, _link = invitations.invite(
        other_lead, cast.other_talks, email="coast-adviser@example.org", role=Role.MEMBER,
        party=cast.other_party)
    seat = Membership.objects.get(talks=cast.talks, user__username="us-counsel")
    other_seat = talks.seat_member(other_lead, cast.other_talks, user_id=_user("coast-member").pk,
                                   role=Role.MEMBER, party=cast.other_party)
    suspended = talks.seat_member(lead, cast.talks, user_id=_user("us-suspended").pk, role=Role.MEMBER,
                                  party=us)
    invitations.suspend_seat(lead, suspended)
    other_suspended = talks.seat_member(other_lead, cast.other_talks, user_id=_user("coast-suspended").pk,
                                        role=Role.MEMBER, party=cast.other_party)
    invitations.suspend_seat(other_lead, other_suspended)
    _user(SPARE)
    for user in cast.users.values():
        issue_token(SYSTEM, user_id=user.pk, label=SPARE)
    return {"us_invitation": (us_invitation, other_invitation), "seat": (seat, other_seat),
            "suspended": (suspended, other_suspended)}
