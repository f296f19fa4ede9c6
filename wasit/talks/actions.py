"""Every change to talks, parties, seats and rounds passes through here.

Each action checks the policy, writes the rows and records the event in one
transaction; views, the API and the command line only call these.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

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


# Unicode's bidirectional controls: in a title they can make a name read as
# another (e.g. reversing part of it); text direction is the page's business.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _check_plain(text: LocalText, field: str) -> None:
    """A title or a name: no bidirectional control characters."""
    if any(ch in BIDI_CONTROLS for value in text.values() for ch in value):
        raise ActionRefused(_("Remove the hidden text-direction characters (Unicode bidi controls) "
                              "from this text."), field=field)


def _check_length(text: LocalText, field: str, limit: int) -> None:
    if any(len(value) > limit for value in text.values()):
        raise ActionRefused(_("Too long: at most %(limit)d characters.") % {"limit": limit}, field=field)


def _check_status(status: object) -> TalksStatus:
    if status not in TalksStatus.values:
        raise ActionRefused(_("Unknown status: choose %(choices)s.")
                            % {"choices": ", ".join(TalksStatus.values)}, field="status")
    return TalksStatus(str(status))


def _check_talks_languages(languages: Sequence[str]) -> list[str]:
    """The content languages of the talks, in the mediators' order; empty means all."""
    out: list[str] = []
    for code in languages:
        if not isinstance(code, str) or code not in content_languages():
            raise ActionRefused(_("Unknown language %(code)s: choose from %(languages)s.")
                                % {"code": code, "languages": ", ".join(content_languages())},
                                field="languages")
        if code in out:
            raise ActionRefused(_("Each language once."), field="languages")
        out.append(code)
    return out


MAX_TITLE = 300
MAX_DESCRIPTION = 5000


def _check_talks_texts(title: LocalText, mediator_org: LocalText, description: LocalText) -> None:
    _require_text(title, "title")
    _check_plain(title, "title")
    _check_length(title, "title", MAX_TITLE)
    _require_text(mediator_org, "mediator_org")
    _check_plain(mediator_org, "mediator_org")
    _check_length(mediator_org, "mediator_org", MAX_TITLE)
    _check_languages(description, "description")
    _check_length(description, "description", MAX_DESCRIPTION)


def _seat_lead(actor: Viewer, talks: Talks, user_id: int, title: str = "") -> Membership:
    """Inside `open_talks`: the talks' first seat, the lead mediator's."""
    if not get_user_model().objects.filter(pk=user_id, is_active=True).exists():
        raise ActionRefused(_("No such active user."), field="lead")
    seat = Membership.objects.create(talks=talks, user_id=user_id, role=Role.LEAD_MEDIATOR,
                                     title=title.strip()[:200])
    audit.record(events.MemberSeated(talks_id=talks.pk, membership_id=seat.pk, user_id=user_id,
                                     party_id=None, role=str(Role.LEAD_MEDIATOR)),
                 actor_id=actor.user_id)
    return seat


@transaction.atomic
def open_talks(
    actor: Viewer,
    *,
    title: LocalText,
    mediator_org: LocalText,
    description: LocalText = LocalText(),
    status: TalksStatus | str = TalksStatus.ACTIVE,
    languages: Sequence[str] = (),
    heads_may_invite: bool = False,
    require_two_factor: bool = False,
    lead_user_id: int | None = None,
    lead_title: str = "",
) -> Talks:
    """Open new talks. An operator, or a user an operator allows, may.

    The creator becomes the lead mediator. The system actor (the command
    line, the demo loader) seats `lead_user_id` instead, or nobody yet.
    """
    policy.require(actor, "open_talks")
    _check_talks_texts(title, mediator_org, description)
    status = _check_status(status)
    langs = _check_talks_languages(languages)
    lead = actor.user_id if actor.user_id is not None else lead_user_id
    talks = Talks.objects.create(
        **title.as_fields("title"),
        **mediator_org.as_fields("mediator_org"),
        **description.as_fields("description"),
        status=status, languages=langs, heads_may_invite=heads_may_invite,
        require_two_factor=require_two_factor,
    )
    audit.record(events.TalksOpened(talks_id=talks.pk, title=talks.title_i18n.get("en") or LocalText(talks.title_i18n).best()),
                 actor_id=actor.user_id)
    caucus.open_room(actor, talks, kind=RoomKind.MEDIATORS)
    if lead is not None:
        _seat_lead(actor, talks, lead, lead_title)
    return talks


