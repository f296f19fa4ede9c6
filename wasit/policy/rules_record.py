"""Rules of the record: the receipts the parties keep, and their reports of a forked log.

Merged into `rules.RULES` at the end of `rules.py`; this module must not
import `rules.py`.

- Every member of the talks (each party's delegation, the mediator team)
  may download a receipt at any time, whatever the talks' status: it holds
  only digests of the events that member's reader admits, and proof hashes.
- Every member may fetch a consistency proof: it holds only hashes.
- Every member may report that the log forked from a head it kept, in
  suspended or concluded talks too: a rewritten history matters most then.
- Someone without a seat learns nothing, not even that the talks exist (404).
"""

from __future__ import annotations

from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer
from wasit.talks.models import Talks


def _member(viewer: Viewer, talks: Talks, why: str) -> Decision:
    if viewer.seat(talks.pk) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow(why)


def keep_receipt(viewer: Viewer, talks: Talks) -> Decision:
    return _member(viewer, talks, "a member keeps a receipt of the events it was shown")


def check_log(viewer: Viewer, talks: Talks) -> Decision:
    return _member(viewer, talks, "a consistency proof holds only hashes")


def report_fork(viewer: Viewer, talks: Talks) -> Decision:
    return _member(viewer, talks, "any member may tell the mediators that the log forked")


RULES: dict[tuple[str, type], Rule] = {
    ("keep_receipt", Talks): keep_receipt,
    ("check_log", Talks): check_log,
    ("report_fork", Talks): report_fork,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}
