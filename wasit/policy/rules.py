"""One small function per (verb, kind of object); one condition per line.

`scopes.py` states the same rules as query filters for lists. The access
matrix tests catch any drift between the two faces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasit.policy.decision import Decision, allow, deny
from wasit.policy.viewer import Viewer
from wasit.talks.models import Membership, Party, Round, Talks

Rule = Callable[[Viewer, Any], Decision]


def view_talks(viewer: Viewer, talks: Talks) -> Decision:
    if viewer.seat(talks.pk) is not None:
        return allow("holds a seat at the talks")
    return deny("holds no seat at the talks", visible=False)


def manage_talks(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.role == "lead_mediator":
        return allow("leads the mediation")
    return deny("only the lead mediator sets up the talks")


def view_party(viewer: Viewer, party: Party) -> Decision:
    if viewer.seat(party.talks_id) is not None:
        return allow("the parties at the talks are known to every member")
    return deny("holds no seat at the talks", visible=False)


def view_membership(viewer: Viewer, membership: Membership) -> Decision:
    seat = viewer.seat(membership.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators see every delegation")
    if membership.party_id is None:
        return allow("the mediator team is known to every member")
    if membership.party_id == seat.party_id:
        return allow("own delegation")
    return deny("another party's delegation", visible=False)


def view_round(viewer: Viewer, round_: Round) -> Decision:
    if viewer.seat(round_.talks_id) is not None:
        return allow("rounds are shared with every member")
    return deny("holds no seat at the talks", visible=False)


def manage_round(viewer: Viewer, round_: Round) -> Decision:
    seat = viewer.seat(round_.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators run the calendar")
    return deny("only mediators change a round")


def schedule_round(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators run the calendar")
    return deny("only mediators schedule rounds")


def open_talks(viewer: Viewer, _obj: Any) -> Decision:
    if viewer.is_operator:
        return allow("operators set up talks and appoint the lead mediator")
    return deny("only an operator opens talks")


RULES: dict[tuple[str, type], Rule] = {
    ("view", Talks): view_talks,
    ("manage", Talks): manage_talks,
    ("schedule_round", Talks): schedule_round,
    ("view", Party): view_party,
    ("view", Membership): view_membership,
    ("view", Round): view_round,
    ("manage", Round): manage_round,
}

GLOBAL_RULES: dict[str, Rule] = {
    "open_talks": open_talks,
}
