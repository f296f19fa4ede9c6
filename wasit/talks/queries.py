"""Every read of talks, parties, seats and rounds, scoped to a viewer by the policy."""

from __future__ import annotations

from django.db.models import QuerySet

from wasit import policy
from wasit.policy import Viewer
from wasit.talks.models import Membership, Party, Round, Talks


def talks_for(viewer: Viewer) -> QuerySet[Talks]:
    return policy.visible(viewer, Talks).prefetch_related("parties").order_by("-id")


def get_talks(viewer: Viewer, talks_id: object) -> Talks:
    return policy.get_visible(viewer, Talks, talks_id)


def get_round(viewer: Viewer, round_id: object) -> Round:
    return policy.get_visible(viewer, Round, round_id)


def parties_of(viewer: Viewer, talks: Talks) -> QuerySet[Party]:
    return policy.visible(viewer, Party).filter(talks=talks)


def seats_of(viewer: Viewer, talks: Talks) -> QuerySet[Membership]:
    return (
        policy.visible(viewer, Membership)
        .filter(talks=talks, active=True)
        .select_related("user", "party")
        .order_by("party_id", "id")
    )


def rounds_of(viewer: Viewer, talks: Talks) -> QuerySet[Round]:
    return policy.visible(viewer, Round).filter(talks=talks).order_by("number")


def get_party(viewer: Viewer, party_id: object) -> Party:
    return policy.get_visible(viewer, Party, party_id)


def parties_with_rooms(viewer: Viewer, talks: Talks) -> QuerySet[Party]:
    """The parties of the talks with their caucus rooms, for the set-up page (one query)."""
    return parties_of(viewer, talks).select_related("caucus_room").order_by("id")
