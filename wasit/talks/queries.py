"""Every read of talks, parties, seats and rounds, scoped to a viewer by the policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wasit import policy
from wasit.policy import Viewer
from wasit.talks.models import (
    Membership,
    Party,
    PartySummary,
    Round,
    RoundAgendaItem,
    RoundFormat,
    RoundMinutes,
    RoundStatus,
    RoundStep,
    Talks,
)


def talks_for(viewer: Viewer) -> QuerySet[Talks]:
    return policy.visible(viewer, Talks).prefetch_related("parties").order_by("-id")


def get_talks(viewer: Viewer, talks_id: object) -> Talks:
    return policy.get_visible(viewer, Talks, talks_id)


def get_round(viewer: Viewer, round_id: object) -> Round:
    return policy.get_visible(viewer, Round, round_id)


def parties_of(viewer: Viewer, talks: Talks) -> QuerySet[Party]:
    return policy.visible(viewer, Party).filter(talks=talks)


def seats_of(viewer: Viewer, talks: Talks) -> QuerySet[Membership]:
    return (
        policy.visible(viewer, Membership)
        .filter(talks=talks, active=True)
        .select_related("user", "party")
        .order_by("party_id", "id")
    )


def rounds_of(viewer: Viewer, talks: Talks) -> QuerySet[Round]:
    return policy.visible(viewer, Round).filter(talks=talks).order_by("number")


def get_party(viewer: Viewer, party_id: object) -> Party:
    return policy.get_visible(viewer, Party, party_id)


def parties_with_rooms(viewer: Viewer, talks: Talks) -> QuerySet[Party]:
    """The parties of the talks with their caucus rooms, for the set-up page (one query)."""
    return parties_of(viewer, talks).select_related("caucus_room").order_by("id")


def history_of(viewer: Viewer, round_: Round) -> QuerySet[RoundStep]:
    """The round's steps, oldest first, with who took them and the party that asked (one query)."""
    return (policy.visible(viewer, RoundStep).filter(round=round_)
            .select_related("round", "by", "asked_by_party").order_by("id"))


def agenda_of(viewer: Viewer, round_: Round) -> QuerySet[RoundAgendaItem]:
    """The round's agenda issues in their order (one query)."""
    return (policy.visible(viewer, RoundAgendaItem).filter(round=round_)
            .select_related("issue").order_by("position"))


def minutes_of(viewer: Viewer, round_: Round) -> RoundMinutes | None:
    """The mediators' minutes of the round; None if none were written or the viewer may not read them."""
    return policy.visible(viewer, RoundMinutes).filter(round=round_).first()


def summaries_of(viewer: Viewer, round_: Round) -> QuerySet[PartySummary]:
    """The summaries the viewer may read: every party's for the mediators, its own shared one for a party."""
    return (policy.visible(viewer, PartySummary).filter(round=round_)
            .select_related("party").order_by("party_id"))


def listening_round_on(talks_id: int, now: dt.datetime) -> Round | None:
    """The talks' current round if it is listening-only, whoever asks; for actions only.

    The current round is one planned or held whose local dates, in its own
    time zone, contain `now`'s local date there: a listening day stays one
    from its morning to its night, whatever its session times.
    """
    near = (Round.objects.filter(talks_id=talks_id, format=RoundFormat.LISTENING,
                                 status__in=[RoundStatus.PLANNED, RoundStatus.HELD],
                                 starts_at__lte=now + dt.timedelta(days=2),
                                 ends_at__gte=now - dt.timedelta(days=2))
            .order_by("number"))
    for round_ in near:
        today = now.astimezone(round_.zone).date()
        if round_.starts_on <= today <= round_.ends_on:
            return round_
    return None


def tabling_refused(talks_id: int, now: dt.datetime) -> str | None:
    """Why no proposal may be tabled (put before the parties) now, or None if one may."""
    listening = listening_round_on(talks_id, now)
    if listening is None:
        return None
    return _("Round %(number)d is listening only: no proposals are tabled in it. "
             "Share the package after it.") % {"number": listening.number}


def agenda_issues_of(viewer: Viewer, talks: Talks) -> QuerySet[Any]:
    """The talks' agenda issues in order, to choose a round's agenda from.

    The model is reached through the round agenda's relation: the agenda app
    sits above the talks in the layers.
    """
    model: Any = RoundAgendaItem._meta.get_field("issue").related_model
    return policy.visible(viewer, model).filter(talks=talks).order_by("position")
