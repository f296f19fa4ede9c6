"""Users without an authenticator are sent to set one up, when the operator or their talks require it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from wasit.accounts.authn import TwoFactorRequired, must_enrol_second_factor

__all__ = ["ALLOWED_PREFIXES", "RequireTwoFactorMiddleware", "must_enrol_second_factor"]

# Where a mediator may still go before setting up the second factor.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    """Pages redirect to the set-up page; the API refuses with the fast path's 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The viewer is resolved once per request anyway; the check costs a query
        # only for a user whose seats require a second factor.
        if request.user.is_authenticated:
            from wasit.accounts.viewer import request_viewer

            if must_enrol_second_factor(request.user, request_viewer(request)):
                request.wasit_2fa_required = True  # type: ignore[attr-defined]
                if request.path.startswith("/api/"):
                    from wasit.web.middleware import json_refusal

                    return json_refusal(request, TwoFactorRequired())
                if not request.path.startswith(ALLOWED_PREFIXES):
                    response: HttpResponse = redirect("accounts:two_factor")
                    return response
        return self.get_response(request)
