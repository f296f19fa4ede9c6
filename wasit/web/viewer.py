"""The viewer of a request, resolved once and kept on the request.

The API's auth (`wasit.accounts.authn.authenticate`, through the ninja auth
classes) sets it; pages resolve it from the session's user, whom Django's
authentication middleware has already checked (an inactive user is no
user). The two-factor decision is the middleware's (`wasit.accounts.middleware`),
by the same `authenticate` rule.
"""

from __future__ import annotations

from django.http import HttpRequest

from wasit.policy import Viewer, viewer_for


def request_viewer(request: HttpRequest) -> Viewer:
    cached: Viewer | None = getattr(request, "_wasit_viewer", None)
    if cached is None:
        cached = viewer_for(request.user)
        request._wasit_viewer = cached  # type: ignore[attr-defined]
    return cached


def set_request_viewer(request: HttpRequest, viewer: Viewer) -> None:
    """Keep the viewer an authentication has already resolved."""
    request._wasit_viewer = viewer  # type: ignore[attr-defined]
