"""Who may see an event: computed here, stored with the event."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Q

from wasit.audit.events import DomainEvent

if TYPE_CHECKING:
    from wasit.policy.viewer import Viewer

ALL = frozenset({"all"})
MEDIATORS = frozenset({"mediators"})
# "party-private:<id>": that party alone. Unlike "party:<id>", the mediators do not
# see such an event (the talks keep that party's scores from them).
PARTY_PRIVATE = "party-private:"


@dataclass(frozen=True)
class Audience:
    """Tokens: "all" (every member of the talks), "mediators", "party:<id>",
    "party-private:<id>" (that party, never the mediators), "operators"."""

    tokens: frozenset[str]

    def encode(self) -> str:
        # Padded with spaces so that a stored audience can be matched by
        # `LIKE '% party:12 %'` without "party:1" also matching "party:12".
        return " " + " ".join(sorted(self.tokens)) + " "


@lru_cache(maxsize=4096)
def room_audience(room_id: int) -> frozenset[str]:
    """Whoever may enter the room. A room's kind and party never change, so this is cached."""
    from wasit.caucus.models import Room

    kind, party_id = Room.objects.values_list("kind", "party_id").get(pk=room_id)
    if kind == "joint":
        return ALL
    if kind == "caucus":
        return frozenset({"mediators", f"party:{party_id}"})
    return MEDIATORS


def audience(event: DomainEvent) -> Audience:
    from wasit.caucus import events as caucus
    from wasit.packages import events as packages
    from wasit.talks import events as talks

    if event.talks_id is None:
        return Audience(frozenset({"operators"}))
    if isinstance(event, talks.MemberSeated | talks.MemberUnseated | talks.MemberRoleChanged):
        # Who sits in a delegation is that party's business; the mediator
        # team is known to every member.
        party = {f"party:{event.party_id}"} if event.party_id is not None else {"all"}
        return Audience(MEDIATORS | party)
    from wasit.invitations import events as invitations

    if isinstance(event, invitations.SeatSuspended | invitations.SeatReinstated):
        # As a seating: the party's business, the mediator team known to all.
        party = {f"party:{event.party_id}"} if event.party_id is not None else {"all"}
        return Audience(MEDIATORS | party)
    if isinstance(event, invitations.InvitationSent | invitations.InvitationResent
                  | invitations.InvitationRevoked | invitations.InvitationAccepted):
        # An invitation is the mediators' business, and the party's it would seat.
        return Audience(MEDIATORS | ({f"party:{event.party_id}"} if event.party_id is not None else set()))
    if isinstance(event, talks.TalksOpened | talks.PartyAdded | talks.RoundScheduled
                  | talks.RoundStatusChanged | caucus.RoomClosed):
        return Audience(ALL)
    if isinstance(event, talks.TalksEdited | talks.TalksStatusChanged | talks.PartyRenamed
                  | talks.RoundEdited | talks.RoundRescheduled | caucus.RoomReopened):
        return Audience(ALL)
    if isinstance(event, caucus.RoomOpened | caucus.MessagePosted | caucus.MessageRelayed
                  | caucus.TranslationAdded):
        return Audience(room_audience(event.room_id))
    if isinstance(event, packages.DomainDefined | packages.DomainSettingsChanged
                  | packages.ProposalShared):
        return Audience(ALL)
    from wasit.agenda import events as agenda

    if isinstance(event, agenda.IssueAdded | agenda.IssueEdited | agenda.IssueMoved
                  | agenda.IssueWithdrawn | agenda.IssueRestored):
        # The agenda is shared with every party.
        return Audience(ALL)
    if isinstance(event, packages.ScoresSaved):
        if event.hidden_from_mediators:
            return Audience(frozenset({f"{PARTY_PRIVATE}{event.party_id}"}))
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    if isinstance(event, packages.ProposalDrafted):
        return Audience(MEDIATORS)
    from wasit.positions import events as positions

    if isinstance(event, positions.PositionRecorded):
        # A party's position is its own and the mediators'; a change of a red
        # line the party keeps from the mediators is the party's alone.
        if event.hidden_from_mediators:
            return Audience(frozenset({f"{PARTY_PRIVATE}{event.party_id}"}))
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    if isinstance(event, positions.RedLinesBarred):
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    if isinstance(event, positions.AssessmentRecorded | positions.PositionRelayed):
        return Audience(MEDIATORS)
    if isinstance(event, talks.RoundAgendaSet):
        return Audience(ALL)
    if isinstance(event, talks.RoundMinutesSaved):
        return Audience(MEDIATORS)  # the minutes are the mediators' own
    if isinstance(event, talks.RoundSummarySaved):
        # A party's summary: that party once shared, never another.
        return Audience(MEDIATORS | ({f"party:{event.party_id}"} if event.shared else set()))
    from wasit.texts import events as texts

    if isinstance(event, texts.TextCreated | texts.TextVersionSaved):
        return Audience(MEDIATORS)  # drafts are the mediators' until shared
    if isinstance(event, texts.TextVersionShared | texts.TextSettingsChanged | texts.TextAgreed
                  | texts.TextSignedOff | texts.TextSigned):
        # The parties named are those the text was shared with: a party that
        # was never shown the text does not learn it exists.
        return Audience(MEDIATORS | {f"party:{p}" for p in event.party_ids})
    if isinstance(event, texts.StancesMarked):
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    from wasit.offers import events as offers

    if isinstance(event, offers.OfferSettingsChanged | offers.MoveDefined | offers.MoveWithdrawn):
        return Audience(ALL)  # every party knows whether the mediators read sealed offers
    if isinstance(event, offers.OfferSubmitted | offers.OfferWithdrawn | offers.OfferExpired
                  | offers.BlindBidSubmitted):
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    if isinstance(event, offers.OffersRevealed | offers.BidContestCreated | offers.BidRoundSettled):
        return Audience(MEDIATORS | {f"party:{p}" for p in event.party_ids})
    # Provenance, withholding, receipts, and any kind nobody has classified
    # yet: the mediators only. Failing closed keeps a new kind from leaking.
    return Audience(MEDIATORS)


