from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _password_reset_mail(*, to: str, user: Any, context: dict[str, Any]) -> None:
    """Queue Django's password-reset mail in the outbox, in the user's language."""
    from django.utils import translation

    from wasit.invitations.actions import base_url
    from wasit.notifications import outbox
    from wasit.notifications.models import Preferences

    language = (Preferences.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
                or (translation.get_language() or "en")[:2])
    outbox.enqueue(kind="password_reset", to=to, template="accounts/mail/password_reset",
                   context={**context, "base_url": base_url()}, language=language, user_id=user.pk)


class InvitationsConfig(AppConfig):
    name = "wasit.invitations"
    label = "invitations"
    verbose_name = "Invitations"

    def ready(self) -> None:
        from wasit.accounts import forms

        forms.deliver = _password_reset_mail
