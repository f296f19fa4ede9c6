"""Helpers shared by the rounds' tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from wasit.audit.models import Event
from wasit.talks.models import PartySummary, Round, RoundAgendaItem, RoundMinutes, RoundStep


def api(client: Client, method: str, url: str, body: object = None) -> Any:
    if method == "GET":
        return client.get(f"/api/v1{url}")
    return client.post(f"/api/v1{url}", data=json.dumps(body), content_type="application/json")


def snapshot() -> tuple[object, ...]:
    """Every row the rounds' actions write, and the log's length: equal before and after = nothing changed."""
    return (*(list(m.objects.order_by("pk").values()) for m in
              (Round, RoundStep, RoundAgendaItem, RoundMinutes, PartySummary)), Event.objects.count())
