"""The JSON API of people: invitations, seats, accounts and API tokens: parse, call one query or action, render."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["people"])
