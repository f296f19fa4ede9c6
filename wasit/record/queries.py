"""Every read of the record for one viewer: its receipt, and consistency proofs.

The events a receipt covers are those the policy's reader admits for the
viewer at the talks, the same decision the live stream and its replay make.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import policy
from wasit.audit import receipts, signing
from wasit.audit.heads import SignedHead, latest_head
from wasit.audit.models import Event
from wasit.policy import Viewer
from wasit.policy.audience import reader, stored
from wasit.talks.models import Talks


class NoHead(Exception):
    """The log has no signed head yet."""


def _head() -> SignedHead:
    head = latest_head()
    if head is None:
        raise NoHead
    return head


def shown_events(viewer: Viewer, talks: Talks, upto: int) -> list[tuple[int, str]]:
    """(id, digest) of the talks' events up to `upto` that the viewer's reader admits."""
    read = reader(viewer, talks.pk)
    if read is None:
        return []
    rows = Event.objects.filter(talks_id=talks.pk, id__lte=upto).order_by("id") \
        .values_list("id", "hash", "audience")
    return [(event_id, digest) for event_id, digest, audience in rows.iterator() if read.admits(stored(audience))]


def receipt(viewer: Viewer, talks: Talks) -> dict[str, Any]:
    policy.require(viewer, "keep_receipt", talks)
    head = _head()
    seat = viewer.seat(talks.pk)
    assert seat is not None  # noqa: S101 (the rule admits members alone)
    who = "mediators" if seat.is_mediator else f"party:{seat.party_id}"
    public = signing.public_keys().get(head.key_id)
    return receipts.build_receipt(head, shown_events(viewer, talks, head.size), talks_id=talks.pk, reader=who,
                                  issued_at=timezone.now().isoformat(), public_key=public)


def consistency(viewer: Viewer, talks: Talks, *, old: int) -> dict[str, Any]:
    """The newest signed head and the proof that it extends the head of `old` events."""
    policy.require(viewer, "check_log", talks)
    head = _head()
    if not 0 <= old <= head.size:
        raise policy.ActionRefused(_("`from` must be between 0 and %(size)s, the size of the newest head.")
                                   % {"size": head.size}, field="from")
    return receipts.consistency(old, head)


def head_in_log(head: SignedHead) -> bool:
    """Does the log as it is now have this head's root at its size?"""
    t = receipts.log_tree()
    return head.size <= len(t.digests) and t.root(head.size).hex() == head.root
