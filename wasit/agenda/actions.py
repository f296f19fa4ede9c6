"""Every change to the talks' agenda passes through here.

Each action checks the policy, validates, takes the log's lock before it
reads positions (two mediators at once never get the same number, and a
move never leaves a gap or a duplicate), writes and records one event.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.agenda import events
from wasit.agenda.models import AgendaIssue
from wasit.agenda.text import clean_description, clean_title
from wasit.policy import ActionRefused, Viewer
from wasit.talks.localized import LocalText
from wasit.talks.models import Talks

# More than any talks has needed; a runaway script should meet a limit.
MAX_ISSUES = 100


@transaction.atomic
def add_issue(actor: Viewer, talks: Talks, *, title: LocalText,
              description: LocalText = LocalText()) -> AgendaIssue:
    """Put a new issue at the end of the talks' agenda. Mediators only."""
    policy.require(actor, "manage_agenda", talks)
    title = clean_title(title)
    description = clean_description(description)
    audit.lock_chain()  # the last position is read under the lock
    positions = AgendaIssue.objects.filter(talks=talks).values_list("position", flat=True)
    if positions.count() >= MAX_ISSUES:
        raise ActionRefused(_("An agenda holds at most %(limit)d issues.") % {"limit": MAX_ISSUES})
    last = positions.order_by("-position").first()
    issue = AgendaIssue.objects.create(talks=talks, position=(last or 0) + 1,
                                       **title.as_fields("title"), **description.as_fields("description"))
    audit.record(events.IssueAdded(talks_id=talks.pk, issue_id=issue.pk, position=issue.position,
                                   title=dict(issue.title_i18n)),
                 actor_id=actor.user_id)
    return issue


@transaction.atomic
def edit_issue(actor: Viewer, issue: AgendaIssue, *, title: LocalText | None = None,
               description: LocalText | None = None) -> AgendaIssue:
    """Replace an issue's title or description (each in every language, when given).

    A withdrawn issue must be restored first; an edit that changes nothing
    records nothing.
    """
    policy.require(actor, "manage", issue)
    new_title = clean_title(title) if title is not None else None
    new_description = clean_description(description) if description is not None else None
    audit.lock_chain()
    issue.refresh_from_db()
    if issue.is_withdrawn:
        raise ActionRefused(_("This issue was withdrawn: restore it before editing it."))
    fields: list[str] = []
    if new_title is not None and dict(new_title) != issue.title_i18n:
        issue.title_i18n = dict(new_title)
        fields.append("title_i18n")
    if new_description is not None and dict(new_description) != issue.description_i18n:
        issue.description_i18n = dict(new_description)
        fields.append("description_i18n")
    if not fields:
        return issue
    issue.save(update_fields=fields)
    audit.record(events.IssueEdited(talks_id=issue.talks_id, issue_id=issue.pk,
                                    title=dict(issue.title_i18n),
                                    description_changed="description_i18n" in fields),
                 actor_id=actor.user_id)
    return issue


@transaction.atomic
def move_issue(actor: Viewer, issue: AgendaIssue, *, to: int) -> AgendaIssue:
    """Move an issue to position `to` (1 is first); the issues between shift by one."""
    policy.require(actor, "manage", issue)
    audit.lock_chain()  # positions are read, and rewritten, under the lock
    issue.refresh_from_db()
    order = list(AgendaIssue.objects.filter(talks_id=issue.talks_id).order_by("position")
                 .values_list("pk", "position"))
    if isinstance(to, bool) or not 1 <= to <= len(order):
        raise ActionRefused(_("Choose a position from 1 to %(last)d.") % {"last": len(order)},
                            field="position")
    before = issue.position
    ids = [pk for pk, _position in order]
    ids.remove(issue.pk)
    ids.insert(to - 1, issue.pk)
    _renumber(dict(order), ids)
    issue.refresh_from_db()
    if issue.position == before:
        return issue
    audit.record(events.IssueMoved(talks_id=issue.talks_id, issue_id=issue.pk, from_position=before,
                                   to_position=issue.position, order=ids),
                 actor_id=actor.user_id)
    return issue


def _renumber(current: dict[int, int], ids: list[int]) -> None:
    """Give `ids` the positions 1, 2, 3... without ever breaking the unique constraint.

    The rows that change are first lifted above every position in use (one
    UPDATE, whose new values collide with nothing), then set one by one.
    """
    wanted = {pk: i for i, pk in enumerate(ids, start=1)}
    changed = [pk for pk in ids if current[pk] != wanted[pk]]
    if not changed:
        return
    lift = max(current.values()) + len(ids) + 1
    AgendaIssue.objects.filter(pk__in=changed).update(position=F("position") + lift)
    for pk in changed:
        AgendaIssue.objects.filter(pk=pk).update(position=wanted[pk])


@transaction.atomic
def withdraw_issue(actor: Viewer, issue: AgendaIssue) -> AgendaIssue:
    """Take an issue off the agenda; it keeps its place, and what points at it stays."""
    policy.require(actor, "manage", issue)
    audit.lock_chain()
    issue.refresh_from_db()
    if issue.is_withdrawn:
        raise ActionRefused(_("This issue is already withdrawn."))
    issue.withdrawn_at = timezone.now()
    issue.save(update_fields=["withdrawn_at"])
    audit.record(events.IssueWithdrawn(talks_id=issue.talks_id, issue_id=issue.pk),
                 actor_id=actor.user_id)
    return issue


@transaction.atomic
def restore_issue(actor: Viewer, issue: AgendaIssue) -> AgendaIssue:
    """Put a withdrawn issue back on the agenda, in its place."""
    policy.require(actor, "manage", issue)
    audit.lock_chain()
    issue.refresh_from_db()
    if not issue.is_withdrawn:
        raise ActionRefused(_("This issue is on the agenda: there is nothing to restore."))
    issue.withdrawn_at = None
    issue.save(update_fields=["withdrawn_at"])
    audit.record(events.IssueRestored(talks_id=issue.talks_id, issue_id=issue.pk),
                 actor_id=actor.user_id)
    return issue
