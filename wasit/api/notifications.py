"""The JSON API of notifications: each user's preferences: parse, call one query or action, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import StrictBool

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.notifications import actions, queries
from wasit.notifications.models import Preferences

router = Router(tags=["notifications"])


class PreferencesIn(Schema):
    """Every field, every time (PUT replaces the preferences)."""

    model_config = {"extra": "forbid"}
    language: str
    relays: StrictBool
    rounds: StrictBool
    seats: StrictBool


class PreferencesOut(Schema):
    language: str
    relays: bool
    rounds: bool
    seats: bool
    address: str


def _out(prefs: Preferences, address: str) -> dict[str, Any]:
    return {"language": prefs.language, "relays": prefs.relays, "rounds": prefs.rounds,
            "seats": prefs.seats, "address": address}


@router.get("/notifications/preferences", response={200: PreferencesOut, **COMMON},
            operation_id="get_notification_preferences")
def get_notification_preferences(request: HttpRequest) -> dict[str, Any]:
    """Your own mail language and opt-ins (all off until you choose), and the address mails go to."""
    viewer = request_viewer(request)
    return _out(queries.preferences_of(viewer), queries.address_of(viewer))


@router.put("/notifications/preferences", response={200: PreferencesOut, 400: ErrorOut, **COMMON},
            operation_id="put_notification_preferences", openapi_extra=_body(PreferencesIn))
def put_notification_preferences(request: HttpRequest) -> dict[str, Any]:
    """Replace your own mail preferences. `language` is `en`, `ar` or `fa`; anything else is 400."""
    viewer = request_viewer(request)
    policy.require(viewer, "keep_mail_preferences")
    body = _parse(request, PreferencesIn)
    prefs = actions.save_preferences(viewer, language=body.language, relays=body.relays,
                                     rounds=body.rounds, seats=body.seats)
    return _out(prefs, queries.address_of(viewer))
