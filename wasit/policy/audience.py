"""Who may see an event: computed here, stored with the event."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wasit.audit.events import DomainEvent

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
    if isinstance(event, talks.MemberSeated):
        # Who sits in a delegation is that party's business; the mediator
        # team is known to every member.
        party = {f"party:{event.party_id}"} if event.party_id is not None else {"all"}
        return Audience(MEDIATORS | party)
    if isinstance(event, talks.TalksOpened | talks.PartyAdded | talks.RoundScheduled
                  | talks.RoundStatusChanged | caucus.RoomClosed):
        return Audience(ALL)
    if isinstance(event, caucus.RoomOpened | caucus.MessagePosted | caucus.MessageRelayed
                  | caucus.TranslationAdded):
        return Audience(room_audience(event.room_id))
    if isinstance(event, packages.DomainDefined | packages.DomainSettingsChanged
                  | packages.ProposalShared):
        return Audience(ALL)
    if isinstance(event, packages.ScoresSaved):
        if event.hidden_from_mediators:
            return Audience(frozenset({f"{PARTY_PRIVATE}{event.party_id}"}))
        return Audience(MEDIATORS | {f"party:{event.party_id}"})
    if isinstance(event, packages.ProposalDrafted):
        return Audience(MEDIATORS)
    # Provenance, withholding, receipts, and any kind nobody has classified
    # yet: the mediators only. Failing closed keeps a new kind from leaking.
    return Audience(MEDIATORS)
