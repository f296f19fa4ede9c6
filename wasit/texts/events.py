"""Event kinds of the single negotiating text. Each docstring is the kind's documentation.

No event carries a clause's wording, a comment or proposed language: those
stay sealed in their rows. The log says that a version was saved, shared,
marked and signed, and a signed version's digest.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class TextCreated(DomainEvent):
    """A mediator started a negotiating text (version 1). Seen by the mediators."""

    kind = "texts.text_created"
    text_id: int
    version: int
    party_ids: list[int]


@dataclass(frozen=True, kw_only=True)
class TextVersionSaved(DomainEvent):
    """A mediator saved a new version of a text. `changed` lists the clause numbers added, edited or removed.

    Seen by the mediators: a party sees only the versions shared with it.
    """

    kind = "texts.version_saved"
    text_id: int
    version: int
    digest: str
    changed: list[str]


@dataclass(frozen=True, kw_only=True)
class TextSettingsChanged(DomainEvent):
    """A mediator changed whether the text is a non-paper, or whether parties see the count of open clauses.

    Seen by the mediators and the text's parties.
    """

    kind = "texts.settings_changed"
    text_id: int
    non_paper: bool
    share_open_count: bool
    party_ids: list[int]


@dataclass(frozen=True, kw_only=True)
class TextVersionShared(DomainEvent):
    """A mediator shared a version with parties. Seen by the mediators and those parties."""

    kind = "texts.version_shared"
    text_id: int
    version: int
    party_ids: list[int]


@dataclass(frozen=True, kw_only=True)
class StancesMarked(DomainEvent):
    """A party marked its stances on clauses of a shared version (`counts`: accept/reject/reserve).

    Seen by the mediators and that party alone; never by another party.
    """

    kind = "texts.stances_marked"
    text_id: int
    version: int
    party_id: int
    clause_keys: list[str]
    counts: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class TextAgreed(DomainEvent):
    """Every party accepted every clause of one version: it awaits the heads' sign-off.

    Seen by the mediators and the text's parties.
    """

    kind = "texts.text_agreed"
    text_id: int
    version: int
    digest: str
    party_ids: list[int]


@dataclass(frozen=True, kw_only=True)
class TextSignedOff(DomainEvent):
    """A party's head confirmed the agreed version (`digest`). Seen by the mediators and the text's parties."""

    kind = "texts.signed_off"
    text_id: int
    version: int
    party_id: int
    digest: str
    party_ids: list[int]


@dataclass(frozen=True, kw_only=True)
class TextSigned(DomainEvent):
    """The last head signed: the version is frozen as the text's final form, with its digest.

    Seen by the mediators and the text's parties.
    """

    kind = "texts.text_signed"
    text_id: int
    version: int
    digest: str
    party_ids: list[int]
