"""Talks pages: parse, call one query or action, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.caucus import actions as caucus_actions
from wasit.caucus import queries as caucus_queries
from wasit.caucus.models import Room
from wasit.policy import ActionRefused, Viewer
from wasit.policy.rules_setup import READ_ONLY_MESSAGES
from wasit.talks import actions, queries
from wasit.talks.forms import (
    MinutesForm,
    NewTalksForm,
    PartyForm,
    RoundAgendaForm,
    RoundForm,
    RoundStatusForm,
    SummaryForm,
    TalksForm,
    TalksStatusForm,
)
from wasit.talks.localized import LocalText, content_languages
from wasit.talks.models import Round, RoundFormat, RoundStatus, Talks


@require_safe
@login_required
def talks_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    return render(request, "talks/list.html", {"talks_list": queries.talks_for(viewer),
                                               "may_open_talks": policy.can(viewer, "open_talks").allowed})


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
        "can_manage": policy.can(viewer, "manage", talks).allowed,
        "read_only": READ_ONLY_MESSAGES.get(talks.status),
    })


def _group_by_party(seats: list) -> list[tuple[object, list]]:  # type: ignore[type-arg]
    groups: dict[int, tuple[object, list]] = {}  # type: ignore[type-arg]
    for s in seats:
        if s.party_id is not None:
            groups.setdefault(s.party_id, (s.party, []))[1].append(s)
    return list(groups.values())


def _round_page(request: HttpRequest, round_id: int, form: RoundStatusForm | None = None,
                agenda_form: RoundAgendaForm | None = None, status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    can_manage = policy.can(viewer, "manage", round_).allowed
    agenda = list(queries.agenda_of(viewer, round_))
    can_set_agenda = policy.can(viewer, "set_agenda", round_).allowed
    if agenda_form is None and can_set_agenda:
        agenda_form = _agenda_form(viewer, round_, [item.issue_id for item in agenda])
    return render(request, "talks/round.html", {
        "round": round_,
        "talks": round_.talks,
        "can_manage": can_manage and not round_.is_closed,
        "can_edit": can_manage,
        "form": form or RoundStatusForm(parties=list(queries.parties_of(viewer, round_.talks))),
        "history": queries.history_of(viewer, round_),
        "agenda": agenda,
        "agenda_form": agenda_form,
        "keeps_minutes": policy.can(viewer, "keep_minutes", round_).allowed,
        # A party member reads the summary the mediators shared with its party (the mediators, on the minutes page).
        "summaries": [] if viewer.is_mediator_in(round_.talks_id) else list(queries.summaries_of(viewer, round_)),
    }, status=status)


def _agenda_form(viewer: Viewer, round_: Round, chosen: list[int], data: Any = None) -> RoundAgendaForm:
    issues = [i for i in queries.agenda_issues_of(viewer, round_.talks) if not i.is_withdrawn or i.pk in chosen]
    return RoundAgendaForm(data, issues=issues, chosen=chosen, prefix="agenda")


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
    form = RoundStatusForm(request.POST, parties=list(queries.parties_of(viewer, round_.talks)))
    if form.is_valid():
        try:
            actions.change_round_status(
                viewer, round_,
                status=RoundStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["reason"],
                rescheduled_to=form.cleaned_data["rescheduled_to"],
                requested_by=form.requester(),
            )
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The round was updated."))
            return redirect("talks:round", round_id=round_.pk)
    return _round_page(request, round_id, form, status=400)


@require_POST
@login_required
def round_agenda(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "set_agenda", round_)  # before the form: the body never changes a refusal
    chosen = [item.issue_id for item in queries.agenda_of(viewer, round_)]
    form = _agenda_form(viewer, round_, chosen, request.POST)
    if form.is_valid():
        try:
            actions.set_round_agenda(viewer, round_, issues=form.ordered())
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The round's agenda was saved."))
            return redirect(reverse("talks:round", kwargs={"round_id": round_.pk}) + "#agenda")
    return _round_page(request, round_id, agenda_form=form, status=400)


def _minutes_page(request: HttpRequest, round_: Round, *, minutes_form: MinutesForm | None = None,
                  summary_forms: dict[int, SummaryForm] | None = None, status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    minutes = queries.minutes_of(viewer, round_)
    if minutes_form is None:
        minutes_form = MinutesForm(initial={"text": minutes.text if minutes else "",
                                            "version": minutes.version if minutes else 0}, prefix="minutes")
    summaries = {s.party_id: s for s in queries.summaries_of(viewer, round_)}
    rows = []
    for party in queries.parties_of(viewer, round_.talks):
        summary = summaries.get(party.pk)
        form = (summary_forms or {}).get(party.pk) or SummaryForm(
            initial={"text": summary.text if summary else "", "version": summary.version if summary else 0,
                     "share": bool(summary and summary.shared_at)}, prefix=f"p{party.pk}")
        rows.append((party, summary, form))
    return render(request, "talks/minutes.html", {
        "round": round_, "talks": round_.talks, "minutes": minutes, "minutes_form": minutes_form,
        "rows": rows,
    }, status=status)


def _minutes_round(request: HttpRequest, round_id: int) -> Round:
    """The round, if the viewer keeps its minutes (404 otherwise: a party may not know of them)."""
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "keep_minutes", round_)
    return round_


@require_safe
@login_required
def round_minutes(request: HttpRequest, round_id: int) -> HttpResponse:
    return _minutes_page(request, _minutes_round(request, round_id))


@require_POST
@login_required
def save_minutes(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _minutes_round(request, round_id)
    form = MinutesForm(request.POST, prefix="minutes")
    if form.is_valid():
        try:
            actions.save_minutes(request_viewer(request), round_, text=form.cleaned_data["text"],
                                 version=form.cleaned_data["version"])
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("talks:minutes", round_id=round_.pk)
    return _minutes_page(request, round_, minutes_form=form, status=400)


@require_POST
@login_required
def save_summary(request: HttpRequest, round_id: int, party_id: int) -> HttpResponse:
    round_ = _minutes_round(request, round_id)
    viewer = request_viewer(request)
    party = queries.get_party(viewer, party_id)
    form = SummaryForm(request.POST, prefix=f"p{party.pk}")
    if form.is_valid():
        try:
            actions.save_summary(viewer, round_, party, text=form.cleaned_data["text"],
                                 version=form.cleaned_data["version"], share=form.cleaned_data["share"])
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The summary was saved."))
            return redirect(reverse("talks:minutes", kwargs={"round_id": round_.pk}) + f"#party-{party.pk}")
    return _minutes_page(request, round_, summary_forms={party.pk: form}, status=400)


# --- set-up: new talks, settings and status, parties and rooms, rounds --------


def _setup_page(request: HttpRequest, template: str, context: dict[str, Any], *, invalid: bool) -> HttpResponse:
    return render(request, template, context, status=400 if invalid else 200)


@require_http_methods(["GET", "POST"])
@login_required
def new_talks(request: HttpRequest) -> HttpResponse:
    """Operators, and users an operator allows, open talks; the creator becomes lead mediator."""
    viewer = request_viewer(request)
    policy.require(viewer, "open_talks", message=_("Only an operator, or someone an operator allows, "
                                                   "may open talks."))
    form = NewTalksForm(request.POST if request.method == "POST" else None, languages=content_languages())
    if form.is_bound and form.is_valid():
        try:
            talks = actions.open_talks(
                viewer, title=form.texts("title"), mediator_org=form.texts("mediator_org"),
                description=form.texts("description"), status=form.cleaned_data["status"],
                languages=form.cleaned_data["languages_used"],
                heads_may_invite=form.cleaned_data["heads_may_invite"],
                require_two_factor=form.cleaned_data["require_two_factor"])
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The talks are open, and you are their lead mediator. Add the parties next."))
            return redirect("talks:parties", talks_id=talks.pk)
    return _setup_page(request, "talks/new.html", {"form": form}, invalid=form.is_bound)


def _talks_form(talks: Talks, data: Any = None) -> TalksForm:
    form = TalksForm(data, languages=talks.content_languages)
    if data is None:
        form.initial = {
            **form.fill("title", LocalText(talks.title_i18n)),
            **form.fill("mediator_org", LocalText(talks.mediator_org_i18n)),
            **form.fill("description", LocalText(talks.description_i18n)),
            "languages_used": list(talks.languages), "heads_may_invite": talks.heads_may_invite,
            "require_two_factor": talks.require_two_factor,
        }
    return form


def _settings_page(request: HttpRequest, talks: Talks, *, form: TalksForm | None = None,
                   status_form: TalksStatusForm | None = None) -> HttpResponse:
    return _setup_page(request, "talks/settings.html", {
        "talks": talks,
        "form": form or _talks_form(talks),
        "status_form": status_form or TalksStatusForm(initial={"status": talks.status}),
    }, invalid=form is not None or status_form is not None)


@require_safe
@login_required
def talks_settings(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks, message=_("Only the lead mediator changes the talks' settings."))
    return _settings_page(request, talks)


@require_POST
@login_required
def talks_settings_save(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks, message=_("Only the lead mediator changes the talks' settings."))
    form = _talks_form(talks, request.POST)
    if form.is_valid():
        try:
            actions.edit_talks(
                viewer, talks,
                title=form.texts("title", keep=LocalText(talks.title_i18n)),
                mediator_org=form.texts("mediator_org", keep=LocalText(talks.mediator_org_i18n)),
                description=form.texts("description", keep=LocalText(talks.description_i18n)),
                languages=form.cleaned_data["languages_used"],
                heads_may_invite=form.cleaned_data["heads_may_invite"],
                require_two_factor=form.cleaned_data["require_two_factor"])
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The talks' settings were saved."))
            return redirect("talks:settings", talks_id=talks.pk)
    talks.refresh_from_db()
    return _settings_page(request, talks, form=form)


@require_POST
@login_required
def talks_status(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks, message=_("Only the lead mediator changes the talks' status."))
    form = TalksStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_talks_status(viewer, talks, status=form.cleaned_data["status"],
                                        reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The talks' status was changed."))
            return redirect("talks:settings", talks_id=talks.pk)
    talks.refresh_from_db()
    return _settings_page(request, talks, status_form=form)


def _parties_page(request: HttpRequest, talks: Talks, *, add_form: PartyForm | None = None,
                  rename: tuple[int, PartyForm] | None = None) -> HttpResponse:
    viewer = request_viewer(request)
    langs = talks.content_languages
    parties = []
    for party in queries.parties_with_rooms(viewer, talks):
        if rename is not None and rename[0] == party.pk:
            form = rename[1]
        else:
            form = PartyForm(prefix=f"p{party.pk}", languages=langs)
            form.initial = {**form.fill("name", LocalText(party.name_i18n)), "code": party.code}
        parties.append((party, getattr(party, "caucus_room", None), form))
    return _setup_page(request, "talks/parties.html", {
        "talks": talks,
        "parties": parties,
        "add_form": add_form or PartyForm(prefix="new", languages=langs),
        "can_manage": policy.can(viewer, "manage", talks).allowed,
    }, invalid=add_form is not None or rename is not None)


@require_safe
@login_required
def talks_parties(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage_rooms", talks)
    return _parties_page(request, talks)


@require_POST
@login_required
def add_party(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage", talks, message=_("Only the lead mediator adds and renames parties."))
    form = PartyForm(request.POST, prefix="new", languages=talks.content_languages)
    if form.is_valid():
        try:
            party = actions.add_party(viewer, talks, code=form.cleaned_data["code"], name=form.texts("name"))
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The party %(party)s was added, with its caucus room.")
                             % {"party": party.name})
            return redirect("talks:parties", talks_id=talks.pk)
    return _parties_page(request, talks, add_form=form)


@require_POST
@login_required
def rename_party(request: HttpRequest, party_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    party = queries.get_party(viewer, party_id)
    talks = party.talks
    policy.require(viewer, "manage", talks, message=_("Only the lead mediator adds and renames parties."))
    form = PartyForm(request.POST, prefix=f"p{party.pk}", languages=talks.content_languages)
    if form.is_valid():
        try:
            actions.rename_party(viewer, party, code=form.cleaned_data["code"],
                                 name=form.texts("name", keep=LocalText(party.name_i18n)))
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The party was renamed."))
            return redirect("talks:parties", talks_id=talks.pk)
    return _parties_page(request, talks, rename=(party.pk, form))


def _room_change(request: HttpRequest, room_id: int, change: Callable[[Viewer, Room], Room],
                 done: str) -> HttpResponse:
    viewer = request_viewer(request)
    room = caucus_queries.get_room(viewer, room_id)
    policy.require(viewer, "manage_rooms", room.talks)
    try:
        change(viewer, room)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("talks:parties", talks_id=room.talks_id)


@require_POST
@login_required
def close_room(request: HttpRequest, room_id: int) -> HttpResponse:
    return _room_change(request, room_id, caucus_actions.close_room,
                        _("The room was closed; its history stays readable."))


@require_POST
@login_required
def reopen_room(request: HttpRequest, room_id: int) -> HttpResponse:
    return _room_change(request, room_id, caucus_actions.reopen_room, _("The room was opened again."))


def _round_form_page(request: HttpRequest, talks: Talks, form: RoundForm, *,
                     round_: Round | None = None) -> HttpResponse:
    return _setup_page(request, "talks/round_form.html", {
        "talks": talks, "round": round_, "form": form, "time_zones": COMMON_TIME_ZONES,
    }, invalid=form.is_bound)


# A short list for the time-zone field's suggestions; any IANA name is accepted.
COMMON_TIME_ZONES = ("UTC", "Asia/Muscat", "Asia/Tehran", "Asia/Dubai", "Asia/Qatar", "Asia/Riyadh",
                     "Europe/Geneva", "Europe/Zurich", "Europe/Vienna", "Europe/Istanbul", "Europe/Paris",
                     "America/New_York", "Africa/Cairo")


@require_http_methods(["GET", "POST"])
@login_required
def new_round(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = queries.get_talks(viewer, talks_id)
    policy.require(viewer, "schedule_round", talks, message=_("Only the mediators schedule rounds."))
    form = RoundForm(request.POST if request.method == "POST" else None, languages=talks.content_languages,
                     initial={"time_zone": "UTC", "format": RoundFormat.PROXIMITY})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = actions.schedule_round(
                viewer, talks, title=form.texts("title"), venue=form.texts("venue"),
                note=form.texts("note"), starts_on=data["starts_on"], ends_on=data["ends_on"],
                starts_time=data["starts_time"], ends_time=data["ends_time"],
                time_zone=data["time_zone"], format=data["format"])
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Round %(number)d was scheduled.") % {"number": round_.number})
            return redirect("talks:round", round_id=round_.pk)
    return _round_form_page(request, talks, form)


@require_http_methods(["GET", "POST"])
@login_required
def edit_round(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    round_ = queries.get_round(viewer, round_id)
    policy.require(viewer, "manage", round_, message=_("Only the mediators change a round."))
    talks = round_.talks
    form = RoundForm(request.POST if request.method == "POST" else None, languages=talks.content_languages)
    if not form.is_bound:
        form.initial = {
            **form.fill("title", LocalText(round_.title_i18n)),
            **form.fill("venue", LocalText(round_.venue_i18n)),
            **form.fill("note", LocalText(round_.note_i18n)),
            "starts_on": round_.starts_on, "ends_on": round_.ends_on, "time_zone": round_.time_zone,
            "starts_time": round_.starts_time, "ends_time": round_.ends_time,
            "format": round_.format,
        }
    elif form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_round(
                viewer, round_,
                title=form.texts("title", keep=LocalText(round_.title_i18n)),
                venue=form.texts("venue", keep=LocalText(round_.venue_i18n)),
                note=form.texts("note", keep=LocalText(round_.note_i18n)),
                starts_on=data["starts_on"], ends_on=data["ends_on"], time_zone=data["time_zone"],
                starts_time=data["starts_time"], ends_time=data["ends_time"],
                format=data["format"])
        except ActionRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The round was updated."))
            return redirect("talks:round", round_id=round_.pk)
    return _round_form_page(request, talks, form, round_=round_)
