"""Response headers and the body limit, from the one pipeline (`wasit.web.pipeline`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from wasit.web import pipeline

# Kept for the pages' tests and tools that read it: the setting is the source.
CONTENT_SECURITY_POLICY = settings.WASIT_CONTENT_SECURITY_POLICY


def _decorate(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    return pipeline.decorate(response, api=request.path.startswith("/api/"),
                             secure=request.is_secure())


def json_refusal(request: HttpRequest, exc: BaseException) -> HttpResponseBase:
    """A refusal as the API renders it, for a middleware that answers before any view."""
    answer = pipeline.error_answer(exc)
    if answer is None:
        raise exc
    status, body = answer
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = pipeline.JSON_CONTENT_TYPE
    return response


class SecurityHeadersMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]
                 | Callable[[HttpRequest], Awaitable[HttpResponseBase]]) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if iscoroutinefunction(self):
            return self.__acall__(request)
        return _decorate(request, self.get_response(request))  # type: ignore[arg-type]

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)  # type: ignore[misc]
        return _decorate(request, response)


class BodySizeLimitMiddleware:
    """Refuse an oversize body with 413 before any of it is read.

    Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) answers 400, and only
    once a view reads the form; a declared Content-Length is enough to say
    no at the door. After LocaleMiddleware, so the refusal speaks the
    caller's language.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if pipeline.body_too_large(request.META.get("CONTENT_LENGTH")):
            return json_refusal(request, pipeline.BodyTooLarge())
        return self.get_response(request)
