"""Every change to talks, parties, seats and rounds passes through here.

Each action checks the policy, writes the rows and records the event in one
transaction; views, the API and the command line only call these.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.caucus import actions as caucus
from wasit.caucus.models import RoomKind
from wasit.policy import ActionRefused, Viewer
from wasit.talks import events
from wasit.talks.localized import LocalText, content_languages
from wasit.talks.models import (
    MEDIATOR_ROLES,
    Membership,
    Party,
    Role,
    Round,
    RoundFormat,
    RoundStatus,
    Talks,
    TalksStatus,
)

# The furthest a round may be scheduled from today: a typo in a year
# (2204 for 2024) should be caught, not stored.
MAX_YEARS_AHEAD = 10


def _require_text(text: LocalText, field: str) -> None:
    _check_languages(text, field)
    if text.is_empty():
        raise ActionRefused(_("Give a text in at least one language."), field=field)


def _check_languages(text: LocalText, field: str) -> None:
    unknown = text.unknown_languages()
    if unknown:
        raise ActionRefused(_("Texts can be written in %(languages)s, not %(unknown)s.")
                            % {"languages": ", ".join(content_languages()), "unknown": ", ".join(unknown)},
                            field=field)


@transaction.atomic
def open_talks(
    actor: Viewer,
    *,
    title: LocalText,
    mediator_org: LocalText,
    description: LocalText = LocalText(),
    status: TalksStatus = TalksStatus.ACTIVE,
) -> Talks:
    """Open new talks. Only an operator may; the lead mediator is seated next."""
    policy.require(actor, "open_talks")
    _require_text(title, "title")
    _require_text(mediator_org, "mediator_org")
    _check_languages(description, "description")
    talks = Talks.objects.create(
        **title.as_fields("title"),
        **mediator_org.as_fields("mediator_org"),
        **description.as_fields("description"),
        status=status,
    )
    audit.record(events.TalksOpened(talks_id=talks.pk, title=talks.title_i18n.get("en") or LocalText(talks.title_i18n).best()),
                 actor_id=actor.user_id)
    caucus.open_room(actor, talks, kind=RoomKind.MEDIATORS)
    return talks


@transaction.atomic
def add_party(actor: Viewer, talks: Talks, *, code: str, name: LocalText) -> Party:
    """Add a side to the talks, with its caucus room."""
    policy.require(actor, "manage", talks)
    audit.lock_chain()  # the code check below then sees every committed party
    _require_text(name, "name")
    code = code.strip().lower()
    if not code or not code.replace("-", "").isalnum():
        raise ActionRefused(_("A party code is letters, digits and hyphens."), field="code")
    if Party.objects.filter(talks=talks, code=code).exists():
        raise ActionRefused(_("This talks already has a party with that code."), field="code")
    party = Party.objects.create(talks=talks, code=code, **name.as_fields("name"))
    audit.record(events.PartyAdded(talks_id=talks.pk, party_id=party.pk, code=code),
                 actor_id=actor.user_id)
    caucus.open_room(actor, talks, kind=RoomKind.CAUCUS, party=party)
    return party


@transaction.atomic
def seat_member(
    actor: Viewer,
    talks: Talks,
    *,
    user_id: int,
    role: Role,
    party: Party | None = None,
    title: str = "",
) -> Membership:
    """Give a person a seat on the mediator team or in one party's delegation."""
    if role == Role.LEAD_MEDIATOR:
        policy.require(actor, "open_talks")
    else:
        policy.require(actor, "manage", talks)
    if role not in Role.values:
        raise ActionRefused(_("Unknown role."), field="role")
    is_mediator = role in MEDIATOR_ROLES
    if is_mediator and party is not None:
        raise ActionRefused(_("A mediator belongs to no party."), field="party")
    if not is_mediator and party is None:
        raise ActionRefused(_("A delegation member must belong to a party."), field="party")
    if party is not None and party.talks_id != talks.pk:
        raise ActionRefused(_("That party is not at these talks."), field="party")
    audit.lock_chain()  # the seat check below then sees every committed seat
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        raise ActionRefused(_("No such active user."), field="user")
    seat = Membership.objects.filter(talks=talks, user_id=user_id).first()
    if seat is not None and seat.active:
        raise ActionRefused(_("This person already has a seat at these talks."), field="user")
    if seat is None:
        seat = Membership.objects.create(talks=talks, user_id=user_id, party=party, role=role,
                                         title=title.strip()[:200])
    else:  # unseated before: the same seat row, given back (one seat per person and talks)
        seat.party, seat.role, seat.title, seat.active = party, role, title.strip()[:200], True
        seat.save(update_fields=["party", "role", "title", "active"])
    audit.record(
        events.MemberSeated(talks_id=talks.pk, membership_id=seat.pk, user_id=user_id,
                            party_id=party.pk if party else None, role=str(role)),
        actor_id=actor.user_id,
    )
    return seat


