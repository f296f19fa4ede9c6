"""The shapes the API returns and takes. Names of fields follow the models'.

The caucus bodies (`MessageIn`, `RelayIn`, `WithholdIn`, `TranslationIn`)
only document: `wasit.caucus.operations` parses them, strictly, for both
transports, and refuses an unknown field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import StrictInt


class PartyOut(Schema):
    id: int
    code: str
    name: str


class TalksOut(Schema):
    id: int
    title: str
    mediator_org: str
    status: str
    parties: list[PartyOut]


class TalksDetailOut(TalksOut):
    description: str
    my_role: str | None
    # Set by the lead mediator (POST /talks/{id}); an empty list means every content language.
    languages: list[str] = []
    heads_may_invite: bool = False
    require_two_factor: bool = False
    title_i18n: dict[str, str] = {}
    mediator_org_i18n: dict[str, str] = {}
    description_i18n: dict[str, str] = {}


class SeatOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    party_id: int | None
    title: str


class RoundOut(Schema):
    id: int
    talks_id: int
    number: int
    title: str
    venue: str
    # The venue's local dates, in `time_zone`, read from the UTC instants below.
    starts_on: dt.date
    ends_on: dt.date
    format: str
    status: str
    status_reason: str
    rescheduled_to: dt.date | None
    time_zone: str = "UTC"  # an IANA name: the round's dates are the venue's
    # UTC; for an all-day round, local midnight to local midnight after its last day (exclusive end).
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    all_day: bool = True
    # The venue's local times, "HH:MM" (no offset: `time_zone` says where); None for an all-day round.
    starts_time: str | None = None
    ends_time: str | None = None
    # Raised by every change of its dates or status (iCalendar SEQUENCE).
    sequence: int = 0
    note: dict[str, str] = {}
    listening_only: bool = False


class RoundStatusIn(Schema):
    """A postponement needs a reason; `requested_by` is "mediators" or the id of the party that asked."""

    status: str
    reason: str = ""
    rescheduled_to: dt.date | None = None
    requested_by: StrictInt | Literal["mediators"] | None = None


class RoundStepOut(Schema):
    """One step of a round's history."""

    id: int
    kind: str
    at: dt.datetime
    by: str | None
    reason: str
    # "mediators", "party" (see `asked_by_party_id`) or "" when not recorded.
    asked_by: str
    asked_by_party_id: int | None
    new_date: dt.date | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    sequence: int
    changed: list[str]


class RoundAgendaItemOut(Schema):
    position: int
    issue_id: int
    title: dict[str, str]
    withdrawn: bool


class RoundMinutesOut(Schema):
    """The mediators' own record; `version` is what the next save must give."""

    round_id: int
    text: str
    version: int
    updated_at: dt.datetime | None


class PartySummaryOut(Schema):
    round_id: int
    party_id: int
    text: str
    version: int
    shared: bool
    shared_at: dt.datetime | None
    updated_at: dt.datetime


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class InvalidOut(Schema):
    """422: a parameter or body that does not match the schema."""

    detail: str
    errors: list[dict]  # type: ignore[type-arg]


class RoomOut(Schema):
    id: int
    talks_id: int
    kind: str
    party_id: int | None
    open: bool
    open_until: str | None


class MessageIn(Schema):
    model_config = {"extra": "forbid"}

    text: str
    mediators_only: bool = False
    reply_to: int | None = None


class MessagePostedOut(Schema):
    id: int
    event_id: int
    room_id: int
    created_at: str


class RelayIn(Schema):
    model_config = {"extra": "forbid"}

    into: list[int]
    mode: str
    text: str = ""
    attributed: bool = False
    show_mode: bool = False


class RelayItemOut(Schema):
    id: int
    room_id: int
    event_id: int


class RelayOut(Schema):
    relays: list[RelayItemOut]


class WithholdIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str


class TranslationIn(Schema):
    model_config = {"extra": "forbid"}

    language: str
    text: str


class AcceptedOut(Schema):
    model_config = {"extra": "allow"}


class HistoryOut(Schema):
    room: RoomOut
    items: list[dict]  # type: ignore[type-arg]
    next_before: int | None


# --- negotiation domains, scores, the frontier, proposals --------------------


class IssueIn(Schema):
    title: dict[str, str] | str
    options: list[dict[str, str] | str]


class DomainIn(Schema):
    name: str = ""
    issues: list[IssueIn]


class GeniusDomainIn(Schema):
    xml: str
    filename: str = "domain.xml"


class DomainSettingsIn(Schema):
    scores_hidden_from_mediators: bool


class IssueOut(Schema):
    title: dict[str, str]
    options: list[dict[str, str]]


class DomainOut(Schema):
    id: int
    talks_id: int
    name: str
    source: str
    scores_hidden_from_mediators: bool
    issues: list[IssueOut]
    created_at: dt.datetime


class ScoresIn(Schema):
    weights: list[float]
    values: list[list[float]]
    reservation: float
    note: str = ""
    domain_id: int | None = None


class ScoreVersionOut(Schema):
    id: int
    domain_id: int
    party_id: int
    version: int
    raw_weights: list[float]
    weights: list[float]
    values: list[list[float]]
    reservation: float
    normalised: bool
    note: str
    created_at: dt.datetime


class PartyScoresOut(Schema):
    party_id: int
    domain_id: int | None
    latest: ScoreVersionOut | None
    history: list[ScoreVersionOut]
    preview: list[str]


class PointOut(Schema):
    package: list[int]
    words: list[str]
    utilities: list[float]


class FrontierOut(Schema):
    domain_id: int
    parties: list[PartyOut]
    waiting_for: list[int]
    #: The refusal in the caller's language: the estimate and what would make it tractable.
    too_large: str | None
    #: The engine's estimates behind a refusal: frontier size (or candidates of one step,
    #: as `too_large` says) and seconds for the whole computation, when known.
    estimated_size: int | None = None
    estimated_seconds: float | None = None
    #: True when the frontier (and the solutions picked on it) is approximate.
    approximate: bool = False
    #: How it was approximated (the engine's words, see docs/engine.md) and the bound: every
    #: exact frontier point has a listed package giving each party at most this less.
    method: str | None = None
    error_bound: float | None = None
    approximate_note: str | None = None
    no_agreement_reason: str | None
    #: One page of the frontier, from `frontier_offset`; `frontier_total` points in all.
    frontier: list[PointOut]
    frontier_total: int = 0
    frontier_offset: int = 0
    solutions: dict[str, PointOut | None]
    proposal: PointOut | None
    proposal_pareto_optimal: bool | None
    proposal_uniform_improvement: float | None


class ProposeIn(Schema):
    package: list[int]
    label: str = "custom"


class ProposalOut(Schema):
    id: int
    domain_id: int
    package: list[int]
    words: list[str]
    label: str
    shared: bool
    created_at: dt.datetime
    # Mediators: every party's utility, by party id. A party: only its own, in my_utility.
    utilities: dict[str, float] | None = None
    my_utility: float | None = None


# Every operation may answer these: not logged in, and a request that does not
# fit the schema.
COMMON: dict[int, Any] = {401: ErrorOut, 422: InvalidOut}
