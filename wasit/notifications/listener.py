"""Opt-in mail notifications, queued in the transaction that records the event.

`audit.on_record` calls `notify` for every event, on the relay's hot path
(the single writer records many relays in one transaction), so it returns
at once for kinds it does not tell of, and asks one indexed query for the
recipients of those it does (a second one, for the talks' or round's name,
only when someone is to be told).

Who may be told is the policy's answer: a recipient's seat must read the
event's stored audience (`policy.audience.seats_that_read`), on top of
whom each notification means to tell. A mail says only that something
happened, where, and links there: never a message's text, a reason, a seat
title or anything else only some may read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from wasit.audit.events import DomainEvent
from wasit.audit.models import Event
from wasit.db.prepared import Prepared
from wasit.notifications import outbox
from wasit.notifications.models import Preferences
from wasit.policy.audience import seats_that_read
from wasit.talks.models import Membership, Round, Talks

_log = logging.getLogger(__name__)

Recipient = tuple[int, str, str]  # user id, address, language


def link(path: str) -> str:
    return settings.WASIT_BASE_URL.rstrip("/") + path


def _seats(talks_id: int, row: Event, **targeting: Any) -> QuerySet[Membership]:
    qs = (Membership.objects.filter(seats_that_read(row.audience), talks_id=talks_id, active=True,
                                    user__is_active=True, **targeting)
          .exclude(user__email=""))
    if row.actor_id is not None:
        qs = qs.exclude(user_id=row.actor_id)
    return qs


def _recipients(qs: QuerySet[Membership]) -> list[Recipient]:
    return list(qs.values_list("user_id", "user__email", "user__mail_preferences__language"))


# A relay's recipients are asked on the writer's hot path: the query is
# compiled once per audience (whose parties and roles it spells out) and
# whether an actor is left out (`wasit.db.prepared`), then run afresh.
_RELAY_QUERIES_LIMIT = 4096
_relay_queries: dict[tuple[str, bool], Prepared] = {}


def _relay_query(audience: str, with_actor: bool) -> Prepared:
    def build(talks_id: int, room_id: int, actor_id: int = 0) -> QuerySet[Any]:
        row = Event(audience=audience, actor_id=actor_id if with_actor else None)
        # The room's own delegation only: never the mediators, who carried it.
        return _seats(talks_id, row, party__caucus_room__id=room_id, party__caucus_room__kind="caucus",
                      user__mail_preferences__relays=True).values_list(
            "user_id", "user__email", "user__mail_preferences__language")

    parameters: dict[str, type] = {"talks_id": int, "room_id": int, **({"actor_id": int} if with_actor else {})}
    return Prepared(build, **parameters)


def _relay_recipients(talks_id: int, room_id: int, row: Event) -> list[Recipient]:
    key = (row.audience, row.actor_id is not None)
    query = _relay_queries.get(key)
    if query is None:
        if len(_relay_queries) >= _RELAY_QUERIES_LIMIT:
            _relay_queries.clear()
        query = _relay_queries[key] = _relay_query(*key)
    values = {"talks_id": talks_id, "room_id": room_id}
    if row.actor_id is not None:
        values["actor_id"] = row.actor_id
    return [(int(user_id), str(address), str(language)) for user_id, address, language in query.rows(**values)]


def _send(kind: str, template: str, recipients: list[Recipient], context: dict[str, Any],
          talks_id: int | None) -> None:
    context = {**context, "preferences_link": link(reverse("notifications:preferences"))}
    for user_id, address, language in recipients:
        if "@" not in address:  # a bad address on one account must not fail the action
            _log.warning("user %s has no usable e-mail address; not notified", user_id)
            continue
        outbox.enqueue(kind=kind, to=address, template=f"notifications/mail/{template}",
                       context=context, language=language, user_id=user_id, talks_id=talks_id)


def _relayed(event: DomainEvent, row: Event, talks_id: int) -> None:
    room_id: int = getattr(event, "room_id")  # noqa: B009 (typed by the kind, not the class)
    recipients = _relay_recipients(talks_id, room_id, row)
    if recipients:
        talks = Talks.objects.get(pk=talks_id)
        _send("notify.relay", "relay", recipients,
              {"talks": talks, "link": link(reverse("caucus:room", args=[room_id]))}, talks.pk)


def _round(template: str) -> Callable[[DomainEvent, Event, int], None]:
    def notify_round(event: DomainEvent, row: Event, talks_id: int) -> None:
        if template == "round_postponed" and getattr(event, "status", None) != "postponed":
            return
        round_id: int = getattr(event, "round_id")  # noqa: B009
        recipients = _recipients(_seats(talks_id, row, user__mail_preferences__rounds=True))
        if recipients:
            round_ = Round.objects.select_related("talks").get(pk=round_id)
            _send(f"notify.{template}", template, recipients,
                  {"talks": round_.talks, "round": round_,
                   "link": link(reverse("talks:round", args=[round_id]))}, round_.talks_id)
    return notify_round


def _seat(template: str, *, to_the_talks: bool) -> Callable[[DomainEvent, Event, int], None]:
    def notify_seat(event: DomainEvent, row: Event, talks_id: int) -> None:
        user_id: int = getattr(event, "user_id")  # noqa: B009
        if user_id == row.actor_id:
            return
        found = (Preferences.objects.filter(user_id=user_id, seats=True, user__is_active=True)
                 .exclude(user__email="").values_list("user_id", "user__email", "language").first())
        if found is not None:
            talks = Talks.objects.get(pk=talks_id)
            # A removed member can no longer open the talks: the link is to their list.
            path = reverse("talks:detail", args=[talks.pk]) if to_the_talks else reverse("talks:list")
            _send(f"notify.{template}", template, [found], {"talks": talks, "link": link(path)}, talks.pk)
    return notify_seat


# By kind string, not class: a kind another app adds later (the round's new
# dates) is handled as soon as it is recorded, with no import of it here.
HANDLERS: dict[str, Callable[[DomainEvent, Event, int], None]] = {
    "message.relayed": _relayed,
    "talks.round_status_changed": _round("round_postponed"),
    "talks.round_rescheduled": _round("round_rescheduled"),
    "talks.member_seated": _seat("seated", to_the_talks=True),
    "talks.member_unseated": _seat("unseated", to_the_talks=False),
}


def notify(event: DomainEvent, row: Event) -> None:
    """Queue the notifications `event` calls for (`audit.on_record`'s callback)."""
    handler = HANDLERS.get(event.kind)
    if handler is None or event.talks_id is None:
        return
    handler(event, row, event.talks_id)
