"""Account forms: password reset through the mail outbox, API tokens, the operators' accounts page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

# Queues a password-reset mail: set at start-up by `wasit.invitations.apps`,
# because the outbox (`wasit.notifications`) sits in a layer above accounts.
# Called as deliver(to=..., user=..., context=...), inside a transaction.
deliver: Callable[..., None] | None = None


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form; the mail goes into the outbox, in the user's language."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        if deliver is None:  # the outbox is not installed: Django's own sending
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)
            return
        with transaction.atomic():
            deliver(to=to_email, user=context["user"], context=context)


class TokenForm(forms.Form):
    label = forms.CharField(label=_("What the token is for"), max_length=100)


class RevokeTokenForm(forms.Form):
    token = forms.CharField(max_length=100)


class AccountForm(forms.Form):
    user = forms.IntegerField(min_value=1)
    value = forms.BooleanField(required=False)
