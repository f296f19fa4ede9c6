"""Every write of the record: a member's report that the log forked from a head it kept."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.audit import signing
from wasit.audit.heads import SignedHead
from wasit.audit.models import Event
from wasit.policy import ActionRefused, Viewer
from wasit.record import events
from wasit.record.queries import head_in_log
from wasit.talks.models import Talks


@transaction.atomic(durable=True)
def report_fork(viewer: Viewer, talks: Talks, *, held: SignedHead, served: SignedHead, problem: str) -> Event:
    """Tell the mediators that `served` does not extend `held`.

    Both heads must carry the server's signature, so a report cannot be made
    up from nothing; and at least one of them must be missing from the log as
    it is now (else there is no fork to report, and a member could flood the
    mediators' stream with reports).
    """
    policy.require(viewer, "report_fork", talks)
    public = signing.public_keys()
    for head in (held, served):
        if head.problem(public):
            raise ActionRefused(_("That head is not one this server signed."))
    audit.lock_chain()
    held_in, served_in = head_in_log(held), head_in_log(served)
    if held_in and served_in:
        raise ActionRefused(_("Both heads are in the log: it did not fork."))
    return audit.record(events.ForkReported(
        talks_id=talks.pk, log=served.log, held_size=held.size, held_root=held.root, served_size=served.size,
        served_root=served.root, held_in_log=held_in, served_in_log=served_in, problem=problem[:500]),
        actor_id=viewer.user_id)
