"""Rules of the rounds: their history, agenda, minutes and the summaries for each party.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

- A round, its history and its agenda are shared with every member of the
  talks; the mediators (lead and co-mediators alike) set the agenda.
- The minutes are the mediators' own record: a party may not learn they
  exist (404), as with the source of a relay.
- A summary written for one party is seen by the mediators and, once the
  mediators share it, by that party's whole delegation; never by another
  party (404).
"""

from __future__ import annotations

from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer
from wasit.talks.models import PartySummary, Round, RoundAgendaItem, RoundMinutes, RoundStep


def _member(viewer: Viewer, talks_id: int) -> Decision:
    if viewer.seat(talks_id) is not None:
        return allow("rounds are shared with every member")
    return deny("holds no seat at the talks", visible=False)


def view_step(viewer: Viewer, step: RoundStep) -> Decision:
    return _member(viewer, step.round.talks_id)


def view_agenda_item(viewer: Viewer, item: RoundAgendaItem) -> Decision:
    return _member(viewer, item.round.talks_id)


def set_round_agenda(viewer: Viewer, round_: Round) -> Decision:
    seat = viewer.seat(round_.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators set each round's agenda")
    return deny("only mediators set a round's agenda")


def keep_minutes(viewer: Viewer, round_: Round) -> Decision:
    """The minutes page and the summaries' forms: the mediators' own."""
    seat = viewer.seat(round_.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators keep the minutes")
    return deny("the minutes are the mediators' business", visible=False)


def view_minutes(viewer: Viewer, minutes: RoundMinutes) -> Decision:
    if viewer.is_mediator_in(minutes.round.talks_id):
        return allow("mediators read their minutes")
    return deny("the minutes are the mediators' business", visible=False)


def view_summary(viewer: Viewer, summary: PartySummary) -> Decision:
    seat = viewer.seat(summary.round.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators write the summaries")
    if seat.party_id != summary.party_id:
        return deny("another party's summary", visible=False)
    if summary.shared_at is None:
        return deny("not yet shared with the party", visible=False)
    return allow("shared with this party's delegation")


RULES: dict[tuple[str, type], Rule] = {
    ("view", RoundStep): view_step,
    ("view", RoundAgendaItem): view_agenda_item,
    ("set_agenda", Round): set_round_agenda,
    ("keep_minutes", Round): keep_minutes,
    ("view", RoundMinutes): view_minutes,
    ("view", PartySummary): view_summary,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}
