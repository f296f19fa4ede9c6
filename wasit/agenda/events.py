"""Event kinds of the agenda. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class IssueAdded(DomainEvent):
    """A mediator put a new issue at the end of the talks' agenda.

    Carries its title in every language given. Seen by every member of the talks.
    """

    kind = "agenda.issue_added"
    issue_id: int
    position: int
    title: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class IssueEdited(DomainEvent):
    """A mediator changed an agenda issue's title or description.

    Carries the new title; the description stays in the issue's row. Seen by
    every member of the talks.
    """

    kind = "agenda.issue_edited"
    issue_id: int
    title: dict[str, str]
    description_changed: bool


@dataclass(frozen=True, kw_only=True)
class IssueMoved(DomainEvent):
    """A mediator moved an agenda issue to another place in the order.

    `order` is every issue id of the talks' agenda in its new order (withdrawn
    ones included). Seen by every member of the talks.
    """

    kind = "agenda.issue_moved"
    issue_id: int
    from_position: int
    to_position: int
    order: list[int]


@dataclass(frozen=True, kw_only=True)
class IssueWithdrawn(DomainEvent):
    """A mediator took an issue off the agenda. It keeps its place and its records.

    Seen by every member of the talks.
    """

    kind = "agenda.issue_withdrawn"
    issue_id: int


@dataclass(frozen=True, kw_only=True)
class IssueRestored(DomainEvent):
    """A mediator put a withdrawn issue back on the agenda, in its old place.

    Seen by every member of the talks.
    """

    kind = "agenda.issue_restored"
    issue_id: int
