"""The JSON API of sealed conditional offers and blind bids: parse, call one query or action, render.

Every member of the talks sees the menu and that an offer exists (its party,
when, its expiry, its status, its digest). An offer's `content` (what it
gives and requires, and its nonce) is present only for a reader the policy
lets read it (its own party; the mediators only if the talks say so; after a
reveal, the parties of the match and the mediators), and null otherwise.
The submission's answer carries the nonce and digest so that the submitter
can verify the reveal offline. A bid's figure is shown to the bidder's own
delegation only (`own_bids`). Hidden is 404, exactly as missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool, StrictInt, StrictStr

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.engine.commitment import Commitment, commitments_document
from wasit.offers import actions, queries
from wasit.offers.models import BidContest, Move, OfferMatch, OfferSettings, SealedOffer
from wasit.talks import queries as talks_queries

router = Router(tags=["offers"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}
Texts = dict[StrictStr, StrictStr]
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
# An exact number: an integer or a decimal string ("12.5"); floats are refused (not exact).
Amount = Annotated[StrictStr, Field(max_length=100)] | StrictInt


# --- bodies -------------------------------------------------------------------------


class OfferSettingsIn(Schema):
    """The talks' choices for sealed offers (the lead mediator)."""

    model_config = {"extra": "forbid"}
    mediators_see_sealed: StrictBool
    live_offers_per_party: Annotated[int, Field(strict=True, ge=1, le=actions.MAX_LIVE_OFFERS)]
    resubmit_seconds: Annotated[int, Field(strict=True, ge=0, le=actions.MAX_RESUBMIT_SECONDS)]


class MoveIn(Schema):
    """A move of the menu: its text, the agenda issue and the party that would make it (none: any), its unit."""

    model_config = {"extra": "forbid"}
    text: Texts
    issue_id: Id | None = None
    party_id: Id | None = None
    unit: Annotated[str, Field(strict=True, max_length=32)] = ""


class GivenIn(Schema):
    model_config = {"extra": "forbid"}
    move_id: Id
    amount: Amount | None = None


class RequiredIn(Schema):
    model_config = {"extra": "forbid"}
    party_id: Id
    move_id: Id
    at_least: Amount | None = None
    at_most: Amount | None = None


class OfferIn(Schema):
    """A sealed conditional offer: the moves the party gives, what it requires of others, an expiry."""

    model_config = {"extra": "forbid"}
    gives: Annotated[list[GivenIn], Field(min_length=1, max_length=50)]
    requires: Annotated[list[RequiredIn], Field(min_length=1, max_length=50)]
    expires_at: dt.datetime
    partial_ok: StrictBool = True
    # The party's own words, sealed and revealed with the offer (not part of its digest).
    note: Annotated[str, Field(strict=True, max_length=actions.MAX_NOTE)] = ""


class ContestIn(Schema):
    """Rounds of blind bids: the claimant demands, the respondent offers; the gap and rule settle a round."""

    model_config = {"extra": "forbid"}
    title: Texts
    claimant_id: Id
    respondent_id: Id
    unit: Annotated[str, Field(strict=True, max_length=32)] = ""
    gap_percent: Amount | None = None
    gap_amount: Amount | None = None
    rule: Literal["midpoint", "demand", "offer"] = "midpoint"
    rounds: Annotated[int, Field(strict=True, ge=1, le=100)] = 3


class BidIn(Schema):
    """The party's sealed figure for the current round: an integer or a decimal string."""

    model_config = {"extra": "forbid"}
    figure: Amount


# --- answers --------------------------------------------------------------------------


class OfferSettingsOut(Schema):
    talks_id: int
    mediators_see_sealed: bool
    live_offers_per_party: int
    resubmit_seconds: int


class MoveOut(Schema):
    id: int
    talks_id: int
    issue_id: int | None
    party_id: int | None
    text: dict[str, str]
    unit: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None


