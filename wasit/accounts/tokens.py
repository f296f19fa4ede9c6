"""Bearer tokens: how they look, and who a token speaks for."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "wst_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def user_for_token(token: str) -> int | None:
    """The active user a token speaks for, or None. One indexed lookup."""
    from wasit.accounts.models import APIToken

    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = (APIToken.objects.filter(digest=digest(token), revoked_at__isnull=True, user__is_active=True)
           .values_list("user_id", flat=True).first())
    return row
