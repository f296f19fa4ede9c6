"""Event kinds of the positions. Each docstring is the kind's documentation.

No event carries a position's or an assessment's texts: those stay sealed in
their rows, and the log (exported, verified offline) only says that they changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PositionRecorded(DomainEvent):
    """A party saved a new version of its position on an agenda issue.

    `changed` names the fields that differ from the previous version
    (demand, offer, red_line, notes, priority, applies_from). Seen by that
    party and the mediators; by that party alone when it keeps its red lines
    from the mediators and this version changes its red line.
    """

    kind = "positions.position_recorded"
    position_id: int
    issue_id: int
    party_id: int
    version: int
    round_id: int | None
    changed: list[str]
    hidden_from_mediators: bool


@dataclass(frozen=True, kw_only=True)
class RedLinesBarred(DomainEvent):
    """A party's head kept the party's red lines from the mediators (`barred`), or opened them again.

    Seen by that party and the mediators (who then read "withheld by the party").
    """

    kind = "positions.red_lines_barred"
    party_id: int
    barred: bool


@dataclass(frozen=True, kw_only=True)
class AssessmentRecorded(DomainEvent):
    """A mediator saved a new version of the mediators' reading of the gap on an agenda issue.

    Carries the gap (wide, narrowing, bridgeable, agreed), not the note. Mediators only.
    """

    kind = "positions.assessment_recorded"
    assessment_id: int
    issue_id: int
    version: int
    gap: str


@dataclass(frozen=True, kw_only=True)
class PositionRelayed(DomainEvent):
    """A mediator posted a message drafted from a party's position into a room.

    Links the message to the position version it came from. Mediators only
    (the room sees the message itself, as a `caucus.message_posted`).
    """

    kind = "positions.position_relayed"
    position_id: int
    party_id: int
    issue_id: int
    version: int
    message_id: int
    room_id: int
