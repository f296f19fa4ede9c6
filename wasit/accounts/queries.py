"""Reads about accounts."""

from __future__ import annotations

from wasit.accounts.models import TOTPDevice


def has_second_factor(user_id: int | None) -> bool:
    return user_id is not None and TOTPDevice.objects.filter(user_id=user_id).exists()
