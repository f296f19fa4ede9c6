"""What each reader sees of the menu, the sealed offers, the matches and the blind bids.

Every function here takes what the policy already allowed. Whether a reader
may see an offer's content is asked of the policy (`read_sealed`) in one
place, `sealed_content`, so that every door agrees.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from wasit import policy
from wasit.engine.bids import BidTerms, SettlementRule
from wasit.engine.commitment import offer_from_json
from wasit.engine.matching import Menu, Offer
from wasit.engine.matching import Move as EngineMove
from wasit.offers.models import (
    BidContest,
    BlindBid,
    Move,
    OfferMatch,
    OfferSettings,
    OfferStatus,
    SealedOffer,
)
from wasit.policy import Viewer
from wasit.talks.models import Talks


def settings_for(talks_id: int) -> OfferSettings:
    """The talks' offer settings, or the defaults (unsaved) when the lead mediator never changed them."""
    return OfferSettings.objects.filter(talks_id=talks_id).first() or OfferSettings(talks_id=talks_id)


def moves_for(viewer: Viewer, talks: Talks) -> QuerySet[Move]:
    return policy.visible(viewer, Move).filter(talks=talks).order_by("pk")


def offers_for(viewer: Viewer, talks: Talks) -> QuerySet[SealedOffer]:
    return policy.visible(viewer, SealedOffer).filter(talks=talks).order_by("pk")


def matches_for(viewer: Viewer, talks: Talks) -> QuerySet[OfferMatch]:
    return policy.visible(viewer, OfferMatch).filter(talks=talks).order_by("pk")


def contests_for(viewer: Viewer, talks: Talks) -> QuerySet[BidContest]:
    return policy.visible(viewer, BidContest).filter(talks=talks).order_by("pk")


def get_move(viewer: Viewer, move_id: object) -> Move:
    return policy.get_visible(viewer, Move, move_id)


def get_offer(viewer: Viewer, offer_id: object) -> SealedOffer:
    return policy.get_visible(viewer, SealedOffer, offer_id)


def get_match(viewer: Viewer, match_id: object) -> OfferMatch:
    return policy.get_visible(viewer, OfferMatch, match_id)


def get_contest(viewer: Viewer, contest_id: object) -> BidContest:
    return policy.get_visible(viewer, BidContest, contest_id)


def engine_offer(row: SealedOffer) -> Offer:
    """The row as the engine's offer, exactly as it was committed to."""
    return offer_from_json({"id": str(row.pk), "party": str(row.party_id), "gives": row.gives,
                            "requires": row.requires, "partial_ok": row.partial_ok})


def menu(talks_id: int) -> Menu:
    """Every move of the talks, withdrawn ones too: a live offer naming one still stands as sealed."""
    return Menu(tuple(EngineMove(str(m.pk), m.unit or None) for m in Move.objects.filter(talks_id=talks_id)))


def live_offers(talks_id: int) -> QuerySet[SealedOffer]:
    return SealedOffer.objects.filter(talks_id=talks_id, status=OfferStatus.LIVE).order_by("pk")


def sealed_content(viewer: Viewer, row: SealedOffer) -> dict[str, Any] | None:
    """What the offer gives and requires, its nonce and note, for a reader the policy lets read it; else None."""
    if not policy.can(viewer, "read_sealed", row):
        return None
    return {"gives": row.gives, "requires": row.requires, "nonce": row.nonce, "note": row.note}


def match_offers(match: OfferMatch) -> list[SealedOffer]:
    return list(SealedOffer.objects.filter(match=match).order_by("pk"))


def own_bids(viewer: Viewer, contest: BidContest) -> list[BlindBid]:
    """The caller's own party's bids (never the other side's, never for the mediators)."""
    return list(policy.visible(viewer, BlindBid).filter(contest=contest).order_by("round_number"))


def terms(contest: BidContest) -> BidTerms:
    return BidTerms(rounds=contest.rounds, gap_percent=contest.gap_percent,
                    gap_amount=Decimal(contest.gap_amount) if contest.gap_amount else None,
                    rule=SettlementRule(contest.rule))
