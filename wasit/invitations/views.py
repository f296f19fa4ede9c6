"""The people page of a talks and the invitation link's page: parse, call one query or action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts.authn import must_enrol_second_factor
from wasit.accounts.viewer import request_viewer
from wasit.invitations import actions, queries
from wasit.invitations.forms import InviteForm, NewAccountForm, ResendForm, RoleForm
from wasit.policy import ActionRefused, Viewer
from wasit.talks import queries as talks_queries
from wasit.talks.models import MEDIATOR_ROLES, Role, Talks


def _invite_form(viewer: Viewer, talks: Talks, data: Any = None) -> InviteForm:
    seat = viewer.seat(talks.pk)
    parties = talks_queries.parties_of(viewer, talks)
    roles = list(Role.choices)
    if seat is not None and not seat.is_mediator:
        parties = parties.filter(pk=seat.party_id or 0)
        roles = [(v, label) for v, label in roles if v not in MEDIATOR_ROLES]
    return InviteForm(data, parties=parties, roles=roles,
                      initial={"language": (getattr(viewer, "language", "") or "en")})


def _people_page(request: HttpRequest, viewer: Viewer, talks: Talks, form: InviteForm | None = None,
                 status: int = 200) -> HttpResponse:
    may_invite = policy.can(viewer, "invite", talks).allowed
    seats = [(s, policy.can(viewer, "manage_seat", s).allowed) for s in queries.people_of(viewer, talks)]
    return render(request, "invitations/people.html", {
        "talks": talks,
        "is_mediator": viewer.is_mediator_in(talks.pk),
        # Last seen and two-factor: for whoever invites (the mediators, an inviting head).
        "show_details": may_invite,
        "seats": seats,
        "may_invite": may_invite,
        "invitations": list(queries.pending_invitations(viewer, talks)) if may_invite else [],
        "form": form or (_invite_form(viewer, talks) if may_invite else None),
        "role_choices": Role.choices,
    }, status=status)


@require_safe
@login_required
def people(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_people", talks)
    return _people_page(request, viewer, talks)


@require_POST
@login_required
def invite(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "invite", talks)
    form = _invite_form(viewer, talks, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _link = actions.invite(viewer, talks, email=data["email"], role=data["role"],
                                               party=data["party"], title=data["title"],
                                               language=data["language"])
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("invitations:people", talks_id=talks.pk)
    return _people_page(request, viewer, talks, form=form, status=400)


def _after(request: HttpRequest, talks_id: int, change: Any, done: str) -> HttpResponse:
    try:
        change()
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("invitations:people", talks_id=talks_id)


@require_POST
@login_required
def revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    invitation = queries.get_invitation(viewer, invitation_id)
    policy.require(viewer, "manage", invitation)
    return _after(request, invitation.talks_id, lambda: actions.revoke_invitation(viewer, invitation),
                  _("The invitation is withdrawn; its link no longer works."))


@require_POST
@login_required
def resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    invitation = queries.get_invitation(viewer, invitation_id)
    policy.require(viewer, "manage", invitation)
    form = ResendForm(request.POST)
    language = form.cleaned_data.get("language") if form.is_valid() else None
    return _after(request, invitation.talks_id,
                  lambda: actions.resend_invitation(viewer, invitation, language=language or None),
                  _("The invitation is sent again with a new link; the old link no longer works."))


def _seat_view(request: HttpRequest, seat_id: int, change: Any, done: str) -> HttpResponse:
    viewer = request_viewer(request)
    seat = queries.get_seat(viewer, seat_id)
    policy.require(viewer, "manage_seat", seat)
    return _after(request, seat.talks_id, lambda: change(viewer, seat), done)


@require_POST
@login_required
def seat_role(request: HttpRequest, seat_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    seat = queries.get_seat(viewer, seat_id)
    policy.require(viewer, "manage_seat", seat)
    form = RoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else str(request.POST.get("role", ""))
    return _after(request, seat.talks_id, lambda: actions.change_seat_role(viewer, seat, role=role),
                  _("The role is changed."))


@require_POST
@login_required
def seat_suspend(request: HttpRequest, seat_id: int) -> HttpResponse:
    return _seat_view(request, seat_id, actions.suspend_seat, _("The seat is suspended."))


@require_POST
@login_required
def seat_reinstate(request: HttpRequest, seat_id: int) -> HttpResponse:
    return _seat_view(request, seat_id, actions.reinstate_seat, _("The seat is reinstated."))


@require_POST
@login_required
def seat_remove(request: HttpRequest, seat_id: int) -> HttpResponse:
    return _seat_view(request, seat_id, actions.remove_seat, _("The seat is removed."))


# --- the link in the invitation mail --------------------------------------------


def _invalid(request: HttpRequest) -> HttpResponse:
    # One page for expired, used, withdrawn and unknown links: a guess learns nothing more.
    return render(request, "invitations/invalid.html", status=404)


def _seated(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    if must_enrol_second_factor(request.user, viewer):
        messages.info(request, _("These talks require two-factor log-in: set it up now."))
        return redirect("accounts:two_factor")
    messages.success(request, _("Welcome: your seat is ready."))
    return redirect("talks:detail", talks_id=talks_id)


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the holder of a valid link sees the talks and the seat, and takes it."""
    invitation = queries.valid_invitation(token)
    if invitation is None:
        return _invalid(request)
    form = NewAccountForm(request.POST if request.POST.get("step") == "create" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("step") == "create":
                if form.is_valid():
                    data = form.cleaned_data
                    seat, user = actions.accept_with_new_account(
                        token, username=data["username"], password=data["password1"],
                        display_name=data["display_name"])
                    login(request, user,  # type: ignore[arg-type]
                          backend="django.contrib.auth.backends.ModelBackend")
                    return _seated(request, seat.talks_id)
            elif request.user.is_authenticated:
                seat = actions.accept_as(request_viewer(request), token)
                return _seated(request, seat.talks_id)
        except actions.InvitationInvalid:
            return _invalid(request)
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        status = 400
    return render(request, "invitations/accept.html", {
        "invitation": invitation, "talks": invitation.talks, "form": form,
        "login_url": reverse("accounts:login") + "?next=" + request.path,
    }, status=status)
