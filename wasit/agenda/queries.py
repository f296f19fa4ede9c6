"""Every read of the agenda, scoped to a viewer by the policy."""

from __future__ import annotations

from django.db.models import QuerySet

from wasit import policy
from wasit.agenda.models import AgendaIssue
from wasit.policy import Viewer
from wasit.talks.models import Talks


def agenda_of(viewer: Viewer, talks: Talks) -> QuerySet[AgendaIssue]:
    """The talks' issues in order, withdrawn ones included (in their place)."""
    return policy.visible(viewer, AgendaIssue).filter(talks=talks).order_by("position")


def get_issue(viewer: Viewer, issue_id: object) -> AgendaIssue:
    return policy.get_visible(viewer, AgendaIssue, issue_id)
