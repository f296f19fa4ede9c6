"""Who is asking: a user and their seats, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from wasit.talks.models import Membership


@dataclass(frozen=True)
class Viewer:
    """A user with their active seats, keyed by talks id.

    `system` is the actor of the command line and the demo loader: it may do
    anything, and every event it causes is still recorded.
    """

    user_id: int | None
    is_operator: bool = False
    seats: dict[int, Membership] = field(default_factory=dict)
    system: bool = False
    name: str = ""

    @cached_property
    def may_open_talks(self) -> bool:
        """An operator, or a user an operator allowed to ("may open talks", `talks.open_talks`).

        Looked up when first asked (only the open-talks rule asks), not with the seats:
        the seats are resolved for every request, and this question is rare.
        """
        if self.is_operator:
            return True
        return self.user_id is not None and _may_open_talks(self.user_id)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.system

    def seat(self, talks_id: int) -> Membership | None:
        return self.seats.get(talks_id)

    def is_mediator_in(self, talks_id: int) -> bool:
        seat = self.seats.get(talks_id)
        return seat is not None and seat.is_mediator

    def party_in(self, talks_id: int) -> int | None:
        seat = self.seats.get(talks_id)
        return seat.party_id if seat is not None else None

    @property
    def mediated_talks(self) -> list[int]:
        return [t for t, s in self.seats.items() if s.is_mediator]

    @property
    def member_talks(self) -> list[int]:
        return list(self.seats)

    @property
    def own_parties(self) -> list[int]:
        return [s.party_id for s in self.seats.values() if s.party_id is not None]


SYSTEM = Viewer(user_id=None, system=True)
ANONYMOUS = Viewer(user_id=None)


def viewer_for(user: AbstractBaseUser | AnonymousUser) -> Viewer:
    """Resolve a user's seats in one query."""
    from wasit.talks.models import Membership

    if not user.is_authenticated:
        return ANONYMOUS
    seats = {
        m.talks_id: m
        # With the talks: their settings (two-factor required) are asked of every request.
        for m in Membership.objects.filter(user_id=user.pk, active=True).select_related("talks")
    }
    name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
    return Viewer(user_id=user.pk, is_operator=bool(getattr(user, "is_staff", False)), seats=seats,
                  name=name)


def _may_open_talks(user_id: int) -> bool:
    """One indexed query: the permission given to the user, or to one of their groups."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    perm = {"content_type__app_label": "talks", "codename": "open_talks"}
    return get_user_model().objects.filter(
        Q(user_permissions__in=_permission_ids(**perm)) | Q(groups__permissions__in=_permission_ids(**perm)),
        pk=user_id, is_active=True,
    ).exists()


def _permission_ids(**lookup: str) -> object:
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(**lookup).values("pk")
