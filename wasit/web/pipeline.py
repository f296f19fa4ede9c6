"""The one request pipeline, shared by Django and the fast ASGI path.

Wasit has two doors: Django (every page and API route, behind its
middleware) and the lean router in `wasit.live.asgi`, which answers the hot
API calls itself for speed. Both doors take every decision here, in this
order:

1. the body-size limit (`max_body()`: Django's DATA_UPLOAD_MAX_MEMORY_SIZE);
2. the language of the answer (`language_of()`: Django's LocaleMiddleware rule);
3. who is asking (`wasit.accounts.authn.authenticate`);
4. the policy, before the body is read, then the body, the `Idempotency-Key`
   and the write (`wasit.live.routes.write`): a malformed body to a room the
   caller cannot see is 404, not 400;
5. one mapping from errors to statuses and bodies (`error_answer()`);
6. one set of response headers (`security_headers()`, `json_headers()`).

This module sits low (beside the pages' middleware), so it knows refusals
only as `Refusal`: the accounts' and idempotency keys' refusals subclass it.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBase
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasit.policy import ActionRefused, Forbidden, NotFound

Answer = tuple[int, dict[str, Any]]

NOT_FOUND_DETAIL = _("Not found.")
DATABASE_DOWN_DETAIL = _("The database is unavailable; nothing was saved. Try again.")

_log = logging.getLogger("wasit.pipeline")


# --- 1. the body ---------------------------------------------------------------

def max_body() -> int:
    """The largest request body either door reads, in bytes (one setting)."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class Refusal(Exception):
    """The request goes no further: `status` and a translatable `detail` are the answer.

    `errors`, when set, makes the body the API's 422 shape (`InvalidOut`).
    """

    status = 400
    detail: str | Promise = ""
    errors_at: tuple[str, ...] | None = None
    error_type = ""

    def describe(self) -> str:
        """The detail in the active language (made when the answer is, not when raised)."""
        return str(self.detail)


class BodyTooLarge(Refusal):
    """The body is (or says it is) larger than `max_body()`: 413."""

    status = 413

    def describe(self) -> str:
        return str(_("The request body is larger than %(limit)d bytes.") % {"limit": max_body()})


def body_too_large(declared: str | None) -> bool:
    """True when a declared Content-Length already passes the limit (or is not a number)."""
    if not declared:
        return False
    return not declared.isdigit() or int(declared) > max_body()


# --- 2. the language -------------------------------------------------------------

def language_of(cookies: dict[str, str], accept_language: str) -> str:
    """The language of the answer, by LocaleMiddleware's own rule.

    The language cookie (set by the language menu) first, then the
    browser's Accept-Language, then LANGUAGE_CODE. Wasit URLs carry no
    language prefix, so the path plays no part.
    """
    request = SimpleNamespace(COOKIES=cookies, META={"HTTP_ACCEPT_LANGUAGE": accept_language},
                              path_info="/")
    return translation.get_language_from_request(request, check_path=False)  # type: ignore[arg-type]


# --- 5. errors -------------------------------------------------------------------

def _text(message: str | Promise) -> str:
    return str(message)


def error_answer(exc: BaseException) -> Answer | None:
    """The status and JSON body of a refusal, or None for an error that is a bug."""
    if isinstance(exc, NotFound):
        return 404, {"detail": _text(NOT_FOUND_DETAIL)}  # one body for missing and hidden
    if isinstance(exc, Forbidden):
        return 403, {"detail": _text(exc.message)}
    if isinstance(exc, ActionRefused):
        return 400, {"detail": _text(exc.message), "field": exc.field}
    if isinstance(exc, Refusal):
        detail = exc.describe()
        if exc.errors_at is None:
            return exc.status, {"detail": detail}
        # The shape of every 422 of the API (`InvalidOut`).
        return exc.status, {"detail": detail, "errors": [
            {"loc": list(exc.errors_at), "msg": detail, "type": exc.error_type}]}
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database is down or unreachable: the client may retry. The cause
        # is the operator's to read; any other database error is a bug (500).
        _log.warning("database unavailable: %s", exc, exc_info=exc)
        return 503, {"detail": _text(DATABASE_DOWN_DETAIL)}
    return None


# --- 6. headers ------------------------------------------------------------------

def security_headers(*, secure: bool = False) -> list[tuple[str, str]]:
    """The headers every answer of either door carries, pages and JSON alike.

    The same values Django's SecurityMiddleware and XFrameOptionsMiddleware
    take from the settings, plus the Content-Security-Policy.
    """
    headers = [
        ("Content-Security-Policy", settings.WASIT_CONTENT_SECURITY_POLICY),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY or "same-origin"),
        ("Permissions-Policy", settings.WASIT_PERMISSIONS_POLICY),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
    ]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if secure and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        headers.append(("Strict-Transport-Security", value))
    return headers


JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def json_headers(language: str, *, secure: bool = False) -> list[tuple[str, str]]:
    """Every header of a JSON answer of the API, on either door (but Content-Length)."""
    return [
        ("Content-Type", JSON_CONTENT_TYPE),
        ("Cache-Control", "no-store"),
        ("Content-Language", language),
        ("Vary", "Accept-Language, Cookie"),
        *security_headers(secure=secure),
    ]


def decorate(response: HttpResponseBase, *, api: bool, secure: bool) -> HttpResponseBase:
    """Django's side of step 7: the same headers, set where a view set none."""
    for name, value in security_headers(secure=secure):
        response.headers.setdefault(name, value)
    if api and response.get("Content-Type", "").startswith("application/json"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Accept-Language, Cookie"
    return response