@transaction.atomic
def edit_talks(
    actor: Viewer,
    talks: Talks,
    *,
    title: LocalText | None = None,
    mediator_org: LocalText | None = None,
    description: LocalText | None = None,
    languages: Sequence[str] | None = None,
    heads_may_invite: bool | None = None,
    require_two_factor: bool | None = None,
) -> Talks:
    """Edit the talks' texts, content languages and settings. The lead mediator only.

    A field left None stays as it is; only what changed is written and named in the event.
    """
    policy.require(actor, "manage", talks)
    audit.lock_chain()
    talks.refresh_from_db()
    new_title = title if title is not None else LocalText(talks.title_i18n)
    new_org = mediator_org if mediator_org is not None else LocalText(talks.mediator_org_i18n)
    new_description = description if description is not None else LocalText(talks.description_i18n)
    _check_talks_texts(new_title, new_org, new_description)
    values: dict[str, Any] = {
        "title_i18n": dict(new_title), "mediator_org_i18n": dict(new_org),
        "description_i18n": dict(new_description),
    }
    if languages is not None:
        values["languages"] = _check_talks_languages(languages)
    if heads_may_invite is not None:
        values["heads_may_invite"] = bool(heads_may_invite)
    if require_two_factor is not None:
        values["require_two_factor"] = bool(require_two_factor)
    changed = [name for name, value in values.items() if getattr(talks, name) != value]
    if not changed:
        return talks
    for name in changed:
        setattr(talks, name, values[name])
    talks.save(update_fields=changed)
    audit.record(events.TalksEdited(talks_id=talks.pk, changed=[c.removesuffix("_i18n") for c in changed]),
                 actor_id=actor.user_id)
    return talks


@transaction.atomic
def change_talks_status(actor: Viewer, talks: Talks, *, status: object, reason: str) -> Talks:
    """Set the talks in preparation, active, suspended or concluded, saying why. The lead mediator only.

    Suspended and concluded talks are read-only for the parties (the policy refuses their writes).
    """
    policy.require(actor, "manage", talks)
    new = _check_status(status)
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Say why the status changes: the parties will read it."), field="reason")
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is too long (at most %(limit)d characters).")
                            % {"limit": MAX_REASON}, field="reason")
    # Lock, then read the talks afresh: of two changes at once, the second sees the first.
    audit.lock_chain()
    talks.refresh_from_db(fields=["status"])
    previous = talks.status
    if previous == new:
        raise ActionRefused(_("The talks already have this status."), field="status")
    talks.status = new
    talks.save(update_fields=["status"])
    audit.record(events.TalksStatusChanged(talks_id=talks.pk, previous_status=str(previous),
                                           status=str(new), reason=reason),
                 actor_id=actor.user_id)
    return talks


@transaction.atomic
def add_party(actor: Viewer, talks: Talks, *, code: str, name: LocalText) -> Party:
    """Add a side to the talks, with its caucus room."""
    policy.require(actor, "manage", talks)
    audit.lock_chain()  # the code check below then sees every committed party
    _check_party_name(name)
    code = _check_code(code)
    if Party.objects.filter(talks=talks, code=code).exists():
        raise ActionRefused(_("This talks already has a party with that code."), field="code")
    party = Party.objects.create(talks=talks, code=code, **name.as_fields("name"))
    audit.record(events.PartyAdded(talks_id=talks.pk, party_id=party.pk, code=code),
                 actor_id=actor.user_id)
    caucus.open_room(actor, talks, kind=RoomKind.CAUCUS, party=party)
    return party


def _check_party_name(name: LocalText) -> None:
    _require_text(name, "name")
    _check_plain(name, "name")
    _check_length(name, "name", MAX_TITLE)


def _check_code(code: str) -> str:
    code = code.strip().lower()
    if not code or len(code) > 32 or not code.isascii() or not code.replace("-", "").isalnum():
        raise ActionRefused(_("A party code is up to 32 letters, digits and hyphens."), field="code")
    return code


@transaction.atomic
def rename_party(actor: Viewer, party: Party, *, name: LocalText | None = None,
                 code: str | None = None) -> Party:
    """Give a party another name or code. The lead mediator only; codes stay unique in the talks."""
    policy.require(actor, "manage", party.talks)
    audit.lock_chain()  # the clash check below then sees every committed party
    party.refresh_from_db()
    new_name = name if name is not None else LocalText(party.name_i18n)
    _check_party_name(new_name)
    new_code = _check_code(code) if code is not None else party.code
    if new_code != party.code and Party.objects.filter(talks_id=party.talks_id, code=new_code).exists():
        raise ActionRefused(_("This talks already has a party with that code."), field="code")
    if new_code == party.code and dict(new_name) == party.name_i18n:
        return party
    previous_code = party.code
    party.code, party.name_i18n = new_code, dict(new_name)
    party.save(update_fields=["code", "name_i18n"])
    audit.record(events.PartyRenamed(talks_id=party.talks_id, party_id=party.pk, code=new_code,
                                     previous_code=previous_code),
                 actor_id=actor.user_id)
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
    format: RoundFormat | str,
    agenda: LocalText = LocalText(),
    status: RoundStatus = RoundStatus.PLANNED,
    time_zone: str = "UTC",
) -> Round:
    """Put a round on the calendar; numbers follow on from the last round."""
    policy.require(actor, "schedule_round", talks)
    _check_round_texts(title, venue, agenda)
    time_zone = _check_time_zone(time_zone)
    format = _check_format(format)
    _check_dates(starts_on, ends_on, dt.date.today())  # noqa: DTZ011 (a calendar date, not an instant)
    audit.lock_chain()  # the next number is computed under the lock
    last = Round.objects.filter(talks=talks).order_by("-number").values_list("number", flat=True).first()
    round_ = Round.objects.create(
        talks=talks, number=(last or 0) + 1,
        **title.as_fields("title"), **venue.as_fields("venue"), **agenda.as_fields("agenda"),
        starts_on=starts_on, ends_on=ends_on, format=format, status=status, time_zone=time_zone,
    )
    audit.record(
        events.RoundScheduled(talks_id=talks.pk, round_id=round_.pk, number=round_.number,
                              starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat(),
                              format=str(format)),
        actor_id=actor.user_id,
    )
    return round_