class SealedContentOut(Schema):
    """The offer itself, in the engine's canonical form, and the nonce that opens its digest."""

    gives: dict[str, Any]
    requires: list[dict[str, Any]]
    nonce: str
    note: str


class OfferOut(Schema):
    id: int
    talks_id: int
    party_id: int
    digest: str
    partial_ok: bool | None
    submitted_at: dt.datetime
    expires_at: dt.datetime
    status: str
    ended_at: dt.datetime | None
    match_id: int | None
    # Null unless the caller may read the sealed offer.
    content: SealedContentOut | None


class MatchOut(Schema):
    id: int
    talks_id: int
    party_ids: list[int]
    offer_ids: list[int]
    package: dict[str, str]
    revealed_at: dt.datetime


class SubmissionOut(Schema):
    """The sealed offer, and what its submitter keeps to verify a reveal: the nonce and digest."""

    offer: OfferOut
    nonce: str
    digest: str
    match: MatchOut | None


class OwnBidOut(Schema):
    round_number: int
    figure: str
    submitted_at: dt.datetime


class ContestOut(Schema):
    id: int
    talks_id: int
    title: dict[str, str]
    claimant_id: int
    respondent_id: int
    unit: str
    gap_percent: str | None
    gap_amount: str | None
    rule: str
    rounds: int
    current_round: int
    settled: bool
    amount: str | None
    closed: bool
    # The caller's own party's figures (empty for the mediators and for the other side's bids).
    own_bids: list[OwnBidOut]


# --- rendering ------------------------------------------------------------------------


def _settings(row: OfferSettings) -> dict[str, Any]:
    return {"talks_id": row.talks_id, "mediators_see_sealed": row.mediators_see_sealed,
            "live_offers_per_party": row.live_offers_per_party, "resubmit_seconds": row.resubmit_seconds}


def _move(move: Move) -> dict[str, Any]:
    return {"id": move.pk, "talks_id": move.talks_id, "issue_id": move.issue_id, "party_id": move.party_id,
            "text": dict(move.text), "unit": move.unit, "created_at": move.created_at,
            "withdrawn_at": move.withdrawn_at}


def _offer(viewer: policy.Viewer, row: SealedOffer) -> dict[str, Any]:
    content = queries.sealed_content(viewer, row)
    return {"id": row.pk, "talks_id": row.talks_id, "party_id": row.party_id, "digest": row.digest,
            "partial_ok": row.partial_ok if content is not None else None,
            "submitted_at": row.submitted_at, "expires_at": row.expires_at, "status": row.status,
            "ended_at": row.ended_at, "match_id": row.match_id, "content": content}


def _match(match: OfferMatch) -> dict[str, Any]:
    return {"id": match.pk, "talks_id": match.talks_id, "party_ids": list(match.party_ids),
            "offer_ids": [o.pk for o in queries.match_offers(match)], "package": dict(match.package),
            "revealed_at": match.revealed_at}


def _contest(viewer: policy.Viewer, contest: BidContest) -> dict[str, Any]:
    return {"id": contest.pk, "talks_id": contest.talks_id, "title": dict(contest.title),
            "claimant_id": contest.claimant_id, "respondent_id": contest.respondent_id, "unit": contest.unit,
            "gap_percent": None if contest.gap_percent is None else format(contest.gap_percent.normalize(), "f"),
            "gap_amount": contest.gap_amount or None, "rule": contest.rule, "rounds": contest.rounds,
            "current_round": contest.current_round, "settled": contest.settled, "amount": contest.amount or None,
            "closed": contest.closed_at is not None,
            "own_bids": [{"round_number": b.round_number, "figure": b.figure, "submitted_at": b.submitted_at}
                         for b in queries.own_bids(viewer, contest)]}


def _number(value: object) -> object:
    return None if value is None else value


# --- routes ---------------------------------------------------------------------------


