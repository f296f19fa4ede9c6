"""Rules of the agenda: the talks' ordered agenda issues.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

The agenda is shared with every party; the mediators (the lead and the
co-mediators alike: it is their common work) shape it.
"""

from __future__ import annotations

from wasit.agenda.models import AgendaIssue
from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.viewer import Viewer
from wasit.talks.models import Talks


def view_issue(viewer: Viewer, issue: AgendaIssue) -> Decision:
    if viewer.seat(issue.talks_id) is not None:
        return allow("the agenda is shared with every member")
    return deny("holds no seat at the talks", visible=False)


def _shape_agenda(viewer: Viewer, talks_id: int) -> Decision:
    if viewer.seat(talks_id) is None:
        return deny("holds no seat at the talks", visible=False)
    if viewer.is_mediator_in(talks_id):
        return allow("mediators shape the agenda")
    return deny("only mediators change the agenda")


def manage_agenda(viewer: Viewer, talks: Talks) -> Decision:
    return _shape_agenda(viewer, talks.pk)


def manage_issue(viewer: Viewer, issue: AgendaIssue) -> Decision:
    return _shape_agenda(viewer, issue.talks_id)


RULES: dict[tuple[str, type], Rule] = {
    ("view", AgendaIssue): view_issue,
    ("manage", AgendaIssue): manage_issue,
    ("manage_agenda", Talks): manage_agenda,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}
