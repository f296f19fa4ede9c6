"""Every change to the menu, the sealed offers and the blind bids passes through here.

Each action checks the policy, validates through the engine (nothing is
written for a bad offer or bid), takes the log's lock before it reads what
it builds on, writes and records one event per change, in one transaction.
A submission that completes a match reveals every offer of the match in
that same transaction, with one event: both offers are revealed, or neither.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wasit import audit, policy
from wasit.engine.bids import BidTerms, check_bid, settle_round
from wasit.engine.commitment import commit, offer_to_json
from wasit.engine.errors import EngineError
from wasit.engine.matching import Offer, Pool, Quantity, Requirement, find_match, plain_decimal
from wasit.offers import events, queries
from wasit.offers.models import (
    BidContest,
    BidRule,
    BlindBid,
    Move,
    OfferMatch,
    OfferSettings,
    OfferStatus,
    SealedOffer,
)
from wasit.offers.package import package_text
from wasit.policy import ActionRefused, Viewer
from wasit.positions.text import clean_local
from wasit.talks.models import Party, Talks
from wasit.web.pipeline import Refusal

_log = logging.getLogger(__name__)

MAX_MOVE_TEXT = 500
MAX_NOTE = 2000
MAX_LIVE_OFFERS = 10
MAX_RESUBMIT_SECONDS = 7 * 24 * 3600
# An offer lives at most this long: a sealed offer left for years is a standing probe target.
MAX_LIFETIME = dt.timedelta(days=366)


class TooSoon(Refusal):
    """The party submitted an offer less than the talks' `resubmit_seconds` ago: 429."""

    status = 429

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.detail = gettext_lazy("Your party submitted an offer less than %(seconds)d seconds ago; "
                                   "wait before submitting another. Nothing was submitted.") % {"seconds": seconds}


def _refused(error: EngineError, field: str) -> ActionRefused:
    return ActionRefused(str(error), field=field)


# --- settings and the menu -----------------------------------------------------------


@transaction.atomic
def change_settings(actor: Viewer, talks: Talks, *, mediators_see_sealed: bool, live_offers_per_party: int,
                    resubmit_seconds: int) -> OfferSettings:
    """The lead mediator sets whether the mediators read sealed offers, the live limit and the rate limit."""
    policy.require(actor, "change_offer_settings", talks)
    if not 1 <= live_offers_per_party <= MAX_LIVE_OFFERS:
        raise ActionRefused(_("Allow between 1 and %(limit)d live offers per party.") % {"limit": MAX_LIVE_OFFERS},
                            field="live_offers_per_party")
    if not 0 <= resubmit_seconds <= MAX_RESUBMIT_SECONDS:
        raise ActionRefused(_("Choose a wait between 0 seconds and a week."), field="resubmit_seconds")
    audit.lock_chain()
    row = queries.settings_for(talks.pk)
    wanted = (bool(mediators_see_sealed), live_offers_per_party, resubmit_seconds)
    if row.pk is not None and (row.mediators_see_sealed, row.live_offers_per_party, row.resubmit_seconds) == wanted:
        return row
    row.mediators_see_sealed, row.live_offers_per_party, row.resubmit_seconds = wanted
    row.changed_at = timezone.now()
    row.save()
    audit.record(events.OfferSettingsChanged(talks_id=talks.pk, mediators_see_sealed=row.mediators_see_sealed,
                                             live_offers_per_party=row.live_offers_per_party,
                                             resubmit_seconds=row.resubmit_seconds), actor_id=actor.user_id)
    return row


@transaction.atomic
def define_move(actor: Viewer, talks: Talks, *, text: object, unit: str = "", issue_id: int | None = None,
                party_id: int | None = None) -> Move:
    """Put a move on the menu (mediators): its text in the talks' languages, optionally a unit."""
    policy.require(actor, "define_move", talks)
    clean = clean_local(text, field="text")
    if not clean:
        raise ActionRefused(_("Describe the move in at least one language."), field="text")
    if any(len(v) > MAX_MOVE_TEXT for v in clean.values()):
        raise ActionRefused(_("At most %(limit)d characters, please.") % {"limit": MAX_MOVE_TEXT}, field="text")
    unit = (unit or "").strip()
    if len(unit) > 32:
        raise ActionRefused(_("A unit is at most 32 characters."), field="unit")
    if issue_id is not None and not talks.agenda_issues.filter(pk=issue_id, withdrawn_at__isnull=True).exists():
        raise ActionRefused(_("Choose an issue on these talks' agenda."), field="issue_id")
    if party_id is not None and not Party.objects.filter(pk=party_id, talks=talks).exists():
        raise ActionRefused(_("Choose parties of these talks."), field="party_id")
    audit.lock_chain()
    move = Move.objects.create(talks=talks, issue_id=issue_id, party_id=party_id, text=clean, unit=unit,
                               created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.MoveDefined(talks_id=talks.pk, move_id=move.pk, issue_id=issue_id, party_id=party_id,
                                    unit=unit), actor_id=actor.user_id)
    return move


