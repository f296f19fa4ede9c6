"""Event kinds of the talks app. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class TalksOpened(DomainEvent):
    """New talks were set up. Seen by every member of the talks."""

    kind = "talks.opened"
    title: str


@dataclass(frozen=True, kw_only=True)
class PartyAdded(DomainEvent):
    """A party joined the talks. Seen by every member of the talks."""

    kind = "talks.party_added"
    party_id: int
    code: str


@dataclass(frozen=True, kw_only=True)
class MemberSeated(DomainEvent):
    """A person was given a seat: on the mediator team or in a delegation.

    Seen by the mediators and, for a delegation seat, that party only: who
    sits in a delegation is that party's business.
    """

    kind = "talks.member_seated"
    membership_id: int
    user_id: int
    party_id: int | None
    role: str


@dataclass(frozen=True, kw_only=True)
class MemberUnseated(DomainEvent):
    """A person lost their seat at the talks (the lead mediator unseated them).

    Seen by the mediators and, for a delegation seat, that party only. Their
    open live streams end at once; on reconnecting they see nothing more of
    these talks.
    """

    kind = "talks.member_unseated"
    membership_id: int
    user_id: int
    party_id: int | None
    role: str


@dataclass(frozen=True, kw_only=True)
class MemberRoleChanged(DomainEvent):
    """A delegation member's role changed (e.g. from expert to observer).

    Seen by the mediators and that party only. The member's open live
    streams end at once and reconnect with what the new role may see.
    """

    kind = "talks.member_role_changed"
    membership_id: int
    user_id: int
    party_id: int | None
    role: str
    previous_role: str


@dataclass(frozen=True, kw_only=True)
class RoundScheduled(DomainEvent):
    """A round was scheduled. Seen by every member of the talks."""

    kind = "talks.round_scheduled"
    round_id: int
    number: int
    starts_on: str
    ends_on: str
    format: str


@dataclass(frozen=True, kw_only=True)
class RoundStatusChanged(DomainEvent):
    """A round was held, postponed (with reason, who asked and the new date if any) or cancelled.

    `requested_by`, for a postponement: `"mediators"`, `"party:<id>"`, or
    None when not recorded. Seen by every member of the talks.
    """

    kind = "talks.round_status_changed"
    round_id: int
    status: str
    reason: str
    rescheduled_to: str | None
    requested_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class TalksEdited(DomainEvent):
    """The lead mediator edited the talks: texts, content languages or settings.

    `changed` names the fields that changed (e.g. `title`, `languages`,
    `heads_may_invite`). Seen by every member of the talks.
    """

    kind = "talks.edited"
    changed: list[str]


@dataclass(frozen=True, kw_only=True)
class TalksStatusChanged(DomainEvent):
    """The lead mediator changed the talks' status (e.g. from active to concluded), saying why.

    Suspended and concluded talks are read-only for the parties. Seen by
    every member of the talks; the event's actor is who changed it.
    """

    kind = "talks.status_changed"
    previous_status: str
    status: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class PartyRenamed(DomainEvent):
    """The lead mediator renamed a party, or changed its code. Seen by every member of the talks."""

    kind = "talks.party_renamed"
    party_id: int
    code: str
    previous_code: str


@dataclass(frozen=True, kw_only=True)
class RoundEdited(DomainEvent):
    """A mediator edited a round's title, venue, note, times, time zone or format (not its dates).

    `changed` names the fields that changed. Seen by every member of the talks.
    """

    kind = "talks.round_edited"
    round_id: int
    changed: list[str]


@dataclass(frozen=True, kw_only=True)
class RoundRescheduled(DomainEvent):
    """A mediator moved a round to other dates (other fields may have changed too).

    Seen by every member of the talks; the notifications tell them.
    """

    kind = "talks.round_rescheduled"
    round_id: int
    starts_on: str
    ends_on: str
    previous_starts_on: str
    previous_ends_on: str


@dataclass(frozen=True, kw_only=True)
class RoundAgendaSet(DomainEvent):
    """A mediator set a round's agenda: `issues` are agenda issue ids in their order.

    Seen by every member of the talks.
    """

    kind = "talks.round_agenda_set"
    round_id: int
    issues: list[int]


@dataclass(frozen=True, kw_only=True)
class RoundMinutesSaved(DomainEvent):
    """A mediator saved the mediators' minutes of a round (the text stays in its sealed row).

    Seen by the mediators only.
    """

    kind = "talks.round_minutes_saved"
    round_id: int
    version: int


@dataclass(frozen=True, kw_only=True)
class RoundSummarySaved(DomainEvent):
    """A mediator saved the summary of a round written for one party (the text stays in its row).

    Seen by the mediators, and by that party once the summary is shared
    (`shared`); never by another party.
    """

    kind = "talks.round_summary_saved"
    round_id: int
    party_id: int
    version: int
    shared: bool
