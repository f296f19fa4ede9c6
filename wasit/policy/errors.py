from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class NotFound(Http404):
    """The object does not exist, or the viewer may not know that it does.

    Both cases raise this one error with no detail, so a response can never
    tell them apart.
    """


class Forbidden(PermissionDenied):
    """The viewer may see the object but not do this to it."""

    def __init__(self, message: str | Promise = _("You are not allowed to do this.")) -> None:
        super().__init__(str(message))
        self.message = message


class ActionRefused(Exception):
    """The action was understood and refused for a domain reason, shown to the user."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
