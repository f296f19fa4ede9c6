"""Calendar feed tokens: how they look, and their digest (the only thing stored)."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "wcal_"
# Longer than any token `new_token` makes; a longer one is not looked up at all.
MAX_LENGTH = 100


def new_token() -> str:
    """256 random bits, URL-safe: the feed's link is the only key to it."""
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def well_formed(token: str) -> bool:
    return token.startswith(PREFIX) and len(token) <= MAX_LENGTH
