from __future__ import annotations

from django.conf import settings
from django.db import models

from wasit.secrecy.fields import SealedJSONField


class Event(models.Model):
    """One state change, in the order it was committed.

    `id` is assigned by `audit.record()` as the previous event's id plus one,
    so ids are gap-free and double as the live stream's `Last-Event-ID`.
    `audience` holds the tokens the policy computed when the event was
    recorded ("all", "mediators", "party:<id>", "operators"), each wrapped in
    spaces so a single `contains` lookup matches one token exactly.
    """

    id = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=64)
    talks = models.ForeignKey(
        "talks.Talks", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=255)
    payload = SealedJSONField()
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["talks", "id"], name="audit_event_talks_id")]

    def __str__(self) -> str:
        return f"#{self.id} {self.kind}"


class Head(models.Model):
    """A signed head of the log: the Merkle root over the first `size` event digests.

    Written in the transaction that commits those events and appended, once
    committed, to the witness file in the data folder (`wasit.audit.heads`).
    `frontier` is the tree's right edge, so the next head costs O(log n) to
    compute; it is not trusted by the verifier, which rebuilds the tree.
    """

    size = models.BigIntegerField(primary_key=True)
    log = models.CharField(max_length=32)
    root = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signed_at = models.CharField(max_length=40)  # the exact string that was signed
    signature = models.CharField(max_length=100)
    frontier = models.TextField()

    class Meta:
        ordering = ["size"]

    def __str__(self) -> str:
        return f"head {self.size} {self.root[:16]}"
