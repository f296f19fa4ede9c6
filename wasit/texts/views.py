"""The single negotiating text's pages: parse, call one query or action, render.

Who may see or do what is the policy's (`rules_texts.py`); what a party
reads of a text (the versions shared with it, its own stances) is
`queries.py`'s. A page only offers the forms the policy would allow, and
every form's view asks the policy again before it reads the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts import queries as accounts_queries
from wasit.accounts.viewer import request_viewer
from wasit.policy import ActionRefused, Viewer
from wasit.positions.actions import StaleVersion
from wasit.talks import queries as talks_queries
from wasit.talks.localized import LocalText
from wasit.talks.models import Talks
from wasit.texts import actions, queries
from wasit.texts.document import ClauseDocument
from wasit.texts.forms import (
    ClauseForm,
    NewTextForm,
    SettingsForm,
    ShareForm,
    SignOffForm,
    StancesForm,
    clause_initial,
    language_name,
)
from wasit.texts.models import NegotiatingText, TextVersion
from wasit.texts.queries import Cell

EXPORT_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def title_of(text: NegotiatingText) -> tuple[str, str]:
    """The title in the reader's language if it has one (else the first in fallback order), and its language."""
    title = LocalText(text.title)
    shown = title.best()
    return shown, next((code for code, value in title.items() if value == shown), "")


def _refused(form: django_forms.Form, exc: ActionRefused) -> None:
    """The refusal as an error on the field it names, else on the form."""
    target = exc.field if exc.field in form.fields else None
    form.add_error(target, str(exc.message))


# --- the list of texts -------------------------------------------------------------------------------

