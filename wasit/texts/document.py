"""One version of a negotiating text as it leaves Wasit: what the exports render.

Plain data, built by `queries.document` for one reader (so a non-paper
carries no attribution and a draft is never built for a party); the PDF and
DOCX renderers read nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ClauseDocument:
    """A clause: its number, heading and body per language, and bracketed alternatives."""

    number: str
    heading: dict[str, str]
    body: dict[str, str]
    # Disputed language: each alternative is `{language: text}`, shown "[A] ... / [B] ...".
    alternatives: list[dict[str, str]] = field(default_factory=list)
    # The party that proposed the clause's language; None when unknown or the text is a non-paper.
    proposed_by: str | None = None


@dataclass(frozen=True)
class Signatory:
    """A party's head who confirmed the final text."""

    party: str
    name: str
    signed_at: datetime


@dataclass(frozen=True)
class VersionDocument:
    """A version of a text, with everything an export prints."""

    talks_title: dict[str, str]
    title: dict[str, str]
    version: int
    # The language whose wording governs; the others are translations.
    authoritative_language: str
    clauses: list[ClauseDocument]
    # sha256 (hex) of the version's canonical form (`canonical.version_digest`).
    digest: str
    created_at: datetime
    non_paper: bool = False
    signatories: list[Signatory] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return bool(self.signatories)
