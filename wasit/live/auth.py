"""Who is calling the fast path: a bearer token or a session cookie.

A token is checked against the database on every call (one indexed query),
so revocation and deactivation take effect at once. The viewer (seats) is
cached per user until any seat changes (the hub clears the cache on
`talks.member_seated`) or for at most `TTL` seconds.
"""

from __future__ import annotations

import threading
import time
from http.cookies import SimpleCookie
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user, get_user_model

from wasit.accounts.tokens import user_for_token
from wasit.policy import Viewer, viewer_for

TTL = 30.0


class ViewerCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_user: dict[int, tuple[float, Viewer]] = {}

    def clear(self) -> None:
        with self._lock:
            self._by_user.clear()

    def user_for_token(self, token: str) -> int | None:
        # Not cached: one indexed query, so that a revoked token or a
        # deactivated user is refused at once.
        return user_for_token(token)

    def viewer(self, user_id: int) -> Viewer | None:
        now = time.monotonic()
        hit = self._by_user.get(user_id)
        if hit and hit[0] > now:
            return hit[1]
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return None
        viewer = viewer_for(user)
        with self._lock:
            self._by_user[user_id] = (now + TTL, viewer)
        return viewer


viewer_cache = ViewerCache()


class TwoFactorRequired(Exception):
    message = "Set up two-factor authentication first (Account > Two-factor) to open the live stream."


def bearer(headers: dict[bytes, bytes]) -> str | None:
    value = headers.get(b"authorization", b"").decode("latin-1")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


def viewer_from_token(token: str) -> Viewer | None:
    user_id = viewer_cache.user_for_token(token)
    return viewer_cache.viewer(user_id) if user_id is not None else None


def viewer_from_session(headers: dict[bytes, bytes]) -> Viewer | None:
    """A logged-in browser: Django's own session check, including the password-change hash."""
    from importlib import import_module

    raw = headers.get(b"cookie", b"").decode("latin-1")
    cookie = SimpleCookie()
    try:
        cookie.load(raw)
    except Exception:  # noqa: BLE001 (a malformed cookie is no session)
        return None
    morsel = cookie.get(settings.SESSION_COOKIE_NAME)
    if morsel is None:
        return None
    engine = import_module(settings.SESSION_ENGINE)
    request = SimpleNamespace(session=engine.SessionStore(morsel.value))
    user = get_user(request)  # type: ignore[arg-type]
    if not user.is_authenticated:
        return None
    from wasit.accounts.middleware import must_enrol_second_factor

    viewer = viewer_for(user)
    if must_enrol_second_factor(user, viewer):
        raise TwoFactorRequired
    return viewer
