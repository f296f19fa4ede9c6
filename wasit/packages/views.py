"""Package pages: parse, call one query or action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.packages import actions, queries
from wasit.packages.actions import LABELS
from wasit.packages.analysis import (
    CHART_SOLUTIONS,
    TABLE_ROWS,
    describe,
    local,
    number,
    preview,
)
from wasit.packages.forms import (
    DefineDomainForm,
    GeniusUploadForm,
    ProposeForm,
    ScoresForm,
    SettingsForm,
)
from wasit.packages.models import NegotiationDomain
from wasit.policy import ActionRefused, Viewer
from wasit.talks import queries as talks_queries
from wasit.talks.models import Party, Talks


def _refused(form: Any, exc: ActionRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


# --- the mediators' package view ---------------------------------------------


def _named(names: list[str], utilities: list[float]) -> list[tuple[str, float]]:
    return list(zip(names, utilities, strict=False))


#: What asks for the approximate frontier, in the page's link and the propose forms.
APPROXIMATE = "approximate"


def _wants_approximate(data: Any) -> bool:
    """The mediator asked for the approximate frontier (a link or a form's hidden field)."""
    return str(data.get(APPROXIMATE, "")).lower() in ("1", "true", "yes", "on")


def _package_view_url(talks_id: int, *, approximate: bool) -> str:
    url = reverse("packages:view", kwargs={"talks_id": talks_id})
    return f"{url}?{APPROXIMATE}=1" if approximate else url


def _mediator_page(request: HttpRequest, viewer: Viewer, talks: Talks, *, status: int = 200,
                   define_form: DefineDomainForm | None = None,
                   upload_form: GeniusUploadForm | None = None,
                   approximate: bool = False) -> HttpResponse:
    domain = queries.current_domain(viewer, talks)
    context: dict[str, Any] = {
        "talks": talks,
        "domain": domain,
        "define_form": define_form or DefineDomainForm(),
        "upload_form": upload_form or GeniusUploadForm(),
        "labels": LABELS,
        "approximate_url": _package_view_url(talks.pk, approximate=True),
        "exact_url": _package_view_url(talks.pk, approximate=False),
    }
    if domain is not None:
        result = queries.frontier(viewer, domain, approximate=approximate)
        analysis = result.analysis
        names = [p.name for p in result.parties]
        solutions = []
        if analysis is not None:
            solutions = [(name, LABELS[name], point, _named(names, point.utilities) if point else [],
                          name in CHART_SOLUTIONS) for name, point in analysis.solutions.items()]
        drafted = queries.proposals_of(viewer, domain)
        context.update({
            "issues": [(local(i["title"]), [local(o) for o in i["options"]]) for i in domain.issues],
            "result": result,
            "analysis": analysis,
            "solutions": solutions,
            "rows": [(p, _named(names, p.utilities)) for p in analysis.frontier[:TABLE_ROWS]]
            if analysis else [],
            "party_names": names,
            "approximation": analysis.approximation if analysis else None,
            "bound": number(analysis.approximation.error_bound, significant=3)
            if analysis and analysis.approximation else "",
            "more_rows": max(0, len(analysis.frontier) - TABLE_ROWS) if analysis else 0,
            "proposals": [(p, describe(domain.issues, p.package),
                           _named(names, result.proposal_utilities.get(p.pk, []))) for p in drafted],
            "propose_form": ProposeForm(issues=domain.issues),
            "can_manage": policy.can(viewer, "manage", domain).allowed,
            "settings_form": SettingsForm(initial={
                "scores_hidden_from_mediators": domain.scores_hidden_from_mediators}),
            "score_links": [p for p in result.parties if policy.can(viewer, "view_scores", p)],
        })
    return render(request, "packages/mediator.html", context, status=status)


def _mediator_talks(request: HttpRequest, talks_id: int) -> tuple[Viewer, Talks]:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "define_domain", talks)
    return viewer, talks


@require_safe
@login_required
def package_view(request: HttpRequest, talks_id: int) -> HttpResponse:
    """The mediators' package view: the domain, the frontier, the solutions, the proposals.

    ``?approximate=1`` asks for the approximate frontier, within the same budget.
    """
    viewer, talks = _mediator_talks(request, talks_id)
    return _mediator_page(request, viewer, talks, approximate=_wants_approximate(request.GET))


