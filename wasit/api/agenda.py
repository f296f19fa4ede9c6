"""The JSON API of the talks' agenda: parse, call one query or action, render.

Texts are objects of language code -> text (`{"en": "Red Sea shipping",
"ar": "..."}`); a missing or blank language is no text in that language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import StrictInt, StrictStr

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.agenda import actions, queries
from wasit.agenda.models import AgendaIssue
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.talks import queries as talks_queries
from wasit.talks.localized import LocalText

router = Router(tags=["agenda"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}


class AgendaIssueIn(Schema):
    """A new issue: its title in one language at least, and a description if you like."""

    model_config = {"extra": "forbid"}
    title: dict[StrictStr, StrictStr]
    description: dict[StrictStr, StrictStr] = {}


class AgendaIssueEditIn(Schema):
    """The texts to replace, each in every language (a language left out is removed)."""

    model_config = {"extra": "forbid"}
    title: dict[StrictStr, StrictStr] | None = None
    description: dict[StrictStr, StrictStr] | None = None


class AgendaMoveIn(Schema):
    """The issue's new place: 1 is first; the issues between shift by one."""

    model_config = {"extra": "forbid"}
    position: StrictInt


class AgendaIssueOut(Schema):
    id: int
    talks_id: int
    position: int
    title: dict[str, str]
    description: dict[str, str]
    withdrawn: bool
    withdrawn_at: dt.datetime | None
    created_at: dt.datetime


def _issue(issue: AgendaIssue) -> dict[str, Any]:
    return {"id": issue.pk, "talks_id": issue.talks_id, "position": issue.position,
            "title": dict(issue.title_i18n), "description": dict(issue.description_i18n),
            "withdrawn": issue.is_withdrawn, "withdrawn_at": issue.withdrawn_at,
            "created_at": issue.created_at}


def _managed(request: HttpRequest, issue_id: int) -> AgendaIssue:
    """The issue, if the caller may change it (404, 403), before the body is read."""
    viewer = request_viewer(request)
    issue = queries.get_issue(viewer, issue_id)
    policy.require(viewer, "manage", issue)
    return issue


@router.get("/talks/{talks_id}/agenda", response={200: list[AgendaIssueOut], 404: ErrorOut, **COMMON},
            operation_id="list_agenda_issues")
def list_agenda_issues(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """The talks' agenda in order, withdrawn issues included in their place (every member)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    return [_issue(i) for i in queries.agenda_of(viewer, talks)]


@router.post("/talks/{talks_id}/agenda", response={201: AgendaIssueOut, **ERRORS},
             operation_id="add_agenda_issue", openapi_extra=_body(AgendaIssueIn))
def add_agenda_issue(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Put a new issue at the end of the agenda. Mediators only."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage_agenda", talks)
    body = _parse(request, AgendaIssueIn)
    issue = actions.add_issue(viewer, talks, title=LocalText(body.title),
                              description=LocalText(body.description))
    return Status(201, _issue(issue))


@router.get("/agenda/{issue_id}", response={200: AgendaIssueOut, 404: ErrorOut, **COMMON},
            operation_id="get_agenda_issue")
def get_agenda_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """One agenda issue, withdrawn or not (every member)."""
    return _issue(queries.get_issue(request_viewer(request), issue_id))


@router.post("/agenda/{issue_id}", response={200: AgendaIssueOut, **ERRORS},
             operation_id="edit_agenda_issue", openapi_extra=_body(AgendaIssueEditIn))
def edit_agenda_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """Replace the title, the description or both. Mediators only; not a withdrawn issue."""
    issue = _managed(request, issue_id)
    body = _parse(request, AgendaIssueEditIn)
    issue = actions.edit_issue(
        request_viewer(request), issue,
        title=LocalText(body.title) if body.title is not None else None,
        description=LocalText(body.description) if body.description is not None else None)
    return _issue(issue)


@router.post("/agenda/{issue_id}/move", response={200: AgendaIssueOut, **ERRORS},
             operation_id="move_agenda_issue", openapi_extra=_body(AgendaMoveIn))
def move_agenda_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """Move the issue to another place in the agenda. Mediators only."""
    issue = _managed(request, issue_id)
    body = _parse(request, AgendaMoveIn)
    return _issue(actions.move_issue(request_viewer(request), issue, to=body.position))


@router.post("/agenda/{issue_id}/withdraw", response={200: AgendaIssueOut, **ERRORS},
             operation_id="withdraw_agenda_issue")
def withdraw_agenda_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """Take the issue off the agenda; it keeps its place and its records. Mediators only."""
    issue = _managed(request, issue_id)
    return _issue(actions.withdraw_issue(request_viewer(request), issue))


@router.post("/agenda/{issue_id}/restore", response={200: AgendaIssueOut, **ERRORS},
             operation_id="restore_agenda_issue")
def restore_agenda_issue(request: HttpRequest, issue_id: int) -> dict[str, Any]:
    """Put a withdrawn issue back on the agenda, in its place. Mediators only."""
    issue = _managed(request, issue_id)
    return _issue(actions.restore_issue(request_viewer(request), issue))
