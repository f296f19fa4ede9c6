"""Rules of talks set-up: talks settings and status, parties, rooms, rounds and the agenda.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

Who may do what, in short:

- An operator, or a user an operator allowed to ("may open talks"), opens
  talks and becomes their lead mediator.
- The lead mediator edits the talks (texts, languages, settings), changes
  their status, adds and renames parties (`("manage", Talks)` in `rules.py`).
- Mediators open and close caucus rooms and joint sessions, schedule and
  edit rounds.
- Suspended or concluded talks are read-only for the parties: their rooms'
  history stays readable, and no party posts or scores (`party_read_only`,
  asked by `post_in_room` and `score_for_party`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from wasit.policy.decision import Decision, deny
from wasit.policy.rules_base import GlobalRule, Rule

if TYPE_CHECKING:
    from wasit.talks.models import Membership

# Statuses in which the parties read and no longer write.
READ_ONLY_STATUSES = frozenset({"suspended", "concluded"})

READ_ONLY_MESSAGES = {
    "suspended": _("These talks are suspended: their history stays readable, but nothing new can be "
                   "posted or saved until the mediators resume them."),
    "concluded": _("These talks are concluded: their history stays readable, but nothing new can be "
                   "posted or saved."),
}

ROOM_CLOSED = _("This room is closed: its history stays readable, but nothing new can be posted in it.")


def party_read_only(seat: Membership, talks_status: str) -> Decision | None:
    """A refusal for a party's write while the talks are suspended or concluded, else None.

    The mediators keep writing (their own room, the record); the parties read.
    """
    if seat.is_mediator or talks_status not in READ_ONLY_STATUSES:
        return None
    return deny(f"the talks are {talks_status}: read-only for the parties",
                message=READ_ONLY_MESSAGES[talks_status])


RULES: dict[tuple[str, type], Rule] = {}

GLOBAL_RULES: dict[str, GlobalRule] = {}
