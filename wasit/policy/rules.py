"""One small function per (verb, kind of object); one condition per line.

`scopes.py` states the same rules as query filters for lists. The access
matrix tests catch any drift between the two faces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasit.audit.models import Event
from wasit.caucus.models import Message, Relay, Room, Withholding
from wasit.packages.models import NegotiationDomain, Proposal, ScoreVersion
from wasit.policy.audience import PARTY_PRIVATE
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_setup import ROOM_CLOSED, party_read_only
from wasit.policy.viewer import Viewer
from wasit.talks.models import Membership, Party, Round, Talks

Rule = Callable[[Viewer, Any], Decision]


def view_talks(viewer: Viewer, talks: Talks) -> Decision:
    if viewer.seat(talks.pk) is not None:
        return allow("holds a seat at the talks")
    return deny("holds no seat at the talks", visible=False)


def manage_talks(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.role == "lead_mediator":
        return allow("leads the mediation")
    return deny("only the lead mediator sets up the talks")


def view_party(viewer: Viewer, party: Party) -> Decision:
    if viewer.seat(party.talks_id) is not None:
        return allow("the parties at the talks are known to every member")
    return deny("holds no seat at the talks", visible=False)


def view_membership(viewer: Viewer, membership: Membership) -> Decision:
    seat = viewer.seat(membership.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators see every delegation")
    if membership.party_id is None:
        return allow("the mediator team is known to every member")
    if membership.party_id == seat.party_id:
        return allow("own delegation")
    return deny("another party's delegation", visible=False)


def view_round(viewer: Viewer, round_: Round) -> Decision:
    if viewer.seat(round_.talks_id) is not None:
        return allow("rounds are shared with every member")
    return deny("holds no seat at the talks", visible=False)


def manage_round(viewer: Viewer, round_: Round) -> Decision:
    seat = viewer.seat(round_.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators run the calendar")
    return deny("only mediators change a round")


def schedule_round(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators run the calendar")
    return deny("only mediators schedule rounds")


def open_talks(viewer: Viewer, _obj: Any) -> Decision:
    if viewer.is_operator:
        return allow("operators set up talks and appoint the lead mediator")
    if viewer.may_open_talks:
        return allow("an operator allowed this user to open talks")
    return deny("only an operator, or a user an operator allows, opens talks")


RULES: dict[tuple[str, type], Rule] = {
    ("view", Talks): view_talks,
    ("manage", Talks): manage_talks,
    ("schedule_round", Talks): schedule_round,
    ("view", Party): view_party,
    ("view", Membership): view_membership,
    ("view", Round): view_round,
    ("manage", Round): manage_round,
}

GLOBAL_RULES: dict[str, Rule] = {
    "open_talks": open_talks,
}


# --- caucus rooms and the relay -------------------------------------------

# Roles that speak in their caucus room; interpreters translate, observers watch.
SPEAKING_ROLES = frozenset({"head", "member", "expert", "counsel", "note_taker"})


def view_room(viewer: Viewer, room: Room) -> Decision:
    seat = viewer.seat(room.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators enter every room")
    if room.kind == "caucus" and room.party_id == seat.party_id:
        return allow("own party's caucus room")
    if room.kind == "joint":
        return allow("joint sessions hold every party")
    return deny("another party's room, or the mediators' own", visible=False)


def post_in_room(viewer: Viewer, room: Room) -> Decision:
    seen = view_room(viewer, room)
    if not seen:
        return seen
    seat = viewer.seat(room.talks_id)
    assert seat is not None  # noqa: S101 (view_room allowed)
    if not room.is_open():
        return deny("the room is closed", message=ROOM_CLOSED)
    # The talks' status from the room's fetch (select_related) or, for a room
    # the hot path cached, from the viewer's seat: no query either way.
    talks = room.talks if Room.talks.is_cached(room) else seat.talks
    read_only = party_read_only(seat, talks.status)
    if read_only is not None:
        return read_only
    if seat.is_mediator or seat.role in SPEAKING_ROLES:
        return allow("speaks in this room")
    return deny("interpreters and observers do not post messages")


def view_message(viewer: Viewer, message: Message) -> Decision:
    return view_room(viewer, message.room)


def relay_message(viewer: Viewer, message: Message) -> Decision:
    seen = view_message(viewer, message)
    if not seen:
        return seen
    if viewer.is_mediator_in(message.room.talks_id):
        return allow("mediators carry messages")
    return deny("only mediators relay or withhold")


def translate_message(viewer: Viewer, message: Message) -> Decision:
    return translate_in_room(viewer, message.room)


def view_relay(viewer: Viewer, relay: Relay) -> Decision:
    """The relayed text, as the destination room sees it."""
    return view_room(viewer, relay.room)


def view_provenance(viewer: Viewer, relay: Relay) -> Decision:
    """Where a relay came from, its original and its receipts."""
    if viewer.is_mediator_in(relay.room.talks_id):
        return allow("mediators see every relay beside its original")
    return deny("the source of a relay is the mediators' business", visible=False)


def view_withholding(viewer: Viewer, withholding: Withholding) -> Decision:
    if viewer.is_mediator_in(withholding.message.room.talks_id):
        return allow("mediators keep the reasons")
    return deny("withholding is the mediators' business", visible=False)


def follow_talks(viewer: Viewer, talks_id: int) -> Decision:
    """The live stream of one talks (by id: the stream never loads the row)."""
    if viewer.seat(talks_id) is not None:
        return allow("holds a seat at the talks")
    return deny("holds no seat at the talks", visible=False)


def translate_in_room(viewer: Viewer, room: Room) -> Decision:
    """The room page's translation form: interpreters and mediators who see the room."""
    seen = view_room(viewer, room)
    if not seen:
        return seen
    seat = viewer.seat(room.talks_id)
    if seat is not None and (seat.is_mediator or seat.role == "interpreter"):
        return allow("interprets in this room")
    return deny("only interpreters and mediators add translations")


