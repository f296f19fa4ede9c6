from __future__ import annotations

from django.conf import settings
from django.db import models

from wasit.secrecy.fields import SealedTextField


class APIToken(models.Model):
    """A bearer token for the API and the command line.

    Only the SHA-256 of the token is stored; the token itself is shown once,
    when issued.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.label!r} of user {self.user_id}"


class TOTPDevice(models.Model):
    """A user's authenticator app. `last_step` refuses a code used twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp")
    secret = SealedTextField()
    confirmed_at = models.DateTimeField()
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"authenticator of user {self.user_id}"
