"""The positions pages and the mediators' map: parse, call one query or action, render."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.agenda import queries as agenda_queries
from wasit.agenda.models import AgendaIssue
from wasit.policy import ActionRefused
from wasit.positions import actions, queries
from wasit.positions.actions import StaleVersion
from wasit.positions.forms import AssessmentForm, PositionForm, RedLinesForm, RelayForm
from wasit.positions.queries import ShownPosition
from wasit.talks import queries as talks_queries
from wasit.talks.models import Party, Talks

FIELD_LABELS = {
    "demand": gettext_lazy("Demand"), "offer": gettext_lazy("Could offer"), "red_line": gettext_lazy("Red line"),
    "notes": gettext_lazy("Notes"), "priority": gettext_lazy("Priority"), "applies_from": gettext_lazy("Applies from"),
}


@dataclass
class IssueRow:
    issue: AgendaIssue
    history: list[ShownPosition]
    form: PositionForm | None
    editing: bool

    @property
    def current(self) -> ShownPosition | None:
        return self.history[0] if self.history else None


def _party_of(request: HttpRequest, talks_id: int, party_id: int) -> tuple[Talks, Party]:
    """The talks and one of its parties whose positions the viewer may read (404 otherwise)."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = talks_queries.get_party(viewer, party_id)
    if party.talks_id != talks.pk:
        raise policy.NotFound
    policy.require(viewer, "view_positions", party)
    return talks, party


