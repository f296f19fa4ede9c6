"""The JSON API of talks set-up: talks, parties, rooms, rounds, the agenda: parse, call one query or action, render."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["setup"])
