"""Who is calling the fast path: `wasit.accounts.authn.authenticate`, with a cache of seats.

The token is looked up on every call (one indexed query that also requires
the user to be active), so revocation and deactivation take effect at once;
only the seats (the `Viewer`) are cached per user, until any seat changes
(the hub clears the cache on every seat event: seated, unseated, role changed) or for at most `TTL`
seconds. The two-factor state is judged on every call by `authenticate`.
"""

from __future__ import annotations

import threading
import time
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.auth import get_user_model

from wasit.accounts import authn
from wasit.policy import Viewer, viewer_for

TTL = 30.0

# The one refusal, re-exported for the stream and its tests.
TwoFactorRequired = authn.TwoFactorRequired


class ViewerCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_user: dict[int, tuple[float, Viewer]] = {}

    def clear(self) -> None:
        with self._lock:
            self._by_user.clear()

    def viewer(self, user_id: int) -> Viewer | None:
        """The seats of a user the caller has just found active (cached)."""
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


def bearer(headers: dict[bytes, bytes]) -> str | None:
    value = headers.get(b"authorization", b"").decode("latin-1")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


def cookies(headers: dict[bytes, bytes]) -> dict[str, str]:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # noqa: BLE001 (a malformed cookie header is no cookie)
        return {}
    return {name: morsel.value for name, morsel in cookie.items()}


def authenticate_token(token: str) -> Viewer:
    """The viewer of a bearer token, or `authn.Refusal` (401, or 403 for two-factor)."""
    return authn.authenticate(token=token, viewer_of=viewer_cache.viewer)


def viewer_from_token(token: str) -> Viewer | None:
    """The viewer of a token, None for no valid token; `TwoFactorRequired` propagates."""
    try:
        return authenticate_token(token)
    except authn.Unauthenticated:
        return None


def viewer_from_session(headers: dict[bytes, bytes]) -> Viewer | None:
    """A logged-in browser, or None; `TwoFactorRequired` propagates."""
    key = cookies(headers).get(settings.SESSION_COOKIE_NAME)
    if key is None:
        return None
    try:
        return authn.authenticate(user=authn.user_of_session(key))
    except authn.Unauthenticated:
        return None
