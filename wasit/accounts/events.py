"""Event kinds of the accounts app."""

from __future__ import annotations

from dataclasses import dataclass

from wasit.audit.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class UserCreated(DomainEvent):
    """An account was created. Seen by operators only."""

    kind = "accounts.user_created"
    user_id: int
    username: str
    is_operator: bool


@dataclass(frozen=True, kw_only=True)
class TokenIssued(DomainEvent):
    """An API token was issued to a user. Seen by operators only; the token itself is never logged."""

    kind = "accounts.token_issued"
    user_id: int
    token_id: int
    label: str


@dataclass(frozen=True, kw_only=True)
class LoggedIn(DomainEvent):
    """Someone logged in. Seen by operators only."""

    kind = "accounts.logged_in"
    user_id: int
    address: str


@dataclass(frozen=True, kw_only=True)
class LoggedOut(DomainEvent):
    """Someone logged out. Seen by operators only."""

    kind = "accounts.logged_out"
    user_id: int


@dataclass(frozen=True, kw_only=True)
class LoginFailed(DomainEvent):
    """A log-in failed: wrong password, unknown name, or a locked account. Seen by operators only.

    The name tried is recorded, never the password.
    """

    kind = "accounts.login_failed"
    username: str
    address: str


@dataclass(frozen=True, kw_only=True)
class TwoFactorEnabled(DomainEvent):
    """A user confirmed an authenticator app for two-factor log-in. Seen by operators only."""

    kind = "accounts.two_factor_enabled"
    user_id: int


@dataclass(frozen=True, kw_only=True)
class TokenRevoked(DomainEvent):
    """An API token was revoked, by its owner or an operator; it is refused at once everywhere.

    Seen by operators only.
    """

    kind = "accounts.token_revoked"
    user_id: int
    token_id: int
    label: str


@dataclass(frozen=True, kw_only=True)
class UserDeactivated(DomainEvent):
    """An operator deactivated an account: its sessions, tokens and open streams end at once.

    Seen by operators only.
    """

    kind = "accounts.user_deactivated"
    user_id: int


@dataclass(frozen=True, kw_only=True)
class UserReactivated(DomainEvent):
    """An operator reactivated an account. Seen by operators only."""

    kind = "accounts.user_reactivated"
    user_id: int


@dataclass(frozen=True, kw_only=True)
class OpenTalksGranted(DomainEvent):
    """An operator let a user open talks ("may open talks"), or withdrew it. Seen by operators only."""

    kind = "accounts.open_talks_changed"
    user_id: int
    granted: bool