# Not an audience token: what a mediator's reader and a stored audience meet
# on when no party keeps the event from the mediators.
_MEDIATOR_KEY = "~mediator"


@dataclass(frozen=True)
class StoredAudience:
    """An event's audience as stored on its row, parsed once for every stream.

    `keys` are what a reader must hold one of to see the event: its tokens,
    and the mediators' key unless a party keeps the event from them.
    """

    tokens: frozenset[str]
    keys: frozenset[str]


@lru_cache(maxsize=4096)
def stored(encoded: str) -> StoredAudience:
    tokens = frozenset(encoded.split())
    private = any(t.startswith(PARTY_PRIVATE) for t in tokens)
    return StoredAudience(tokens, tokens if private else tokens | {_MEDIATOR_KEY})


@dataclass(frozen=True)
class EventReader:
    """`rules.view_event` for one viewer at one talks, as set membership.

    The viewer sees an event of the talks if and only if it holds one of
    the event's `keys`: the same decision as `policy.can(viewer, "view",
    event)` (a test compares the two for every persona and event), without
    a rule lookup per stream and event. The live hub indexes streams by
    these keys, so that an event only visits the streams that may see it.
    """

    keys: frozenset[str]

    def admits(self, audience: StoredAudience) -> bool:
        return not self.keys.isdisjoint(audience.keys)


def seats_that_read(encoded: str) -> Q:
    """`reader(...).admits(...)` as a filter on seats (`Membership`) of the event's talks.

    For whoever reaches people outside the live stream (mail notifications):
    a seat matches if and only if its holder's reader admits the stored
    audience `encoded`. The caller adds the talks, `active=True`, and whom
    it means to tell.
    """
    from wasit.talks.models import MEDIATOR_ROLES

    tokens = stored(encoded).tokens
    q = Q(pk__in=[])
    if "all" in tokens:
        return Q()
    if not any(t.startswith(PARTY_PRIVATE) for t in tokens):
        # Mediators read every event of their talks unless a party keeps it from them.
        q |= Q(role__in=list(MEDIATOR_ROLES))
    for token in tokens:
        for prefix in ("party:", PARTY_PRIVATE):
            if token.startswith(prefix) and token[len(prefix):].isdigit():
                q |= Q(party_id=int(token[len(prefix):]))
    return q


def reader(viewer: Viewer, talks_id: int) -> EventReader | None:
    """How `viewer` reads the events of `talks_id`; None without a seat there."""
    seat = viewer.seat(talks_id)
    if seat is None:
        return None
    if seat.is_mediator:
        return EventReader(frozenset({_MEDIATOR_KEY}))
    keys = {"all"}
    if seat.party_id is not None:
        keys |= {f"party:{seat.party_id}", f"{PARTY_PRIVATE}{seat.party_id}"}
    return EventReader(frozenset(keys))
