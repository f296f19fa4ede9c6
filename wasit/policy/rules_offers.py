"""Rules of sealed conditional offers and blind bids.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

Who may do what, in short:

- Every member of the talks reads the menu of moves and knows that an offer
  exists (its party, when, its expiry, its status, its digest).
- An offer's content and nonce are read by its own party's delegation, by
  the mediators only when the talks say so (`mediators_see_sealed`, off by
  default), and, once revealed, by the parties in the match and the mediators.
  Another party never reads an unmatched offer; withdrawing it is 404.
- The party's negotiators (head, members, counsel, experts) submit and
  withdraw its offers and bid for it; interpreters, note-takers and observers read.
- The mediators define and withdraw moves and open blind-bid contests; only
  the lead mediator changes the talks' offer settings.
- A contest is known to the mediators and its two parties (404 for any other);
  a bid's figure is read by the bidder's delegation alone, never the mediators.
- Suspended or concluded talks are read-only for the parties (`party_read_only`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wasit.offers.models import (
    BidContest,
    BlindBid,
    Move,
    OfferMatch,
    OfferSettings,
    OfferStatus,
    SealedOffer,
)
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.rules_setup import party_read_only
from wasit.policy.rules_texts import STANCE_MARKERS
from wasit.policy.viewer import Viewer
from wasit.talks.models import Talks

# The delegation roles that speak for a party in offers and bids: those who mark its stances.
OFFER_MAKERS = STANCE_MARKERS

NEGOTIATORS_ONLY = _("Your role reads the offers; the negotiators make them.")


def mediators_see_sealed(talks_id: int) -> bool:
    return bool(OfferSettings.objects.filter(talks_id=talks_id).values_list("mediators_see_sealed", flat=True)
                .first())


def view_offers(viewer: Viewer, talks: Talks) -> Decision:
    if viewer.seat(talks.pk) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow("every member sees the menu and that offers exist")


def change_offer_settings(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.role == "lead_mediator":
        return allow("the lead mediator sets how offers are sealed")
    return deny("only the lead mediator changes the offer settings",
                message=_("Only the lead mediator changes these settings."))


def define_move(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators keep the menu of moves")
    return deny("only the mediators define moves", message=_("Only the mediators define the moves."))


def _negotiator(viewer: Viewer, talks: Talks, *, party_ids: set[int] | None = None) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return deny("the parties make offers and bids; the mediators hold them")
    assert seat.party_id is not None  # noqa: S101 (a party seat)
    if party_ids is not None and seat.party_id not in party_ids:
        return deny("not one of this contest's parties", visible=False)
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if seat.role in OFFER_MAKERS:
        return allow("the party's negotiators speak for it")
    return deny("note-takers, interpreters and observers do not make offers", message=NEGOTIATORS_ONLY)


def submit_offer(viewer: Viewer, talks: Talks) -> Decision:
    return _negotiator(viewer, talks)


def create_contest(viewer: Viewer, talks: Talks) -> Decision:
    return define_move(viewer, talks)


def view_move(viewer: Viewer, move: Move) -> Decision:
    if viewer.seat(move.talks_id) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow("the menu is shared with every member")


def withdraw_move(viewer: Viewer, move: Move) -> Decision:
    seen = view_move(viewer, move)
    if not seen:
        return seen
    return define_move(viewer, move.talks)


def view_offer(viewer: Viewer, offer: SealedOffer) -> Decision:
    if viewer.seat(offer.talks_id) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow("every member knows that an offer exists, never what it says")


def read_sealed(viewer: Viewer, offer: SealedOffer) -> Decision:
    seat = viewer.seat(offer.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.party_id is not None and seat.party_id == offer.party_id:
        return allow("the party's own offer")
    if offer.status == OfferStatus.REVEALED:
        if seat.is_mediator:
            return allow("a revealed offer is the mediators'")
        if seat.party_id is not None and offer.match_id is not None and SealedOffer.objects.filter(
                match_id=offer.match_id, party_id=seat.party_id).exists():
            return allow("revealed to the parties in its match")
        return deny("revealed to the parties in its match, not to this one")
    if seat.is_mediator and offer.status == OfferStatus.LIVE and mediators_see_sealed(offer.talks_id):
        return allow("the talks let the mediators read sealed offers")
    return deny("a sealed offer is its own party's")


def withdraw_offer(viewer: Viewer, offer: SealedOffer) -> Decision:
    seat = viewer.seat(offer.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return deny("a party withdraws its own offer; the mediators do not")
    if seat.party_id != offer.party_id:
        return deny("another party's offer", visible=False)
    decision = _negotiator(viewer, seat.talks)
    if not decision:
        return decision
    if offer.status != OfferStatus.LIVE:
        return deny("the offer is no longer live", message=_("This offer is no longer live: nothing to withdraw."))
    return allow("the party withdraws its own offer")


def view_match(viewer: Viewer, match: OfferMatch) -> Decision:
    seat = viewer.seat(match.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators see every match")
    if seat.party_id is not None and seat.party_id in match.party_ids:
        return allow("a party of the match")
    return deny("not a party of this match", visible=False)


def view_contest(viewer: Viewer, contest: BidContest) -> Decision:
    seat = viewer.seat(contest.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators run the contest")
    if seat.party_id in (contest.claimant_id, contest.respondent_id):
        return allow("one of the contest's two parties")
    return deny("not one of this contest's parties", visible=False)


def bid(viewer: Viewer, contest: BidContest) -> Decision:
    seen = view_contest(viewer, contest)
    if not seen:
        return seen
    decision = _negotiator(viewer, contest.talks, party_ids={contest.claimant_id, contest.respondent_id})
    if not decision:
        return decision
    if contest.closed_at is not None:
        return deny("the contest is over", message=_("This contest is over: no more bids."))
    return allow("a party of the contest bids")


def read_bid(viewer: Viewer, blind_bid: BlindBid) -> Decision:
    seat = viewer.seat(blind_bid.contest.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.party_id is not None and seat.party_id == blind_bid.party_id:
        return allow("the bidder's own delegation")
    return deny("a bid's figure is its bidder's alone, not even the mediators'", visible=False)


RULES: dict[tuple[str, type], Rule] = {
    ("view_offers", Talks): view_offers,
    ("change_offer_settings", Talks): change_offer_settings,
    ("define_move", Talks): define_move,
    ("submit_offer", Talks): submit_offer,
    ("create_contest", Talks): create_contest,
    ("view", Move): view_move,
    ("withdraw", Move): withdraw_move,
    ("view", SealedOffer): view_offer,
    ("read_sealed", SealedOffer): read_sealed,
    ("withdraw", SealedOffer): withdraw_offer,
    ("view", OfferMatch): view_match,
    ("view", BidContest): view_contest,
    ("bid", BidContest): bid,
    ("view", BlindBid): read_bid,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}
