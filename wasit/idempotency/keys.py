"""`Idempotency-Key`: a retried write answers with its first result.

`once()` runs inside the transaction of the write (the single writer's batch
or the Django route's atomic block). It returns the stored answer when this
user already sent this key to this route with the same body, refuses the key
with a different body, and otherwise runs the write and stores its answer
in the same transaction. Two retries racing each other meet at the unique
constraint: the loser's write is rolled back and it answers with the
winner's result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wasit.audit import log as audit_log
from wasit.idempotency.models import IdempotencyKey
from wasit.policy import ActionRefused
from wasit.web.pipeline import Refusal

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_LENGTH = 255


class KeyReused(Refusal):
    """The key was used before with a different body: 422."""

    status = 422
    detail = _("This Idempotency-Key was already used with a different request body.")
    errors_at = ("header", HEADER)
    error_type = "idempotency_key_reused"


def check_key(raw: str | None) -> str | None:
    """The header's value, or None when absent; a malformed key is refused."""
    if raw is None:
        return None
    if not 0 < len(raw) <= MAX_LENGTH or not raw.isascii() or not raw.isprintable():
        raise ActionRefused(_("An Idempotency-Key is 1 to 255 printable ASCII characters."),
                            field=HEADER)
    return raw


def _stored(user_id: int, route: str, key: str, digest: str) -> tuple[int, dict[str, Any]] | None:
    row = (IdempotencyKey.objects.filter(user_id=user_id, route=route, key=key,
                                         created_at__gt=timezone.now() - LIFETIME)
           .values_list("body_digest", "status", "response").first())
    if row is None:
        return None
    if row[0] != digest:
        raise KeyReused
    answer: dict[str, Any] = json.loads(row[2])
    return row[1], answer


def once(user_id: int, route: str, key: str, body: bytes,
         write: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
    """The first answer to (user, route, key), running `write` only if there is none."""
    digest = hashlib.sha256(body).hexdigest()
    stored = _stored(user_id, route, key, digest)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():  # a savepoint: a lost race undoes this write alone
            status, answer = write()
            # This user's expired keys go here, so the table stays bounded without a job.
            IdempotencyKey.objects.filter(user_id=user_id,
                                          created_at__lte=timezone.now() - LIFETIME).delete()
            IdempotencyKey.objects.create(user_id=user_id, route=route, key=key, body_digest=digest,
                                          status=status,
                                          response=json.dumps(answer, ensure_ascii=False),
                                          created_at=timezone.now())
    except IntegrityError:
        # Another transaction stored this key first and has committed.
        audit_log.job_failed()  # the savepoint may have undone recorded events
        stored = _stored(user_id, route, key, digest)
        if stored is None:
            raise
        return stored
    return status, answer