def _party_page(request: HttpRequest, talks: Talks, party: Party, *,
                editing: tuple[int, PositionForm] | None = None, status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    can_edit = policy.can(viewer, "record_position", party).allowed
    history = queries.history_of(viewer, party)
    rounds = list(talks_queries.rounds_of(viewer, talks))
    rows = []
    for issue in agenda_queries.agenda_of(viewer, talks):
        versions = history.get(issue.pk, [])
        if issue.is_withdrawn and not versions:
            continue
        form = None
        if can_edit and not issue.is_withdrawn:
            form = (editing[1] if editing and editing[0] == issue.pk else
                    PositionForm(rounds=rounds, current=versions[0] if versions else None,
                                 base_version=versions[0].version if versions else None, prefix=f"p{issue.pk}"))
        rows.append(IssueRow(issue=issue, history=versions, form=form,
                             editing=bool(editing and editing[0] == issue.pk)))
    is_mediator = viewer.is_mediator_in(talks.pk)
    return render(request, "positions/party.html", {
        "talks": talks, "party": party, "rows": rows, "can_edit": can_edit, "is_mediator": is_mediator,
        "barred": queries.red_lines_barred(party),
        "can_bar": policy.can(viewer, "bar_red_lines", party).allowed,
        "field_labels": FIELD_LABELS,
    }, status=status)


@require_safe
@login_required
def home(request: HttpRequest, talks_id: int) -> HttpResponse:
    """The talks page's "Positions" link: the mediators' map, or the viewer's own party's positions."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    if viewer.is_mediator_in(talks.pk):
        return redirect("positions:map", talks_id=talks.pk)
    party_id = viewer.party_in(talks.pk)
    if party_id is None:  # pragma: no cover - every seat is a mediator's or a party's
        raise policy.NotFound
    return redirect("positions:party", talks_id=talks.pk, party_id=party_id)


@require_safe
@login_required
def party_positions(request: HttpRequest, talks_id: int, party_id: int) -> HttpResponse:
    talks, party = _party_of(request, talks_id, party_id)
    return _party_page(request, talks, party)


def _back(party: Party, issue: AgendaIssue) -> HttpResponse:
    return redirect(reverse("positions:party", kwargs={"talks_id": party.talks_id, "party_id": party.pk})
                    + f"#issue-{issue.pk}")


@require_POST
@login_required
def save_position(request: HttpRequest, talks_id: int, party_id: int, issue_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks, party = _party_of(request, talks_id, party_id)
    policy.require(viewer, "record_position", party)  # before the form: the body never changes a refusal
    issue = agenda_queries.get_issue(viewer, issue_id)
    if issue.talks_id != talks.pk:
        raise policy.NotFound
    rounds = list(talks_queries.rounds_of(viewer, talks))
    form = PositionForm(request.POST, rounds=rounds, prefix=f"p{issue.pk}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            round_ = queries.round_for_position(viewer, talks, data["applies_from"])
            actions.record_position(
                viewer, party, issue=issue, base_version=data["base_version"], demand=form.text("demand"),
                offer=form.text("offer"), red_line=form.text("red_line"), notes=form.text("notes"),
                priority=data["priority"], applies_from=round_)
        except StaleVersion as exc:
            status = 409
            form.add_error(None, str(exc.message))
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The position was saved."))
            return _back(party, issue)
    return _party_page(request, talks, party, editing=(issue.pk, form), status=status)


@require_POST
@login_required
def red_lines(request: HttpRequest, talks_id: int, party_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks, party = _party_of(request, talks_id, party_id)
    policy.require(viewer, "bar_red_lines", party)
    form = RedLinesForm(request.POST)
    form.is_valid()  # a checkbox: absent is False
    barred = bool(form.cleaned_data.get("barred"))
    actions.set_red_lines_barred(viewer, party, barred=barred)
    messages.success(request, _("The mediators now see “withheld by the party” instead of your red lines.")
                     if barred else _("The mediators can read your red lines again."))
    return redirect("positions:party", talks_id=talks.pk, party_id=party.pk)


def _since(request: HttpRequest, talks: Talks) -> tuple[object, bool]:
    """The round the map compares with: `?since=<round id>`, `?since=` for none, or the default."""
    if "since" not in request.GET:
        return None, True
    raw = request.GET.get("since", "")
    if raw in ("", "none"):
        return None, False
    viewer = request_viewer(request)
    try:
        return queries.round_for_position(viewer, talks, raw), False
    except ActionRefused:
        return None, True


def _map_page(request: HttpRequest, talks: Talks, *, assessing: tuple[int, AssessmentForm] | None = None,
              status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    since, use_default = _since(request, talks)
    view = queries.position_map(viewer, talks, since=since, use_default=use_default)  # type: ignore[arg-type]
    forms = {row.issue.pk: (assessing[1] if assessing and assessing[0] == row.issue.pk
                            else AssessmentForm(current=row.assessment, prefix=f"a{row.issue.pk}"))
             for row in view.rows if not row.issue.is_withdrawn}
    return render(request, "positions/map.html", {
        "talks": talks, "map": view, "forms": forms, "assessing": assessing[0] if assessing else None,
        "field_labels": FIELD_LABELS,
    }, status=status)


@require_safe
@login_required
def position_map(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_position_map", talks)
    return _map_page(request, talks)


@require_POST
@login_required
def assess(request: HttpRequest, issue_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    issue = agenda_queries.get_issue(viewer, issue_id)
    policy.require(viewer, "assess", issue)
    form = AssessmentForm(request.POST, prefix=f"a{issue.pk}")
    status = 400
    if form.is_valid():
        try:
            actions.record_assessment(viewer, issue, base_version=form.cleaned_data["base_version"],
                                      gap=form.cleaned_data["gap"], note=form.note())
        except StaleVersion as exc:
            status = 409
            form.add_error(None, str(exc.message))
        except ActionRefused as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(reverse("positions:map", kwargs={"talks_id": issue.talks_id}) + f"#issue-{issue.pk}")
    return _map_page(request, issue.talks, assessing=(issue.pk, form), status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def relay(request: HttpRequest, position_id: int) -> HttpResponse:
    """A message drafted from a position (demand and offer, never the red line), to edit and post."""
    viewer = request_viewer(request)
    row = queries.get_position_row(viewer, position_id)
    policy.require(viewer, "relay", row)
    shown = queries.get_position(viewer, position_id)
    talks = talks_queries.get_talks(viewer, row.talks_id)
    rooms = queries.rooms_to_post_in(viewer, talks)
    choices = [(r.pk, r.label) for r in rooms]
    status = 200
    if request.method == "POST":
        form = RelayForm(request.POST, rooms=choices)
        status = 400
        if form.is_valid():
            room = next(r for r in rooms if r.pk == form.cleaned_data["room"])
            try:
                actions.relay_position(viewer, row, room=room, text=form.cleaned_data["text"])
            except ActionRefused as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The message was posted into %(room)s.") % {"room": room.label})
                return redirect(reverse("positions:map", kwargs={"talks_id": talks.pk})
                                + f"#issue-{row.issue_id}")
    else:
        others = [r for r in rooms if r.party_id not in (None, row.party_id)]
        form = RelayForm(rooms=choices, initial={
            "room": others[0].pk if others else (choices[0][0] if choices else None),
            "text": queries.draft_text(shown, party=row.party, issue=row.issue)})
    return render(request, "positions/relay.html", {
        "talks": talks, "position": shown, "party": row.party, "issue": row.issue, "form": form,
    }, status=status)