@transaction.atomic
def withdraw_move(actor: Viewer, move: Move) -> Move:
    """Take a move off the menu (mediators). Live offers naming it stay sealed and may still match."""
    policy.require(actor, "withdraw", move)
    audit.lock_chain()
    move.refresh_from_db(fields=["withdrawn_at"])
    if move.withdrawn_at is not None:
        return move
    move.withdrawn_at = timezone.now()
    move.save(update_fields=["withdrawn_at"])
    audit.record(events.MoveWithdrawn(talks_id=move.talks_id, move_id=move.pk), actor_id=actor.user_id)
    return move


# --- sealed offers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """A move the offer gives: the move's id and, for a move with a unit, the amount."""

    move_id: int
    amount: object = None


@dataclass(frozen=True)
class Required:
    """A move the offer requires of another party, with optional inclusive bounds."""

    party_id: int
    move_id: int
    at_least: object = None
    at_most: object = None


@dataclass(frozen=True)
class Submission:
    """What the submitter learns: its offer, the nonce that opens its digest, and a match if one was made."""

    offer: SealedOffer
    nonce: str
    match: OfferMatch | None


def _quantity(value: object, field: str) -> Quantity | None:
    if value is None:
        return None
    try:
        return Quantity(value)  # type: ignore[arg-type]  # the engine checks the type
    except EngineError as error:
        raise _refused(error, field) from None


def _build(talks: Talks, party_id: int, gives: Sequence[Given], requires: Sequence[Required],
           partial_ok: bool) -> Offer:
    """The engine's offer, checked against the menu; a bad one is refused with the engine's sentence."""
    moves = {m.pk: m for m in Move.objects.filter(talks=talks, withdrawn_at__isnull=True)}
    parties = set(Party.objects.filter(talks=talks).values_list("pk", flat=True))
    for g in gives:
        move = moves.get(g.move_id)
        if move is None:
            raise ActionRefused(_("That move is not on the menu of these talks."), field="gives")
        if move.party_id is not None and move.party_id != party_id:
            raise ActionRefused(_("That move is another party's to make; your offer can only require it."),
                                field="gives")
    for r in requires:
        if r.party_id not in parties:
            raise ActionRefused(_("Choose parties of these talks."), field="requires")
        if r.party_id == party_id:
            raise ActionRefused(_("An offer cannot require a move of your own party; list it among what you give."),
                                field="requires")
        move = moves.get(r.move_id)
        if move is None:
            raise ActionRefused(_("That move is not on the menu of these talks."), field="requires")
        if move.party_id is not None and move.party_id != r.party_id:
            raise ActionRefused(_("That move is not the required party's to make."), field="requires")
    if len({g.move_id for g in gives}) != len(gives):
        raise ActionRefused(_("Give each move once."), field="gives")
    try:
        offer = Offer("new", str(party_id),
                      {str(g.move_id): _quantity(g.amount, "gives") for g in gives},
                      tuple(Requirement(str(r.party_id), str(r.move_id), _quantity(r.at_least, "requires"),
                                        _quantity(r.at_most, "requires")) for r in requires),
                      partial_ok)
        return queries.menu(talks.pk).check(offer)
    except EngineError as error:
        raise _refused(error, "offer") from None


def expire_overdue(talks_id: int, *, now: dt.datetime, actor_id: int | None) -> int:
    """End the talks' live offers past their expiry (under the caller's lock): one event each, no content."""
    overdue = list(SealedOffer.objects.filter(talks_id=talks_id, status=OfferStatus.LIVE, expires_at__lte=now))
    for row in overdue:
        row.status, row.ended_at = OfferStatus.EXPIRED, now
        row.save(update_fields=["status", "ended_at"])
        audit.record(events.OfferExpired(talks_id=talks_id, offer_id=row.pk, party_id=row.party_id,
                                         digest=row.digest), actor_id=actor_id)
    return len(overdue)


