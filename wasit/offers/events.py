"""Event kinds of sealed offers and blind bids. Each docstring is the kind's documentation.

No event carries what an offer gives or requires, its nonce, or a bid's
figure: those stay sealed in their rows. The log says that an offer was
submitted (with its digest), withdrawn, expired or revealed, and how a
round of blind bids ended.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OfferSettingsChanged(DomainEvent):
    """The lead mediator changed the talks' settings for sealed offers.

    Seen by every member: each party knows whether the mediators can read sealed offers.
    """

    kind = "offers.settings_changed"
    mediators_see_sealed: bool
    live_offers_per_party: int
    resubmit_seconds: int


@dataclass(frozen=True, kw_only=True)
class MoveDefined(DomainEvent):
    """A mediator put a move on the menu (its text is on the row). Seen by every member."""

    kind = "offers.move_defined"
    move_id: int
    issue_id: int | None
    party_id: int | None
    unit: str


@dataclass(frozen=True, kw_only=True)
class MoveWithdrawn(DomainEvent):
    """A mediator took a move off the menu; live offers naming it stay as they are. Seen by every member."""

    kind = "offers.move_withdrawn"
    move_id: int


@dataclass(frozen=True, kw_only=True)
class OfferSubmitted(DomainEvent):
    """A party sealed a conditional offer: its digest and expiry, never its content.

    Seen by the mediators and the submitting party.
    """

    kind = "offers.offer_submitted"
    offer_id: int
    party_id: int
    digest: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class OfferWithdrawn(DomainEvent):
    """A party withdrew its unmatched offer: it existed (digest), and ended; it is never revealed.

    Seen by the mediators and that party.
    """

    kind = "offers.offer_withdrawn"
    offer_id: int
    party_id: int
    digest: str


@dataclass(frozen=True, kw_only=True)
class OfferExpired(DomainEvent):
    """A live offer passed its expiry unmatched: it existed (digest), and ended; it is never revealed.

    Seen by the mediators and that party.
    """

    kind = "offers.offer_expired"
    offer_id: int
    party_id: int
    digest: str


@dataclass(frozen=True, kw_only=True)
class OffersRevealed(DomainEvent):
    """Live offers fitted together and were revealed at once (`offer_ids`, their `digests`).

    Seen by the mediators and the parties in the match; the content is on the rows,
    for those readers alone.
    """

    kind = "offers.offers_revealed"
    match_id: int
    offer_ids: list[int]
    party_ids: list[int]
    digests: list[str]


@dataclass(frozen=True, kw_only=True)
class BidContestCreated(DomainEvent):
    """A mediator opened rounds of blind bids between a claimant and a respondent.

    Seen by the mediators and the two parties.
    """

    kind = "offers.contest_created"
    contest_id: int
    party_ids: list[int]
    rounds: int


@dataclass(frozen=True, kw_only=True)
class BlindBidSubmitted(DomainEvent):
    """A party sealed its figure for a round (never the figure). Seen by the mediators and that party."""

    kind = "offers.bid_submitted"
    contest_id: int
    round_number: int
    party_id: int


@dataclass(frozen=True, kw_only=True)
class BidRoundSettled(DomainEvent):
    """Both sides bid in a round: it settled (`amount`) or not (`rounds_left`); never either figure.

    Seen by the mediators and the two parties.
    """

    kind = "offers.round_settled"
    contest_id: int
    round_number: int
    settled: bool
    amount: str | None
    rounds_left: int
    party_ids: list[int]
