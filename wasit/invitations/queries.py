"""Reads about invitations and the people at the talks, scoped to a viewer by the policy."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from wasit import policy
from wasit.invitations.models import Invitation
from wasit.policy import Viewer
from wasit.talks.models import Membership, Party, Talks


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def valid_invitation(token: str) -> Invitation | None:
    """The pending, unexpired invitation a link's token opens, or None (whatever the reason)."""
    if not token or len(token) > 200:
        return None
    return (Invitation.objects.select_related("talks", "party")
            .filter(digest=digest(token), accepted_at__isnull=True, revoked_at__isnull=True,
                    expires_at__gt=timezone.now()).first())


def pending_invitations(viewer: Viewer, talks: Talks) -> QuerySet[Invitation]:
    """The invitations not yet used or withdrawn (expired ones too, to resend), the viewer may see."""
    return (policy.visible(viewer, Invitation)
            .filter(talks=talks, accepted_at__isnull=True, revoked_at__isnull=True)
            .select_related("party", "created_by", "mail").order_by("id"))


def people_of(viewer: Viewer, talks: Talks) -> QuerySet[Membership]:
    """Every seat (active, suspended) the viewer may see, with the person and their authenticator."""
    from django.db.models import Exists, OuterRef, Q

    from wasit.accounts.models import TOTPDevice

    return (policy.visible(viewer, Membership)
            .filter(Q(active=True) | Q(suspended_at__isnull=False), talks=talks)
            .select_related("user", "party")
            .annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id"))))
            .order_by("party_id", "id"))


def party_at(talks: Talks, party_id: int) -> Party | None:
    """A party of these talks by id, or None (another talks' party is as unknown)."""
    if not 0 < party_id < 2**63:
        return None
    return Party.objects.filter(pk=party_id, talks=talks).first()


def get_invitation(viewer: Viewer, invitation_id: object) -> Invitation:
    return policy.get_visible(viewer, Invitation, invitation_id)


def get_seat(viewer: Viewer, membership_id: object) -> Membership:
    """A seat the viewer may know of (a removed one is missing)."""
    seat = policy.get_visible(viewer, Membership, membership_id)
    if not seat.active and seat.suspended_at is None:
        raise policy.NotFound
    return seat