def _reveal(talks: Talks, now: dt.datetime, actor_id: int | None) -> OfferMatch | None:
    """Match the talks' live offers; reveal a match's offers together (one event). None when nothing fits."""
    rows = {str(r.pk): r for r in queries.live_offers(talks.pk)}
    try:
        found = find_match(Pool(queries.menu(talks.pk), tuple(queries.engine_offer(r) for r in rows.values())))
    except EngineError:
        # Too large to search in time: nothing is revealed; the next submission tries again.
        _log.warning("matching refused for talks %s", talks.pk, exc_info=True)
        return None
    if not found.found:
        return None
    chosen = [rows[i] for i in found.offer_ids]
    texts = {str(m.pk): m.text for m in Move.objects.filter(talks=talks)}
    names = {p.pk: p.name_i18n for p in Party.objects.filter(talks=talks)}
    package = package_text([(names[r.party_id], r.gives) for r in chosen], texts, talks.content_languages)
    match = OfferMatch.objects.create(talks=talks, package=package, revealed_at=now,
                                      party_ids=sorted(r.party_id for r in chosen))
    for row in chosen:
        row.status, row.ended_at, row.match = OfferStatus.REVEALED, now, match
        row.save(update_fields=["status", "ended_at", "match"])
    audit.record(events.OffersRevealed(talks_id=talks.pk, match_id=match.pk, offer_ids=[r.pk for r in chosen],
                                       party_ids=match.party_ids, digests=[r.digest for r in chosen]),
                 actor_id=actor_id)
    return match


@transaction.atomic
def submit_offer(actor: Viewer, talks: Talks, *, gives: Sequence[Given], requires: Sequence[Required],
                 expires_at: dt.datetime, partial_ok: bool = True, note: str = "") -> Submission:
    """Seal the party's conditional offer; if it completes a match, reveal the match's offers at once.

    Refused, with nothing written: an offer the engine refuses (unknown move, own-party
    requirement, wrong unit or sign, NaN), an expiry in the past, a live offer beyond the
    talks' limit, and (429) a submission sooner than the talks' wait after the last one.
    """
    policy.require(actor, "submit_offer", talks)
    seat = actor.seat(talks.pk)
    assert seat is not None and seat.party_id is not None  # noqa: S101 (the rule allows party seats alone)
    party_id = seat.party_id
    now = timezone.now()
    if timezone.is_naive(expires_at):
        raise ActionRefused(_("Give the expiry with its time zone."), field="expires_at")
    if expires_at <= now:
        raise ActionRefused(_("The expiry is in the past: choose a later one."), field="expires_at")
    if expires_at > now + MAX_LIFETIME:
        raise ActionRefused(_("An offer lives at most a year: choose an earlier expiry."), field="expires_at")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ActionRefused(_("At most %(limit)d characters, please.") % {"limit": MAX_NOTE}, field="note")
    checked = _build(talks, party_id, gives, requires, bool(partial_ok))
    audit.lock_chain()  # the live offers are counted, and the pool read, under the lock
    rules = queries.settings_for(talks.pk)
    expire_overdue(talks.pk, now=now, actor_id=actor.user_id)
    if queries.live_offers(talks.pk).filter(party_id=party_id).count() >= rules.live_offers_per_party:
        raise ActionRefused(_("Your party already has %(count)d live offer(s), the most these talks allow: "
                              "withdraw one first.") % {"count": rules.live_offers_per_party}, field="offer")
    last = (SealedOffer.objects.filter(talks=talks, party_id=party_id).order_by("-submitted_at")
            .values_list("submitted_at", flat=True).first())
    if last is not None and now - last < dt.timedelta(seconds=rules.resubmit_seconds):
        raise TooSoon(rules.resubmit_seconds)
    row = SealedOffer.objects.create(talks=talks, party_id=party_id, partial_ok=checked.partial_ok,
                                     expires_at=expires_at, submitted_by_id=actor.user_id, submitted_at=now,
                                     note=note)
    sealed = Offer(str(row.pk), checked.party, checked.gives, checked.requires, checked.partial_ok)
    commitment = commit(sealed)
    form = offer_to_json(sealed)
    row.gives, row.requires, row.nonce, row.digest = form["gives"], form["requires"], commitment.nonce, \
        commitment.digest
    row.save(update_fields=["gives", "requires", "nonce", "digest"])
    audit.record(events.OfferSubmitted(talks_id=talks.pk, offer_id=row.pk, party_id=party_id, digest=row.digest,
                                       expires_at=expires_at.isoformat()), actor_id=actor.user_id)
    match = _reveal(talks, now, actor.user_id)
    if match is not None:
        row.refresh_from_db()
    return Submission(row, commitment.nonce, match)


@transaction.atomic
def withdraw_offer(actor: Viewer, offer: SealedOffer) -> SealedOffer:
    """The party withdraws its live offer: the record keeps that it existed and its digest, never its content."""
    policy.require(actor, "withdraw", offer)
    audit.lock_chain()
    offer.refresh_from_db(fields=["status"])
    policy.require(actor, "withdraw", offer)  # revealed or expired meanwhile: refused
    offer.status, offer.ended_at = OfferStatus.WITHDRAWN, timezone.now()
    offer.save(update_fields=["status", "ended_at"])
    audit.record(events.OfferWithdrawn(talks_id=offer.talks_id, offer_id=offer.pk, party_id=offer.party_id,
                                       digest=offer.digest), actor_id=actor.user_id)
    return offer


