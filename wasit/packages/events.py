"""Event kinds of the packages app. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class DomainDefined(DomainEvent):
    """A mediator defined the talks' negotiation domain (from the agenda or a Genius file).

    Seen by every member of the talks: the parties score it. It replaces the previous
    domain, whose scores stay on record but no longer count.
    """

    kind = "packages.domain_defined"
    domain_id: int
    source: str
    issues: list[str]
    option_counts: list[int]


@dataclass(frozen=True, kw_only=True)
class DomainSettingsChanged(DomainEvent):
    """The lead mediator changed whether the mediators may see the parties' scores.

    Seen by every member of the talks: each party may know who can read its scores.
    """

    kind = "packages.settings_changed"
    domain_id: int
    scores_hidden_from_mediators: bool


@dataclass(frozen=True, kw_only=True)
class ScoresSaved(DomainEvent):
    """A party saved a new version of its private scores.

    Carries no weight, value, reservation value or note: those stay in the score row.
    Seen by that party and the mediators, or by that party alone when the talks hide
    the scores from the mediators.
    """

    kind = "packages.scores_saved"
    domain_id: int
    party_id: int
    version: int
    normalised: bool
    hidden_from_mediators: bool


@dataclass(frozen=True, kw_only=True)
class ProposalDrafted(DomainEvent):
    """A mediator drafted a package for relay (posted in the mediators' room). Mediators only."""

    kind = "packages.proposal_drafted"
    proposal_id: int
    domain_id: int
    package: list[int]
    label: str


@dataclass(frozen=True, kw_only=True)
class ProposalShared(DomainEvent):
    """A mediator put a drafted package before the parties, each to see its own utility.

    Seen by every member of the talks.
    """

    kind = "packages.proposal_shared"
    proposal_id: int
    domain_id: int
    package: list[int]