def _list_page(request: HttpRequest, talks: Talks, *, form: NewTextForm | None = None,
               status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    can_draft = policy.can(viewer, "draft_text", talks).allowed
    if can_draft and form is None:
        form = NewTextForm(languages=talks.content_languages, parties=list(talks_queries.parties_of(viewer, talks).order_by("pk")))
    rows = []
    for text in queries.texts_for(viewer, talks):
        versions = queries.visible_versions(viewer, text)
        rows.append((text, *title_of(text), versions[-1] if versions else None))
    return render(request, "texts/list.html", {
        "talks": talks, "rows": rows,
        "form": form if can_draft else None, "is_mediator": viewer.is_mediator_in(talks.pk),
    }, status=status)


@require_safe
@login_required
def text_list(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "view_texts", talks)
    return _list_page(request, talks)


@require_POST
@login_required
def create(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "draft_text", talks)  # before the form: the body never changes a refusal
    form = NewTextForm(request.POST, languages=talks.content_languages,
                       parties=list(talks_queries.parties_of(viewer, talks).order_by("pk")))
    if form.is_valid():
        data = form.cleaned_data
        try:
            text = actions.create_text(
                viewer, talks, title=form.local("title"), authoritative_language=data["authoritative_language"],
                kind=data["kind"], party_ids=data["parties"], clauses=[form.clause()])
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The text was started: version 1 is a draft only the mediators see."))
            return redirect("texts:text", text_id=text.pk)
    return _list_page(request, talks, form=form, status=400)


# --- the text page -----------------------------------------------------------------------------------

@dataclass
class Wording:
    """A clause's heading and body in one language, as the page shows it."""

    language: str
    name: str
    rtl: bool
    authoritative: bool
    heading: str
    body: str
    alternatives: list[tuple[str, str]]


@dataclass
class ClauseView:
    key: str
    document: ClauseDocument
    wordings: list[Wording]
    cell: Cell | None = None
    stance_fields: tuple[django_forms.BoundField, ...] = ()
    form: ClauseForm | None = None
    editing: bool = False


@dataclass
class Forms:
    """Forms a failed post hands back to the page, with their errors."""

    clause: tuple[str, ClauseForm] | None = None
    settings: SettingsForm | None = None
    share: ShareForm | None = None
    stances: StancesForm | None = None
    sign_off: SignOffForm | None = None


def _languages(text: NegotiatingText) -> list[str]:
    """The talks' languages, the authoritative one first."""
    codes = list(text.talks.content_languages)
    if text.authoritative_language in codes:
        codes.remove(text.authoritative_language)
    return [text.authoritative_language, *codes]


def _letters(index: int) -> str:
    return chr(ord("A") + index)


def wordings(text: NegotiatingText, clause: ClauseDocument) -> list[Wording]:
    out = []
    for code in _languages(text):
        alternatives = [(_letters(i), a[code]) for i, a in enumerate(clause.alternatives) if a.get(code)]
        if not clause.body.get(code) and not clause.heading.get(code) and not alternatives:
            continue
        name, rtl = language_name(code)
        out.append(Wording(code, name, rtl, code == text.authoritative_language, clause.heading.get(code, ""),
                           clause.body.get(code, ""), alternatives))
    return out


def _chosen_version(request: HttpRequest, versions: list[TextVersion]) -> TextVersion:
    """`?version=N` among the versions the reader may see (404 otherwise); the latest by default."""
    if not versions:  # pragma: no cover - the policy let the reader see the text: some version is its
        raise policy.NotFound
    raw = request.GET.get("version")
    if raw is None or raw == "":
        return versions[-1]
    try:
        number = int(raw)
    except ValueError:
        raise policy.NotFound from None
    for version in versions:
        if version.number == number:
            return version
    raise policy.NotFound


def _export_links(text: NegotiatingText, version: TextVersion) -> list[tuple[str, str]]:
    links = []
    side = _("side by side")
    for fmt in EXPORT_FORMATS:
        base = reverse("texts:export", kwargs={"version_id": version.pk, "fmt": fmt})
        for code in _languages(text):
            links.append((f"{fmt.upper()} · {language_name(code)[0]}", f"{base}?lang={code}"))
        links.append((f"{fmt.upper()} · {side}", f"{base}?lang=side"))
    return links


def _text_page(request: HttpRequest, text: NegotiatingText, *, version: TextVersion | None = None,
               given: Forms | None = None, status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    given = given or Forms()
    seat = viewer.seat(text.talks_id)
    assert seat is not None  # noqa: S101 (the policy let the reader see the text)
    versions = queries.visible_versions(viewer, text)
    if version is None:
        version = _chosen_version(request, versions)
    latest = versions[-1]
    document = queries.document(viewer, version)
    is_mediator = seat.is_mediator
    can_edit = policy.can(viewer, "edit", text).allowed and version.pk == latest.pk
    clauses = [ClauseView(c["key"], d, wordings(text, d)) for c, d in zip(version.clauses, document.clauses,
                                                                         strict=True)]
    context: dict[str, Any] = {
        "talks": text.talks, "text": text, "version": version, "versions": list(reversed(versions)),
        "latest": latest, "document": document, "clauses": clauses, "is_mediator": is_mediator,
        "can_edit": can_edit, "export_links": _export_links(text, version),
        "sign_offs": queries.sign_offs(version), "signed_here": text.signed_version_id == version.pk,
        "authoritative_name": language_name(text.authoritative_language)[0],
        "title": title_of(text),
    }
    if len(versions) > 1:
        previous = [v for v in versions if v.number < version.number]
        context["compare_from"] = previous[-1] if previous else None
    # A refused share, stance or sign-off is said at the top: the form itself may not be shown any more.
    context["refusals"] = [str(e) for f in (given.share, given.stances, given.sign_off) if f is not None
                           for e in f.non_field_errors()]
    if is_mediator:
        _mediator_parts(viewer, text, version, clauses, context, given, can_edit=can_edit)
    else:
        _party_parts(viewer, text, version, clauses, context, given, party_id=seat.party_id)
    return render(request, "texts/text.html", context, status=status)


def _mediator_parts(viewer: Viewer, text: NegotiatingText, version: TextVersion, clauses: list[ClauseView],
                    context: dict[str, Any], given: Forms, *, can_edit: bool) -> None:
    parties = queries.concerned_parties(text)
    shared_with = set(version.shares.values_list("party_id", flat=True))
    context["shared_with"] = [p for p in parties if p.pk in shared_with]
    context["open_count"] = queries.open_count(version)
    context["agreed"] = queries.is_agreed(version)
    if policy.can(viewer, "share", version).allowed:
        context["share_form"] = given.share or ShareForm(parties=parties, initial={
            "parties": [p.pk for p in parties]})
    if not policy.can(viewer, "edit", text).allowed:
        return
    context["settings_form"] = given.settings or SettingsForm(initial={
        "non_paper": text.non_paper, "share_open_count": text.share_open_count})
    if not can_edit:  # an earlier version is read, not edited
        return
    languages = text.talks.content_languages
    for row, clause in zip(clauses, version.clauses, strict=True):
        if given.clause and given.clause[0] == row.key:
            row.form, row.editing = given.clause[1], True
        else:
            row.form = ClauseForm(languages=languages, prefix=f"c-{row.key}",
                                  initial={**clause_initial(clause), "base_version": version.number})
    context["new_clause"] = (given.clause[1] if given.clause and given.clause[0] == "new" else
                             ClauseForm(languages=languages, prefix="new", initial={"base_version": version.number}))
    context["adding"] = bool(given.clause and given.clause[0] == "new")


def _party_parts(viewer: Viewer, text: NegotiatingText, version: TextVersion, clauses: list[ClauseView],
                 context: dict[str, Any], given: Forms, *, party_id: int | None) -> None:
    assert party_id is not None  # noqa: S101 (a seat that is not a mediator's is a party's)
    own = queries.own_cells(version, party_id)
    for row in clauses:
        row.cell = own.get(row.key)
    context["open_clauses"] = queries.open_count(version) if text.share_open_count else None
    marking = policy.can(viewer, "mark_stance", version)
    if marking.allowed:
        form = given.stances or StancesForm(clauses=version.clauses, languages=text.talks.content_languages,
                                            current={k: c for k, c in own.items() if c.stance})
        context["stances_form"] = form
        for row in clauses:
            row.stance_fields = form.row(row.key)
    elif marking.message is not None and not text.is_signed:
        context["why_not_marking"] = marking.message
    agreed = queries.is_agreed(version)
    context["agreed"] = agreed
    signed_parties = {s.party_id for s in context["sign_offs"]}
    context["party_signed"] = party_id in signed_parties
    if agreed and not text.is_signed and party_id not in signed_parties and \
            policy.can(viewer, "sign_off", version).allowed:
        context["sign_off_form"] = given.sign_off or SignOffForm(
            second_factor=accounts_queries.has_second_factor(viewer.user_id))


@require_safe
@login_required
def text_page(request: HttpRequest, text_id: int) -> HttpResponse:
    text = queries.get_text(request_viewer(request), text_id)
    return _text_page(request, text)


def _back(text: NegotiatingText, anchor: str = "") -> HttpResponse:
    return redirect(reverse("texts:text", kwargs={"text_id": text.pk}) + (f"#{anchor}" if anchor else ""))


@require_POST
@login_required
def edit_clause(request: HttpRequest, text_id: int) -> HttpResponse:
    """Change, add or remove one clause: a new version (the page's version is `base_version`)."""
    viewer = request_viewer(request)
    text = queries.get_text(viewer, text_id)
    policy.require(viewer, "edit", text)
    key = str(request.POST.get("clause", "new") or "new")
    form = ClauseForm(request.POST, languages=text.talks.content_languages,
                      prefix="new" if key == "new" else f"c-{key}")
    status = 400
    if form.is_valid():
        remove = "remove" in request.POST
        try:
            version = actions.edit_clause(
                viewer, text, base_version=form.cleaned_data["base_version"], key=None if key == "new" else key,
                clause={} if remove else form.clause(), note=form.note_text(), remove=remove)
        except StaleVersion as exc:
            status = 409
            form.add_error(None, str(exc.message))
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Saved as version %(n)d. No party sees it until you share it.")
                             % {"n": version.number})
            return _back(text)
    return _text_page(request, text, version=queries.latest(text), given=Forms(clause=(key, form)), status=status)


@require_POST
@login_required
def change_settings(request: HttpRequest, text_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    text = queries.get_text(viewer, text_id)
    policy.require(viewer, "edit", text)
    form = SettingsForm(request.POST)
    form.is_valid()  # two checkboxes: absent is False
    actions.change_settings(viewer, text, non_paper=bool(form.cleaned_data.get("non_paper")),
                            share_open_count=bool(form.cleaned_data.get("share_open_count")))
    messages.success(request, _("The text's settings were saved."))
    return _back(text, "settings")


@require_POST
@login_required
def share(request: HttpRequest, version_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    version = queries.get_version(viewer, version_id)
    policy.require(viewer, "share", version)
    text = version.text
    form = ShareForm(request.POST, parties=queries.concerned_parties(text))
    if form.is_valid():
        try:
            actions.share_version(viewer, version, party_ids=form.cleaned_data["parties"])
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Version %(n)d was shared.") % {"n": version.number})
            return _back(text)
    return _text_page(request, text, version=version, given=Forms(share=form), status=400)


@require_POST
@login_required
def mark_stances(request: HttpRequest, version_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    version = queries.get_version(viewer, version_id)
    policy.require(viewer, "mark_stance", version)
    text = version.text
    form = StancesForm(request.POST, clauses=version.clauses, languages=text.talks.content_languages)
    if form.is_valid():
        try:
            actions.mark_stances(viewer, version, stances=form.stances())
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Your stances were saved. Only the mediators see them and your comments."))
            return redirect(reverse("texts:text", kwargs={"text_id": text.pk}) + f"?version={version.number}")
    return _text_page(request, text, version=version, given=Forms(stances=form), status=400)


@require_POST
@login_required
def sign_off(request: HttpRequest, version_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    version = queries.get_version(viewer, version_id)
    policy.require(viewer, "sign_off", version)
    text = version.text
    form = SignOffForm(request.POST, second_factor=accounts_queries.has_second_factor(viewer.user_id))
    if form.is_valid():
        try:
            actions.sign_off(viewer, version, password=form.cleaned_data["password"],
                             code=form.cleaned_data.get("code", ""))
        except ActionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("You signed version %(n)d off for your party.") % {"n": version.number})
            return redirect(reverse("texts:text", kwargs={"text_id": text.pk}) + f"?version={version.number}")
    return _text_page(request, text, version=version, given=Forms(sign_off=form), status=400)


# --- the board and the comparison --------------------------------------------------------------------

@require_safe
@login_required
def board(request: HttpRequest, text_id: int) -> HttpResponse:
    """Clauses × parties for the mediators; `?part=grid` is the grid alone, re-fetched on each event."""
    viewer = request_viewer(request)
    text = queries.get_text(viewer, text_id)
    policy.require(viewer, "view_board", text)
    versions = queries.visible_versions(viewer, text)
    version = _chosen_version(request, versions)
    rows = queries.board(version)
    parties = queries.concerned_parties(text)
    context = {
        "talks": text.talks, "text": text, "version": version, "versions": list(reversed(versions)),
        "title": title_of(text), "parties": parties, "rows": [(r, [(p, r.cells[p.pk]) for p in parties]) for r in rows],
        "agreed": all(r.agreed for r in rows), "open_count": sum(1 for r in rows if not r.agreed),
        "shared_with": set(version.shares.values_list("party_id", flat=True)),
        "pinned": "version" in request.GET,
        "last_event_id": queries.last_event_id(viewer, text.talks_id),
    }
    template = "texts/_board_grid.html" if request.GET.get("part") == "grid" else "texts/board.html"
    return render(request, template, context)


@require_safe
@login_required
def compare(request: HttpRequest, text_id: int) -> HttpResponse:
    """Two versions the reader may see, side by side and as a word diff in one language."""
    viewer = request_viewer(request)
    text = queries.get_text(viewer, text_id)
    versions = queries.visible_versions(viewer, text)
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: TextVersion | None) -> TextVersion | None:
        raw = request.GET.get(name)
        if raw in (None, ""):
            return default
        try:
            return by_number[int(str(raw))]
        except (ValueError, KeyError):
            raise policy.NotFound from None

    new = pick("b", versions[-1])
    assert new is not None  # noqa: S101 (some version is visible)
    older = [v for v in versions if v.number < new.number]
    old = pick("a", older[-1] if older else None)
    languages = _languages(text)
    language = request.GET.get("lang") or text.authoritative_language
    if language not in languages:
        raise policy.NotFound
    name, rtl = language_name(language)
    return render(request, "texts/compare.html", {
        "talks": text.talks, "text": text, "title": title_of(text), "versions": versions, "old": old, "new": new,
        "rows": queries.compare(old, new, language=language) if old is not None else [],
        "language": language, "language_name": name, "rtl": rtl,
        "language_choices": [(code, language_name(code)[0]) for code in languages],
    })


# --- export ------------------------------------------------------------------------------------------

@require_safe
@login_required
def export(request: HttpRequest, version_id: int, fmt: str) -> HttpResponse:
    """The version as PDF or DOCX, in one language (`?lang=ar`) or side by side (`?lang=side`)."""
    viewer = request_viewer(request)
    version = queries.get_version(viewer, version_id)
    policy.require(viewer, "export", version)
    if fmt not in EXPORT_FORMATS:
        raise policy.NotFound
    text = version.text
    languages = _languages(text)
    wanted = request.GET.get("lang") or text.authoritative_language
    if wanted != "side" and wanted not in languages:
        raise policy.NotFound
    document = queries.document(viewer, version)
    # Side by side: every language some clause is written in, the authoritative one first.
    chosen = ([code for code in languages if any(c.body.get(code) for c in document.clauses)]
              if wanted == "side" else [wanted])
    # WeasyPrint is heavy: loaded when an export is asked for, not with every page.
    from wasit.texts import export as renderers

    render_file = renderers.render_pdf if fmt == "pdf" else renderers.render_docx
    body = render_file(document, chosen)
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    name = f"text-{text.pk}-v{version.number}-{wanted}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
