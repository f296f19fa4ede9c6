"""Event kinds of invitations and of seat changes made from the people page.

An invitation's events are seen by the mediators and, for a delegation seat,
by that party; an invitation to the mediator team by the mediators alone.
Suspension and reinstatement are seen like a seating: the mediators, and the
party of a delegation seat (every member, for a mediator's seat).
"""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class InvitationSent(DomainEvent):
    """An invitation to a seat was sent by e-mail. The link itself is never logged."""

    kind = "invitations.invitation_sent"
    talks_id: int
    invitation_id: int
    party_id: int | None
    role: str
    email: str


@dataclass(frozen=True, kw_only=True)
class InvitationResent(DomainEvent):
    """An invitation was sent again with a new link; the old link no longer works."""

    kind = "invitations.invitation_resent"
    talks_id: int
    invitation_id: int
    party_id: int | None


@dataclass(frozen=True, kw_only=True)
class InvitationRevoked(DomainEvent):
    """An invitation was withdrawn before it was used; its link no longer works."""

    kind = "invitations.invitation_revoked"
    talks_id: int
    invitation_id: int
    party_id: int | None


@dataclass(frozen=True, kw_only=True)
class InvitationAccepted(DomainEvent):
    """The invitee used the link and took the seat (the seating is its own event)."""

    kind = "invitations.invitation_accepted"
    talks_id: int
    invitation_id: int
    party_id: int | None
    user_id: int
    new_account: bool


@dataclass(frozen=True, kw_only=True)
class SeatSuspended(DomainEvent):
    """A seat was suspended: the person sees nothing of the talks until it is reinstated.

    Their open live streams end at once.
    """

    kind = "invitations.seat_suspended"
    talks_id: int
    membership_id: int
    user_id: int
    party_id: int | None
    role: str


@dataclass(frozen=True, kw_only=True)
class SeatReinstated(DomainEvent):
    """A suspended seat was given back, with its role and delegation."""

    kind = "invitations.seat_reinstated"
    talks_id: int
    membership_id: int
    user_id: int
    party_id: int | None
    role: str
