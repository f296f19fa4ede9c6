from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an `Idempotency-Key` header.

    Stored in the transaction of the write itself: a write that was
    acknowledged always has its key, and a key never outlives a rolled-back
    write. One row per user, route and key; rows older than a day are
    ignored and replaced.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="idempotency_keys")
    route = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    body_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    # The JSON text as first sent, so that a replay is the same bytes (jsonb would reorder keys).
    response = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "route", "key"], name="idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"idempotency key {self.key!r} of user {self.user_id} on {self.route}"
