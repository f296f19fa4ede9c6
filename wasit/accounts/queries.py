"""Reads about accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from wasit.accounts.models import APIToken, TOTPDevice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def has_second_factor(user_id: int | None) -> bool:
    return user_id is not None and TOTPDevice.objects.filter(user_id=user_id).exists()


def tokens_of(user_id: int | None) -> list[APIToken]:
    """A user's own API tokens, newest first (the digest is never shown)."""
    if user_id is None:
        return []
    return list(APIToken.objects.filter(user_id=user_id).order_by("-created_at", "-id"))


def find_own_token(user_id: int | None, label_or_id: str) -> APIToken | None:
    """A user's token by id, or by label (the newest live one of that label)."""
    if user_id is None:
        return None
    mine = APIToken.objects.filter(user_id=user_id)
    if label_or_id.isdigit():
        found = mine.filter(pk=int(label_or_id)).first()
        if found is not None:
            return found
    # Live tokens first on every database (PostgreSQL sorts NULL last by default).
    return mine.filter(label=label_or_id).order_by(F("revoked_at").asc(nulls_first=True), "-id").first()


def accounts(query: str = "") -> QuerySet[AbstractUser]:
    """Every account for the operators' page, with whether it may open talks."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    User = get_user_model()
    may_open = User.user_permissions.through.objects.filter(
        user_id=OuterRef("pk"), permission__codename="open_talks",
        permission__content_type__app_label="talks")
    qs = User.objects.annotate(may_open_talks=Exists(may_open), has_two_factor=Exists(
        TOTPDevice.objects.filter(user_id=OuterRef("pk")))).order_by("username")
    if query:
        qs = qs.filter(username__icontains=query) | qs.filter(email__icontains=query)
    return qs
