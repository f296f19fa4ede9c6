"""Log-ins, log-outs and failures enter the audit log, through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.http import HttpRequest

from wasit import audit
from wasit.accounts import events


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(events.LoggedIn(user_id=user.pk, address=_address(request)), actor_id=user.pk)


def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        audit.record(events.LoggedOut(user_id=user.pk), actor_id=user.pk)


def _on_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                **kwargs: Any) -> None:
    from wasit.accounts.actions import record_failed_login

    record_failed_login(username=str(credentials.get("username", "")), address=_address(request))


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="wasit-audit-login")
    user_logged_out.connect(_on_logout, dispatch_uid="wasit-audit-logout")
    user_login_failed.connect(_on_failure, dispatch_uid="wasit-audit-login-failed")
