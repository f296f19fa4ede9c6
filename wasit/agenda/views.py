"""The agenda page: parse, call one query or action, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.agenda import actions, queries
from wasit.agenda.forms import IssueForm, MoveForm
from wasit.agenda.models import AgendaIssue
from wasit.policy import ActionRefused
from wasit.talks import queries as talks_queries
from wasit.talks.models import Talks


@dataclass(frozen=True)
class Row:
    issue: AgendaIssue
    form: IssueForm | None
    editing: bool
    last: bool


def _page(request: HttpRequest, talks: Talks, *, add_form: IssueForm | None = None,
          editing: tuple[int, IssueForm] | None = None, error: str = "", status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    can_manage = policy.can(viewer, "manage_agenda", talks).allowed
    issues = list(queries.agenda_of(viewer, talks))
    rows = []
    for i, issue in enumerate(issues):
        form = None
        if can_manage:
            form = (editing[1] if editing and editing[0] == issue.pk
                    else IssueForm(issue=issue, prefix=f"i{issue.pk}"))
        rows.append(Row(issue=issue, form=form, editing=bool(editing and editing[0] == issue.pk),
                        last=i == len(issues) - 1))
    return render(request, "agenda/list.html", {
        "talks": talks,
        "rows": rows,
        "can_manage": can_manage,
        "add_form": add_form or (IssueForm(prefix="new") if can_manage else None),
        "error": error,
    }, status=status)


def _back(issue: AgendaIssue) -> HttpResponse:
    return redirect(reverse("agenda:list", kwargs={"talks_id": issue.talks_id}) + f"#issue-{issue.pk}")


def _managed(request: HttpRequest, issue_id: int) -> AgendaIssue:
    """The issue, if the viewer may change it (404 or 403 otherwise), before any body is read."""
    viewer = request_viewer(request)
    issue = queries.get_issue(viewer, issue_id)
    policy.require(viewer, "manage", issue)
    return issue


@require_safe
@login_required
def agenda_list(request: HttpRequest, talks_id: int) -> HttpResponse:
    return _page(request, talks_queries.get_talks(request_viewer(request), talks_id))


@require_POST
@login_required
def add_issue(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage_agenda", talks)  # before the form: the body never changes a refusal
    form = IssueForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            issue = actions.add_issue(viewer, talks, title=form.title(), description=form.description())
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The issue was added to the agenda."))
            return _back(issue)
    return _page(request, talks, add_form=form, status=400)


@require_POST
@login_required
def edit_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = _managed(request, issue_id)
    form = IssueForm(request.POST, prefix=f"i{issue.pk}")
    if form.is_valid():
        try:
            actions.edit_issue(request_viewer(request), issue, title=form.title(),
                               description=form.description())
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The issue was saved."))
            return _back(issue)
    return _page(request, issue.talks, editing=(issue.pk, form), status=400)


@require_POST
@login_required
def move_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = _managed(request, issue_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, issue.talks, error=_("Choose a position to move the issue to."), status=400)
    try:
        actions.move_issue(request_viewer(request), issue, to=form.cleaned_data["position"])
    except ActionRefused as exc:
        return _page(request, issue.talks, error=str(exc.message), status=400)
    return _back(issue)


def _withdraw_or_restore(request: HttpRequest, issue_id: int, *, withdraw: bool) -> HttpResponse:
    issue = _managed(request, issue_id)
    act = actions.withdraw_issue if withdraw else actions.restore_issue
    try:
        act(request_viewer(request), issue)
    except ActionRefused as exc:
        return _page(request, issue.talks, error=str(exc.message), status=400)
    messages.success(request, _("The issue was withdrawn.") if withdraw else _("The issue is back on the agenda."))
    return _back(issue)


@require_POST
@login_required
def withdraw_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    return _withdraw_or_restore(request, issue_id, withdraw=True)


@require_POST
@login_required
def restore_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    return _withdraw_or_restore(request, issue_id, withdraw=False)
