"""Who is asking: one answer for every door.

A bearer token, a session, and the two-factor state are judged here, and
only here: the ninja API's auth classes, the web pages' viewer, the two-factor
middleware and the fast ASGI path (`wasit.live.asgi`) all call
`authenticate()`. It returns the policy's `Viewer` or raises a `Refusal`
that carries its status and a translatable detail, so both doors refuse with
the same status and the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wasit.policy import Viewer, viewer_for
from wasit.web.pipeline import Refusal

__all__ = ["Refusal", "TwoFactorRequired", "Unauthenticated", "authenticate",
           "must_enrol_second_factor", "second_factor_required", "user_of_session"]

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Unauthenticated(Refusal):
    """No credentials, or a revoked token, or a deactivated user."""

    status = 401
    detail = _("Log in first.")


class TwoFactorRequired(Refusal):
    """A mediator (or anyone seated at talks that require it) who must use an
    authenticator app has not set one up."""

    status = 403
    detail = _("Set up two-factor log-in first, at /accounts/two-factor/.")


def second_factor_required(viewer: Viewer) -> bool:
    """Whether the viewer's seats call for a second factor: the operator's setting for
    mediators, or a seat at talks that require it (the seats carry their talks: no query)."""
    if settings.WASIT_REQUIRE_2FA_FOR_MEDIATORS and viewer.mediated_talks:
        return True
    return any(getattr(seat.talks, "require_two_factor", False) for seat in viewer.seats.values())


def must_enrol_second_factor(user: object, viewer: Viewer) -> bool:
    """True when this user must set up a second factor before going further.

    One query at most, and only for a user whose seats require it.
    """
    if not getattr(user, "is_authenticated", False) or not second_factor_required(viewer):
        return False
    from wasit.accounts.queries import has_second_factor

    return not has_second_factor(viewer.user_id)


def _checked(user: object, viewer: Viewer) -> Viewer:
    if must_enrol_second_factor(user, viewer):
        raise TwoFactorRequired
    return viewer


def authenticate(*, token: str | None = None,
                 user: AbstractBaseUser | AnonymousUser | None = None,
                 viewer_of: Callable[[int], Viewer | None] | None = None) -> Viewer:
    """The viewer behind a bearer token or a session's user, or a `Refusal`.

    A token is looked up on every call (one indexed query that also requires
    the user to be active), so a revoked token or a deactivated user is
    refused at once. `viewer_of` lets the fast path reuse its cache of seats
    for a user the token lookup has just found active.
    """
    if token is not None:
        from wasit.accounts.tokens import user_for_token

        user_id = user_for_token(token)
        if user_id is None:
            raise Unauthenticated
        viewer = viewer_of(user_id) if viewer_of is not None else _viewer_of_user_id(user_id)
        if viewer is None:
            raise Unauthenticated
        return _checked(viewer, viewer)
    if user is None or not user.is_authenticated or not getattr(user, "is_active", True):
        raise Unauthenticated
    return _checked(user, viewer_for(user))


def _viewer_of_user_id(user_id: int) -> Viewer | None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return viewer_for(user) if user is not None else None


def user_of_session(session_key: str) -> AbstractBaseUser | AnonymousUser:
    """The user of a session cookie: Django's own check, including the password-change hash."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.contrib.auth import get_user

    engine = import_module(settings.SESSION_ENGINE)
    request = SimpleNamespace(session=engine.SessionStore(session_key))
    return get_user(request)  # type: ignore[arg-type]
