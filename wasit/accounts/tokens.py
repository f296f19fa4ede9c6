"""Bearer tokens: how they look, and who a token speaks for."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db.models import QuerySet

from wasit.db.prepared import Prepared

PREFIX = "wst_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _token_user(token_digest: str) -> QuerySet[Any]:
    from wasit.accounts.models import APIToken

    return (APIToken.objects.filter(digest=token_digest, revoked_at__isnull=True, user__is_active=True)
            .values_list("user_id")[:1])


# Asked on every request of every client: compiled once (`wasit.db.prepared`).
_TOKEN_USER = Prepared(_token_user, token_digest=str)


def user_for_token(token: str) -> int | None:
    """The active user a token speaks for, or None. One indexed lookup."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = _TOKEN_USER.first(token_digest=digest(token))
    return int(row[0]) if row is not None else None
