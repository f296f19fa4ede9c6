"""The JSON API of people: invitations, seats, accounts and API tokens: parse, call one query or action, render.

Bodies are parsed after the policy has answered (`packages._body`), so a body
never changes whether the answer is 403, 404 or 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from wasit import policy
from wasit.accounts import actions as accounts
from wasit.accounts import queries as accounts_queries
from wasit.accounts.viewer import request_viewer
from wasit.api.packages import _body, _parse
from wasit.api.schemas import COMMON, ErrorOut
from wasit.invitations import actions, queries
from wasit.invitations.models import Invitation
from wasit.talks import queries as talks_queries
from wasit.talks.models import Membership

router = Router(tags=["people"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}


class InvitationIn(Schema):
    model_config = {"extra": "forbid"}
    email: str
    role: str
    party_id: int | None = None
    title: str = ""
    language: str | None = None


class ResendIn(Schema):
    model_config = {"extra": "forbid"}
    language: str | None = None


class InvitationOut(Schema):
    id: int
    talks_id: int
    email: str
    role: str
    party_id: int | None
    title: str
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
    mail_status: str | None


class SentOut(InvitationOut):
    #: The link, for an operator without mail: shown in this answer alone.
    link: str


class RoleIn(Schema):
    model_config = {"extra": "forbid"}
    role: str


class SeatChangedOut(Schema):
    id: int
    talks_id: int
    role: str
    party_id: int | None
    active: bool
    suspended: bool


class TokenOut(Schema):
    id: int
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    model_config = {"extra": "forbid"}
    label: str


class IssuedOut(Schema):
    token: str


class RevokeTokenIn(Schema):
    model_config = {"extra": "forbid"}
    #: The token's id or label.
    token: str


class AccountOut(Schema):
    id: int
    username: str
    email: str
    is_active: bool
    is_operator: bool
    may_open_talks: bool
    has_two_factor: bool
    last_login: dt.datetime | None


class AccountActiveIn(Schema):
    model_config = {"extra": "forbid"}
    user_id: int
    active: bool


class OpenTalksIn(Schema):
    model_config = {"extra": "forbid"}
    user_id: int
    may_open_talks: bool


class DoneOut(Schema):
    detail: str


def _invitation(inv: Invitation) -> dict[str, Any]:
    return {"id": inv.pk, "talks_id": inv.talks_id, "email": inv.email, "role": inv.role,
            "party_id": inv.party_id, "title": inv.title, "status": str(inv.status),
            "created_at": inv.created_at, "expires_at": inv.expires_at,
            "mail_status": inv.mail.status if inv.mail is not None else None}


def _seat(m: Membership) -> dict[str, Any]:
    return {"id": m.pk, "talks_id": m.talks_id, "role": m.role, "party_id": m.party_id,
            "active": m.active, "suspended": m.suspended_at is not None}


@router.get("/talks/{talks_id}/invitations", response={200: list[InvitationOut], **ERRORS},
            operation_id="list_invitations")
def list_invitations(request: HttpRequest, talks_id: int) -> list[dict[str, Any]]:
    """Pending (and expired, not yet resent) invitations: the mediators', an inviting head's own delegation's."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_invitations", talks)
    return [_invitation(i) for i in queries.pending_invitations(viewer, talks)]


@router.post("/talks/{talks_id}/invitations", response={201: SentOut, **ERRORS},
             operation_id="create_invitation", openapi_extra=_body(InvitationIn))