def _check_round_texts(title: LocalText, venue: LocalText, agenda: LocalText) -> None:
    _require_text(venue, "venue")
    _check_plain(venue, "venue")
    _check_length(venue, "venue", MAX_TITLE)
    _check_languages(title, "title")
    _check_plain(title, "title")
    _check_length(title, "title", MAX_TITLE)
    _check_languages(agenda, "agenda")
    _check_length(agenda, "agenda", MAX_DESCRIPTION)


def _check_time_zone(name: str) -> str:
    name = name.strip()
    try:
        if not name or name != name.strip("/") or ".." in name:
            raise ValueError(name)
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ActionRefused(_("Unknown time zone: give an IANA name such as Asia/Muscat or Europe/Zurich."),
                            field="time_zone") from None
    return name


def _check_format(format: object) -> RoundFormat:
    if format not in RoundFormat.values:
        raise ActionRefused(_("Choose proximity, direct or listening."), field="format")
    return RoundFormat(str(format))


@transaction.atomic
def edit_round(
    actor: Viewer,
    round_: Round,
    *,
    title: LocalText | None = None,
    venue: LocalText | None = None,
    agenda: LocalText | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    time_zone: str | None = None,
    format: RoundFormat | str | None = None,
) -> Round:
    """Edit a round: its texts, time zone and format, and its dates while it is not yet held.

    Mediators only. New dates record `RoundRescheduled` (the notifications tell
    every member); other changes `RoundEdited`. A field left None stays.
    """
    policy.require(actor, "manage", round_)
    # Lock, then read the round afresh: a "held" that committed meanwhile is seen.
    audit.lock_chain()
    round_.refresh_from_db()
    new_title = title if title is not None else LocalText(round_.title_i18n)
    new_venue = venue if venue is not None else LocalText(round_.venue_i18n)
    new_agenda = agenda if agenda is not None else LocalText(round_.agenda_i18n)
    _check_round_texts(new_title, new_venue, new_agenda)
    new_zone = _check_time_zone(time_zone) if time_zone is not None else round_.time_zone
    new_format = _check_format(format) if format is not None else round_.format
    new_start = starts_on if starts_on is not None else round_.starts_on
    new_end = ends_on if ends_on is not None else round_.ends_on
    moved = (new_start, new_end) != (round_.starts_on, round_.ends_on)
    if moved:
        if round_.status == RoundStatus.HELD:
            raise ActionRefused(_("This round was held: its dates are history and cannot be changed."),
                                field="starts_on")
        _check_dates(new_start, new_end, dt.date.today())  # noqa: DTZ011
    values: dict[str, Any] = {
        "title_i18n": dict(new_title), "venue_i18n": dict(new_venue), "agenda_i18n": dict(new_agenda),
        "time_zone": new_zone, "format": str(new_format), "starts_on": new_start, "ends_on": new_end,
    }
    changed = [name for name, value in values.items() if getattr(round_, name) != value]
    if not changed:
        return round_
    previous_start, previous_end = round_.starts_on, round_.ends_on
    for name in changed:
        setattr(round_, name, values[name])
    round_.save(update_fields=changed)
    event: events.RoundEdited | events.RoundRescheduled
    if moved:
        event = events.RoundRescheduled(
            talks_id=round_.talks_id, round_id=round_.pk, starts_on=new_start.isoformat(),
            ends_on=new_end.isoformat(), previous_starts_on=previous_start.isoformat(),
            previous_ends_on=previous_end.isoformat())
    else:
        event = events.RoundEdited(talks_id=round_.talks_id, round_id=round_.pk,
                                   changed=[c.removesuffix("_i18n") for c in changed])
    audit.record(event, actor_id=actor.user_id)
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