@require_POST
@login_required
def define(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer, talks = _mediator_talks(request, talks_id)
    form = DefineDomainForm(request.POST)
    if form.is_valid():
        try:
            actions.define_domain(viewer, talks, issues=form.parsed_issues(), name=form.cleaned_data["name"])
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The negotiation domain is defined; the parties can score it."))
            return redirect("packages:view", talks_id=talks.pk)
    return _mediator_page(request, viewer, talks, status=400, define_form=form)


@require_POST
@login_required
def import_genius(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer, talks = _mediator_talks(request, talks_id)
    form = GeniusUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.import_genius_domain(viewer, talks, data=upload.read(actions.MAX_UPLOAD_BYTES + 1),
                                         filename=upload.name or "domain.xml")
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The Genius domain was imported; the parties can score it."))
            return redirect("packages:view", talks_id=talks.pk)
    return _mediator_page(request, viewer, talks, status=400, upload_form=form)


@require_POST
@login_required
def domain_settings(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer, talks = _mediator_talks(request, talks_id)
    domain = queries.require_domain(viewer, talks)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            actions.set_scores_hidden(viewer, domain, hidden=form.cleaned_data["scores_hidden_from_mediators"])
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The settings were saved."))
    return redirect("packages:view", talks_id=talks.pk)


@require_POST
@login_required
def propose(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer, talks = _mediator_talks(request, talks_id)
    domain = queries.require_domain(viewer, talks)
    # Back to the frontier the package was picked from (a huge domain has only the approximate).
    back = _package_view_url(talks.pk, approximate=_wants_approximate(request.POST))
    form = ProposeForm(request.POST, issues=domain.issues)
    if not form.is_valid():
        messages.error(request, _("Choose one option for every issue."))
        return redirect(back)
    try:
        actions.propose_package(viewer, domain, package=form.package(), label=form.cleaned_data["label"])
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The package is in the mediators' room, ready to relay from the "
                                    "shuttle board."))
    return redirect(back)


@require_POST
@login_required
def share(request: HttpRequest, proposal_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    proposal = queries.get_proposal(viewer, proposal_id)
    try:
        actions.share_proposal(viewer, proposal)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The package is before the parties; each sees only its own utility."))
    return redirect("packages:view", talks_id=proposal.domain.talks_id)


# --- a party's own scores ------------------------------------------------------


def _own_party(viewer: Viewer, talks: Talks) -> Party:
    policy.require(viewer, "keep_own_scores", talks,
                   message=_("Each party scores for itself; mediators see the package view."))
    party = queries.own_party(viewer, talks)
    assert party is not None  # noqa: S101 (the rule allows party seats alone)
    return party


def _scores_context(viewer: Viewer, talks: Talks, domain: NegotiationDomain | None, party: Any) -> dict[str, Any]:
    history = queries.score_history(viewer, party, domain)
    latest = history[0] if history else None
    return {
        "talks": talks,
        "domain": domain,
        "party": party,
        "latest": latest,
        "history": history,
        "preview": preview(domain.issues, latest.weights, latest.values) if domain and latest else [],
    }


def _scores_page(request: HttpRequest, talks_id: int, form: ScoresForm | None = None,
                 status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = _own_party(viewer, talks)
    domain = queries.current_domain(viewer, talks)
    context = _scores_context(viewer, talks, domain, party)
    can_score = policy.can(viewer, "score", party).allowed
    if domain is not None and can_score and form is None:
        form = ScoresForm(issues=domain.issues, latest=context["latest"], initial={"domain": domain.pk})
    context.update({
        "form": form if can_score else None,
        "proposals": queries.own_utilities(viewer, party, domain) if domain else [],
    })
    return render(request, "packages/scores.html", context, status=status)


@require_safe
@login_required
def scores(request: HttpRequest, talks_id: int) -> HttpResponse:
    """A party's scoring page: its latest scores in words, the form, its utility of each proposal."""
    return _scores_page(request, talks_id)


@require_POST
@login_required
def save_scores(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = _own_party(viewer, talks)
    policy.require(viewer, "score", party)
    domain = queries.require_domain(viewer, talks)
    form = ScoresForm(request.POST, issues=domain.issues)
    if form.is_valid():
        try:
            score = actions.save_scores(viewer, party, weights=form.weights(), values=form.values(),
                                        reservation=form.cleaned_data["reservation"],
                                        note=form.cleaned_data["note"], domain_id=form.cleaned_data["domain"])
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Your scores were saved (version %(version)d).")
                             % {"version": score.version})
            if score.normalised:
                messages.info(request, _("Your weights did not add up to 1, so each was divided by "
                                         "their sum (%(total)s): the proportions are what count.")
                              % {"total": f"{sum(score.raw_weights):.3g}"})
            return redirect("packages:scores", talks_id=talks.pk)
    return _scores_page(request, talks_id, form, status=400)


@require_safe
@login_required
def party_scores(request: HttpRequest, talks_id: int, party_id: int) -> HttpResponse:
    """One party's scores: for that party, and for the mediators unless the talks keep them out."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    party = queries.get_party(viewer, talks, party_id)
    policy.require(viewer, "view_scores", party)
    domain = queries.current_domain(viewer, talks)
    return render(request, "packages/party_scores.html", _scores_context(viewer, talks, domain, party))
