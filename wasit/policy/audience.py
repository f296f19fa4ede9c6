"""Who may see an event: computed here, stored with the event."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True)
class Audience:
    """Tokens: "all" (every member of the talks), "mediators", "party:<id>", "operators"."""

    tokens: frozenset[str]

    def encode(self) -> str:
        return " " + " ".join(sorted(self.tokens)) + " "

    @classmethod
    def decode(cls, text: str) -> Audience:
        return cls(frozenset(text.split()))


def audience(event: DomainEvent) -> Audience:
    from wasit.talks import events as talks_events

    if event.talks_id is None:
        return Audience(frozenset({"operators"}))
    if isinstance(event, talks_events.MemberSeated):
        tokens = {"mediators"}
        if event.party_id is not None:
            tokens.add(f"party:{event.party_id}")
        else:
            tokens.add("all")  # the mediator team is known to every member
        return Audience(frozenset(tokens))
    if isinstance(event, talks_events.TalksOpened | talks_events.PartyAdded
                  | talks_events.RoundScheduled | talks_events.RoundStatusChanged):
        return Audience(frozenset({"all"}))
    # A kind nobody has classified yet is shown to the mediators only:
    # failing closed keeps a new event from leaking to a party.
    return Audience(frozenset({"mediators"}))
