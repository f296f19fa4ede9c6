"""The access matrix of sealed offers and blind bids (API only: no pages yet): entry points, cells, bodies.

Merged into `matrix.py`'s tables. Objects (`tests/cast_offers.py`): {move} a move on the
menu, {us_offer} the live sealed US offer, {offer_match} the revealed US–Iran pair,
{contest} the blind-bid contest (US claimant, Iran respondent) in its second round.

Decisions written here:
- every member reads the settings, the menu, the list of offers and any one offer (that
  it exists; its content is the policy's `read_sealed`, checked by the canary sweep and
  `tests/offers`); the matches and contests listed are those the member's party is in;
- only the lead mediator changes the settings (the co-mediator 403); the mediators
  define and withdraw moves and open contests (a party 403);
- a party's negotiators submit offers: both parties already hold their one live offer,
  so a well-formed submission is refused (400) and nothing changes; observers and
  interpreters 403; the mediators 403 (they hold offers, never make them);
- the US offer is withdrawn by the US negotiators (200), 403 for the US observer and
  the mediators, 404 for every Iranian seat (another party's offer is as if missing);
- both parties are in the revealed match and in the contest: each reads them; in the
  contest's second round each side's negotiators bid (201), others 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tests.access.cells import API, row
from tests.personas import Cast

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "API offer settings": ("GET", "/api/v1/talks/{talks}/offers/settings", "get_offer_settings"),
    "API change offer settings": ("POST", "/api/v1/talks/{talks}/offers/settings", "change_offer_settings"),
    "API moves": ("GET", "/api/v1/talks/{talks}/moves", "list_moves"),
    "API define move": ("POST", "/api/v1/talks/{talks}/moves", "define_move"),
    "API withdraw move": ("POST", "/api/v1/moves/{move}/withdraw", "withdraw_move"),
    "API offers": ("GET", "/api/v1/talks/{talks}/offers", "list_offers"),
    "API submit offer": ("POST", "/api/v1/talks/{talks}/offers", "submit_offer"),
    "API US offer": ("GET", "/api/v1/offers/{us_offer}", "get_offer"),
    "API withdraw US offer": ("POST", "/api/v1/offers/{us_offer}/withdraw", "withdraw_offer"),
    "API offer matches": ("GET", "/api/v1/talks/{talks}/offer-matches", "list_offer_matches"),
    "API offer match": ("GET", "/api/v1/offer-matches/{offer_match}", "get_offer_match"),
    "API offer commitments": ("GET", "/api/v1/offer-matches/{offer_match}/commitments", "get_offer_commitments"),
    "API bid contests": ("GET", "/api/v1/talks/{talks}/bid-contests", "list_bid_contests"),
    "API create bid contest": ("POST", "/api/v1/talks/{talks}/bid-contests", "create_bid_contest"),
    "API bid contest": ("GET", "/api/v1/bid-contests/{contest}", "get_bid_contest"),
    "API submit bid": ("POST", "/api/v1/bid-contests/{contest}/bids", "submit_bid"),
}

NEGOTIATORS = {"us": 400, "uso": 403, "ir": 400, "iri": 403, "iro": 403}

BY_KIND: dict[str, dict[str, object]] = {
    "API offer settings": row(m=200, party=200, **API),
    "API change offer settings": row(m=200, mc=403, party=403, **API),
    "API moves": row(m=200, party=200, **API),
    "API define move": row(m=201, party=403, **API),
    "API withdraw move": row(m=200, party=403, **API),
    "API offers": row(m=200, party=200, **API),
    "API submit offer": row(m=403, **NEGOTIATORS, **API),
    "API US offer": row(m=200, party=200, **API),
    "API withdraw US offer": row(m=403, us=200, uso=403, ir=404, iri=404, iro=404, **API),
    "API offer matches": row(m=200, party=200, **API),
    "API offer match": row(m=200, party=200, **API),
    "API offer commitments": row(m=200, party=200, **API),
    "API bid contests": row(m=200, party=200, **API),
    "API create bid contest": row(m=201, party=403, **API),
    "API bid contest": row(m=200, party=200, **API),
    "API submit bid": row(m=403, us=201, uso=403, ir=201, iri=403, iro=403, **API),
}


def _offer(c: Cast) -> dict[str, object]:
    moves = {m.text["en"]: m.pk for m in c.talks.offer_moves.all()}
    return {"gives": [{"move_id": moves["unfreeze funds held abroad"], "amount": "1000"}],
            "requires": [{"party_id": c.parties["ir"].pk, "move_id": moves["pause enrichment above 20%"]}],
            "expires_at": (timezone.now() + dt.timedelta(days=7)).isoformat()}


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "API change offer settings": lambda c: {"mediators_see_sealed": False, "live_offers_per_party": 1,
                                            "resubmit_seconds": 600},
    "API define move": lambda c: {"text": {"en": "open a hotline", "ar": "فتح خط ساخن"}},
    "API submit offer": _offer,
    "API create bid contest": lambda c: {"title": {"en": "Days to the first inspection"},
                                         "claimant_id": c.parties["ir"].pk, "respondent_id": c.parties["us"].pk,
                                         "unit": "days", "gap_amount": "5"},
    "API submit bid": lambda c: {"figure": "250000"},
}

# Routes that show nothing of any talks and need no row.
PUBLIC_URL_NAMES: set[str] = set()