@transaction.atomic
def unseat_member(actor: Viewer, membership: Membership) -> Membership:
    """Take a person's seat away. Only the lead mediator of the talks may.

    The seat is kept, inactive, for the record; the person's open live
    streams end and they see nothing more of these talks.
    """
    policy.require(actor, "manage", membership.talks)
    # Lock, then read the seat afresh: of two unseatings at once, one wins.
    audit.lock_chain()
    membership.refresh_from_db()
    if not membership.active:
        raise ActionRefused(_("This person no longer has a seat at these talks."), field="user")
    if membership.role == Role.LEAD_MEDIATOR:
        raise ActionRefused(_("The lead mediator cannot be unseated."), field="user")
    membership.active = False
    membership.save(update_fields=["active"])
    audit.record(
        events.MemberUnseated(talks_id=membership.talks_id, membership_id=membership.pk,
                              user_id=membership.user_id, party_id=membership.party_id,
                              role=membership.role),
        actor_id=actor.user_id,
    )
    return membership


@transaction.atomic
def change_member_role(actor: Viewer, membership: Membership, *, role: Role) -> Membership:
    """Give a delegation member another role in the same delegation.

    Only the lead mediator may; a mediator's seat and a delegation seat are
    not interchangeable (unseat and seat again instead).
    """
    policy.require(actor, "manage", membership.talks)
    if role not in Role.values:
        raise ActionRefused(_("Unknown role."), field="role")
    audit.lock_chain()
    membership.refresh_from_db()
    if not membership.active:
        raise ActionRefused(_("This person no longer has a seat at these talks."), field="user")
    if membership.is_mediator or role in MEDIATOR_ROLES:
        raise ActionRefused(_("Only a delegation member's role can be changed."), field="role")
    previous = membership.role
    if previous == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        events.MemberRoleChanged(talks_id=membership.talks_id, membership_id=membership.pk,
                                 user_id=membership.user_id, party_id=membership.party_id,
                                 role=str(role), previous_role=previous),
        actor_id=actor.user_id,
    )
    return membership


def _check_dates(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> None:
    if ends_on < starts_on:
        raise ActionRefused(_("A round cannot end before it starts."), field="ends_on")
    if (ends_on - starts_on).days > 60:
        raise ActionRefused(_("A round lasts at most 60 days."), field="ends_on")
    if starts_on.year > today.year + MAX_YEARS_AHEAD or starts_on.year < 1990:
        raise ActionRefused(_("That date is out of range."), field="starts_on")


@transaction.atomic
def schedule_round(
    actor: Viewer,
    talks: Talks,
    *,
    title: LocalText,
    venue: LocalText,
    starts_on: dt.date,
    ends_on: dt.date,
    format: RoundFormat,
    agenda: LocalText = LocalText(),
    status: RoundStatus = RoundStatus.PLANNED,
) -> Round:
    """Put a round on the calendar; numbers follow on from the last round."""
    policy.require(actor, "schedule_round", talks)
    _require_text(venue, "venue")
    _check_languages(title, "title")
    _check_languages(agenda, "agenda")
    _check_dates(starts_on, ends_on, dt.date.today())  # noqa: DTZ011 (a calendar date, not an instant)
    audit.lock_chain()  # the next number is computed under the lock
    last = Round.objects.filter(talks=talks).order_by("-number").values_list("number", flat=True).first()
    round_ = Round.objects.create(
        talks=talks, number=(last or 0) + 1,
        **title.as_fields("title"), **venue.as_fields("venue"), **agenda.as_fields("agenda"),
        starts_on=starts_on, ends_on=ends_on, format=format, status=status,
    )
    audit.record(
        events.RoundScheduled(talks_id=talks.pk, round_id=round_.pk, number=round_.number,
                              starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat(),
                              format=str(format)),
        actor_id=actor.user_id,
    )
    return round_


MAX_REASON = 2000


@transaction.atomic
def change_round_status(
    actor: Viewer,
    round_: Round,
    *,
    status: RoundStatus,
    reason: str = "",
    rescheduled_to: dt.date | None = None,
) -> Round:
    """Mark a round held, postponed (reason and new date required) or cancelled."""
    policy.require(actor, "manage", round_)
    # Lock, then read the round afresh: of "held" and "cancelled" at once, one wins.
    audit.lock_chain()
    round_.refresh_from_db()
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is too long (at most %(limit)d characters).")
                            % {"limit": MAX_REASON}, field="reason")
    if status == RoundStatus.POSTPONED:
        if not reason:
            raise ActionRefused(_("Say why the round is postponed."), field="reason")
        if rescheduled_to is None:
            raise ActionRefused(_("Give the new date, or cancel the round instead."),
                                field="rescheduled_to")
        if rescheduled_to <= round_.starts_on:
            raise ActionRefused(_("The new date must come after the original date."),
                                field="rescheduled_to")
        _check_dates(rescheduled_to, rescheduled_to, dt.date.today())  # noqa: DTZ011
    elif status == RoundStatus.CANCELLED:
        if not reason:
            raise ActionRefused(_("Say why the round is cancelled."), field="reason")
        rescheduled_to = None
    elif status == RoundStatus.HELD:
        rescheduled_to = None
    else:
        raise ActionRefused(_("A round can be marked held, postponed or cancelled."), field="status")
    if round_.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        raise ActionRefused(_("This round is already closed."), field="status")
    round_.status = status
    round_.status_reason = reason
    round_.rescheduled_to = rescheduled_to
    round_.save(update_fields=["status", "status_reason", "rescheduled_to"])
    audit.record(
        events.RoundStatusChanged(
            talks_id=round_.talks_id, round_id=round_.pk, status=str(status), reason=reason,
            rescheduled_to=rescheduled_to.isoformat() if rescheduled_to else None,
        ),
        actor_id=actor.user_id,
    )
    return round_
