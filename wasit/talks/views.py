"""Talks pages: parse, call one query or action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.caucus import queries as caucus_queries
from wasit.policy import ActionRefused
from wasit.talks import actions, queries
from wasit.talks.forms import RoundStatusForm
from wasit.talks.models import RoundStatus


@require_safe
@login_required
def talks_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    return render(request, "talks/list.html", {"talks_list": queries.talks_for(viewer)})


@require_safe
@login_required
def talks_detail(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    seats = list(queries.seats_of(viewer, talks))
    return render(request, "talks/detail.html", {
        "talks": talks,
        "seat": viewer.seat(talks.pk),
        "parties": queries.parties_of(viewer, talks),
        "mediator_team": [s for s in seats if s.party_id is None],
        "delegations": _group_by_party(seats),
        "rounds": queries.rounds_of(viewer, talks),
        "rooms": caucus_queries.rooms_of(viewer, talks),
        "is_mediator": viewer.is_mediator_in(talks.pk),
    })


def _group_by_party(seats: list) -> list[tuple[object, list]]:  # type: ignore[type-arg]
    groups: dict[int, tuple[object, list]] = {}  # type: ignore[type-arg]
    for s in seats:
        if s.party_id is not None:
            groups.setdefault(s.party_id, (s.party, []))[1].append(s)
    return list(groups.values())


def _round_page(request: HttpRequest, round_id: int, form: RoundStatusForm | None = None,
                status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    can_manage = policy.can(viewer, "manage", round_).allowed
    closed = round_.status in (RoundStatus.HELD, RoundStatus.CANCELLED)
    return render(request, "talks/round.html", {
        "round": round_,
        "talks": round_.talks,
        "can_manage": can_manage and not closed,
        "form": form or RoundStatusForm(),
    }, status=status)


@require_safe
@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_page(request, round_id)


@require_POST
@login_required
def round_status(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "manage", round_)  # before the form: the body never changes a refusal
    form = RoundStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_round_status(
                viewer, round_,
                status=RoundStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["reason"],
                rescheduled_to=form.cleaned_data["rescheduled_to"],
            )
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The round was updated."))
            return redirect("talks:round", round_id=round_.pk)
    return _round_page(request, round_id, form, status=400)
