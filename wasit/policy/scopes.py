"""The rules of `rules.py` as query filters, for lists.

Each function returns the Q a queryset of that model is filtered by. Keep
each one beside its rule's meaning: a list and a detail page must never
disagree.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, Q

from wasit.agenda.models import AgendaIssue
from wasit.audit.models import Event
from wasit.caucus.models import Message, Relay, Room, Withholding
from wasit.invitations.models import Invitation
from wasit.notifications.models import Preferences
from wasit.offers.models import BidContest, BlindBid, Move, OfferMatch, SealedOffer
from wasit.packages.models import NegotiationDomain, Proposal, ScoreVersion
from wasit.policy.audience import PARTY_PRIVATE
from wasit.policy.viewer import Viewer
from wasit.positions.models import Assessment, PositionRelay, PositionVersion
from wasit.schedule.models import CalendarFeed, DisplayPreferences
from wasit.talks.models import (
    Membership,
    Party,
    PartySummary,
    Round,
    RoundAgendaItem,
    RoundMinutes,
    RoundStep,
    Talks,
)
from wasit.texts.models import NegotiatingText, SignOff, Stance, TextVersion, VersionShare

NOTHING = Q(pk__in=[])


def talks(viewer: Viewer) -> Q:
    return Q(pk__in=viewer.member_talks) if viewer.member_talks else NOTHING


def parties(viewer: Viewer) -> Q:
    return Q(talks_id__in=viewer.member_talks) if viewer.member_talks else NOTHING


def memberships(viewer: Viewer) -> Q:
    if not viewer.member_talks:
        return NOTHING
    return (
        Q(talks_id__in=viewer.mediated_talks)
        | Q(talks_id__in=viewer.member_talks, party__isnull=True)
        | Q(party_id__in=viewer.own_parties)
    )


def rounds(viewer: Viewer) -> Q:
    return Q(talks_id__in=viewer.member_talks) if viewer.member_talks else NOTHING


def events(viewer: Viewer) -> Q:
    q = NOTHING
    if viewer.is_operator:
        q |= Q(audience__contains=" operators ")
    if viewer.mediated_talks:
        # Every event of their talks but those a party keeps from them.
        q |= Q(talks_id__in=viewer.mediated_talks) & ~Q(audience__contains=f" {PARTY_PRIVATE}")
    party_talks = [t for t in viewer.member_talks if t not in viewer.mediated_talks]
    if party_talks:
        q |= Q(talks_id__in=party_talks, audience__contains=" all ")
        for party_id in viewer.own_parties:
            q |= Q(talks_id__in=party_talks, audience__contains=f" party:{party_id} ")
            q |= Q(talks_id__in=party_talks, audience__contains=f" {PARTY_PRIVATE}{party_id} ")
    return q


SCOPES: dict[type[Model], Callable[[Viewer], Q]] = {
    Talks: talks,
    Party: parties,
    Membership: memberships,
    Round: rounds,
    Event: events,
}


def rooms(viewer: Viewer) -> Q:
    return _by_room(viewer, "")


def _by_room(viewer: Viewer, prefix: str) -> Q:
    """The rooms rule, reached through `prefix` (e.g. "room__" from a message)."""
    if not viewer.member_talks:
        return NOTHING
    party_talks = [t for t in viewer.member_talks if t not in viewer.mediated_talks]
    return (
        Q(**{f"{prefix}talks_id__in": viewer.mediated_talks})
        | Q(**{f"{prefix}kind": "caucus", f"{prefix}party_id__in": viewer.own_parties})
        | Q(**{f"{prefix}kind": "joint", f"{prefix}talks_id__in": party_talks})
    )


def messages(viewer: Viewer) -> Q:
    return _by_room(viewer, "room__")


def relays(viewer: Viewer) -> Q:
    return _by_room(viewer, "room__")


def withholdings(viewer: Viewer) -> Q:
    if not viewer.mediated_talks:
        return NOTHING
    return Q(message__room__talks_id__in=viewer.mediated_talks)


SCOPES.update({
    Room: rooms,
    Message: messages,
    Relay: relays,
    Withholding: withholdings,
})


def domains(viewer: Viewer) -> Q:
    return Q(talks_id__in=viewer.member_talks) if viewer.member_talks else NOTHING


def scores(viewer: Viewer) -> Q:
    """A party's own scores; the mediators' too, unless the talks keep them from them."""
    if not viewer.member_talks:
        return NOTHING
    return (Q(party_id__in=viewer.own_parties)
            | Q(domain__talks_id__in=viewer.mediated_talks, domain__scores_hidden_from_mediators=False))


def proposals(viewer: Viewer) -> Q:
    if not viewer.member_talks:
        return NOTHING
    party_talks = [t for t in viewer.member_talks if t not in viewer.mediated_talks]
    return (Q(domain__talks_id__in=viewer.mediated_talks)
            | Q(domain__talks_id__in=party_talks, shared_at__isnull=False))


SCOPES.update({
    NegotiationDomain: domains,
    ScoreVersion: scores,
    Proposal: proposals,
})


# --- notifications: each user's own preferences ------------------------------

def _mail_preferences(viewer: Viewer) -> Q:
    return Q(user_id=viewer.user_id) if viewer.user_id is not None else NOTHING


SCOPES[Preferences] = _mail_preferences


def invitations(viewer: Viewer) -> Q:
    """`rules_people.view_invitation` as a filter: the mediators', and a head's own delegation's."""
    if not viewer.member_talks:
        return NOTHING
    heads = [s.party_id for s in viewer.seats.values() if s.role == "head" and s.party_id is not None]
    q = Q(talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    if heads:
        q |= Q(party_id__in=heads, talks__heads_may_invite=True)
    return q


SCOPES[Invitation] = invitations


def agenda_issues(viewer: Viewer) -> Q:
    """`rules_agenda.view_issue` as a filter: every member sees the talks' agenda."""
    return Q(talks_id__in=viewer.member_talks) if viewer.member_talks else NOTHING


SCOPES[AgendaIssue] = agenda_issues


def _position_rows(viewer: Viewer) -> Q:
    """`rules_positions.view_positions` as a filter: the party's own, and every party's for the mediators."""
    if not viewer.member_talks:
        return NOTHING
    return Q(party_id__in=viewer.own_parties) | Q(talks_id__in=viewer.mediated_talks)


def _mediators_rows(viewer: Viewer) -> Q:
    """The mediators' own work (assessments, position-to-message links)."""
    return Q(talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING


SCOPES[PositionVersion] = _position_rows
SCOPES[Assessment] = _mediators_rows
SCOPES[PositionRelay] = _mediators_rows


# --- the schedule: each user's own date display and calendar feed ------------


def _own_rows(viewer: Viewer) -> Q:
    return Q(user_id=viewer.user_id) if viewer.user_id is not None else NOTHING


SCOPES[DisplayPreferences] = _own_rows
SCOPES[CalendarFeed] = _own_rows


# --- rounds: history and agenda for every member; minutes for the mediators;
# a party's summary for the mediators and, once shared, that party (`rules_rounds`).

def round_steps(viewer: Viewer) -> Q:
    return Q(round__talks_id__in=viewer.member_talks) if viewer.member_talks else NOTHING


def round_minutes(viewer: Viewer) -> Q:
    return Q(round__talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING


def party_summaries(viewer: Viewer) -> Q:
    if not viewer.member_talks:
        return NOTHING
    party_talks = [t for t in viewer.member_talks if t not in viewer.mediated_talks]
    return (Q(round__talks_id__in=viewer.mediated_talks)
            | Q(round__talks_id__in=party_talks, party_id__in=viewer.own_parties, shared_at__isnull=False))


SCOPES.update({
    RoundStep: round_steps,
    RoundAgendaItem: round_steps,
    RoundMinutes: round_minutes,
    PartySummary: party_summaries,
})


# --- negotiating texts: every draft for the mediators; for a party, what was shared with it
# (`rules_texts`). Shares are looked up by subquery so that a list never repeats a row.

def _shared(viewer: Viewer, column: str) -> Q:
    if not viewer.own_parties:
        return NOTHING
    return Q(**{f"{column}__in": VersionShare.objects.filter(party_id__in=viewer.own_parties)
                .values("version__text_id" if column == "pk" else "version_id")})


def negotiating_texts(viewer: Viewer) -> Q:
    mediated = Q(talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    return mediated | _shared(viewer, "pk")


def text_versions(viewer: Viewer) -> Q:
    mediated = Q(text__talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    return mediated | (Q(pk__in=VersionShare.objects.filter(party_id__in=viewer.own_parties).values("version_id"))
                       if viewer.own_parties else NOTHING)


def stances(viewer: Viewer) -> Q:
    mediated = Q(version__text__talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    return mediated | (Q(party_id__in=viewer.own_parties) if viewer.own_parties else NOTHING)


def sign_offs(viewer: Viewer) -> Q:
    mediated = Q(version__text__talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    return mediated | _shared(viewer, "version_id")


SCOPES.update({
    NegotiatingText: negotiating_texts,
    TextVersion: text_versions,
    Stance: stances,
    SignOff: sign_offs,
})


# --- sealed offers and blind bids (`rules_offers`): the menu and that an offer exists are every
# member's; a match its parties' and the mediators'; a contest its two parties' and the
# mediators'; a bid its bidder's alone.

def _members(viewer: Viewer, column: str = "talks_id") -> Q:
    return Q(**{f"{column}__in": viewer.member_talks}) if viewer.member_talks else NOTHING


def offer_matches(viewer: Viewer) -> Q:
    mediated = Q(talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    return mediated | (Q(pk__in=SealedOffer.objects.filter(party_id__in=viewer.own_parties, match__isnull=False)
                         .values("match_id")) if viewer.own_parties else NOTHING)


def bid_contests(viewer: Viewer) -> Q:
    mediated = Q(talks_id__in=viewer.mediated_talks) if viewer.mediated_talks else NOTHING
    own = viewer.own_parties
    return mediated | (Q(claimant_id__in=own) | Q(respondent_id__in=own) if own else NOTHING)


def blind_bids(viewer: Viewer) -> Q:
    return Q(party_id__in=viewer.own_parties) if viewer.own_parties else NOTHING


SCOPES.update({
    Move: _members,
    SealedOffer: _members,
    OfferMatch: offer_matches,
    BidContest: bid_contests,
    BlindBid: blind_bids,
})
