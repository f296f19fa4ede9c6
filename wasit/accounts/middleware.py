"""Mediators without an authenticator are sent to set one up, when the operator requires it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

# Where a mediator may still go before setting up the second factor.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS and request.user.is_authenticated:
            from wasit.accounts.queries import has_second_factor
            from wasit.web.viewer import request_viewer

            if request_viewer(request).mediated_talks and not has_second_factor(request.user.pk):
                request.wasit_2fa_required = True  # type: ignore[attr-defined]
                if not request.path.startswith(ALLOWED_PREFIXES):
                    response: HttpResponse = redirect("accounts:two_factor")
                    return response
        return self.get_response(request)
