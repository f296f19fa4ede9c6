"""Mediators without an authenticator are sent to set one up, when the operator requires it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

# Where a mediator may still go before setting up the second factor.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


def must_enrol_second_factor(user: object, viewer: object) -> bool:
    """True when this user must set up a second factor before going further.

    The one decision, shared by this middleware and the live stream
    (`wasit.live.auth`), which is served outside Django's middleware.
    """
    if not settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS or not getattr(user, "is_authenticated", False):
        return False
    from wasit.accounts.queries import has_second_factor

    return bool(viewer.mediated_talks) and not has_second_factor(user.pk)  # type: ignore[attr-defined]


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS and request.user.is_authenticated:
            from wasit.web.viewer import request_viewer

            if must_enrol_second_factor(request.user, request_viewer(request)):
                request.wasit_2fa_required = True  # type: ignore[attr-defined]
                if not request.path.startswith(ALLOWED_PREFIXES):
                    response: HttpResponse = redirect("accounts:two_factor")
                    return response
        return self.get_response(request)