def create_invitation(request: HttpRequest, talks_id: int) -> Status[dict[str, Any]]:
    """Invite an e-mail address to a seat; the mail is queued, and the link returned once."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "invite", talks)
    body = _parse(request, InvitationIn)
    party = None
    if body.party_id is not None:
        party = queries.party_at(talks, body.party_id)
        if party is None:
            raise policy.ActionRefused(_("That party is not at these talks."), field="party")
    invitation, link = actions.invite(viewer, talks, email=body.email, role=body.role, party=party,
                                      title=body.title, language=body.language)
    return Status(201, {**_invitation(invitation), "link": link})


@router.post("/invitations/{invitation_id}/revoke", response={200: InvitationOut, **ERRORS},
             operation_id="revoke_invitation")
def revoke_invitation(request: HttpRequest, invitation_id: int) -> dict[str, Any]:
    """Withdraw an invitation; its link stops working at once."""
    viewer = request_viewer(request)
    invitation = queries.get_invitation(viewer, invitation_id)
    return _invitation(actions.revoke_invitation(viewer, invitation))


@router.post("/invitations/{invitation_id}/resend", response={200: SentOut, **ERRORS},
             operation_id="resend_invitation", openapi_extra=_body(ResendIn))
def resend_invitation(request: HttpRequest, invitation_id: int) -> dict[str, Any]:
    """Send again with a new link and expiry; the old link stops working."""
    viewer = request_viewer(request)
    invitation = queries.get_invitation(viewer, invitation_id)
    policy.require(viewer, "manage", invitation)
    body = _parse(request, ResendIn) if request.body.strip() else ResendIn()
    invitation, link = actions.resend_invitation(viewer, invitation, language=body.language)
    return {**_invitation(invitation), "link": link}


def _get_seat(request: HttpRequest, seat_id: int) -> tuple[policy.Viewer, Membership]:
    viewer = request_viewer(request)
    seat = queries.get_seat(viewer, seat_id)
    policy.require(viewer, "manage_seat", seat)
    return viewer, seat


@router.post("/seats/{seat_id}/role", response={200: SeatChangedOut, **ERRORS},
             operation_id="change_seat_role", openapi_extra=_body(RoleIn))
def change_seat_role(request: HttpRequest, seat_id: int) -> dict[str, Any]:
    """Another role in the same delegation (or lead / co-mediator). The lead mediator only."""
    viewer, seat = _get_seat(request, seat_id)
    body = _parse(request, RoleIn)
    return _seat(actions.change_seat_role(viewer, seat, role=body.role))


@router.post("/seats/{seat_id}/suspend", response={200: SeatChangedOut, **ERRORS},
             operation_id="suspend_seat")
def suspend_seat(request: HttpRequest, seat_id: int) -> dict[str, Any]:
    """Suspend a seat: the person sees nothing of the talks, at once, until reinstated."""
    viewer, seat = _get_seat(request, seat_id)
    return _seat(actions.suspend_seat(viewer, seat))


@router.post("/seats/{seat_id}/reinstate", response={200: SeatChangedOut, **ERRORS},
             operation_id="reinstate_seat")
def reinstate_seat(request: HttpRequest, seat_id: int) -> dict[str, Any]:
    """Give a suspended seat back."""
    viewer, seat = _get_seat(request, seat_id)
    return _seat(actions.reinstate_seat(viewer, seat))


@router.post("/seats/{seat_id}/remove", response={200: SeatChangedOut, **ERRORS},
             operation_id="remove_seat")
def remove_seat(request: HttpRequest, seat_id: int) -> dict[str, Any]:
    """Take a seat away, at once on every door (the last lead mediator cannot be removed)."""
    viewer, seat = _get_seat(request, seat_id)
    return _seat(actions.remove_seat(viewer, seat))


@router.get("/tokens", response={200: list[TokenOut], **COMMON}, operation_id="list_tokens")
def list_tokens(request: HttpRequest) -> list[dict[str, Any]]:
    """One's own API tokens (never the tokens themselves)."""
    viewer = request_viewer(request)
    return [{"id": t.pk, "label": t.label, "created_at": t.created_at, "revoked_at": t.revoked_at}
            for t in accounts_queries.tokens_of(viewer.user_id)]


@router.post("/tokens", response={201: IssuedOut, **ERRORS}, operation_id="issue_token",
             openapi_extra=_body(TokenIn))
def issue_token(request: HttpRequest) -> Status[dict[str, Any]]:
    """Issue oneself a new token: it is in this answer alone."""
    viewer = request_viewer(request)
    body = _parse(request, TokenIn)
    assert viewer.user_id is not None  # noqa: S101 (authenticated)
    return Status(201, {"token": accounts.issue_token(viewer, user_id=viewer.user_id, label=body.label)})


@router.post("/tokens/revoke", response={200: DoneOut, **ERRORS}, operation_id="revoke_token",
             openapi_extra=_body(RevokeTokenIn))
def revoke_token(request: HttpRequest) -> dict[str, Any]:
    """Revoke one of one's own tokens, by id or label: refused at once on every door."""
    viewer = request_viewer(request)
    body = _parse(request, RevokeTokenIn)
    row = accounts_queries.find_own_token(viewer.user_id, body.token)
    if row is None:
        raise policy.NotFound
    accounts.revoke_token(viewer, token_id=row.pk)
    return {"detail": "revoked"}


@router.get("/accounts", response={200: list[AccountOut], **ERRORS}, operation_id="list_accounts")
def list_accounts(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    """Every account. Operators only."""
    viewer = request_viewer(request)
    policy.require(viewer, "manage_accounts")
    return [{"id": a.pk, "username": a.username, "email": a.email, "is_active": a.is_active,
             "is_operator": a.is_staff, "may_open_talks": a.may_open_talks,  # type: ignore[attr-defined]
             "has_two_factor": a.has_two_factor, "last_login": a.last_login}  # type: ignore[attr-defined]
            for a in accounts_queries.accounts(q[:100])[:1000]]


@router.post("/accounts/active", response={200: DoneOut, **ERRORS}, operation_id="set_account_active",
             openapi_extra=_body(AccountActiveIn))
def set_account_active(request: HttpRequest) -> dict[str, Any]:
    """Deactivate (at once on every door) or reactivate an account. Operators only."""
    viewer = request_viewer(request)
    policy.require(viewer, "manage_accounts")
    body = _parse(request, AccountActiveIn)
    accounts.set_account_active(viewer, user_id=body.user_id, active=body.active)
    return {"detail": "active" if body.active else "deactivated"}


@router.post("/accounts/open-talks", response={200: DoneOut, **ERRORS}, operation_id="set_may_open_talks",
             openapi_extra=_body(OpenTalksIn))
def set_may_open_talks(request: HttpRequest) -> dict[str, Any]:
    """Grant or withdraw "may open talks". Operators only."""
    viewer = request_viewer(request)
    policy.require(viewer, "manage_accounts")
    body = _parse(request, OpenTalksIn)
    accounts.set_may_open_talks(viewer, user_id=body.user_id, granted=body.may_open_talks)
    return {"detail": "granted" if body.may_open_talks else "withdrawn"}
