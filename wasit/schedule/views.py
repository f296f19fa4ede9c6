"""The date display page, the calendar feed page and the feed itself: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wasit import dates, policy
from wasit.accounts.authn import must_enrol_second_factor
from wasit.accounts.viewer import request_viewer
from wasit.policy import ActionRefused, viewer_for
from wasit.schedule import actions, feed, queries
from wasit.schedule.display import Display
from wasit.schedule.forms import DisplayForm
from wasit.schedule.models import CalendarChoice


def _examples(language: str) -> list[tuple[str, str, str]]:
    """Each calendar's name with today on it, for the choice (value, label, example)."""
    today = timezone.localdate()
    return [(value, str(label), dates.format_date(today, calendar=value, language=language,
                                                  digits=Display(native_digits=True).digits(language)))
            for value, label in CalendarChoice.choices]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def display_preferences(request: HttpRequest) -> HttpResponse:
    """One's own calendar and digits (GET shows, POST saves)."""
    viewer = request_viewer(request)
    prefs = queries.display_preferences_of(viewer)
    status = 200
    if request.method == "POST":
        form = DisplayForm(request.POST)
        if form.is_valid():
            try:
                actions.save_display_preferences(viewer, **form.cleaned_data)
            except ActionRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Dates are now shown as you chose, on every page and in your mails."))
                return redirect("schedule:display")
        status = 400
    else:
        form = DisplayForm(initial={"calendar": prefs.calendar, "digits": prefs.digits})
    language = translation.get_language() or "en"
    return render(request, "schedule/display.html", {
        "form": form, "examples": _examples(language),
        "chosen_calendar": form["calendar"].value(), "chosen_digits": form["digits"].value(),
    }, status=status)


def _feed_page(request: HttpRequest, *, new_link: str = "", status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    found = queries.feed_of(viewer)
    rounds = list(queries.rounds_in_feed(viewer))
    return render(request, "schedule/feed.html", {
        "feed": found, "on": bool(found and found.digest), "new_link": new_link,
        "rounds": len(rounds), "feed_rounds": rounds,
    }, status=status)


@never_cache
@require_safe
@login_required
def feed_page(request: HttpRequest) -> HttpResponse:
    return _feed_page(request)


@never_cache
@require_POST
@login_required
def new_feed_link(request: HttpRequest) -> HttpResponse:
    """The new link is shown on this answer alone: only its digest is kept."""
    viewer = request_viewer(request)
    try:
        # The page's language ("ar", or a regional "ar-om" some day): its two letters.
        token = actions.make_feed_link(viewer, language=(translation.get_language() or "en")[:2])
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
        return _feed_page(request, status=400)
    return _feed_page(request, new_link=feed.link_of(token))


@require_POST
@login_required
def turn_off_feed(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    try:
        actions.turn_off_feed(viewer)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your calendar feed is off: its link no longer works."))
    return redirect("schedule:feed")


@never_cache
@require_safe
def ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: no session, the token is the key. Unknown, replaced or off: the same 404."""
    found = queries.feed_holder(token)
    if found is None:
        raise policy.NotFound
    user, row = found
    viewer = viewer_for(user)
    # A user who must first set up a second factor reads nothing by a link either.
    if must_enrol_second_factor(user, viewer):
        raise policy.NotFound
    body = feed.calendar_of(queries.rounds_in_feed(viewer), language=row.language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wasit.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
