"""Reads of notifications: a user's own preferences."""

from __future__ import annotations

from django.conf import settings

from wasit import policy
from wasit.notifications.models import MailLanguage, Preferences
from wasit.policy import Viewer


def preferences_of(viewer: Viewer) -> Preferences:
    """The viewer's preferences; an unsaved row with every box unticked if they never chose.

    The language of a new row is the one the user reads the site in, when Wasit has it.
    """
    if viewer.user_id is None:
        raise policy.NotFound
    found = policy.visible(viewer, Preferences).filter(user_id=viewer.user_id).first()
    if found is not None:
        return found
    return Preferences(user_id=viewer.user_id, language=default_language())


def default_language() -> str:
    from django.utils import translation

    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in MailLanguage.values else MailLanguage.EN


def mail_language(user_id: int | None, fallback: str = MailLanguage.EN) -> str:
    """The language a user chose for their mails (for invitations and resets too)."""
    if user_id is None:
        return fallback
    chosen = Preferences.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    return chosen or fallback


def address_of(viewer: Viewer) -> str:
    """The address the viewer's mails go to ("" if their account has none)."""
    from django.contrib.auth import get_user_model

    if viewer.user_id is None:
        return ""
    found = get_user_model().objects.filter(pk=viewer.user_id).values_list("email", flat=True).first()
    return found or ""