@router.get("/talks/{talks_id}/offers/settings", response={200: OfferSettingsOut, 404: ErrorOut, **COMMON},
            operation_id="get_offer_settings")
def get_offer_settings(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """The talks' settings for sealed offers (every member: each knows whether the mediators read them)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_offers", talks)
    return _settings(queries.settings_for(talks.pk))


@router.post("/talks/{talks_id}/offers/settings", response={200: OfferSettingsOut, **ERRORS},
             operation_id="change_offer_settings", openapi_extra=_body(OfferSettingsIn))
def change_offer_settings(request: HttpRequest, talks_id: int) -> dict[str, Any]:
    """Change whether the mediators read sealed offers, the live limit and the wait (the lead mediator)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "change_offer_settings", talks)
    body = _parse(request, OfferSettingsIn)
    return _settings(actions.change_settings(viewer, talks, mediators_see_sealed=body.mediators_see_sealed,
                                             live_offers_per_party=body.live_offers_per_party,
                                             resubmit_seconds=body.resubmit_seconds))


@router.get("/talks/{talks_id}/moves", response={200: list[MoveOut], 404: ErrorOut, **COMMON},
            operation_id="list_moves")
def list_moves(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The menu of moves (every member), withdrawn ones with their date."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_offers", talks)
    return [_move(m) for m in queries.moves_for(viewer, talks)]


@router.post("/talks/{talks_id}/moves", response={201: MoveOut, **ERRORS}, operation_id="define_move",
             openapi_extra=_body(MoveIn))
def define_move(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Put a move on the menu (mediators)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "define_move", talks)
    body = _parse(request, MoveIn)
    move = actions.define_move(viewer, talks, text=body.text, unit=body.unit, issue_id=body.issue_id,
                               party_id=body.party_id)
    return Status(201, _move(move))


@router.post("/moves/{move_id}/withdraw", response={200: MoveOut, **ERRORS}, operation_id="withdraw_move")
def withdraw_move(request: HttpRequest, move_id: int) -> dict[str, Any]:
    """Take a move off the menu (mediators); live offers naming it stay sealed."""
    viewer = request_viewer(request)
    move = queries.get_move(viewer, move_id)
    return _move(actions.withdraw_move(viewer, move))


@router.get("/talks/{talks_id}/offers", response={200: list[OfferOut], 404: ErrorOut, **COMMON},
            operation_id="list_offers")
