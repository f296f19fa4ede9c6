"""Caucus pages: parse, call one query or action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts.viewer import request_viewer
from wasit.caucus import actions, queries
from wasit.caucus.forms import JointSessionForm, PostForm, RelayForm, TranslationForm, WithholdForm
from wasit.caucus.models import Message, RelayMode, Room
from wasit.policy import ActionRefused, Viewer
from wasit.talks import queries as talks_queries

ROOM_PAGE_ITEMS = 100
BOARD_ITEMS = 15


def _party_names(viewer: Viewer, room: Room) -> dict[int, str]:
    return {p.pk: p.name for p in talks_queries.parties_of(viewer, room.talks)}


def _room_context(request: HttpRequest, viewer: Viewer, room: Room, form: PostForm | None) -> dict[str, Any]:
    items = list(reversed(queries.timeline(viewer, room, limit=ROOM_PAGE_ITEMS)))
    return {
        "room": room,
        "talks": room.talks,
        "items": items,
        "last_event_id": items[-1].event_id if items else 0,
        "party_names": _party_names(viewer, room),
        "can_post": policy.can(viewer, "post", room).allowed,
        # Why not, when the reason is for the user (a closed room, read-only talks).
        "post_refusal": policy.can(viewer, "post", room).message,
        "can_translate": policy.can(viewer, "translate_in", room).allowed,
        "can_acknowledge": policy.can(viewer, "acknowledge", room).allowed,
        "is_mediator": viewer.is_mediator_in(room.talks_id),
        "form": form or PostForm(),
        "translation_form": TranslationForm(),
        "rooms": queries.rooms_of(viewer, room.talks),
        "viewer": viewer,
    }


@require_safe
@login_required
def room_page(request: HttpRequest, room_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    room = queries.get_room(viewer, room_id)
    actions.mark_read(viewer, room)
    return render(request, "caucus/room.html", _room_context(request, viewer, room, None))


@require_safe
@login_required
def room_items(request: HttpRequest, room_id: int) -> HttpResponse:
    """htmx fragment: the oldest items after event id `after`, for the live page.

    At most `ROOM_PAGE_ITEMS` at a time. `X-Wasit-Last-Event-Id` is the id to
    ask after next, and `X-Wasit-More: 1` says that more remain: a page far
    behind (a phone asleep) asks again until it is caught up.
    """
    viewer = request_viewer(request)
    room = queries.get_room(viewer, room_id)
    after = request.GET.get("after", "0")
    if not after.isdigit() or len(after) > 18:
        return HttpResponse(_("`after` must be an event id."), status=400)
    items, more = queries.timeline_after(viewer, room, after=int(after), limit=ROOM_PAGE_ITEMS)
    response = render(request, "caucus/_items.html", {
        "items": items, "room": room, "party_names": _party_names(viewer, room),
        "is_mediator": viewer.is_mediator_in(room.talks_id), "viewer": viewer,
    })
    response["X-Wasit-Last-Event-Id"] = str(items[-1].event_id if items else int(after))
    response["X-Wasit-More"] = "1" if more else "0"
    return response


@require_POST
@login_required
def post_in_room(request: HttpRequest, room_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    room = queries.get_room(viewer, room_id)
    policy.require(viewer, "post", room)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            actions.post_message(viewer, room, text=form.cleaned_data["text"],
                                 mediators_only=form.cleaned_data["mediators_only"])
        except ActionRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("caucus:room", room_id=room.pk)
    return render(request, "caucus/room.html", _room_context(request, viewer, room, form), status=400)


def _room_choices(rooms: list[Room], message: Message) -> list[tuple[int, str]]:
    """The rooms a message may be relayed into: open ones, other than its own."""
    return [(r.pk, r.label) for r in rooms if r.pk != message.room_id and r.is_open()]


@require_safe
@login_required
def board(request: HttpRequest, talks_id: int) -> HttpResponse:
    """The shuttle board: every room side by side and the queue of messages to handle."""
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    pending = list(queries.shuttle_queue(viewer, talks))
    rooms = list(queries.rooms_of(viewer, talks))
    queue = [(m, RelayForm(rooms=_room_choices(rooms, m), prefix=f"m{m.pk}",
                           initial={"mode": RelayMode.PARAPHRASE,
                                    # Never the mediators-only words themselves: one click would relay them.
                                    "text": "" if m.mediators_only else m.text}),
              WithholdForm(prefix=f"w{m.pk}")) for m in pending]
    if request.GET.get("part") == "queue":  # htmx: the queue alone, refreshed live
        return render(request, "caucus/_queue.html", {"queue": queue})
    columns = [(room, list(reversed(queries.timeline(viewer, room, limit=BOARD_ITEMS))))
               for room in rooms]
    return render(request, "caucus/board.html", {
        "talks": talks,
        "columns": columns,
        "queue": queue,
        "party_names": {p.pk: p.name for p in talks_queries.parties_of(viewer, talks)},
        "is_mediator": True,
        "joint_form": JointSessionForm(),
        "viewer": viewer,
        "last_event_id": max((i.event_id for _r, items in columns for i in items), default=0),
    })


@require_safe
@login_required
def provenance(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    return render(request, "caucus/provenance.html", {
        "talks": talks,
        "relays": queries.provenance(viewer, talks),
        "withheld": queries.withheld(viewer, talks),
        "party_names": {p.pk: p.name for p in talks_queries.parties_of(viewer, talks)},
    })


def _back_to_board(message: Message) -> HttpResponse:
    return redirect("caucus:board", talks_id=message.room.talks_id)


@require_POST
@login_required
def relay(request: HttpRequest, message_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    message = queries.get_message(viewer, message_id)
    policy.require(viewer, "relay", message)
    rooms = list(queries.rooms_of(viewer, message.room.talks))
    form = RelayForm(request.POST, rooms=_room_choices(rooms, message), prefix=f"m{message.pk}")
    if form.is_valid():
        try:
            rooms = [queries.get_room(viewer, pk) for pk in form.cleaned_data["into"]]
            actions.relay_message(viewer, message, into=rooms, mode=RelayMode(form.cleaned_data["mode"]),
                                  text=form.cleaned_data["text"],
                                  attributed=form.cleaned_data["attributed"],
                                  show_mode=form.cleaned_data["show_mode"])
        except ActionRefused as exc:
            flash.error(request, str(exc.message))
        else:
            flash.success(request, _("Relayed."))
    else:
        flash.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _back_to_board(message)


@require_POST
@login_required
def withhold(request: HttpRequest, message_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    message = queries.get_message(viewer, message_id)
    policy.require(viewer, "relay", message)
    form = WithholdForm(request.POST, prefix=f"w{message.pk}")
    if form.is_valid():
        try:
            actions.withhold_message(viewer, message, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            flash.error(request, str(exc.message))
        else:
            flash.success(request, _("Withheld. The reason stays with the mediators."))
    else:
        flash.error(request, _("Give a reason for withholding."))
    return _back_to_board(message)


@require_POST
@login_required
def translate(request: HttpRequest, message_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    message = queries.get_message(viewer, message_id)
    policy.require(viewer, "translate", message)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_translation(viewer, message, language=form.cleaned_data["language"],
                                    text=form.cleaned_data["text"])
        except ActionRefused as exc:
            flash.error(request, str(exc.message))
    else:
        flash.error(request, _("Write the translation and pick its language."))
    return redirect("caucus:room", room_id=message.room_id)


@require_POST
@login_required
def open_joint(request: HttpRequest, talks_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    talks = talks_queries.get_talks(viewer, talks_id)
    policy.require(viewer, "manage_rooms", talks)
    form = JointSessionForm(request.POST)
    if form.is_valid():
        try:
            room = actions.open_joint_session(viewer, talks, minutes=form.cleaned_data["minutes"])
        except ActionRefused as exc:
            flash.error(request, str(exc.message))
        else:
            return redirect("caucus:room", room_id=room.pk)
    else:
        flash.error(request, _("A joint session lasts from 1 minute to 24 hours."))
    return redirect("caucus:board", talks_id=talks.pk)


@require_POST
@login_required
def close_joint(request: HttpRequest, room_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    room = queries.get_room(viewer, room_id)
    policy.require(viewer, "manage_rooms", room.talks)
    try:
        actions.close_joint_session(viewer, room)
    except ActionRefused as exc:
        flash.error(request, str(exc.message))
    return redirect("caucus:room", room_id=room.pk)
