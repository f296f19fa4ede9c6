"""Each request shows dates on the viewer's own calendar, with their digits."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from wasit.schedule import display


class DisplayMiddleware:
    """After the authentication middleware: the display follows `request.user`.

    The choice is looked up only if the page shows a date (`display.using`
    resolves it lazily), so the JSON API and pages without dates pay nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        def resolve() -> display.Display:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return display.DEFAULT
            return display.of_user(user.pk)

        with display.using(resolve):
            return self.get_response(request)
