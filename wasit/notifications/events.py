"""Event kinds of the notifications app. Each docstring is the kind's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PreferencesChanged(DomainEvent):
    """A user changed which e-mail notifications they get, and in which language.

    Belongs to no talks, so only the operators see it in the log; the
    user's address is not in it.
    """

    kind = "notifications.preferences_changed"
    user_id: int
    language: str
    relays: bool
    rounds: bool
    seats: bool
