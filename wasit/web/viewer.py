"""The viewer of a request, resolved once and kept on the request."""

from __future__ import annotations

from django.http import HttpRequest

from wasit.policy import Viewer, viewer_for


def request_viewer(request: HttpRequest) -> Viewer:
    cached: Viewer | None = getattr(request, "_wasit_viewer", None)
    if cached is None:
        cached = viewer_for(request.user)
        request._wasit_viewer = cached  # type: ignore[attr-defined]
    return cached