def list_offers(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """Every offer of the talks: that it exists, its party, dates, status and digest; the content only
    where the caller may read it."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_offers", talks)
    return [_offer(viewer, o) for o in queries.offers_for(viewer, talks)]


@router.post("/talks/{talks_id}/offers", response={201: SubmissionOut, 429: ErrorOut, **ERRORS},
             operation_id="submit_offer", openapi_extra=_body(OfferIn))
def submit_offer(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Seal the party's conditional offer (its negotiators). 400 for an offer the engine refuses or
    beyond the live limit; 429 sooner than the talks' wait after the party's last submission. When it
    completes a match, the answer carries the match: every offer in it was revealed at once."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "submit_offer", talks)
    body = _parse(request, OfferIn)
    done = actions.submit_offer(
        viewer, talks, gives=[actions.Given(g.move_id, g.amount) for g in body.gives],
        requires=[actions.Required(r.party_id, r.move_id, r.at_least, r.at_most) for r in body.requires],
        expires_at=body.expires_at, partial_ok=body.partial_ok, note=body.note)
    return Status(201, {"offer": _offer(viewer, done.offer), "nonce": done.nonce, "digest": done.offer.digest,
                        "match": _match(done.match) if done.match is not None else None})


@router.get("/offers/{offer_id}", response={200: OfferOut, 404: ErrorOut, **COMMON}, operation_id="get_offer")
def get_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    """One offer: that it exists for every member; its content for its own party (and as the talks say)."""
    viewer = request_viewer(request)
    return _offer(viewer, queries.get_offer(viewer, offer_id))


@router.post("/offers/{offer_id}/withdraw", response={200: OfferOut, **ERRORS}, operation_id="withdraw_offer")
def withdraw_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    """Withdraw the party's live offer (its negotiators); another party's offer is 404. Never revealed after."""
    viewer = request_viewer(request)
    offer = queries.get_offer(viewer, offer_id)
    return _offer(viewer, actions.withdraw_offer(viewer, offer))


@router.get("/talks/{talks_id}/offer-matches", response={200: list[MatchOut], 404: ErrorOut, **COMMON},
            operation_id="list_offer_matches")
def list_offer_matches(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The matches the caller was a party to (the mediators: every match), with the combined package."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_offers", talks)
    return [_match(m) for m in queries.matches_for(viewer, talks)]


@router.get("/offer-matches/{match_id}", response={200: MatchOut, 404: ErrorOut, **COMMON},
            operation_id="get_offer_match")
def get_offer_match(request: HttpRequest, match_id: int) -> dict[str, Any]:
    """One match (its parties and the mediators)."""
    viewer = request_viewer(request)
    return _match(queries.get_match(viewer, match_id))


@router.get("/offer-matches/{match_id}/commitments", response={200: dict[str, Any], 404: ErrorOut, **COMMON},
            operation_id="get_offer_commitments")
def get_offer_commitments(request: HttpRequest, match_id: int) -> HttpResponse:
    """The match's commitments file (`wasit commitments verify FILE` checks it offline)."""
    viewer = request_viewer(request)
    match = queries.get_match(viewer, match_id)
    document = commitments_document([(queries.engine_offer(o), Commitment(o.digest, o.nonce))
                                     for o in queries.match_offers(match)])
    return HttpResponse(document, content_type="application/json")


@router.get("/talks/{talks_id}/bid-contests", response={200: list[ContestOut], 404: ErrorOut, **COMMON},
            operation_id="list_bid_contests")
def list_bid_contests(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The blind-bid contests the caller is a party to (the mediators: every one)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_offers", talks)
    return [_contest(viewer, c) for c in queries.contests_for(viewer, talks)]


@router.post("/talks/{talks_id}/bid-contests", response={201: ContestOut, **ERRORS},
             operation_id="create_bid_contest", openapi_extra=_body(ContestIn))
def create_bid_contest(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Open rounds of blind bids between two parties (mediators)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "create_contest", talks)
    body = _parse(request, ContestIn)
    contest = actions.create_contest(
        viewer, talks, title=body.title, claimant_id=body.claimant_id, respondent_id=body.respondent_id,
        unit=body.unit, gap_percent=_number(body.gap_percent), gap_amount=_number(body.gap_amount),
        rule=body.rule, rounds=body.rounds)
    return Status(201, _contest(viewer, contest))


@router.get("/bid-contests/{contest_id}", response={200: ContestOut, 404: ErrorOut, **COMMON},
            operation_id="get_bid_contest")
def get_bid_contest(request: HttpRequest, contest_id: int) -> dict[str, Any]:
    """One contest: its terms and outcome; the caller's own figures only."""
    viewer = request_viewer(request)
    return _contest(viewer, queries.get_contest(viewer, contest_id))


@router.post("/bid-contests/{contest_id}/bids", response={201: ContestOut, **ERRORS}, operation_id="submit_bid",
             openapi_extra=_body(BidIn))
def submit_bid(request: HttpRequest, contest_id: int) -> Status[dict[str, Any]]:
    """Seal the party's figure for the current round (its negotiators); when both sides have bid, the
    round settles or the next opens. The answer shows the outcome, never the other side's figure."""
    viewer = request_viewer(request)
    contest = queries.get_contest(viewer, contest_id)
    policy.require(viewer, "bid", contest)
    body = _parse(request, BidIn)
    actions.submit_bid(viewer, contest, figure=body.figure)
    contest.refresh_from_db()
    return Status(201, _contest(viewer, contest))
