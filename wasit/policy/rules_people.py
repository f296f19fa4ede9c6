"""Rules of people: invitations, seats, accounts and API tokens.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

Who may do what, in short:

- Mediators invite to any seat; a seat on the mediator team as lead mediator
  only by the lead mediator (or an operator, from the command line).
- A head of delegation invites into their own delegation only, and only while
  the lead mediator lets heads invite (`Talks.heads_may_invite`); they then
  see and manage their own delegation's pending invitations.
- Every member of the talks sees the people page; a party member sees their
  own delegation on it (as on the talks page), the mediators see everyone.
- Seats are changed (role, suspend, reinstate, remove) by the lead mediator;
  a co-mediator sees the forms refused (403).
- Operators manage accounts; everyone manages their own API tokens.
"""

from __future__ import annotations

from typing import Any

from wasit.invitations.models import Invitation
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer
from wasit.talks.models import Membership, Talks


def _heads_invite(viewer: Viewer, talks: Talks) -> bool:
    seat = viewer.seat(talks.pk)
    return seat is not None and seat.role == "head" and talks.heads_may_invite


def view_people(viewer: Viewer, talks: Talks) -> Decision:
    """The people page: the mediators see everyone; a party member their own delegation."""
    if viewer.seat(talks.pk) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow("every member sees the seats they may know of")


def invite_to_talks(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators seat anyone")
    if _heads_invite(viewer, talks):
        return allow("heads invite into their own delegation while the lead mediator allows it")
    return deny("only mediators invite, and heads when the lead mediator allows it")


def appoint_lead(viewer: Viewer, talks: Talks) -> Decision:
    """A lead mediator's seat: the lead mediator, or an operator."""
    if viewer.is_operator:
        return allow("operators appoint the lead mediator")
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.role == "lead_mediator":
        return allow("leads the mediation")
    return deny("only the lead mediator or an operator seats a lead mediator")


def view_invitations(viewer: Viewer, talks: Talks) -> Decision:
    """The list of pending invitations."""
    return invite_to_talks(viewer, talks)


def view_invitation(viewer: Viewer, invitation: Invitation) -> Decision:
    seat = viewer.seat(invitation.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators see every invitation")
    if (invitation.party_id is not None and invitation.party_id == seat.party_id
            and _heads_invite(viewer, invitation.talks)):
        return allow("a head who invites sees their own delegation's invitations")
    return deny("not this viewer's invitation to see", visible=False)


def manage_invitation(viewer: Viewer, invitation: Invitation) -> Decision:
    """Revoke or resend."""
    seen = view_invitation(viewer, invitation)
    if not seen:
        return seen
    if invitation.role == "lead_mediator":
        return appoint_lead(viewer, invitation.talks)
    return allow("whoever may see an invitation may withdraw or resend it")


def manage_seat(viewer: Viewer, membership: Membership) -> Decision:
    """Change a seat's role, suspend, reinstate or remove it."""
    seat = viewer.seat(membership.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if not seat.is_mediator and membership.party_id is not None and membership.party_id != seat.party_id:
        return deny("another party's delegation", visible=False)
    if seat.role == "lead_mediator":
        return allow("the lead mediator manages the seats")
    return deny("only the lead mediator changes seats")


def manage_accounts(viewer: Viewer, _obj: Any) -> Decision:
    if viewer.is_operator:
        return allow("operators manage accounts")
    return deny("only operators manage accounts", visible=False)


RULES: dict[tuple[str, type], Rule] = {
    ("view_people", Talks): view_people,
    ("invite", Talks): invite_to_talks,
    ("appoint_lead", Talks): appoint_lead,
    ("view_invitations", Talks): view_invitations,
    ("view", Invitation): view_invitation,
    ("manage", Invitation): manage_invitation,
    ("manage_seat", Membership): manage_seat,
}

GLOBAL_RULES: dict[str, GlobalRule] = {
    "manage_accounts": manage_accounts,
}