# --- blind bids ------------------------------------------------------------------------------


@transaction.atomic
def create_contest(actor: Viewer, talks: Talks, *, title: Mapping[str, str], claimant_id: int, respondent_id: int,
                   unit: str = "", gap_percent: object = None, gap_amount: object = None,
                   rule: str = BidRule.MIDPOINT, rounds: int = 3) -> BidContest:
    """Open rounds of blind bids between two parties (mediators), with the gap and rule that settle a round."""
    policy.require(actor, "create_contest", talks)
    clean = clean_local(title, field="title")
    if not clean:
        raise ActionRefused(_("Give the contest a title in at least one language."), field="title")
    parties = set(Party.objects.filter(talks=talks).values_list("pk", flat=True))
    if claimant_id not in parties or respondent_id not in parties:
        raise ActionRefused(_("Choose parties of these talks."), field="claimant_id")
    if claimant_id == respondent_id:
        raise ActionRefused(_("The claimant and the respondent are two different parties."), field="respondent_id")
    try:
        terms = BidTerms(rounds=rounds, gap_percent=gap_percent, gap_amount=gap_amount,  # type: ignore[arg-type]
                         rule=rule)  # type: ignore[arg-type]
    except EngineError as error:
        raise _refused(error, "terms") from None
    audit.lock_chain()
    contest = BidContest.objects.create(
        talks=talks, title=clean, claimant_id=claimant_id, respondent_id=respondent_id, unit=(unit or "")[:32],
        gap_percent=terms.gap_percent, rule=terms.rule.value, rounds=terms.rounds,
        gap_amount="" if terms.gap_amount is None else format(plain_decimal(terms.gap_amount), "f"),
        created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.BidContestCreated(talks_id=talks.pk, contest_id=contest.pk, rounds=contest.rounds,
                                          party_ids=[claimant_id, respondent_id]), actor_id=actor.user_id)
    return contest


@transaction.atomic
def submit_bid(actor: Viewer, contest: BidContest, *, figure: object) -> BlindBid:
    """Seal the party's figure for the current round; when both sides have bid, settle the round.

    The outcome (settled and at what amount, or not) is recorded for both sides and the
    mediators; neither figure is ever in an event. After an unsettled round the next opens,
    up to the contest's last.
    """
    policy.require(actor, "bid", contest)
    seat = actor.seat(contest.talks_id)
    assert seat is not None and seat.party_id is not None  # noqa: S101
    terms = queries.terms(contest)
    try:
        value = check_bid(terms, figure, _("The bid"))
    except EngineError as error:
        raise _refused(error, "figure") from None
    audit.lock_chain()
    contest.refresh_from_db()
    policy.require(actor, "bid", contest)
    number = contest.current_round
    if BlindBid.objects.filter(contest=contest, round_number=number, party_id=seat.party_id).exists():
        raise ActionRefused(_("Your party already bid in this round; wait for the other side."), field="figure")
    now = timezone.now()
    row = BlindBid.objects.create(contest=contest, round_number=number, party_id=seat.party_id,
                                  figure=format(plain_decimal(value), "f"), submitted_by_id=actor.user_id,
                                  submitted_at=now)
    audit.record(events.BlindBidSubmitted(talks_id=contest.talks_id, contest_id=contest.pk, round_number=number,
                                          party_id=seat.party_id), actor_id=actor.user_id)
    figures = dict(BlindBid.objects.filter(contest=contest, round_number=number).values_list("party_id", "figure"))
    if len(figures) == 2:
        _settle(contest, terms, number, figures, now, actor.user_id)
    return row


def _settle(contest: BidContest, terms: BidTerms, number: int, figures: Mapping[int, Any], now: dt.datetime,
            actor_id: int | None) -> None:
    outcome = settle_round(terms, number, Decimal(figures[contest.claimant_id]),
                           Decimal(figures[contest.respondent_id]))
    amount = None if outcome.amount is None else format(plain_decimal(outcome.amount), "f")
    if outcome.settled:
        contest.settled, contest.amount, contest.closed_at = True, amount or "", now
    elif outcome.final:
        contest.closed_at = now
    else:
        contest.current_round = number + 1
    contest.save(update_fields=["settled", "amount", "closed_at", "current_round"])
    audit.record(events.BidRoundSettled(talks_id=contest.talks_id, contest_id=contest.pk, round_number=number,
                                        settled=outcome.settled, amount=amount, rounds_left=outcome.rounds_left,
                                        party_ids=[contest.claimant_id, contest.respondent_id]),
                 actor_id=actor_id)
