"""The viewer of a request, resolved once and kept on the request.

The API's auth (`wasit.accounts.authn.authenticate`, through the ninja auth
classes) sets it; pages ask the same `authenticate` for the session's user.
A user it refuses as unknown or inactive is the anonymous viewer; one who must
first set up two-factor keeps their viewer here, and the two-factor middleware
(`wasit.accounts.middleware`, same rule) sends them to the enrolment page.
"""

from __future__ import annotations

from django.http import HttpRequest

from wasit.accounts.authn import TwoFactorRequired, Unauthenticated, authenticate
from wasit.policy import ANONYMOUS, Viewer, viewer_for


def request_viewer(request: HttpRequest) -> Viewer:
    cached: Viewer | None = getattr(request, "_wasit_viewer", None)
    if cached is None:
        try:
            cached = authenticate(user=request.user)
        except TwoFactorRequired:
            cached = viewer_for(request.user)
        except Unauthenticated:
            cached = ANONYMOUS
        request._wasit_viewer = cached  # type: ignore[attr-defined]
    return cached


def set_request_viewer(request: HttpRequest, viewer: Viewer) -> None:
    """Keep the viewer an authentication has already resolved."""
    request._wasit_viewer = viewer  # type: ignore[attr-defined]
