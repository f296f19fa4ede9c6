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
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.caucus import actions as caucus
from wasit.caucus.models import RoomKind
from wasit.dates import FIRST_DAY, LAST_DAY, supported
from wasit.policy import ActionRefused, Viewer
from wasit.talks import events
from wasit.talks.localized import LocalText, content_languages
from wasit.talks.models import (
    MEDIATOR_ROLES,
    AskedBy,
    Membership,
    Party,
    PartySummary,
    Role,
    Round,
    RoundAgendaItem,
    RoundFormat,
    RoundMinutes,
    RoundStatus,
    RoundStep,
    StepKind,
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


# --- rounds: their dates and times, status, history, agenda and minutes -------

MAX_ROUND_DAYS = 60


class _Keep:
    """A parameter left out: the round keeps what it has (None means "no time")."""


KEEP: Any = _Keep()


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _check_day(day: dt.date, field: str) -> None:
    if not supported(day):
        raise ActionRefused(
            _("That date is out of range: the calendars Wasit shows run from %(first)s to %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}, field=field)


def _check_dates(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> None:
    _check_day(starts_on, "starts_on")
    _check_day(ends_on, "ends_on")
    if ends_on < starts_on:
        raise ActionRefused(_("A round cannot end before it starts."), field="ends_on")
    if (ends_on - starts_on).days > MAX_ROUND_DAYS:
        raise ActionRefused(_("A round lasts at most 60 days."), field="ends_on")
    # A typo in a year (2204 for 2024) is caught, not stored.
    if starts_on.year > today.year + MAX_YEARS_AHEAD:
        raise ActionRefused(_("That date is out of range."), field="starts_on")


def _instants(starts_on: dt.date, ends_on: dt.date, starts_time: dt.time | None,
              ends_time: dt.time | None, time_zone: str) -> tuple[dt.datetime, dt.datetime, bool]:
    """The venue's local dates and times as UTC instants, and whether the round is all-day.

    Without times the round runs from local midnight on its first day to
    local midnight after its last (the end is exclusive, as in iCalendar).
    """
    _check_dates(starts_on, ends_on, dt.date.today())  # noqa: DTZ011 (a calendar date, not an instant)
    if any(t is not None and t.tzinfo is not None for t in (starts_time, ends_time)):
        field = "starts_time" if starts_time is not None and starts_time.tzinfo is not None else "ends_time"
        raise ActionRefused(_("Give the venue's local time, without a UTC offset: the time zone says where."),
                            field=field)
    if (starts_time is None) != (ends_time is None):
        field = "ends_time" if ends_time is None else "starts_time"
        raise ActionRefused(_("Give both times, the start and the end, or neither."), field=field)
    zone = _zone(time_zone)
    if starts_time is None or ends_time is None:
        start = dt.datetime.combine(starts_on, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC), True
    start = dt.datetime.combine(starts_on, starts_time, tzinfo=zone)
    end = dt.datetime.combine(ends_on, ends_time, tzinfo=zone)
    if end.astimezone(dt.UTC) <= start.astimezone(dt.UTC):
        raise ActionRefused(_("A round cannot end before it starts."), field="ends_time")
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC), False


def _step(actor: Viewer, round_: Round, kind: StepKind, at: dt.datetime, **fields: Any) -> RoundStep:
    """Append one step to the round's history, in the action's transaction."""
    return RoundStep.objects.create(round=round_, kind=kind, at=at, by_id=actor.user_id,
                                    starts_at=round_.starts_at, ends_at=round_.ends_at,
                                    sequence=round_.sequence, **fields)


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
    starts_time: dt.time | None = None,
    ends_time: dt.time | None = None,
    note: LocalText = LocalText(),
    status: RoundStatus = RoundStatus.PLANNED,
    time_zone: str = "UTC",
) -> Round:
    """Put a round on the calendar; numbers follow on from the last round.

    Dates (and times, if given) are the venue's, in `time_zone`; they are
    stored as UTC instants.
    """
    policy.require(actor, "schedule_round", talks)
    _check_round_texts(title, venue, note)
    time_zone = _check_time_zone(time_zone)
    format = _check_format(format)
    starts_at, ends_at, all_day = _instants(starts_on, ends_on, starts_time, ends_time, time_zone)
    audit.lock_chain()  # the next number is computed under the lock
    last = Round.objects.filter(talks=talks).order_by("-number").values_list("number", flat=True).first()
    round_ = Round.objects.create(
        talks=talks, number=(last or 0) + 1,
        **title.as_fields("title"), **venue.as_fields("venue"), **note.as_fields("note"),
        starts_at=starts_at, ends_at=ends_at, all_day=all_day, format=format, status=status,
        time_zone=time_zone,
    )
    event = audit.record(
        events.RoundScheduled(talks_id=talks.pk, round_id=round_.pk, number=round_.number,
                              starts_on=round_.starts_on.isoformat(), ends_on=round_.ends_on.isoformat(),
                              format=str(format)),
        actor_id=actor.user_id,
    )
    _step(actor, round_, StepKind.PLANNED, event.created_at)
    return round_


MAX_NOTE = 2000


def _check_round_texts(title: LocalText, venue: LocalText, note: LocalText) -> None:
    _require_text(venue, "venue")
    _check_plain(venue, "venue")
    _check_length(venue, "venue", MAX_TITLE)
    _check_languages(title, "title")
    _check_plain(title, "title")
    _check_length(title, "title", MAX_TITLE)
    _check_languages(note, "note")
    _check_length(note, "note", MAX_NOTE)


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


# Fields whose change moves the round's entry on a calendar: SEQUENCE goes up.
CALENDAR_FIELDS = frozenset({"title_i18n", "venue_i18n", "format", "time_zone", "starts_at", "ends_at",
                             "all_day", "status", "rescheduled_to"})


@transaction.atomic
def edit_round(
    actor: Viewer,
    round_: Round,
    *,
    title: LocalText | None = None,
    venue: LocalText | None = None,
    note: LocalText | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    starts_time: dt.time | None = KEEP,
    ends_time: dt.time | None = KEEP,
    time_zone: str | None = None,
    format: RoundFormat | str | None = None,
) -> Round:
    """Edit a round: its texts, time zone and format, and its dates and times while it is not yet held.

    Mediators only. New local dates record `RoundRescheduled` (the
    notifications tell every member); other changes `RoundEdited`. A field
    left out stays; a time given as None makes the round all-day. Local
    dates and times are kept when only the time zone changes (the venue's
    clock is what people agreed on).
    """
    policy.require(actor, "manage", round_)
    # Lock, then read the round afresh: a "held" that committed meanwhile is seen.
    audit.lock_chain()
    round_.refresh_from_db()
    new_title = title if title is not None else LocalText(round_.title_i18n)
    new_venue = venue if venue is not None else LocalText(round_.venue_i18n)
    new_note = note if note is not None else LocalText(round_.note_i18n)
    _check_round_texts(new_title, new_venue, new_note)
    new_zone = _check_time_zone(time_zone) if time_zone is not None else round_.time_zone
    new_format = _check_format(format) if format is not None else round_.format
    new_start = starts_on if starts_on is not None else round_.starts_on
    new_end = ends_on if ends_on is not None else round_.ends_on
    new_starts_time = round_.starts_time if starts_time is KEEP else starts_time
    new_ends_time = round_.ends_time if ends_time is KEEP else ends_time
    previous_start, previous_end = round_.starts_on, round_.ends_on
    starts_at, ends_at, all_day = _instants(new_start, new_end, new_starts_time, new_ends_time, new_zone)
    moved = (starts_at, ends_at, all_day) != (round_.starts_at, round_.ends_at, round_.all_day)
    if moved and round_.status == RoundStatus.HELD:
        raise ActionRefused(_("This round was held: its dates are history and cannot be changed."),
                            field="starts_on")
    values: dict[str, Any] = {
        "title_i18n": dict(new_title), "venue_i18n": dict(new_venue), "note_i18n": dict(new_note),
        "time_zone": new_zone, "format": str(new_format), "starts_at": starts_at, "ends_at": ends_at,
        "all_day": all_day,
    }
    changed = [name for name, value in values.items() if getattr(round_, name) != value]
    if not changed:
        return round_
    for name in changed:
        setattr(round_, name, values[name])
    if CALENDAR_FIELDS.intersection(changed):
        round_.sequence += 1
        changed.append("sequence")
    round_.save(update_fields=changed)
    names = [c.removesuffix("_i18n") for c in changed if c != "sequence"]
    event: events.RoundEdited | events.RoundRescheduled
    dates_moved = (round_.starts_on, round_.ends_on) != (previous_start, previous_end)
    if dates_moved:
        event = events.RoundRescheduled(
            talks_id=round_.talks_id, round_id=round_.pk, starts_on=round_.starts_on.isoformat(),
            ends_on=round_.ends_on.isoformat(), previous_starts_on=previous_start.isoformat(),
            previous_ends_on=previous_end.isoformat())
    else:
        event = events.RoundEdited(talks_id=round_.talks_id, round_id=round_.pk, changed=names)
    row = audit.record(event, actor_id=actor.user_id)
    _step(actor, round_, StepKind.RESCHEDULED if dates_moved else StepKind.EDITED, row.created_at,
          changed=names)
    return round_


MAX_REASON = 2000

MEDIATORS_ASKED = "mediators"


def _asked_by(round_: Round, requested_by: Party | str | None) -> tuple[AskedBy, Party | None]:
    """Who asked for a postponement: a party of these talks, or the mediators."""
    if requested_by is None or requested_by == "":
        return AskedBy.NOBODY, None
    if requested_by == MEDIATORS_ASKED:
        return AskedBy.MEDIATORS, None
    if isinstance(requested_by, Party) and requested_by.talks_id == round_.talks_id:
        return AskedBy.PARTY, requested_by
    raise ActionRefused(_("Say who asked: a party of these talks, or the mediators."), field="requested_by")


@transaction.atomic
def change_round_status(
    actor: Viewer,
    round_: Round,
    *,
    status: RoundStatus,
    reason: str = "",
    rescheduled_to: dt.date | None = None,
    requested_by: Party | str | None = None,
) -> Round:
    """Mark a round held, postponed (with a reason, who asked and the new date if there is one) or cancelled.

    `requested_by`: the `Party` that asked for a postponement, or
    `"mediators"`. Every change raises the round's sequence, so calendar
    apps move the event they hold.
    """
    policy.require(actor, "manage", round_)
    # Lock, then read the round afresh: of "held" and "cancelled" at once, one wins.
    audit.lock_chain()
    round_.refresh_from_db()
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is too long (at most %(limit)d characters).")
                            % {"limit": MAX_REASON}, field="reason")
    asked_by: AskedBy = AskedBy.NOBODY
    asked_by_party: Party | None = None
    if status == RoundStatus.POSTPONED:
        if not reason:
            raise ActionRefused(_("Say why the round is postponed."), field="reason")
        asked_by, asked_by_party = _asked_by(round_, requested_by)
        if rescheduled_to is not None:
            if rescheduled_to <= round_.starts_on:
                raise ActionRefused(_("The new date must come after the original date."),
                                    field="rescheduled_to")
            _check_day(rescheduled_to, "rescheduled_to")
            _check_dates(rescheduled_to, rescheduled_to, dt.date.today())  # noqa: DTZ011
    elif status == RoundStatus.CANCELLED:
        if not reason:
            raise ActionRefused(_("Say why the round is cancelled."), field="reason")
        rescheduled_to = None
    elif status == RoundStatus.HELD:
        rescheduled_to = None
    else:
        raise ActionRefused(_("A round can be marked held, postponed or cancelled."), field="status")
    if round_.is_closed:
        raise ActionRefused(_("This round is already closed."), field="status")
    round_.status = status
    round_.status_reason = reason
    round_.rescheduled_to = rescheduled_to
    round_.sequence += 1
    round_.save(update_fields=["status", "status_reason", "rescheduled_to", "sequence"])
    event = audit.record(
        events.RoundStatusChanged(
            talks_id=round_.talks_id, round_id=round_.pk, status=str(status), reason=reason,
            rescheduled_to=rescheduled_to.isoformat() if rescheduled_to else None,
            requested_by=(f"party:{asked_by_party.pk}" if asked_by_party is not None
                          else (str(asked_by) or None)),
        ),
        actor_id=actor.user_id,
    )
    _step(actor, round_, StepKind(str(status)), event.created_at, reason=reason, asked_by=asked_by,
          asked_by_party=asked_by_party, new_date=rescheduled_to)
    return round_


MAX_ROUND_ISSUES = 100


def _agenda_issues(talks_id: int, ids: Sequence[object]) -> list[int]:
    """Check the chosen issue ids: each once, each on these talks' agenda and not withdrawn."""
    # By the relation, not by import: the agenda app sits above the talks.
    issue_model = RoundAgendaItem._meta.get_field("issue").related_model
    out: list[int] = []
    for raw in ids:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ActionRefused(_("Agenda issues are given by their ids."), field="issues")
        if not 0 < raw < 2**63:  # no row has such an id, and the database could not even compare it
            raise ActionRefused(_("That issue is not on these talks' agenda."), field="issues")
        if raw in out:
            raise ActionRefused(_("Each agenda issue once."), field="issues")
        out.append(raw)
    if len(out) > MAX_ROUND_ISSUES:
        raise ActionRefused(_("A round's agenda holds at most %(limit)d issues.") % {"limit": MAX_ROUND_ISSUES},
                            field="issues")
    found = dict(issue_model._default_manager.filter(pk__in=out, talks_id=talks_id)
                 .values_list("pk", "withdrawn_at"))
    for pk in out:
        if pk not in found:
            raise ActionRefused(_("That issue is not on these talks' agenda."), field="issues")
        if found[pk] is not None:
            raise ActionRefused(_("That issue was withdrawn from the agenda: restore it first."),
                                field="issues")
    return out


@transaction.atomic
def set_round_agenda(actor: Viewer, round_: Round, *, issues: Sequence[object]) -> Round:
    """Give a round its agenda: agenda issues of the talks, in order. Mediators only.

    Replaces the round's agenda as a whole; an unchanged agenda records nothing.
    """
    policy.require(actor, "set_agenda", round_)
    chosen = _agenda_issues(round_.talks_id, issues)
    audit.lock_chain()
    current = list(RoundAgendaItem.objects.filter(round=round_).order_by("position")
                   .values_list("issue_id", flat=True))
    if current == chosen:
        return round_
    RoundAgendaItem.objects.filter(round=round_).delete()
    RoundAgendaItem.objects.bulk_create([RoundAgendaItem(round=round_, issue_id=pk, position=i)
                                         for i, pk in enumerate(chosen, start=1)])
    event = audit.record(events.RoundAgendaSet(talks_id=round_.talks_id, round_id=round_.pk, issues=chosen),
                         actor_id=actor.user_id)
    _step(actor, round_, StepKind.AGENDA, event.created_at)
    return round_


MAX_MINUTES = 20000


def _check_record_text(text: str, field: str = "text") -> str:
    text = text.strip()
    if len(text) > MAX_MINUTES:
        raise ActionRefused(_("Too long: at most %(limit)d characters.") % {"limit": MAX_MINUTES}, field=field)
    return text


def _stale() -> ActionRefused:
    return ActionRefused(_("Someone saved this record since you opened it: reload the page, "
                           "then make your change again."), field="version")


@transaction.atomic
def save_minutes(actor: Viewer, round_: Round, *, text: str, version: int) -> RoundMinutes:
    """Save the mediators' own minutes of a round. Mediators only; nobody else ever reads them.

    `version` is the one the writer started from: a colleague's save in
    between makes this one stale, and it is refused, not merged.
    """
    policy.require(actor, "keep_minutes", round_)
    text = _check_record_text(text)
    audit.lock_chain()
    minutes = RoundMinutes.objects.filter(round=round_).first()
    current = minutes.version if minutes is not None else 0
    if version != current:
        raise _stale()
    if minutes is not None and minutes.text == text:
        return minutes
    now = timezone.now()
    if minutes is None:
        minutes = RoundMinutes.objects.create(round=round_, text=text, version=1, updated_at=now,
                                              updated_by_id=actor.user_id)
    else:
        minutes.text, minutes.version, minutes.updated_at = text, current + 1, now
        minutes.updated_by_id = actor.user_id
        minutes.save(update_fields=["text", "version", "updated_at", "updated_by"])
    audit.record(events.RoundMinutesSaved(talks_id=round_.talks_id, round_id=round_.pk,
                                          version=minutes.version), actor_id=actor.user_id)
    return minutes


@transaction.atomic
def save_summary(actor: Viewer, round_: Round, party: Party, *, text: str, version: int,
                 share: bool = False) -> PartySummary:
    """Save the summary of a round for one party; `share` puts it before that party's delegation.

    Mediators only. Once shared, a summary stays shared: later saves are
    what the party reads. Another party never sees it.
    """
    policy.require(actor, "keep_minutes", round_)
    if party.talks_id != round_.talks_id:
        raise ActionRefused(_("That party is not at these talks."), field="party")
    text = _check_record_text(text)
    audit.lock_chain()
    summary = PartySummary.objects.filter(round=round_, party=party).first()
    current = summary.version if summary is not None else 0
    if version != current:
        raise _stale()
    if share and not text:
        raise ActionRefused(_("Write the summary before sharing it."), field="text")
    now = timezone.now()
    if summary is None:
        summary = PartySummary(round=round_, party=party, version=0)
    elif summary.text == text and (summary.shared_at is not None or not share):
        return summary
    summary.text, summary.version, summary.updated_at = text, current + 1, now
    summary.updated_by_id = actor.user_id
    if share and summary.shared_at is None:
        summary.shared_at = now
    summary.save()
    audit.record(events.RoundSummarySaved(talks_id=round_.talks_id, round_id=round_.pk, party_id=party.pk,
                                          version=summary.version, shared=summary.shared_at is not None),
                 actor_id=actor.user_id)
    return summary
