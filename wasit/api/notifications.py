"""The JSON API of notifications: each user's preferences: parse, call one query or action, render."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["notifications"])