def acknowledge_relays(viewer: Viewer, room: Room) -> Decision:
    """Delivery and read receipts: a recipient of the room's relays, never a mediator.

    A refusal here is not an error to show: a mediator's screen simply counts for nothing.
    """
    seen = view_room(viewer, room)
    if not seen:
        return seen
    if viewer.is_mediator_in(room.talks_id):
        return deny("a receipt means the recipients have it, not the mediators")
    return allow("a recipient of the room's relays")


def manage_rooms(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators open and close joint sessions")
    return deny("only mediators open joint sessions")


def view_event(viewer: Viewer, event: Event) -> Decision:
    """The live stream's question; `scopes.events` is the same rule for replay."""
    if event.talks_id is None:
        return allow("operator event") if viewer.is_operator else deny("operators only", visible=False)
    seat = viewer.seat(event.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    tokens = event.audience.split()
    if seat.is_mediator:
        if any(t.startswith(PARTY_PRIVATE) for t in tokens):
            return deny("the talks keep this party's scores from the mediators", visible=False)
        return allow("mediators see every event of their talks")
    if "all" in tokens or (seat.party_id is not None and (
            f"party:{seat.party_id}" in tokens or f"{PARTY_PRIVATE}{seat.party_id}" in tokens)):
        return allow("in the event's audience")
    return deny("not in the event's audience", visible=False)


RULES.update({
    ("view", Room): view_room,
    ("post", Room): post_in_room,
    ("view", Message): view_message,
    ("relay", Message): relay_message,
    ("translate", Message): translate_message,
    ("view", Relay): view_relay,
    ("view_provenance", Relay): view_provenance,
    ("view", Withholding): view_withholding,
    ("manage_rooms", Talks): manage_rooms,
    ("acknowledge", Room): acknowledge_relays,
    ("translate_in", Room): translate_in_room,
    ("view", Event): view_event,
})


# --- negotiation domains, private scores and proposed packages -------------


def view_domain(viewer: Viewer, domain: NegotiationDomain) -> Decision:
    if viewer.seat(domain.talks_id) is not None:
        return allow("every member sees the issues and options on the table")
    return deny("holds no seat at the talks", visible=False)


def define_domain(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators define the negotiation domain")
    return deny("only mediators define the negotiation domain")


def manage_domain(viewer: Viewer, domain: NegotiationDomain) -> Decision:
    """Who may read the scores is the lead mediator's call."""
    seat = viewer.seat(domain.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.role == "lead_mediator":
        return allow("leads the mediation")
    return deny("only the lead mediator changes the domain's settings")


def view_frontier(viewer: Viewer, domain: NegotiationDomain) -> Decision:
    """The frontier and the solutions: the engine's outputs, for the mediators alone."""
    seat = viewer.seat(domain.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators see the engine's outputs")
    return deny("the frontier would tell a party about the other side's scores")


def _scores_hidden(talks_id: int) -> bool:
    hidden = (NegotiationDomain.objects.filter(talks_id=talks_id).order_by("-id")
              .values_list("scores_hidden_from_mediators", flat=True).first())
    return bool(hidden)


def score_for_party(viewer: Viewer, party: Party) -> Decision:
    seat = viewer.seat(party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return deny("mediators do not score; each party scores for itself")
    if seat.party_id != party.pk:
        return deny("another party's scores", visible=False)
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if seat.role in SPEAKING_ROLES:
        return allow("scores for its own party")
    return deny("interpreters and observers do not change the scores")


def keep_own_scores(viewer: Viewer, talks: Talks) -> Decision:
    """A party's own scores page: read by its whole delegation; the mediators have the package view."""
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.party_id is None:
        return deny("mediators do not score; each party scores for itself")
    return allow("reads its own party's scores")


def view_party_scores(viewer: Viewer, party: Party) -> Decision:
    seat = viewer.seat(party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.party_id == party.pk:
        return allow("own party's scores")
    if seat.is_mediator:
        if _scores_hidden(party.talks_id):
            return deny("the talks keep the parties' scores from the mediators")
        return allow("mediators read the parties' scores")
    return deny("another party's scores", visible=False)


def view_score(viewer: Viewer, score: ScoreVersion) -> Decision:
    seat = viewer.seat(score.party.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.party_id == score.party_id:
        return allow("own party's scores")
    if seat.is_mediator and not score.domain.scores_hidden_from_mediators:
        return allow("mediators read the parties' scores")
    return deny("not this viewer's scores", visible=False)


def view_proposal(viewer: Viewer, proposal: Proposal) -> Decision:
    seat = viewer.seat(proposal.domain.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("mediators see every drafted package")
    if proposal.shared_at is not None:
        return allow("the package was put before the parties")
    return deny("a draft is the mediators' business", visible=False)


def share_proposal(viewer: Viewer, proposal: Proposal) -> Decision:
    seen = view_proposal(viewer, proposal)
    if not seen:
        return seen
    if viewer.is_mediator_in(proposal.domain.talks_id):
        return allow("mediators put packages before the parties")
    return deny("only mediators propose packages")


RULES.update({
    ("view", NegotiationDomain): view_domain,
    ("define_domain", Talks): define_domain,
    ("manage", NegotiationDomain): manage_domain,
    ("view_frontier", NegotiationDomain): view_frontier,
    ("propose", NegotiationDomain): view_frontier,
    ("score", Party): score_for_party,
    ("keep_own_scores", Talks): keep_own_scores,
    ("view_scores", Party): view_party_scores,
    ("view", ScoreVersion): view_score,
    ("view", Proposal): view_proposal,
    ("share", Proposal): share_proposal,
})


# --- how a relay is labelled -----------------------------------------------


def see_relay_mode(viewer: Viewer, relay: Relay) -> Decision:
    """Whether a relay was verbatim, paraphrased or summarised: the page and the API ask this."""
    seen = view_relay(viewer, relay)
    if not seen:
        return seen
    if viewer.is_mediator_in(relay.room.talks_id):
        return allow("mediators know how each relay was made")
    if relay.show_mode:
        return allow("the mediator chose to show the mode")
    return deny("the mediator kept the mode to the mediators")


RULES[("see_relay_mode", Relay)] = see_relay_mode


# --- the rules of the set-up, the people and the notifications ---------------
# Each in its own module; merged here so that `policy.can` has one table.
from wasit.policy import (  # noqa: E402
    rules_agenda,
    rules_mail,
    rules_offers,
    rules_people,
    rules_positions,
    rules_record,
    rules_rounds,
    rules_schedule,
    rules_setup,
    rules_texts,
)

for _module in (rules_setup, rules_agenda, rules_people, rules_mail, rules_positions,
                rules_schedule, rules_rounds, rules_texts, rules_record, rules_offers):
    RULES.update(_module.RULES)
    GLOBAL_RULES.update(_module.GLOBAL_RULES)
